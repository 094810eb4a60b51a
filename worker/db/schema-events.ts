import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
