/** Issue 17: the template this browser last sent on a channel, offered first next time. */
const lastUsedKey = (channelId: string) => `edge-inbox:last-template:${channelId}`;

/** The template this browser last sent on the channel ("" when none, or storage is off). */
export function lastUsedTemplate(channelId: string): string {
  try {
    return localStorage.getItem(lastUsedKey(channelId)) ?? "";
  } catch {
    return "";
  }
}

export function rememberTemplate(channelId: string, templateId: string) {
  try {
    localStorage.setItem(lastUsedKey(channelId), templateId);
  } catch {
    // storage off: nothing is preselected next time
  }
}
