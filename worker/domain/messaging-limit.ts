/**
 * A number's daily messaging limit and Meta's per-user marketing limit (issue 13, item 6; research
 * campaigns.md §1.2, §1.4). Pure: no I/O, times are given.
 *
 * Meta counts the unique customers a number's business reaches with business-initiated messages in
 * a moving 24 h; a new number starts at 250 and is raised to 2,000, 10,000, 100,000, then unlimited.
 * No error tells when the limit is hit (Meta just stops delivering), so a campaign budgets for it.
 */

/** Meta's tier names (`whatsapp_business_manager_messaging_limit`; TIER_1K is the older wording). */
export const MESSAGING_TIERS = ["TIER_250", "TIER_1K", "TIER_2K", "TIER_10K", "TIER_100K", "TIER_UNLIMITED"] as const;
export type MessagingTier = (typeof MESSAGING_TIERS)[number];

/** A number nobody configured: Meta's starting tier (an unverified business portfolio). */
export const DEFAULT_MESSAGING_TIER: MessagingTier = "TIER_250";

const LIMITS: Record<MessagingTier, number | null> = {
  TIER_250: 250,
  TIER_1K: 1_000,
  TIER_2K: 2_000,
  TIER_10K: 10_000,
  TIER_100K: 100_000,
  TIER_UNLIMITED: null,
};

/** Unique recipients per moving 24 h; null: unlimited. */
export const dailyLimitOf = (tier: MessagingTier): number | null => LIMITS[tier];

export const MESSAGING_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface MessagingLimitCheck {
  tier: MessagingTier;
  /** null: unlimited. */
  limit: number | null;
  /** Unique recipients the number reached in the last 24 h. */
  usedLast24h: number;
  /** Of the campaign's recipients, those the number has not reached in the last 24 h (they count). */
  newRecipients: number;
  /** How many more the number may reach now; null: unlimited. */
  remaining: number | null;
  /** Recipients beyond the limit (0 when the campaign fits). */
  exceedsBy: number;
}

/** Whether `newRecipients` more unique customers fit the number's limit now. */
export function messagingLimitCheck(
  tier: MessagingTier,
  usedLast24h: number,
  newRecipients: number,
): MessagingLimitCheck {
  const limit = dailyLimitOf(tier);
  const remaining = limit === null ? null : Math.max(0, limit - usedLast24h);
  const exceedsBy = remaining === null ? 0 : Math.max(0, newRecipients - remaining);
  return { tier, limit, usedLast24h, newRecipients, remaining, exceedsBy };
}

/** Error 131049: the customer is not sent marketing again for this long (research §1.4). */
export const ENGAGEMENT_BLOCK_MS = 24 * 60 * 60 * 1000;
export const engagementBlockedUntil = (failedAt: number) => failedAt + ENGAGEMENT_BLOCK_MS;
