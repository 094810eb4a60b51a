/** The `ledger_entries` table (B7): one entry per wallet change, each with its idempotency key. */
import { and, desc, eq, getTableColumns, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { ledgerEntries } from "../../db/schema-billing";
import type { Condition, Write } from "./batch";

export type LedgerRow = typeof ledgerEntries.$inferInsert;

/** D1 binds at most 100 parameters per statement: ledger rows per INSERT. */
export const LEDGER_ROWS_PER_INSERT = Math.floor(90 / Object.keys(getTableColumns(ledgerEntries)).length);

/** One ledger entry, or a few (at most LEDGER_ROWS_PER_INSERT) in one statement. */
export const ledgerInsert = (db: Db, e: LedgerRow | LedgerRow[]): Write =>
  db.insert(ledgerEntries).values(Array.isArray(e) ? e : [e]);

/**
 * One ledger entry, written only when `condition` holds when the batch runs: the entry and the
 * wallet change it explains land together or not at all (B7), even when the condition is decided by
 * another request a moment earlier.
 */
export function ledgerInsertIf(db: Db, e: LedgerRow, condition: Condition): Write {
  // Every column in the table's order (drizzle lists them all): the id NULL, so SQLite numbers it.
  const values = Object.keys(getTableColumns(ledgerEntries)).map((k) => sql`${e[k as keyof LedgerRow] ?? null}`);
  return db.insert(ledgerEntries).select(sql`SELECT ${sql.join(values, sql`, `)} WHERE ${condition}`);
}

/** The amount of the entry with this idempotency key (negative for a charge), or null when there is none. */
export async function ledgerAmountOf(db: Db, idempotencyKey: string): Promise<number | null> {
  const [row] = await db
    .select({ amount: ledgerEntries.amount })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.idempotencyKey, idempotencyKey));
  return row ? row.amount : null;
}

export async function ledgerPage(
  db: Db,
  organizationId: string,
  q: { before?: number | undefined; month?: string | undefined; limit: number },
) {
  const { before, month, limit } = q;
  const rows = await db
    .select()
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.organizationId, organizationId),
        before ? lt(ledgerEntries.id, before) : undefined,
        month ? eq(ledgerEntries.month, month) : undefined,
      ),
    )
    .orderBy(desc(ledgerEntries.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { entries: page, nextCursor: rows.length > limit ? String(page.at(-1)?.id) : null };
}

/** What sends cost in a month (refunds netted), summed by day and wallet. */
export function sendSpendByDay(db: Db, organizationId: string, month: string) {
  return db
    .select({ day: ledgerEntries.day, wallet: ledgerEntries.wallet, total: sql<number>`sum(${ledgerEntries.amount})` })
    .from(ledgerEntries)
    .where(
      and(
        eq(ledgerEntries.organizationId, organizationId),
        eq(ledgerEntries.month, month),
        sql`${ledgerEntries.reason} IN ('service_conversation', 'business_conversation', 'unique_visitor', 'refund')`,
      ),
    )
    .groupBy(ledgerEntries.day, ledgerEntries.wallet);
}
