/**
 * Issue 13, item 6: the tables of a number's daily messaging limit (`channel_messaging_limits`,
 * `messaging_limit_usage`) and of Meta's per-user marketing limit (`campaign_engagement_blocks`).
 */
import { and, count, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaignEngagementBlocks, channelMessagingLimits, messagingLimitUsage } from "../../db/schema-campaigns";
import {
  DEFAULT_MESSAGING_TIER,
  dailyLimitOf,
  MESSAGING_TIERS,
  MESSAGING_WINDOW_MS,
  type MessagingTier,
} from "../../domain/messaging-limit";

/** D1 binds at most 100 parameters per statement. */
const CHUNK = 90;

async function inChunks(phones: readonly string[], query: (chunk: string[]) => Promise<string[]>) {
  const out = new Set<string>();
  for (let i = 0; i < phones.length; i += CHUNK) for (const p of await query(phones.slice(i, i + CHUNK))) out.add(p);
  return out;
}

export async function tierOf(db: Db, channelId: string): Promise<MessagingTier> {
  const [row] = await db.select().from(channelMessagingLimits).where(eq(channelMessagingLimits.channelId, channelId));
  const tier = row?.tier as MessagingTier | undefined;
  return tier && MESSAGING_TIERS.includes(tier) ? tier : DEFAULT_MESSAGING_TIER;
}

export async function setTier(db: Db, channelId: string, tier: MessagingTier, now: number): Promise<void> {
  await db
    .insert(channelMessagingLimits)
    .values({ channelId, tier, updatedAt: now })
    .onConflictDoUpdate({ target: channelMessagingLimits.channelId, set: { tier, updatedAt: now } });
}

/** Unique recipients the number reached in the moving 24 h before `now`. */
export async function usedLast24h(db: Db, channelId: string, now: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(messagingLimitUsage)
    .where(
      and(eq(messagingLimitUsage.channelId, channelId), gt(messagingLimitUsage.lastAt, now - MESSAGING_WINDOW_MS)),
    );
  return row?.n ?? 0;
}

/** Which of `phones` the number reached in the last 24 h (they do not count again). */
export function reachedAmong(db: Db, channelId: string, phones: readonly string[], now: number) {
  return inChunks(phones, async (chunk) => {
    const rows = await db
      .select({ phone: messagingLimitUsage.phone })
      .from(messagingLimitUsage)
      .where(
        and(
          eq(messagingLimitUsage.channelId, channelId),
          gt(messagingLimitUsage.lastAt, now - MESSAGING_WINDOW_MS),
          inArray(messagingLimitUsage.phone, chunk),
        ),
      );
    return rows.map((r) => r.phone);
  });
}

/**
 * Takes a place for `phone` in the number's limit before a send, in one statement (so concurrent
 * senders never take more than `limit`): true when the recipient was reached in the last 24 h
 * already or a place is free; false when the limit is reached. `limit` null: unlimited.
 */
export async function reserveRecipient(
  db: Db,
  channelId: string,
  phone: string,
  limit: number | null,
  now: number,
): Promise<boolean> {
  const since = now - MESSAGING_WINDOW_MS;
  const fits =
    limit === null
      ? sql`1`
      : sql`EXISTS (SELECT 1 FROM messaging_limit_usage WHERE channel_id = ${channelId} AND phone = ${phone} AND last_at > ${since})
            OR (SELECT count(*) FROM messaging_limit_usage WHERE channel_id = ${channelId} AND last_at > ${since}) < ${limit}`;
  const rows = await db.all<{ phone: string }>(
    sql`INSERT INTO messaging_limit_usage (channel_id, phone, last_at) SELECT ${channelId}, ${phone}, ${now} WHERE ${fits}
        ON CONFLICT (channel_id, phone) DO UPDATE SET last_at = excluded.last_at RETURNING phone`,
  );
  return rows.length === 1;
}

/** Error 131049 on a MARKETING send: no MARKETING campaign sends to `phone` before `until`. */
export async function blockEngagement(db: Db, organizationId: string, phone: string, until: number, now: number) {
  await db
    .insert(campaignEngagementBlocks)
    .values({ organizationId, phone, until, createdAt: now })
    .onConflictDoUpdate({
      target: [campaignEngagementBlocks.organizationId, campaignEngagementBlocks.phone],
      set: { until: sql`max(${campaignEngagementBlocks.until}, ${until})` },
    });
}

/** Which of `phones` are blocked from MARKETING at `now` (131049 in the last 24 h). */
export function blockedAmong(db: Db, organizationId: string, phones: readonly string[], now: number) {
  return inChunks(phones, async (chunk) => {
    const rows = await db
      .select({ phone: campaignEngagementBlocks.phone })
      .from(campaignEngagementBlocks)
      .where(
        and(
          eq(campaignEngagementBlocks.organizationId, organizationId),
          gt(campaignEngagementBlocks.until, now),
          inArray(campaignEngagementBlocks.phone, chunk),
        ),
      );
    return rows.map((r) => r.phone);
  });
}

/**
 * Issue 13 item 6: a template an agent sends outside the window takes a place in the number's daily
 * messaging limit like a broadcast's; false when the limit has no place for this customer.
 */
export async function reserveForTemplate(db: Db, channelId: string, phone: string, now: number) {
  return reserveRecipient(db, channelId, phone, dailyLimitOf(await tierOf(db, channelId)), now);
}
