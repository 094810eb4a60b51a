/** The `unique_visitors` table (B6): a contact's first visit of the month on a channel. */
import { and, eq, getTableColumns, inArray, isNotNull, or, sql } from "drizzle-orm";
import { chunksOf, type Db } from "../../db/client";
import { contacts } from "../../db/schema";
import { uniqueVisitors } from "../../db/schema-billing";
import type { Condition, Write } from "./batch";

export interface VisitorKey {
  channelId: string;
  externalId: string;
  month: string;
}

/**
 * B6 (issue 12): the month's visit of a contact, under its id or under the provider user id it is
 * linked to (WhatsApp: a customer first known by their business-scoped user id, whose phone became
 * known mid-month, is one visitor, not two).
 */
export const findVisitor = (db: Db, v: VisitorKey & { organizationId: string }) =>
  db.query.uniqueVisitors.findFirst({
    where: and(
      eq(uniqueVisitors.channelId, v.channelId),
      eq(uniqueVisitors.month, v.month),
      or(
        eq(uniqueVisitors.externalId, v.externalId),
        inArray(
          uniqueVisitors.externalId,
          db
            .select({ userId: contacts.userId })
            .from(contacts)
            .where(
              and(
                eq(contacts.organizationId, v.organizationId),
                eq(contacts.externalId, v.externalId),
                isNotNull(contacts.userId),
              ),
            ),
        ),
      ),
    ),
  });

export type VisitorRow = VisitorKey & { organizationId: string; firstSeenAt: number };

/** D1 binds at most 100 parameters per statement: visitor rows per INSERT. */
export const VISITOR_ROWS_PER_INSERT = Math.floor(90 / Object.keys(getTableColumns(uniqueVisitors)).length);

export const visitorInsert = (db: Db, v: VisitorRow | VisitorRow[]): Write =>
  db.insert(uniqueVisitors).values(Array.isArray(v) ? v : [v]);

/** Frees a counted visit (a refund), so the contact's next send counts it again. */
export const visitorDelete = (db: Db, v: VisitorKey, condition?: Condition): Write =>
  db
    .delete(uniqueVisitors)
    .where(
      and(
        eq(uniqueVisitors.channelId, v.channelId),
        eq(uniqueVisitors.externalId, v.externalId),
        eq(uniqueVisitors.month, v.month),
        condition,
      ),
    );

export async function visitorCount(db: Db, organizationId: string, month: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(uniqueVisitors)
    .where(and(eq(uniqueVisitors.organizationId, organizationId), eq(uniqueVisitors.month, month)));
  return row?.n ?? 0;
}

/** Which of `externalIds` are unique visitors of the channel in `month` already (B6; 90 per query). */
export async function visitorsAmong(db: Db, channelId: string, month: string, externalIds: readonly string[]) {
  const out = new Set<string>();
  for (const chunk of chunksOf(externalIds)) {
    const rows = await db
      .select({ externalId: uniqueVisitors.externalId })
      .from(uniqueVisitors)
      .where(
        and(
          eq(uniqueVisitors.channelId, channelId),
          eq(uniqueVisitors.month, month),
          inArray(uniqueVisitors.externalId, chunk),
        ),
      );
    for (const r of rows) out.add(r.externalId);
  }
  return out;
}

/**
 * B6 for a batch of charges (and the campaign estimate): which of `externalIds` count as a visitor
 * of the channel in `month` already, under their own id or under the provider user id their contact
 * is linked to (as `findVisitor` reads it for one).
 */
export async function visitedAmong(
  db: Db,
  v: { organizationId: string; channelId: string; month: string },
  externalIds: readonly string[],
): Promise<Set<string>> {
  const [visited, links] = await Promise.all([
    visitorsAmong(db, v.channelId, v.month, externalIds),
    linkedUserIds(db, v.organizationId, externalIds),
  ]);
  if (links.size === 0) return visited;
  const linkedVisited = await visitorsAmong(db, v.channelId, v.month, [...links.keys()]);
  for (const [userId, externalId] of links) if (linkedVisited.has(userId)) visited.add(externalId);
  return visited;
}

/** The provider user ids (WhatsApp: business-scoped user ids) linked to contacts of `externalIds`: user id -> external id. */
export async function linkedUserIds(
  db: Db,
  organizationId: string,
  externalIds: readonly string[],
): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  for (const chunk of chunksOf(externalIds)) {
    const rows = await db
      .select({ externalId: contacts.externalId, userId: contacts.userId })
      .from(contacts)
      .where(
        and(
          eq(contacts.organizationId, organizationId),
          inArray(contacts.externalId, chunk),
          isNotNull(contacts.userId),
        ),
      );
    for (const r of rows) if (r.userId) links.set(r.userId, r.externalId);
  }
  return links;
}
