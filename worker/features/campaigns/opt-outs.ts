/** The `campaign_opt_outs` table (issue 13, item 6): who later MARKETING campaigns skip. */
import { and, eq, inArray } from "drizzle-orm";
import { chunksOf, type Db } from "../../db/client";
import { contacts, rooms } from "../../db/schema";
import { campaignOptOuts } from "../../db/schema-campaigns";

export async function addOptOut(
  db: Db,
  organizationId: string,
  phone: string,
  source: "keyword" | "provider",
  now: number,
): Promise<void> {
  await db.insert(campaignOptOuts).values({ organizationId, phone, source, createdAt: now }).onConflictDoNothing();
}

/** Which of `phones` (E.164) opted out of the organization's marketing. */
export async function optedOutAmong(db: Db, organizationId: string, phones: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  // D1 binds at most 100 parameters per statement.
  for (const chunk of chunksOf(phones)) {
    const rows = await db
      .select({ phone: campaignOptOuts.phone })
      .from(campaignOptOuts)
      .where(and(eq(campaignOptOuts.organizationId, organizationId), inArray(campaignOptOuts.phone, chunk)));
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
