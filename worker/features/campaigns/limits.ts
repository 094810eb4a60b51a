/**
 * Issue 13, item 6: the tables of a number's daily messaging limit (`channel_messaging_limits`,
 * `messaging_limit_usage`) and of Meta's per-user marketing limit (`campaign_engagement_blocks`).
 */
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { chunksOf, type Db } from "../../db/client";
import { campaignEngagementBlocks, channelMessagingLimits, messagingLimitUsage } from "../../db/schema-campaigns";
import {
  DEFAULT_MESSAGING_TIER,
  dailyLimitOf,
  MESSAGING_TIERS,
  MESSAGING_WINDOW_MS,
  type MessagingTier,
} from "../../domain/messaging-limit";
import { linkedUserIds } from "../billing/repo";

/** D1 binds at most 100 parameters per statement. */
async function inChunks(phones: readonly string[], query: (chunk: string[]) => Promise<string[]>) {
  const out = new Set<string>();
  for (const chunk of chunksOf(phones)) for (const p of await query(chunk)) out.add(p);
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

/**
 * Unique customers the number reached in the moving 24 h before `now`: a customer reached under
 * their business-scoped user id (BSUID) while only that was known, and again under their phone, is
 * one customer (issue 13, item 6: each person counted once).
 */
export async function usedLast24h(db: Db, channelId: string, now: number): Promise<number> {
  const since = now - MESSAGING_WINDOW_MS;
  const [row] = await db.all<{ n: number }>(
    // The contact of a usage row's user id is one index lookup (contacts_org_user_id), its phone's
    // usage one more: linear in the window's rows, whatever the number of contacts.
    sql`SELECT count(*) AS n FROM messaging_limit_usage u
        WHERE u.channel_id = ${channelId} AND u.last_at > ${since}
        AND NOT EXISTS (
          SELECT 1 FROM contacts c
          WHERE c.organization_id = (SELECT organization_id FROM channels WHERE id = ${channelId})
            AND c.kind = 'whatsapp'
            AND c.user_id IN (u.phone, CASE WHEN substr(u.phone, 1, 1) = '+' THEN substr(u.phone, 2) END)
            AND c.external_id <> c.user_id
            AND EXISTS (SELECT 1 FROM messaging_limit_usage p
              WHERE p.channel_id = u.channel_id AND p.phone = '+' || c.external_id AND p.last_at > ${since}))`,
  );
  return row?.n ?? 0;
}

/**
 * Which of `phones` the number reached in the last 24 h (they do not count again), under the phone
 * or under the BSUID their contact is linked to (reached while only that was known: the same person).
 */
export async function reachedAmong(
  db: Db,
  organizationId: string,
  channelId: string,
  phones: readonly string[],
  now: number,
) {
  const reached = await usageAmong(db, channelId, phones, now);
  const rest = phones.filter((p) => !reached.has(p)).map((p) => p.replace(/^\+/, ""));
  const links = await linkedUserIds(db, organizationId, rest);
  if (links.size === 0) return reached;
  const userIds = [...links.keys()];
  const reachedAsUser = await usageAmong(db, channelId, [...userIds, ...userIds.map((u) => `+${u}`)], now);
  for (const [userId, digits] of links) {
    if (reachedAsUser.has(userId) || reachedAsUser.has(`+${userId}`)) reached.add(`+${digits}`);
  }
  return reached;
}

function usageAmong(db: Db, channelId: string, phones: readonly string[], now: number) {
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
 * Takes a place for each of `phones` in the number's limit before a send, one statement each in one
 * D1 batch (statements run in order, in one transaction, so concurrent senders never take more than
 * `limit`): answers the phones reached in the last 24 h already or given a free place; the others
 * found the limit reached. `limit` null: unlimited.
 */
export async function reserveRecipients(
  db: Db,
  channelId: string,
  phones: readonly string[],
  limit: number | null,
  now: number,
): Promise<Set<string>> {
  const since = now - MESSAGING_WINDOW_MS;
  const reserve = (phone: string) => {
    const fits =
      limit === null
        ? sql`1`
        : sql`EXISTS (SELECT 1 FROM messaging_limit_usage WHERE channel_id = ${channelId} AND phone = ${phone} AND last_at > ${since})
            OR (SELECT count(*) FROM messaging_limit_usage WHERE channel_id = ${channelId} AND last_at > ${since}) < ${limit}`;
    return db
      .insert(messagingLimitUsage)
      .select(sql`SELECT ${channelId}, ${phone}, ${now} WHERE ${fits}`)
      .onConflictDoUpdate({
        target: [messagingLimitUsage.channelId, messagingLimitUsage.phone],
        set: { lastAt: sql`excluded.last_at` },
      })
      .returning({ phone: messagingLimitUsage.phone });
  };
  const [first, ...rest] = phones.map(reserve);
  if (!first) return new Set();
  const results = (await db.batch([first, ...rest])) as { phone: string }[][];
  return new Set(results.flatMap((rows) => rows.map((r) => r.phone)));
}

/** One recipient's place in the number's limit (`reserveRecipients` for one). */
export async function reserveRecipient(db: Db, channelId: string, phone: string, limit: number | null, now: number) {
  return (await reserveRecipients(db, channelId, [phone], limit, now)).has(phone);
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
