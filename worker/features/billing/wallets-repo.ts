/** The `wallets` table (B1, B5, B7): the tenant's account row, its monthly reset and signed changes. */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { organizations } from "../../db/schema";
import { packages, wallets } from "../../db/schema-billing";
import type { PackageAmounts, WalletChange, WalletName, Wallets } from "../../domain/pricing";
import { type Condition, changedRows, commit, type Write } from "./batch";
import { ledgerInsertIf } from "./ledger-repo";

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
