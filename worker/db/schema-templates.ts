import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { OTP_PURPOSES, type OtpPurpose } from "../domain/types";
import { channels, createdAt, organizationId, organizations } from "./schema";
import { identities } from "./schema-identity";

/** Tables of issue 7 (templates, T4 OTP). Timestamps are integer ms since the epoch (UTC). */

export { OTP_PURPOSES, type OtpPurpose };

/**
 * Rule T4: one-time codes emailed to a user, per organization and purpose. Only a salted SHA-256 of
 * the code is stored. A code is single-use (`usedAt`), expires (`expiresAt`), and is locked
 * (`lockedAt`) at its 5th bad try; a lock blocks that user and purpose until it runs out.
 */
export const otpCodes = sqliteTable(
  "otp_codes",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    identityId: text("identity_id")
      .notNull()
      .references(() => identities.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: OTP_PURPOSES }).notNull(),
    salt: text("salt").notNull(),
    codeHash: text("code_hash").notNull(),
    attempts: integer("attempts").notNull().default(0),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    lockedAt: integer("locked_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("otp_codes_owner").on(t.organizationId, t.identityId, t.purpose, t.createdAt),
    index("otp_codes_expires").on(t.expiresAt),
  ],
);

/** Rule T4: the organization's security settings (admin only; changing them needs a code). */
export const securitySettings = sqliteTable("security_settings", {
  organizationId: text("organization_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  templateOtp: integer("template_otp", { mode: "boolean" }).notNull().default(false),
  updatedBy: text("updated_by"),
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

/**
 * Rule T3 ("delete it and resubmit under another name"): the names of templates deleted at the
 * provider, per WhatsApp Business Account and language, which Meta does not take again for 30 days.
 */
export const deletedTemplateNames = sqliteTable(
  "deleted_template_names",
  {
    organizationId: organizationId(),
    wabaId: text("waba_id").notNull(),
    name: text("name").notNull(),
    language: text("language").notNull(),
    deletedAt: integer("deleted_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.wabaId, t.name, t.language] })],
);
