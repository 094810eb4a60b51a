/**
 * Billing's queries (rules B1-B7), one block per table: wallets, ledger entries, conversations,
 * unique visitors, packages. Writes that must land together are returned as batch items for the
 * service to commit in one D1 batch; every other function runs its own query.
 */
import { and, desc, eq, getTableColumns, gt, inArray, isNotNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../../db/client";
import { isConstraintViolation } from "../../db/errors";
import { contacts, organizations } from "../../db/schema";
import { conversations, ledgerEntries, packages, uniqueVisitors, wallets } from "../../db/schema-billing";
import type { PackageAmounts, WalletChange, WalletName, Wallets } from "../../domain/pricing";

/** One statement of a D1 batch. */
export type Write = BatchItem<"sqlite">;
/** A condition the database decides when the batch runs, not when it is built. */
export type Condition = SQL;

/**
 * Runs `writes` as one D1 batch: all land or none. Null when a UNIQUE or CHECK constraint refused
 * it (an idempotency key seen before, a wallet that would go below zero: B7).
 */
export async function commit(db: Db, writes: readonly Write[]): Promise<unknown[] | null> {
  const [first, ...rest] = writes;
  if (!first) return [];
  try {
    return await db.batch([first, ...rest]);
  } catch (err) {
    if (!isConstraintViolation(err, "any")) throw err;
    return null;
  }
}

/** Rows an UPDATE or DELETE of a D1 batch changed. */
export const changedRows = (result: unknown) =>
  (result as { meta?: { changes?: number } } | undefined)?.meta?.changes ?? 0;

// --- wallets ---

export const COLUMN = {
  conversationCredit: "conversation_credit",
  muvQuota: "muv_quota",
  packageBalance: "package_balance",
  topupBalance: "topup_balance",
  voiceBalance: "voice_balance",
} as const satisfies Record<WalletName, string>;

/** The tenant's package, its time zone and its wallets (null until opened); undefined without a package. */
export async function accountRow(db: Db, organizationId: string) {
  const [row] = await db
    .select({ pkg: packages, wallet: wallets, timeZone: organizations.timeZone })
    .from(packages)
    .innerJoin(organizations, eq(organizations.id, packages.organizationId))
    .leftJoin(wallets, eq(wallets.organizationId, packages.organizationId))
    .where(eq(packages.organizationId, organizationId));
  return row;
}

/** Empty wallets in no month yet, so the first read resets them into the current one (B1). */
export async function openWallets(db: Db, organizationId: string, now: number): Promise<void> {
  await db
    .insert(wallets)
    .values({ organizationId, period: "", conversationCredit: 0, muvQuota: 0, packageBalance: 0, updatedAt: now })
    .onConflictDoNothing();
}

export async function walletPeriod(db: Db, organizationId: string): Promise<string | undefined> {
  const row = await db.query.wallets.findFirst({ where: eq(wallets.organizationId, organizationId) });
  return row?.period;
}

/**
 * Adds signed changes to wallets in one statement (CHECKs refuse a negative result), only when
 * `condition` holds if one is given.
 */
export function walletUpdate(
  db: Db,
  organizationId: string,
  changes: readonly WalletChange[],
  now: number,
  condition?: Condition,
): Write {
  const total = new Map<WalletName, number>();
  for (const c of changes) total.set(c.wallet, (total.get(c.wallet) ?? 0) + c.delta);
  const set: Record<string, unknown> = { updatedAt: now };
  for (const [wallet, delta] of total) set[wallet] = sql`${wallets[wallet]} + ${delta}`;
  return db
    .update(wallets)
    .set(set)
    .where(and(eq(wallets.organizationId, organizationId), condition));
}

export interface WalletReset {
  organizationId: string;
  fromPeriod: string;
  month: string;
  day: string;
  /** The amounts as read: the reset happens only if the row still holds exactly these. */
  asRead: Wallets;
  changes: readonly WalletChange[];
  pkg: PackageAmounts;
  now: number;
}

/**
 * The monthly reset (B1) as compare-and-set on exactly what was read: a charge committing between
 * the read and the reset makes the reset change nothing (its entries included), so the ledger never
 * records a delta the wallet did not get (B7). True when this call reset the wallets.
 */
export async function resetWallets(db: Db, r: WalletReset): Promise<boolean> {
  const asRead = and(
    eq(wallets.organizationId, r.organizationId),
    eq(wallets.period, r.fromPeriod),
    eq(wallets.conversationCredit, r.asRead.conversationCredit),
    eq(wallets.muvQuota, r.asRead.muvQuota),
    eq(wallets.packageBalance, r.asRead.packageBalance),
  );
  const stillAsRead = sql`EXISTS ${db.select({ one: sql`1` }).from(wallets).where(asRead)}`;
  const entries = r.changes.map((c) =>
    ledgerInsertIf(
      db,
      {
        organizationId: r.organizationId,
        idempotencyKey: `reset:${r.organizationId}:${r.fromPeriod}>${r.month}:${c.wallet}`,
        wallet: COLUMN[c.wallet],
        amount: c.delta,
        reason: "monthly_reset",
        month: r.month,
        day: r.day,
        createdAt: r.now,
      },
      stillAsRead,
    ),
  );
  const guardedUpdate = db
    .update(wallets)
    .set({
      conversationCredit: r.pkg.monthlyConversationCredit,
      muvQuota: r.pkg.muvQuota,
      packageBalance: r.pkg.packageBalance,
      period: r.month,
      updatedAt: r.now,
    })
    .where(asRead);
  // The entries first: their condition is read before the update changes the row.
  const results = await commit(db, [...entries, guardedUpdate]);
  return results !== null && changedRows(results.at(-1)) === 1;
}

// --- ledger entries ---

export type LedgerRow = typeof ledgerEntries.$inferInsert;

export const ledgerInsert = (db: Db, e: LedgerRow): Write => db.insert(ledgerEntries).values(e);

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

// --- conversations (and their uses, B2) ---

export type ConversationRow = typeof conversations.$inferInsert;

/** The conversation `ownId` (if a retry already opened it) and every unexpired one with the contact. */
export function openConversations(db: Db, c: { ownId: string; channelId: string; contactId: string; now: number }) {
  return db
    .select({
      id: conversations.id,
      messageId: conversations.messageId,
      category: conversations.category,
      expiresAt: conversations.expiresAt,
    })
    .from(conversations)
    .where(
      or(
        eq(conversations.id, c.ownId),
        and(
          eq(conversations.channelId, c.channelId),
          eq(conversations.contactId, c.contactId),
          gt(conversations.expiresAt, c.now),
        ),
      ),
    );
}

export const conversationInsert = (db: Db, row: ConversationRow): Write => db.insert(conversations).values(row);

/** One more send charged against a conversation, only while it has not expired: the batch's last write. */
export const conversationUse = (db: Db, id: string, now: number): Write =>
  db
    .update(conversations)
    .set({ uses: sql`${conversations.uses} + 1` })
    .where(and(eq(conversations.id, id), gt(conversations.expiresAt, now)));

/** Holds while the conversation has no use but the send that opened it. */
export const soleUse = (db: Db, id: string): Condition =>
  sql`EXISTS ${db
    .select({ one: sql`1` })
    .from(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.uses, 1)))}`;

/** Undoes an opened conversation when its opener was its sole use, otherwise takes one use away. */
export const conversationUndo = (db: Db, id: string): Write[] => [
  db.delete(conversations).where(and(eq(conversations.id, id), eq(conversations.uses, 1))),
  db
    .update(conversations)
    .set({ uses: sql`${conversations.uses} - 1` })
    .where(eq(conversations.id, id)),
];

/** Takes back the use a refunded send made of a conversation that covered it. */
export const conversationUseReleased = (db: Db, id: string): Write =>
  db
    .update(conversations)
    .set({ uses: sql`${conversations.uses} - 1` })
    .where(and(eq(conversations.id, id), gt(conversations.uses, 1)));

export function conversationCountsByDay(db: Db, organizationId: string, month: string) {
  return db
    .select({ day: conversations.day, category: conversations.category, n: sql<number>`count(*)` })
    .from(conversations)
    .where(and(eq(conversations.organizationId, organizationId), eq(conversations.month, month)))
    .groupBy(conversations.day, conversations.category);
}

// --- unique visitors ---

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

export const visitorInsert = (db: Db, v: VisitorKey & { organizationId: string; firstSeenAt: number }): Write =>
  db.insert(uniqueVisitors).values(v);

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

// --- packages ---

export const packageOf = (db: Db, organizationId: string) =>
  db.query.packages.findFirst({ where: eq(packages.organizationId, organizationId) });

/** Every organization with a package: the billed ones. */
export async function billedOrganizationIds(db: Db): Promise<string[]> {
  const rows = await db.select({ id: packages.organizationId }).from(packages);
  return rows.map((r) => r.id);
}

/** The tenant's time zone, for an organization that has no package (a billed one's comes with its account). */
export async function organizationTimeZone(db: Db, organizationId: string): Promise<string | undefined> {
  const org = await db.query.organizations.findFirst({ where: eq(organizations.id, organizationId) });
  return org?.timeZone;
}

/** Which of `externalIds` are unique visitors of the channel in `month` already (B6; 90 per query). */
export async function visitorsAmong(db: Db, channelId: string, month: string, externalIds: readonly string[]) {
  const out = new Set<string>();
  for (let i = 0; i < externalIds.length; i += 90) {
    const rows = await db
      .select({ externalId: uniqueVisitors.externalId })
      .from(uniqueVisitors)
      .where(
        and(
          eq(uniqueVisitors.channelId, channelId),
          eq(uniqueVisitors.month, month),
          inArray(uniqueVisitors.externalId, externalIds.slice(i, i + 90)),
        ),
      );
    for (const r of rows) out.add(r.externalId);
  }
  return out;
}
