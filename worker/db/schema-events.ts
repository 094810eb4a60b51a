import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./schema";

/**
 * Which listener applied which domain event (worker/events): the queue delivers at least once, and
 * a listener's receipt makes it apply each event once.
 */
export const eventReceipts = sqliteTable(
  "event_receipts",
  {
    listener: text("listener").notNull(),
    eventId: text("event_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.listener, t.eventId] })],
);

/**
 * The tenant's event history, as the `event-log` listener keeps it: what reports (R1-R3) and
 * tenant webhook replays (G5) read. One row per event id.
 */
export const domainEvents = sqliteTable(
  "domain_events",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull(),
    type: text("type").notNull(),
    roomId: text("room_id"),
    at: integer("at").notNull(),
    payload: text("payload", { mode: "json" }).notNull(),
  },
  (t) => [index("domain_events_org_at").on(t.organizationId, t.at), index("domain_events_room").on(t.roomId)],
);
