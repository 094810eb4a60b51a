import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { ChannelConfig } from "../channels/config";
import type { OfficeHours } from "../domain/office-hours";
import { CHANNEL_KINDS, ROOM_STATUSES } from "../domain/types";

/** All timestamps are integer milliseconds since the epoch (UTC). */
export const createdAt = () => integer("created_at").notNull().default(sql`(unixepoch() * 1000)`);

export { ROLES, ROOM_STATUSES, type Role, type RoomStatus } from "../domain/types";

export const organizations = sqliteTable("organizations", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  timeZone: text("time_zone").notNull().default("Asia/Jakarta"),
  createdAt: createdAt(),
});

/** The tenant a row belongs to; the row goes when the organization does. */
export const organizationId = () =>
  text("organization_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });

/**
 * A connected provider account (rules G1, G3): its kind, the provider's key for it (unique per kind;
 * WhatsApp: phone_number_id) and the kind's configuration (`ChannelConfigs`, JSON). Tokens and
 * secrets in `config` are write-only: no route returns them and nothing logs them. Disconnecting
 * keeps the rooms (G4). Read and written only through `db/channels.ts`.
 */
export const channels = sqliteTable(
  "channels",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    kind: text("kind", { enum: CHANNEL_KINDS }).notNull().default("whatsapp"),
    name: text("name").notNull(),
    providerKey: text("provider_key").notNull(),
    config: text("config", { mode: "json" }).$type<ChannelConfig>().notNull(),
    connected: integer("connected", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("channels_kind_provider_key").on(t.kind, t.providerKey),
    index("channels_org").on(t.organizationId),
  ],
);

/** A customer, once per organization and provider account id (WhatsApp: wa_id). Rule I6: blocking is per contact. */
export const contacts = sqliteTable(
  "contacts",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    kind: text("kind", { enum: CHANNEL_KINDS }).notNull().default("whatsapp"),
    externalId: text("external_id").notNull(),
    name: text("name"),
    blockedAt: integer("blocked_at"),
    createdAt: createdAt(),
    /**
     * Issue 12, I1: the provider's user id beside the phone (WhatsApp: the business-scoped user id,
     * BSUID), so that a message naming only the user id reaches the contact known by its phone.
     * `externalId` is the phone when known, else this id.
     */
    userId: text("user_id"),
    /** Issue 17 item 5: the profile agents keep beside the name. */
    email: text("email"),
    notes: text("notes"),
    /** Custom attributes: a JSON object of text values, keys as list headings (T5). */
    attributes: text("attributes", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
  },
  (t) => [
    uniqueIndex("contacts_org_external").on(t.organizationId, t.kind, t.externalId),
    index("contacts_org_user_id").on(t.organizationId, t.kind, t.userId),
  ],
);

/**
 * The inbox index: one row per room, kept current by its RoomDO (which holds the messages).
 * At most one unresolved room per (channel, contact): the partial unique index makes opening a room
 * race-free (rule I1).
 */
export const rooms = sqliteTable(
  "rooms",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    channelId: text("channel_id")
      .notNull()
      .references(() => channels.id),
    contactId: text("contact_id")
      .notNull()
      .references(() => contacts.id),
    status: text("status", { enum: ROOM_STATUSES }).notNull().default("unassigned"),
    assigneeId: text("assignee_id"),
    lastMessagePreview: text("last_message_preview"),
    lastMessageAt: integer("last_message_at").notNull(),
    lastCustomerMessageAt: integer("last_customer_message_at"),
    windowExpiresAt: integer("window_expires_at"),
    unreadCount: integer("unread_count").notNull().default(0),
    openedAt: integer("opened_at").notNull(),
    resolvedAt: integer("resolved_at"),
    /** Rule I5: the room's version as of this row (RoomSummary.version); the index never goes back. */
    version: integer("version").notNull().default(0),
  },
  (t) => [
    uniqueIndex("rooms_one_open_per_contact").on(t.channelId, t.contactId).where(sql`status <> 'resolved'`),
    index("rooms_org_activity").on(t.organizationId, t.lastMessageAt),
    index("rooms_org_status").on(t.organizationId, t.status, t.lastMessageAt),
    index("rooms_window").on(t.status, t.windowExpiresAt),
    // Issue 17: a search by number finds the contact, then its rooms, without walking the tenant's rooms.
    index("rooms_contact").on(t.contactId),
  ],
);

/**
 * Every provider message id the platform has seen, in or out, with its room: dedupes repeated
 * deliveries across rooms (rule G6) and routes status updates to the room of the message. Keyed per
 * organization: another tenant's signed webhook can neither claim this tenant's wamid nor reach its
 * messages' statuses.
 */
export const providerMessages = sqliteTable(
  "provider_messages",
  {
    providerMessageId: text("provider_message_id").notNull(),
    organizationId: text("organization_id").notNull(),
    roomId: text("room_id"),
    direction: text("direction", { enum: ["in", "out"] }).notNull(),
    storedAt: integer("stored_at"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.providerMessageId] })],
);

/**
 * Rule I6: a blocked contact's messages are kept here, reach no room and no agent. Keyed per
 * organization (G6), like provider_messages: another tenant's wamid never stops one being kept.
 */
export const blockedMessages = sqliteTable(
  "blocked_messages",
  {
    providerMessageId: text("provider_message_id").notNull(),
    organizationId: text("organization_id").notNull(),
    channelId: text("channel_id").notNull(),
    contactId: text("contact_id").notNull(),
    kind: text("kind").notNull(),
    text: text("text"),
    sentAt: integer("sent_at").notNull(),
    payload: text("payload", { mode: "json" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.providerMessageId] })],
);

/** Organization settings. Rule I4: auto-resolve rooms whose window expired. */
export const organizationSettings = sqliteTable("organization_settings", {
  organizationId: text("organization_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  autoResolveExpired: integer("auto_resolve_expired", { mode: "boolean" }).notNull().default(false),
  /** Rule I9: the week's open intervals and the away reply (null: never set, always open). */
  officeHours: text("office_hours", { mode: "json" }).$type<OfficeHours>(),
  updatedAt: integer("updated_at").notNull(),
});

/** Rule I8: quick replies, managed by admins, inserted by agents while typing. */
export const quickReplies = sqliteTable(
  "quick_replies",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    title: text("title").notNull(),
    text: text("text").notNull(),
    /** Issue 17: "" for the team's (admins manage them); an identity id for that person's own. */
    ownerId: text("owner_id").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("quick_replies_org_owner_title").on(t.organizationId, t.ownerId, t.title)],
);
