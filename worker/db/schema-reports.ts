import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organizationId } from "./schema";

/**
 * Rules R1, R2: the reporting record of a room, kept by the `reports` listener from the room's events
 * as they happen (never by scanning rooms): when it opened, who holds it since when, when it was resolved.
 */
export const reportRooms = sqliteTable(
  "report_rooms",
  {
    roomId: text("room_id").primaryKey(),
    organizationId: organizationId(),
    channelId: text("channel_id").notNull(),
    openedAt: integer("opened_at").notNull(),
    assigneeId: text("assignee_id"),
    /** The first assignment: R2's resolution time runs from it. */
    assignedAt: integer("assigned_at"),
    resolvedAt: integer("resolved_at"),
  },
  (t) => [index("report_rooms_org_opened").on(t.organizationId, t.openedAt)],
);

/** Every message once (by its id), with who wrote it: response times and message counts come from these. */
export const reportMessages = sqliteTable(
  "report_messages",
  {
    messageId: text("message_id").primaryKey(),
    organizationId: organizationId(),
    roomId: text("room_id").notNull(),
    direction: text("direction", { enum: ["in", "out"] }).notNull(),
    /** The person who sent an outbound message; null for the customer, a template by API key or the system. */
    authorId: text("author_id"),
    at: integer("at").notNull(),
  },
  (t) => [index("report_messages_room").on(t.roomId, t.at), index("report_messages_org_at").on(t.organizationId, t.at)],
);
