import { and, desc, eq, gte, inArray, isNull, lt, or } from "drizzle-orm";
import { chunksOf, type Db } from "../../db/client";
import { webhookDeliveries } from "../../db/schema-webhooks";

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type DeliveryStatus = WebhookDelivery["status"];

/** D1 takes at most 100 bound parameters per statement: 11 columns a row. */
const ROWS_PER_INSERT = 9;

/** Records deliveries once per (endpoint, event): a repeated event changes nothing. */
export async function insertDeliveries(db: Db, rows: (typeof webhookDeliveries.$inferInsert)[]): Promise<void> {
  const inserts = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    inserts.push(
      db
        .insert(webhookDeliveries)
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .onConflictDoNothing(),
    );
  }
  const [first, ...rest] = inserts;
  if (first) await db.batch([first, ...rest]);
}

export async function deliveryById(db: Db, id: string): Promise<WebhookDelivery | null> {
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return row ?? null;
}

export async function deliveryOf(db: Db, organizationId: string, id: string): Promise<WebhookDelivery | null> {
  const row = await deliveryById(db, id);
  return row?.organizationId === organizationId ? row : null;
}

/** Takes a pending delivery for one attempt until `until`; false when it is not pending or another attempt holds it. */
export async function claimDelivery(db: Db, id: string, now: number, until: number): Promise<boolean> {
  const claimed = await db
    .update(webhookDeliveries)
    .set({ claimedUntil: until })
    .where(
      and(
        eq(webhookDeliveries.id, id),
        eq(webhookDeliveries.status, "pending"),
        or(isNull(webhookDeliveries.claimedUntil), lt(webhookDeliveries.claimedUntil, now)),
      ),
    )
    .returning({ id: webhookDeliveries.id });
  return claimed.length > 0;
}

/**
 * The attempt's outcome; releases the claim, or, for a delivery whose next attempt waits, holds it
 * until then (`claimedUntil`: a stray message for it, such as an events batch delivered again, then
 * waits for that time too instead of attempting early).
 */
export async function setDeliveryState(
  db: Db,
  id: string,
  patch: Pick<Partial<WebhookDelivery>, "status" | "attempts" | "lastStatusCode" | "updatedAt" | "claimedUntil">,
): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ claimedUntil: null, ...patch })
    .where(eq(webhookDeliveries.id, id));
}

/** The ids of the deliveries of these events that no attempt has been made for yet. */
export async function unattemptedOf(db: Db, eventIds: string[]): Promise<string[]> {
  const ids: string[] = [];
  // D1 binds at most 100 parameters per statement, and an events batch holds up to 100 events.
  for (const chunk of chunksOf(eventIds)) {
    const rows = await db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(
        and(
          inArray(webhookDeliveries.eventId, chunk),
          eq(webhookDeliveries.status, "pending"),
          eq(webhookDeliveries.attempts, 0),
        ),
      );
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/**
 * A page of an endpoint's deliveries, newest first, after `before` (the last one shown: its creation
 * time and id, so deliveries made in the same millisecond are neither skipped nor repeated).
 */
export async function deliveriesPage(db: Db, endpointId: string, limit: number, before?: [number, string]) {
  return db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpointId),
        before
          ? or(
              lt(webhookDeliveries.createdAt, before[0]),
              and(eq(webhookDeliveries.createdAt, before[0]), lt(webhookDeliveries.id, before[1])),
            )
          : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
}

/** A delivery put back to pending, with the status it had (to restore when it could not be queued). */
export type Reopened = { id: string; status: DeliveryStatus };

/** Puts back to pending the endpoint's deliveries of events since `since` that did not get through (recover). */
export async function reopenUndeliveredSince(
  db: Db,
  endpointId: string,
  since: number,
  now: number,
): Promise<Reopened[]> {
  const undelivered = await db
    .select({ id: webhookDeliveries.id, status: webhookDeliveries.status })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpointId),
        gte(webhookDeliveries.eventAt, since),
        inArray(webhookDeliveries.status, ["failed", "dead"]),
      ),
    );
  const reopened: Reopened[] = [];
  for (const chunk of chunksOf(undelivered)) {
    const ids = await db
      .update(webhookDeliveries)
      .set({ status: "pending", claimedUntil: null, updatedAt: now })
      .where(
        and(
          inArray(
            webhookDeliveries.id,
            chunk.map((d) => d.id),
          ),
          inArray(webhookDeliveries.status, ["failed", "dead"]),
        ),
      )
      .returning({ id: webhookDeliveries.id });
    const changed = new Set(ids.map((r) => r.id));
    reopened.push(...chunk.filter((d) => changed.has(d.id)));
  }
  return reopened;
}

/**
 * Gives reopened deliveries that never reached the queue their status back, so that recovering or
 * replaying again finds them (none is left pending with no message to carry it).
 */
export async function restoreUnqueued(db: Db, unqueued: Reopened[], now: number): Promise<void> {
  for (const status of new Set(unqueued.map((d) => d.status))) {
    const ids = unqueued.filter((d) => d.status === status).map((d) => d.id);
    for (const chunk of chunksOf(ids)) {
      await db
        .update(webhookDeliveries)
        .set({ status, updatedAt: now })
        .where(
          and(
            inArray(webhookDeliveries.id, chunk),
            eq(webhookDeliveries.status, "pending"),
            isNull(webhookDeliveries.claimedUntil),
          ),
        );
    }
  }
}
