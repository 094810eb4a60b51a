import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { OTP_PURPOSES, type OtpPurpose } from "../domain/types";
import { createdAt, identities, organizationId, organizations } from "./schema";

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
