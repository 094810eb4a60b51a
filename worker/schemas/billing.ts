import { z } from "@hono/zod-openapi";
import { MIN_TOPUP } from "../domain/pricing";

/** Finance: usage, ledger and top-ups (rules B1-B8). Amounts are integer rupiah; credit and quota are counts. */
const counts = z.object({
  service: z.number().int(),
  MARKETING: z.number().int(),
  UTILITY: z.number().int(),
  AUTHENTICATION: z.number().int(),
});

export const WalletsSchema = z
  .object({
    conversationCredit: z.number().int(),
    muvQuota: z.number().int(),
    packageBalance: z.number().int(),
    topupBalance: z.number().int(),
    voiceBalance: z.number().int(),
  })
  .openapi("Wallets");

export const UsageQuerySchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "A month as YYYY-MM.")
    .optional(),
});

export const UsageSchema = z
  .object({
    month: z.string(),
    timeZone: z.string(),
    billed: z.boolean(),
    package: z
      .object({
        monthlyConversationCredit: z.number().int(),
        muvQuota: z.number().int(),
        packageBalance: z.number().int(),
        prices: z.object({
          service: z.number().int(),
          MARKETING: z.number().int(),
          UTILITY: z.number().int(),
          AUTHENTICATION: z.number().int(),
          muv: z.number().int(),
        }),
      })
      .nullable(),
    remaining: WalletsSchema.nullable(),
    // Rule B5: templates are paid from the balance only, so free service credit does not count here.
    lowBalance: z.boolean().openapi({
      description: "The WhatsApp balance (package + top-up) is below Rp 20,000: template sends are at risk (B5)",
    }),
    conversations: counts.extend({ total: z.number().int() }),
    uniqueVisitors: z.number().int(),
    spend: z.object({
      rupiah: z.number().int(),
      conversationCreditUsed: z.number().int(),
      muvQuotaUsed: z.number().int(),
    }),
    byDay: z.array(z.object({ day: z.string(), conversations: counts, spend: z.number().int() })),
  })
  .openapi("BillingUsage");

export const LedgerEntrySchema = z
  .object({
    id: z.number().int(),
    wallet: z.string(),
    amount: z.number().int(),
    reason: z.string(),
    category: z.string().nullable(),
    conversationId: z.string().nullable(),
    roomId: z.string().nullable(),
    messageId: z.string().nullable(),
    contactId: z.string().nullable(),
    month: z.string(),
    day: z.string(),
    createdAt: z.number().int(),
  })
  .openapi("LedgerEntry");
export const LedgerSchema = z
  .object({ entries: z.array(LedgerEntrySchema), nextCursor: z.string().nullable() })
  .openapi("Ledger");
export const LedgerQuerySchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "A month as YYYY-MM.")
    .optional(),
  cursor: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const TopupBodySchema = z
  .object({
    wallet: z.enum(["whatsapp", "voice"]),
    amount: z.number().int().positive().max(1_000_000_000),
  })
  .superRefine((b, ctx) => {
    const min = MIN_TOPUP[b.wallet];
    if (b.amount < min) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: `A ${b.wallet} top-up is at least Rp ${min}.` });
    }
  })
  .openapi("Topup");
export const TopupResultSchema = z.object({ credited: z.boolean(), remaining: WalletsSchema }).openapi("TopupResult");

export type BillingUsage = z.infer<typeof UsageSchema>;
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;
