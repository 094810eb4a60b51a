/** The `campaigns` table (T6): the index the list and GET routes read; the campaign's object writes its progress. */
import { and, desc, eq, inArray, lt, lte, or } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaigns } from "../../db/schema-campaigns";
import type { CampaignProgress } from "./types";

export type CampaignRow = typeof campaigns.$inferSelect;
export type NewCampaignRow = typeof campaigns.$inferInsert;

/** Inserts the campaign; null when the organization already has one with this idempotency key. */
export async function insertCampaign(db: Db, row: NewCampaignRow): Promise<CampaignRow | null> {
  const [inserted] = await db.insert(campaigns).values(row).onConflictDoNothing().returning();
  return inserted ?? null;
}

export async function deleteCampaign(db: Db, id: string): Promise<void> {
  await db.delete(campaigns).where(eq(campaigns.id, id));
}

export async function campaignById(db: Db, organizationId: string, id: string): Promise<CampaignRow | null> {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, id), eq(campaigns.organizationId, organizationId)));
  return row ?? null;
}

export async function campaignByIdempotencyKey(
  db: Db,
  organizationId: string,
  key: string,
): Promise<CampaignRow | null> {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.organizationId, organizationId), eq(campaigns.idempotencyKey, key)));
  return row ?? null;
}

/** Newest first; `cursor` is the id of the last campaign of the previous page. */
export async function listCampaigns(
  db: Db,
  organizationId: string,
  opts: { cursor?: string | undefined; limit: number },
) {
  const after = opts.cursor ? await campaignById(db, organizationId, opts.cursor) : null;
  return db
    .select()
    .from(campaigns)
    .where(
      and(
        eq(campaigns.organizationId, organizationId),
        after
          ? or(
              lt(campaigns.createdAt, after.createdAt),
              and(eq(campaigns.createdAt, after.createdAt), lt(campaigns.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
    .limit(opts.limit + 1);
}

/** The object's progress, written to the index. */
export async function syncProgress(db: Db, id: string, p: CampaignProgress, progressAt: number, now: number) {
  await db
    .update(campaigns)
    .set({
      status: p.status,
      stopReason: p.stopReason,
      counts: p.counts,
      total: p.total,
      cost: p.cost,
      progressAt,
      updatedAt: now,
    })
    .where(eq(campaigns.id, id));
}

/** Campaigns the cron re-arms: scheduled and due, or running without progress for `stallMs`. */
export async function campaignsToRearm(db: Db, now: number, stallMs: number) {
  return db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(
      or(
        and(eq(campaigns.status, "scheduled"), lte(campaigns.scheduledAt, now)),
        and(eq(campaigns.status, "running"), lt(campaigns.progressAt, now - stallMs)),
      ),
    )
    .limit(200);
}

/** The campaigns of a template that may still send (T8: a paused or disabled template stops them). */
export async function activeCampaignsOfTemplate(db: Db, templateId: string) {
  return db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.templateId, templateId), inArray(campaigns.status, ["scheduled", "running"])));
}
