import type { Listener } from "../../events/listeners/index";
import type { DomainEvent } from "../../events/types";
import { type SearchDocument, writeSearchDocuments } from "./repo";
import { messageWords, roomWords, tenantToken } from "./documents";

/**
 * Issue 17 (search): keeps the inbox search index from the domain events. A message created or
 * edited (message.created / message.updated) is one document; a room's contact name and number are
 * another, rewritten when a room event carries a new name (the contact renamed). Applied at least
 * once: each document is an upsert keyed by message or room that only a newer event may change.
 */
export const searchIndex: Listener = {
  name: "search-index",
  wants: (event) =>
    event.type === "message.created" ||
    event.type === "message.updated" ||
    event.type === "room.created" ||
    event.type === "room.updated",
  async applyAll(env, events) {
    await writeSearchDocuments(env.DB, documentsOf(events));
  },
};

function documentsOf(events: DomainEvent[]): SearchDocument[] {
  const docs = new Map<string, SearchDocument>();
  for (const event of events) {
    const base = { organizationId: event.organizationId, tenant: tenantToken(event.organizationId) };
    if (event.type === "message.created" || event.type === "message.updated") {
      const key = `message:${event.message.id}`;
      docs.set(key, { ...base, key, roomId: event.roomId, body: messageWords(event.message), version: event.at });
    } else if (event.type === "room.created" || event.type === "room.updated") {
      const key = `room:${event.roomId}`;
      docs.set(key, { ...base, key, roomId: event.roomId, body: roomWords(event.room), version: event.at });
    }
  }
  return [...docs.values()];
}
