/** The `campaign_opt_outs` table (rule T10): who later MARKETING campaigns skip. */
import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { chunksOf, type Db } from "../../db/client";
import { contacts, rooms } from "../../db/schema";
import { campaignOptOuts } from "../../db/schema-campaigns";

/** Rule T10: the customer opted out at `at` (a STOP message's time, or Meta's 131050 now). */
export async function addOptOut(
  db: Db,
  organizationId: string,
  phone: string,
  source: "keyword" | "provider",
  at: number,
): Promise<void> {
  await db
    .insert(campaignOptOuts)
    .values({ organizationId, phone, source, createdAt: at })
    .onConflictDoUpdate({
      target: [campaignOptOuts.organizationId, campaignOptOuts.phone],
      set: { createdAt: sql`excluded.created_at`, source: sql`excluded.source` },
      setWhere: sql`excluded.created_at > ${campaignOptOuts.createdAt}`,
    });
}

/**
 * Rule T10: the customer wrote START or MULAI at `at`. Kept even without an opt-out on record, so
 * that an earlier STOP applied late (events are not always applied in order) does not win.
 */
export async function addOptIn(db: Db, organizationId: string, phone: string, at: number): Promise<void> {
  await db
    .insert(campaignOptOuts)
    .values({ organizationId, phone, source: "keyword", createdAt: 0, resumedAt: at })
    .onConflictDoUpdate({
      target: [campaignOptOuts.organizationId, campaignOptOuts.phone],
      set: { resumedAt: sql`max(coalesce(${campaignOptOuts.resumedAt}, 0), excluded.resumed_at)` },
    });
}

/** Which of `phones` (E.164) are opted out of the organization's marketing now (T10). */
export async function optedOutAmong(db: Db, organizationId: string, phones: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  // D1 binds at most 100 parameters per statement.
  for (const chunk of chunksOf(phones)) {
    const rows = await db
      .select({ phone: campaignOptOuts.phone })
      .from(campaignOptOuts)
      .where(
        and(
          eq(campaignOptOuts.organizationId, organizationId),
          inArray(campaignOptOuts.phone, chunk),
          or(isNull(campaignOptOuts.resumedAt), lt(campaignOptOuts.resumedAt, campaignOptOuts.createdAt)),
        ),
      );
    for (const r of rows) out.add(r.phone);
  }
  return out;
}

/** The WhatsApp number (E.164) of the contact of a room, for an opt-out written in it. */
export async function phoneOfRoom(db: Db, organizationId: string, roomId: string): Promise<string | null> {
  const [row] = await db
    .select({ externalId: contacts.externalId, kind: contacts.kind })
    .from(rooms)
    .innerJoin(contacts, eq(contacts.id, rooms.contactId))
    .where(and(eq(rooms.id, roomId), eq(rooms.organizationId, organizationId)));
  return row && row.kind === "whatsapp" ? `+${row.externalId.replace(/^\+/, "")}` : null;
}
