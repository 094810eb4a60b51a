import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { LANGUAGES } from "../domain/profile";
import { identities } from "./schema-identity";

/**
 * Issue 17 item 7: a person's own choices, kept per identity (rule A1: one identity across
 * organizations), so they follow the person to every browser. No row: the defaults.
 */
export const userPreferences = sqliteTable("user_preferences", {
  identityId: text("identity_id")
    .primaryKey()
    .references(() => identities.id, { onDelete: "cascade" }),
  /** Rule I13: null until the person chooses a language (the browser's applies meanwhile). */
  language: text("language", { enum: LANGUAGES }),
  notificationSound: integer("notification_sound", { mode: "boolean" }).notNull(),
  desktopNotifications: integer("desktop_notifications", { mode: "boolean" }).notNull(),
  updatedAt: integer("updated_at").notNull(),
});
