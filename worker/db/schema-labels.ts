import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, organizationId } from "./schema";

/**
 * Rule I11: a tenant's labels (name unique per tenant, a colour `#rrggbb`); admins and supervisors
 * manage them, everyone in the inbox applies them to rooms. Read and written only through
 * `features/labels/repo.ts`.
 */
export const labels = sqliteTable(
  "labels",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    name: text("name").notNull(),
    colour: text("colour").notNull(),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("labels_org_name").on(t.organizationId, t.name)],
);

/** Rule I11: a label on a room. `labelId, roomId` keeps "the rooms with this label" indexed. */
export const roomLabels = sqliteTable(
  "room_labels",
  {
    roomId: text("room_id").notNull(),
    labelId: text("label_id")
      .notNull()
      .references(() => labels.id, { onDelete: "cascade" }),
    organizationId: organizationId(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.labelId] }), index("room_labels_label").on(t.labelId, t.roomId)],
);

/**
 * Issue 17: a room snoozed until a time leaves the inbox list and comes back by itself then (the list
 * reads `until`; a cron task tells the open inboxes), or at once when the customer writes (the inbox
 * index deletes the row).
 */
export const roomSnoozes = sqliteTable(
  "room_snoozes",
  {
    roomId: text("room_id").primaryKey(),
    organizationId: organizationId(),
    until: integer("until").notNull(),
    snoozedBy: text("snoozed_by"),
    createdAt: createdAt(),
  },
  (t) => [index("room_snoozes_until").on(t.until)],
);

/** Issue 17: a room one agent marked unread for themself; gone when they read it again. */
export const roomUnreadMarks = sqliteTable(
  "room_unread_marks",
  {
    roomId: text("room_id").notNull(),
    userId: text("user_id").notNull(),
    organizationId: organizationId(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.userId] })],
);
