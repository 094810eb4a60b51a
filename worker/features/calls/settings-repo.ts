/** Rule C1: each WhatsApp number's calling switches. */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { callSettings } from "../../db/schema-calls";

export interface CallingSwitches {
  inbound: boolean;
  outbound: boolean;
}

/** Both off until an admin turns them on (Meta's calling is off by default too). */
export async function callingOf(db: Db, channelId: string): Promise<CallingSwitches> {
  const [row] = await db.select().from(callSettings).where(eq(callSettings.channelId, channelId));
  return { inbound: row?.inbound ?? false, outbound: row?.outbound ?? false };
}

export async function saveCalling(db: Db, organizationId: string, channelId: string, s: CallingSwitches, now: number) {
  await db
    .insert(callSettings)
    .values({ channelId, organizationId, ...s, updatedAt: now })
    .onConflictDoUpdate({ target: callSettings.channelId, set: { ...s, updatedAt: now } });
}
