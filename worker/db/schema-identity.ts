import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { type ApiScope, DEFAULT_RATE_LIMIT_PER_MINUTE } from "../domain/api-clients";
import { type CHANNEL_KINDS, ROLES } from "../domain/types";
import { createdAt, organizationId } from "./schema";

/** Who may sign in and how: identities (A1), memberships (A3), sessions, API keys, invitations, resets. */

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

export type { CHANNEL_KINDS };

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
