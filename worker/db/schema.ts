import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { ChannelConfig } from "../channels/config";
import { type ApiScope, DEFAULT_RATE_LIMIT_PER_MINUTE } from "../domain/api-clients";
import type { OfficeHours } from "../domain/office-hours";
import { CHANNEL_KINDS, ROLES, ROOM_STATUSES } from "../domain/types";

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

/** Rule A1: one identity per email (stored lower-cased) across every organization. */
export const identities = sqliteTable(
  "identities",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
    /**
     * Rule A1 (issue 11, finding 1): set when the owner of `email` proved it by following a link mailed
     * there (and chose the password). Null: nobody has; the identity has no usable password.
     */
    emailVerifiedAt: integer("email_verified_at"),
    /** An address an admin changed this identity to, not yet confirmed by its owner; `email` works until then. */
    pendingEmail: text("pending_email"),
  },
  (t) => [uniqueIndex("identities_email_unique").on(t.email)],
);

/** Rule A3: a role per organization. */
export const memberships = sqliteTable(
  "memberships",
  {
    organizationId: organizationId(),
    identityId: text("identity_id")
      .notNull()
      .references(() => identities.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.identityId] }), index("memberships_identity").on(t.identityId)],
);

/** A session is stored by the SHA-256 of its token; the token itself lives only in the `sid` cookie. */
export const sessions = sqliteTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    identityId: text("identity_id")
      .notNull()
      .references(() => identities.id, { onDelete: "cascade" }),
    organizationId: organizationId(),
    createdAt: createdAt(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("sessions_identity").on(t.identityId), index("sessions_expires").on(t.expiresAt)],
);

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    prefix: text("prefix").notNull(),
    secretHash: text("secret_hash").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
    /** Issue 18: what the key may do beside its role; keys made before scopes keep every one. */
    scopes: text("scopes", { mode: "json" }).$type<ApiScope[]>().notNull().default(sql`'["read","write","admin"]'`),
    rateLimitPerMinute: integer("rate_limit_per_minute").notNull().default(DEFAULT_RATE_LIMIT_PER_MINUTE),
  },
  (t) => [uniqueIndex("api_keys_secret_hash").on(t.secretHash), index("api_keys_org").on(t.organizationId)],
);

/** Failed sign-ins by email and client address, for the lockout window. Pruned by cron. */
export const failedLogins = sqliteTable(
  "failed_logins",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    at: integer("at").notNull(),
    /** The client address (CF-Connecting-IP) the attempt came from; "" when unknown. */
    client: text("client").notNull().default(""),
  },
  (t) => [index("failed_logins_email_at").on(t.email, t.at)],
);

/**
 * Rule A2: single-use, expiring links, stored hashed. `purpose` "reset" sets a password (A2);
 * "email" confirms `email` as the identity's new address (A1: an admin's change waits for its owner).
 */
export const passwordResetTokens = sqliteTable(
  "password_reset_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    identityId: text("identity_id")
      .notNull()
      .references(() => identities.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdAt: createdAt(),
    purpose: text("purpose", { enum: ["reset", "email"] })
      .notNull()
      .default("reset"),
    /** The address the link was mailed to. */
    email: text("email"),
  },
  (t) => [index("password_reset_tokens_expires").on(t.expiresAt)],
);

/**
 * Rules A1, A4 (issue 11, finding 1): an organization's invitation of an identity. The membership is
 * created only when the person accepts (signed in, or with the mailed link); until then the
 * organization is not theirs. Bound to the address it was mailed to: an email change voids it.
 */
export const invitations = sqliteTable(
  "invitations",
  {
    organizationId: organizationId(),
    identityId: text("identity_id")
      .notNull()
      .references(() => identities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedBy: text("invited_by"),
    createdAt: createdAt(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.identityId] }),
    uniqueIndex("invitations_token").on(t.tokenHash),
    index("invitations_identity").on(t.identityId),
  ],
);

/** Development mail outbox: what the dev Mailer "sends". Read at GET /api/dev/outbox. */
export const mailOutbox = sqliteTable("mail_outbox", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  to: text("to").notNull(),
  subject: text("subject").notNull(),
  text: text("text").notNull(),
  createdAt: createdAt(),
});

export { CHANNEL_KINDS };

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

export const TEMPLATE_CATEGORIES = ["MARKETING", "UTILITY", "AUTHENTICATION"] as const;
export const TEMPLATE_STATUSES = ["PENDING", "APPROVED", "REJECTED", "PAUSED", "DISABLED"] as const;

export const TEMPLATE_QUALITIES = ["HIGH", "MEDIUM", "LOW", "NEUTRAL"] as const;

/**
 * Rules T1-T3: a message template of one channel account, in Meta's component format. The name is
 * unique per account (whatever the language). `status` and `quality` follow the provider's review
 * webhooks; `reason` is the provider's rejection (or pause/disable) reason. A submitted template is
 * never edited: only deleted. `submittedBy` is the identity that submitted it (null for an API key).
 */
export const templates = sqliteTable(
  "templates",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    channelId: text("channel_id")
      .notNull()
      .references(() => channels.id),
    name: text("name").notNull(),
    language: text("language").notNull(),
    category: text("category", { enum: TEMPLATE_CATEGORIES }).notNull(),
    status: text("status", { enum: TEMPLATE_STATUSES }).notNull().default("PENDING"),
    components: text("components", { mode: "json" }).notNull(),
    reason: text("reason"),
    quality: text("quality", { enum: TEMPLATE_QUALITIES }).notNull().default("NEUTRAL"),
    providerTemplateId: text("provider_template_id"),
    submittedBy: text("submitted_by"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at"),
  },
  (t) => [
    uniqueIndex("templates_channel_name").on(t.channelId, t.name),
    index("templates_org_created").on(t.organizationId, t.createdAt),
    index("templates_provider_id").on(t.providerTemplateId),
  ],
);

/** Single-use, 60-second tickets for WebSocket clients that cannot send cookies. */
export const realtimeTickets = sqliteTable("realtime_tickets", {
  ticketHash: text("ticket_hash").primaryKey(),
  organizationId: text("organization_id").notNull(),
  identityId: text("identity_id"),
  role: text("role", { enum: ROLES }).notNull(),
  expiresAt: integer("expires_at").notNull(),
  /** The session that asked (null for an API key): the socket lives no longer than it (rule G7). */
  sessionHash: text("session_hash"),
  /** The API key that asked (null for a session): revoking the key ends the socket (rule G7). */
  apiKeyId: text("api_key_id"),
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
