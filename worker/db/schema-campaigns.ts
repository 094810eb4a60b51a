import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, organizationId } from "./schema";

/** Rule T6: a campaign's recipient states, and how many recipients are in each. */
export const RECIPIENT_STATES = [
  "queued",
  "sending",
  "held",
  "sent",
  "delivered",
  "read",
  "failed",
  "cancelled",
] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];
export type RecipientCounts = Record<RecipientState, number> & { skipped: number };

/** Rule T6: campaign states. */
export const CAMPAIGN_STATUSES = [
  "scheduled",
  "running",
  "completed",
  "partially_completed",
  "failed",
  "cancelled",
] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/**
 * Rule T6: the index of the organization's campaigns, as the list and GET routes read it. The
 * campaign's Durable Object owns its recipients and writes this row's counts, cost and status as
 * they change (a copy: the object is the truth while the campaign runs).
 */
export const campaigns = sqliteTable(
  "campaigns",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    name: text("name").notNull(),
    channelId: text("channel_id").notNull(),
    templateId: text("template_id").notNull(),
    templateName: text("template_name").notNull(),
    language: text("language").notNull(),
    category: text("category").notNull(),
    /** `{listId}` or `{phone}`: whom the campaign was sent to. */
    target: text("target", { mode: "json" }).$type<{ listId: string } | { phone: string }>().notNull(),
    status: text("status", { enum: CAMPAIGN_STATUSES }).notNull(),
    /** Why the campaign stopped early (template paused, spam limit ...), in words; null otherwise. */
    stopReason: text("stop_reason"),
    total: integer("total").notNull(),
    counts: text("counts", { mode: "json" }).$type<RecipientCounts>().notNull(),
    /** Integer rupiah charged so far (net of refunds). */
    cost: integer("cost").notNull().default(0),
    /** Integer rupiah the campaign is expected to cost (B3, B4), as estimated at create. */
    estimate: integer("estimate").notNull(),
    allowPartial: integer("allow_partial", { mode: "boolean" }).notNull().default(false),
    scheduledAt: integer("scheduled_at"),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
    /** When the campaign's object last moved a recipient: the cron re-arms a running one that stalled. */
    progressAt: integer("progress_at").notNull(),
    idempotencyKey: text("idempotency_key"),
  },
  (t) => [
    index("campaigns_org_created").on(t.organizationId, t.createdAt),
    index("campaigns_status").on(t.status, t.scheduledAt),
    uniqueIndex("campaigns_org_idempotency").on(t.organizationId, t.idempotencyKey),
  ],
);

/**
 * Opt-outs (rule T10): a customer who wrote STOP / BERHENTI, or whom Meta reported as opted out
 * (131050), is skipped by every later MARKETING campaign of the organization until they write START
 * or MULAI. `created_at` is the latest opt-out, `resumed_at` the latest opt-in: the customer is out
 * while the opt-out is the later of the two, whatever order the events are applied in.
 */
export const campaignOptOuts = sqliteTable(
  "campaign_opt_outs",
  {
    organizationId: organizationId(),
    /** E.164 with the leading "+". */
    phone: text("phone").notNull(),
    source: text("source", { enum: ["keyword", "provider"] }).notNull(),
    createdAt: createdAt(),
    resumedAt: integer("resumed_at"),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.phone] })],
);

/** Rule (issue 13, item 3): a channel's messages per second when it is not the default 80. */
export const channelThroughput = sqliteTable("channel_throughput", {
  channelId: text("channel_id").primaryKey(),
  messagesPerSecond: integer("messages_per_second").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Issue 13, item 6: a number's daily messaging limit (Meta's `whatsapp_business_manager_messaging_limit`,
 * unique business-initiated recipients per moving 24 h) when it is not the default TIER_250.
 */
export const channelMessagingLimits = sqliteTable("channel_messaging_limits", {
  channelId: text("channel_id").primaryKey(),
  tier: text("tier").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Issue 13, item 6: who a number sent a campaign message to, and when last: the unique recipients of
 * the moving 24 h that its daily messaging limit counts (one row per number and recipient).
 */
export const messagingLimitUsage = sqliteTable(
  "messaging_limit_usage",
  {
    channelId: text("channel_id").notNull(),
    /** E.164 with the leading "+". */
    phone: text("phone").notNull(),
    lastAt: integer("last_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.channelId, t.phone] }),
    index("messaging_limit_usage_window").on(t.channelId, t.lastAt),
  ],
);

/**
 * Meta's error 131049 (per-user marketing limit, "healthy ecosystem"): the customer is not sent any
 * MARKETING campaign message of the organization until `until` (24 h after the failure).
 */
export const campaignEngagementBlocks = sqliteTable(
  "campaign_engagement_blocks",
  {
    organizationId: organizationId(),
    phone: text("phone").notNull(),
    until: integer("until").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.phone] })],
);
