import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organizations } from "./schema";

/** Rule B1, B4: each tenant's monthly package and prices. Amounts are integer rupiah or counts. */
export const packages = sqliteTable("packages", {
  organizationId: text("organization_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  monthlyConversationCredit: integer("monthly_conversation_credit").notNull(),
  muvQuota: integer("muv_quota").notNull(),
  packageBalance: integer("package_balance").notNull(),
  priceService: integer("price_service").notNull().default(275),
  priceMarketing: integer("price_marketing").notNull().default(460),
  priceUtility: integer("price_utility").notNull().default(460),
  priceAuthentication: integer("price_authentication").notNull().default(460),
  priceMuv: integer("price_muv").notNull().default(600),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * What a tenant has left. The CHECKs make "a balance never goes below zero" (B7) a property of the
 * database: a batch that would overdraw fails whole.
 */
export const wallets = sqliteTable(
  "wallets",
  {
    organizationId: text("organization_id")
      .primaryKey()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** The package month (YYYY-MM, tenant time zone) these amounts belong to. */
    period: text("period").notNull(),
    conversationCredit: integer("conversation_credit").notNull(),
    muvQuota: integer("muv_quota").notNull(),
    packageBalance: integer("package_balance").notNull(),
    topupBalance: integer("topup_balance").notNull().default(0),
    voiceBalance: integer("voice_balance").notNull().default(0),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    check("wallets_conversation_credit_nonnegative", sql`${t.conversationCredit} >= 0`),
    check("wallets_muv_quota_nonnegative", sql`${t.muvQuota} >= 0`),
    check("wallets_package_balance_nonnegative", sql`${t.packageBalance} >= 0`),
    check("wallets_topup_balance_nonnegative", sql`${t.topupBalance} >= 0`),
    check("wallets_voice_balance_nonnegative", sql`${t.voiceBalance} >= 0`),
  ],
);

/**
 * Rule B7: append-only. Every use of credit or money, free credit included, and every grant, reset
 * and top-up. `amount` is signed (negative = used). The UNIQUE idempotency key makes a retried charge
 * a no-op.
 */
export const ledgerEntries = sqliteTable(
  "ledger_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organizationId: text("organization_id").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    wallet: text("wallet", {
      enum: ["conversation_credit", "muv_quota", "package_balance", "topup_balance", "voice_balance"],
    }).notNull(),
    amount: integer("amount").notNull(),
    reason: text("reason", {
      enum: [
        "service_conversation",
        "business_conversation",
        "unique_visitor",
        "refund",
        "topup",
        "monthly_reset",
        "grant",
        "voice_call",
      ],
    }).notNull(),
    category: text("category"),
    conversationId: text("conversation_id"),
    roomId: text("room_id"),
    messageId: text("message_id"),
    contactId: text("contact_id"),
    /** Tenant-local month and day of the entry, for usage reports. */
    month: text("month").notNull(),
    day: text("day").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("ledger_idempotency_key").on(t.idempotencyKey),
    index("ledger_org_id").on(t.organizationId, t.id),
    index("ledger_org_month").on(t.organizationId, t.month),
  ],
);

/** Rules B2, B3: a 24-hour conversation per channel, contact and category. */
export const conversations = sqliteTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    organizationId: text("organization_id").notNull(),
    channelId: text("channel_id").notNull(),
    contactId: text("contact_id").notNull(),
    roomId: text("room_id").notNull(),
    /** The message that opened (and paid for) the conversation; its id is derived from it (B7). */
    messageId: text("message_id").notNull(),
    category: text("category", { enum: ["service", "MARKETING", "UTILITY", "AUTHENTICATION"] }).notNull(),
    /**
     * Messages charged against this conversation, the opener included. A refund of the opener undoes
     * the conversation only while it is the only one (B2: a reply that went out inside it was paid).
     */
    uses: integer("uses").notNull().default(1),
    openedAt: integer("opened_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    month: text("month").notNull(),
    day: text("day").notNull(),
  },
  (t) => [
    index("conversations_contact").on(t.channelId, t.contactId, t.expiresAt),
    index("conversations_org_month").on(t.organizationId, t.month),
  ],
);

/**
 * Rule B6: one unique visitor per account id per month: `channel_id` is the scope it is counted in,
 * the channel, or for a WhatsApp number the organization (`whatsapp:<organization id>`, visitorScope).
 */
export const uniqueVisitors = sqliteTable(
  "unique_visitors",
  {
    organizationId: text("organization_id").notNull(),
    channelId: text("channel_id").notNull(),
    externalId: text("external_id").notNull(),
    month: text("month").notNull(),
    firstSeenAt: integer("first_seen_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.channelId, t.externalId, t.month] }),
    index("unique_visitors_org_month").on(t.organizationId, t.month),
  ],
);
