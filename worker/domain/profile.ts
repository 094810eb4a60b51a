/**
 * Issue 17 item 7: a person's own choices. The whole-app translation is a later task (I13): today the
 * language is kept, answered in /api/me and set as the page's `lang`.
 */
export const LANGUAGES = ["en", "id"] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Preferences {
  /** Rule I13: the language this person chose; `null` until they choose (the browser's applies). */
  language: Language | null;
  /** A short sound when a customer writes in a room the agent should hear about (I5). */
  notificationSound: boolean;
  /** A desktop notification while the tab is hidden, once the browser allows it (I5). */
  desktopNotifications: boolean;
}

/** Desktop notifications as before this choice existed; no sound unless asked for. */
export const DEFAULT_PREFERENCES: Preferences = {
  language: null,
  notificationSound: false,
  desktopNotifications: true,
};
