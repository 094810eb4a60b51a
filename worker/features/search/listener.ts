import type { Listener } from "../../events/listeners/index";
import type { DomainEvent } from "../../events/types";
import { messageWords, phoneWords, tenantToken } from "./documents";
import { type SearchDocument, writeSearchDocuments } from "./repo";

/**
 * Issue 17 (search): keeps the inbox search index from the domain events. A message created or
 * edited (message.created / message.updated) is one document; a room's contact name and number are
 * two more, the name rewritten when the contact is renamed (a customer's message under a new name, a
 * room event with it). Applied at least once: each document is an upsert keyed by message or room
 * that only a newer event may change.
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
  const put = (event: DomainEvent & { roomId: string }, kind: string, id: string, body: string) => {
    const key = `${kind}:${id}`;
    docs.set(key, {
      key,
      organizationId: event.organizationId,
      tenant: tenantToken(event.organizationId),
      roomId: event.roomId,
      body,
      version: event.at,
    });
  };
  for (const event of events) {
    if (event.type === "message.created" || event.type === "message.updated") {
      put(event, "message", event.message.id, messageWords(event.message));
      // A customer's message carries the name the customer goes by now: a rename shows here first.
      const m = event.message;
      if (event.type === "message.created" && m.direction === "in" && m.authorName) {
        put(event, "name", event.roomId, m.authorName);
      }
    } else if (event.type === "room.created" || event.type === "room.updated") {
      put(event, "name", event.roomId, event.room.contactName ?? "");
      put(event, "phone", event.roomId, phoneWords(event.room.contactExternalId));
    }
  }
  return [...docs.values()];
}
