import type { MediaInfo, Message } from "./types";

/**
 * A message as answers and sockets carry it (issue 11, finding 7): the file's internal storage key
 * (its R2 key) never leaves the Worker; in its place `url` is the route that serves the file to the
 * room's agents (GET /api/rooms/{id}/messages/{messageId}/media), null while there is no file yet.
 */
export type MessageView = Omit<Message, "media"> & { media: (Omit<MediaInfo, "key"> & { url: string | null }) | null };

export const mediaPath = (roomId: string, messageId: string): string =>
  `/api/rooms/${encodeURIComponent(roomId)}/messages/${encodeURIComponent(messageId)}/media`;

export function messageView(roomId: string, message: Message): MessageView {
  if (!message.media) return { ...message, media: null };
  const { key, ...media } = message.media;
  return { ...message, media: { ...media, url: key ? mediaPath(roomId, message.id) : null } };
}
