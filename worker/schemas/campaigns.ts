import { z } from "@hono/zod-openapi";
import { CAMPAIGN_STATUSES, RECIPIENT_STATES } from "../db/schema-campaigns";
import { MESSAGING_TIERS } from "../domain/messaging-limit";

/**
 * Campaigns (T6-T9, issue 13): request and response shapes, shared with the web app as types.
 * A variable is `{column}` (a list heading) or `{value}` (fixed text), one per `{{n}}` in order.
 */
export const VariableSourceSchema = z
  .union([z.object({ column: z.string().min(1).max(64) }).strict(), z.object({ value: z.string().max(1024) }).strict()])
  .openapi("CampaignVariable", { description: '{"column": "<list heading>"} or {"value": "<fixed text>"}' });

const Variables = z.array(VariableSourceSchema).max(20);

export const CreateCampaignBodySchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    templateId: z.string().min(1).max(64),
    listId: z.string().min(1).max(64).optional(),
    phone: z
      .string()
      .min(1)
      .max(32)
      .optional()
      .openapi({ description: "One number instead of a list (E.164 or Indonesian forms)" }),
    variables: Variables.default([]),
    headerVariables: Variables.optional(),
    buttonVariables: Variables.optional(),
    headerMedia: z
      .union([
        z.object({ link: z.string().url().startsWith("https://").max(2000) }).strict(),
        z.object({ mediaId: z.string().min(1).max(64) }).strict(),
      ])
      .optional()
      .openapi({
        description:
          "A media header's file (IMAGE, VIDEO or DOCUMENT templates): a public https link, or a POST /api/media id; the template's sample when omitted",
      }),
    scheduledAt: z.string().max(40).optional().openapi({
      description:
        "When to send: an ISO time with an offset, or a local time (YYYY-MM-DDTHH:mm) in the organization's time zone. Omitted: now.",
    }),
    allowPartial: z
      .boolean()
      .default(false)
      .openapi({ description: "T7: send while the money lasts when the estimate exceeds the balance" }),
  })
  .refine((b) => (b.listId === undefined) !== (b.phone === undefined), {
    message: "Give exactly one of listId and phone.",
    path: ["listId"],
  })
  .openapi("CreateCampaign");

const count = z.number().int();
const CountsSchema = z.object({
  queued: count,
  sending: count,
  held: count.openapi({ description: "Accepted, held by Meta while it rates the template (T8)" }),
  sent: count,
  delivered: count,
  read: count,
  failed: count,
  cancelled: count,
  skipped: count.openapi({
    description: "Left out because they opted out, or Meta refused them with 131049 in the last 24 h (MARKETING only)",
  }),
});

export const CampaignViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    channelId: z.string(),
    templateId: z.string(),
    templateName: z.string(),
    language: z.string(),
    category: z.string(),
    target: z.union([z.object({ listId: z.string() }), z.object({ phone: z.string() })]),
    status: z.enum(CAMPAIGN_STATUSES),
    stopReason: z.string().nullable(),
    total: z.number().int(),
    counts: CountsSchema,
    cost: z.number().int().openapi({ description: "Rupiah charged so far, net of refunds" }),
    estimate: z.number().int().openapi({ description: "Rupiah estimated at create (B3, B4)" }),
    scheduledAt: z.number().int().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .openapi("Campaign");

export const CampaignListSchema = z.object({
  campaigns: z.array(CampaignViewSchema),
  nextCursor: z.string().nullable(),
});

export const CampaignListQuerySchema = z.object({
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const CampaignIdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const RecipientViewSchema = z
  .object({
    id: z.number().int(),
    phone: z.string(),
    state: z.enum(RECIPIENT_STATES),
    reason: z.string().nullable(),
    reasonText: z.string(),
    providerMessageId: z.string().nullable(),
    attempt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .openapi("CampaignRecipient");

export const RecipientListQuerySchema = z.object({
  status: z.enum(RECIPIENT_STATES).optional(),
  cursor: z
    .string()
    .regex(/^\d{1,9}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const RecipientListSchema = z.object({
  recipients: z.array(RecipientViewSchema),
  nextCursor: z.string().nullable(),
});

export const RetryResultSchema = z.object({ requeued: z.number().int(), campaign: CampaignViewSchema });

export const ThroughputBodySchema = z.object({ messagesPerSecond: z.number().int().min(1).max(1000) });
export const ThroughputParamSchema = z.object({
  channelId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "channelId", in: "path" } }),
});
export const ThroughputSchema = z.object({ channelId: z.string(), messagesPerSecond: z.number().int() });

const rupiah = z.number().int();

export const CampaignEstimateSchema = z
  .object({
    recipients: count.openapi({ description: "Rows of the list (1 for a single number)" }),
    uniqueRecipients: count.openapi({ description: "Distinct phone numbers among them" }),
    skipped: z.object({
      optedOut: count.openapi({ description: "Opted out of marketing (MARKETING only)" }),
      engagementBlocked: count.openapi({
        description: "Meta refused them with 131049 in the last 24 h: not sent marketing for 24 h (MARKETING only)",
      }),
    }),
    toSend: count.openapi({ description: "Recipients the campaign would send to" }),
    category: z.enum(["MARKETING", "UTILITY", "AUTHENTICATION"]),
    billed: z.boolean().openapi({ description: "false: the organization has no package and is not charged" }),
    costs: z.array(
      z.object({
        item: z.enum(["MARKETING", "UTILITY", "AUTHENTICATION", "unique_visitor"]),
        count,
        unitPrice: rupiah,
        amount: rupiah,
      }),
    ),
    total: rupiah.openapi({ description: "Rupiah the campaign is estimated to cost (B3, B4, B6)" }),
    balance: rupiah.openapi({ description: "The WhatsApp balance: package part and top-up (B5)" }),
    shortfall: rupiah.openapi({ description: "Rupiah missing to send to everyone (T7); 0 when it fits" }),
    messagingLimit: z.object({
      tier: z.enum(MESSAGING_TIERS),
      limit: count.nullable().openapi({ description: "Unique customers per moving 24 h; null: unlimited" }),
      usedLast24h: count,
      newRecipients: count.openapi({ description: "Recipients the number has not reached in the last 24 h" }),
      remaining: count.nullable(),
      exceedsBy: count.openapi({ description: "Recipients beyond the limit; 0 when the campaign fits" }),
    }),
  })
  .openapi("CampaignEstimate");

export const MessagingLimitBodySchema = z.object({
  tier: z.enum(MESSAGING_TIERS).openapi({
    description: "Meta's whatsapp_business_manager_messaging_limit of the number (TIER_250 until set)",
  }),
});
export const MessagingLimitSchema = z.object({
  channelId: z.string(),
  tier: z.enum(MESSAGING_TIERS),
  limit: z.number().int().nullable(),
});

export type CampaignEstimate = z.infer<typeof CampaignEstimateSchema>;
export type CreateCampaignBody = z.infer<typeof CreateCampaignBodySchema>;
export type CampaignView = z.infer<typeof CampaignViewSchema>;
export type RecipientViewJson = z.infer<typeof RecipientViewSchema>;
