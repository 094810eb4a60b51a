/** The `channel_throughput` table (issue 13, item 3): a channel's messages per second, 80 unless set. */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { channelThroughput } from "../../db/schema-campaigns";

/** Meta's default throughput of a business number (research §1.1). */
export const DEFAULT_MESSAGES_PER_SECOND = 80;

export async function messagesPerSecondOf(db: Db, channelId: string): Promise<number> {
  const [row] = await db.select().from(channelThroughput).where(eq(channelThroughput.channelId, channelId));
  return row?.messagesPerSecond ?? DEFAULT_MESSAGES_PER_SECOND;
}

export async function setMessagesPerSecond(db: Db, channelId: string, messagesPerSecond: number, now: number) {
  await db
    .insert(channelThroughput)
    .values({ channelId, messagesPerSecond, updatedAt: now })
    .onConflictDoUpdate({ target: channelThroughput.channelId, set: { messagesPerSecond, updatedAt: now } });
}
