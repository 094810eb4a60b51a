import { and, desc, eq, gt, lt, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import {
  CONVERSATION_MS,
  type ConversationCategory,
  conversationNeeded,
  type Debit,
  dayOf,
  monthOf,
  type Prices,
  planSend,
  resetChanges,
  type WalletChange,
  type WalletName,
  type Wallets,
} from "../domain/pricing";
import { Problem } from "../lib/problem";
import type { Db } from "./client";
import { isConstraintViolation } from "./errors";
import { organizations } from "./schema";
import { conversations, ledgerEntries, packages, uniqueVisitors, wallets } from "./schema-billing";

const COLUMN = {
  conversationCredit: "conversation_credit",
  muvQuota: "muv_quota",
  packageBalance: "package_balance",
  topupBalance: "topup_balance",
  voiceBalance: "voice_balance",
} as const satisfies Record<WalletName, string>;

export interface Account {
  organizationId: string;
  timeZone: string;
  period: string;
  wallets: Wallets;
  prices: Prices;
}

/** Adds signed changes to wallets in one statement (CHECKs refuse a negative result). */
function walletUpdate(db: Db, organizationId: string, changes: readonly WalletChange[], now: number, period?: string) {
  const total = new Map<WalletName, number>();
  for (const c of changes) total.set(c.wallet, (total.get(c.wallet) ?? 0) + c.delta);
  const set: Record<string, unknown> = { updatedAt: now };
  for (const [wallet, delta] of total) set[wallet] = sql`${wallets[wallet]} + ${delta}`;
  if (period) set.period = period;
  return db.update(wallets).set(set).where(eq(wallets.organizationId, organizationId));
}

/**
 * The tenant's account for `now`, with the monthly reset applied first if the package month has
 * turned (B1). Running it twice, or late, has the same effect as once on time. Null when the tenant
 * has no package: such an organization is not billed.
 */
export async function currentAccount(db: Db, organizationId: string, now: number): Promise<Account | null> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const [row] = await db
      .select({ pkg: packages, wallet: wallets, timeZone: organizations.timeZone })
      .from(packages)
      .innerJoin(organizations, eq(organizations.id, packages.organizationId))
      .leftJoin(wallets, eq(wallets.organizationId, packages.organizationId))
      .where(eq(packages.organizationId, organizationId));
    if (!row) return null;
    const { pkg, timeZone } = row;
    const prices: Prices = {
      service: pkg.priceService,
      MARKETING: pkg.priceMarketing,
      UTILITY: pkg.priceUtility,
      AUTHENTICATION: pkg.priceAuthentication,
      muv: pkg.priceMuv,
    };
    const month = monthOf(now, timeZone);
    if (!row.wallet) {
      await db
        .insert(wallets)
        .values({
          organizationId,
          period: "",
          conversationCredit: 0,
          muvQuota: 0,
          packageBalance: 0,
          updatedAt: now,
        })
        .onConflictDoNothing();
      continue;
    }
    const current: Wallets = {
      conversationCredit: row.wallet.conversationCredit,
      muvQuota: row.wallet.muvQuota,
      packageBalance: row.wallet.packageBalance,
      topupBalance: row.wallet.topupBalance,
      voiceBalance: row.wallet.voiceBalance,
    };
    if (row.wallet.period === month) return { organizationId, timeZone, period: month, wallets: current, prices };
    const fromPeriod = row.wallet.period;
    const changes = resetChanges(current, pkg);
    const entries = changes.map((c) =>
      db.insert(ledgerEntries).values({
        organizationId,
        idempotencyKey: `reset:${organizationId}:${fromPeriod}>${month}:${c.wallet}`,
        wallet: COLUMN[c.wallet],
        amount: c.delta,
        reason: "monthly_reset",
        month,
        day: dayOf(now, timeZone),
        createdAt: now,
      }),
    );
    const guardedUpdate = db
      .update(wallets)
      .set({
        conversationCredit: pkg.monthlyConversationCredit,
        muvQuota: pkg.muvQuota,
        packageBalance: pkg.packageBalance,
        period: month,
        updatedAt: now,
      })
      .where(and(eq(wallets.organizationId, organizationId), eq(wallets.period, fromPeriod)));
    try {
      await db.batch([guardedUpdate, ...entries]);
    } catch (err) {
      if (!isConstraintViolation(err, "any")) throw err;
      // Another request reset this month a moment ago: read again.
    }
  }
  throw new Error("billing account kept changing");
}

export interface SendToCharge {
  organizationId: string;
  channelId: string;
  contactId: string;
  contactExternalId: string;
  roomId: string;
  messageId: string;
  send: "reply" | Exclude<ConversationCategory, "service">;
  now: number;
}

export interface Receipt {
  organizationId: string;
  timeZone: string;
  roomId: string;
  messageId: string;
  contactId: string;
  conversationId: string | null;
  uniqueVisitor: { channelId: string; externalId: string; month: string } | null;
  entries: { idempotencyKey: string; wallet: WalletName; amount: number }[];
}

export const insufficientBalance = () =>
  new Problem(402, "insufficient_balance", "The WhatsApp balance cannot pay for this message. Top up in Finance.");

/**
 * Charges one business send before it goes out (B2-B7): opens a conversation when none covers it,
 * counts the contact's first unique visit of the month, and debits credit, quota or balance, all in one
 * D1 batch with idempotency keys from the conversation and the visitor. Throws 402
 * `insufficient_balance` when it cannot be paid. Returns null for an organization without a package.
 */
export async function chargeSend(db: Db, s: SendToCharge): Promise<Receipt | null> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const account = await currentAccount(db, s.organizationId, s.now);
    if (!account) return null;
    const month = account.period;
    const day = dayOf(s.now, account.timeZone);
    const [open, visitor] = await Promise.all([
      db
        .select({ category: conversations.category, expiresAt: conversations.expiresAt })
        .from(conversations)
        .where(
          and(
            eq(conversations.channelId, s.channelId),
            eq(conversations.contactId, s.contactId),
            gt(conversations.expiresAt, s.now),
          ),
        ),
      db.query.uniqueVisitors.findFirst({
        where: and(
          eq(uniqueVisitors.channelId, s.channelId),
          eq(uniqueVisitors.externalId, s.contactExternalId),
          eq(uniqueVisitors.month, month),
        ),
      }),
    ]);
    const category = conversationNeeded(s.send, open, s.now);
    const plan = planSend({ conversation: category, uniqueVisitor: !visitor }, account.wallets, account.prices);
    if (!plan) throw insufficientBalance();
    const conversationId = category ? crypto.randomUUID() : null;
    const receipt: Receipt = {
      organizationId: s.organizationId,
      timeZone: account.timeZone,
      roomId: s.roomId,
      messageId: s.messageId,
      contactId: s.contactId,
      conversationId,
      uniqueVisitor: visitor ? null : { channelId: s.channelId, externalId: s.contactExternalId, month },
      entries: [
        ...plan.uniqueVisitor.map((d) => ({
          // The unique_visitors row in the same batch makes the visitor count once; a refund frees it.
          idempotencyKey: `visitor:${s.channelId}:${s.contactExternalId}:${month}:${s.messageId}:${d.wallet}`,
          ...d,
        })),
        ...plan.conversation.map((d) => ({ idempotencyKey: `conversation:${conversationId}:${d.wallet}`, ...d })),
      ],
    };
    const writes: BatchItem<"sqlite">[] = [];
    if (receipt.uniqueVisitor) {
      writes.push(
        db
          .insert(uniqueVisitors)
          .values({ ...receipt.uniqueVisitor, organizationId: s.organizationId, firstSeenAt: s.now }),
      );
    }
    if (category && conversationId) {
      writes.push(
        db.insert(conversations).values({
          id: conversationId,
          organizationId: s.organizationId,
          channelId: s.channelId,
          contactId: s.contactId,
          roomId: s.roomId,
          messageId: s.messageId,
          category,
          openedAt: s.now,
          expiresAt: s.now + CONVERSATION_MS,
          month,
          day,
        }),
      );
    }
    const reasonOf = (key: string) =>
      key.startsWith("visitor:")
        ? ("unique_visitor" as const)
        : category === "service"
          ? ("service_conversation" as const)
          : ("business_conversation" as const);
    for (const e of receipt.entries) {
      writes.push(
        db.insert(ledgerEntries).values({
          organizationId: s.organizationId,
          idempotencyKey: e.idempotencyKey,
          wallet: COLUMN[e.wallet],
          amount: -e.amount,
          reason: reasonOf(e.idempotencyKey),
          category: e.idempotencyKey.startsWith("visitor:") ? null : category,
          conversationId: e.idempotencyKey.startsWith("visitor:") ? null : conversationId,
          roomId: s.roomId,
          messageId: s.messageId,
          contactId: s.contactId,
          month,
          day,
          createdAt: s.now,
        }),
      );
    }
    const debits = receipt.entries.map((e) => ({ wallet: e.wallet, delta: -e.amount }));
    if (debits.length > 0) writes.push(walletUpdate(db, s.organizationId, debits, s.now));
    const [first, ...rest] = writes;
    if (!first) return receipt;
    try {
      await db.batch([first, ...rest]);
      return receipt;
    } catch (err) {
      if (!isConstraintViolation(err, "any")) throw err;
      // A concurrent charge took the visitor or the balance first: plan again with fresh amounts.
    }
  }
  throw new Problem(503, "billing_busy", "Billing is busy with other sends for this organization. Try again.");
}

/** Gives back a charge whose message the provider refused: nothing is paid for a message not sent. */
export async function refundSend(db: Db, receipt: Receipt, now: number): Promise<void> {
  const { timeZone } = receipt;
  const month = monthOf(now, timeZone);
  const writes: BatchItem<"sqlite">[] = receipt.entries.map((e) =>
    db.insert(ledgerEntries).values({
      organizationId: receipt.organizationId,
      idempotencyKey: `refund:${e.idempotencyKey}`,
      wallet: COLUMN[e.wallet],
      amount: e.amount,
      reason: "refund",
      conversationId: receipt.conversationId,
      month,
      day: dayOf(now, timeZone),
      createdAt: now,
    }),
  );
  if (receipt.conversationId) writes.push(db.delete(conversations).where(eq(conversations.id, receipt.conversationId)));
  if (receipt.uniqueVisitor) {
    const v = receipt.uniqueVisitor;
    writes.push(
      db
        .delete(uniqueVisitors)
        .where(
          and(
            eq(uniqueVisitors.channelId, v.channelId),
            eq(uniqueVisitors.externalId, v.externalId),
            eq(uniqueVisitors.month, v.month),
          ),
        ),
    );
  }
  const credits = receipt.entries.map((e) => ({ wallet: e.wallet, delta: e.amount }));
  if (credits.length > 0) writes.push(walletUpdate(db, receipt.organizationId, credits, now));
  const [first, ...rest] = writes;
  if (!first) return;
  try {
    // The refund entries and the wallet credit land together, exactly once (UNIQUE refund keys).
    await db.batch([first, ...rest]);
  } catch (err) {
    if (!isConstraintViolation(err, "any")) throw err;
  }
}

/** Adds money to the top-up or voice wallet (B8), once per idempotency key. */
export async function creditTopup(
  db: Db,
  account: Account,
  wallet: "topupBalance" | "voiceBalance",
  amount: number,
  key: string,
  now: number,
  reason: "topup" | "grant" = "topup",
): Promise<boolean> {
  try {
    await db.batch([
      db.insert(ledgerEntries).values({
        organizationId: account.organizationId,
        idempotencyKey: `${reason}:${account.organizationId}:${key}`,
        wallet: COLUMN[wallet],
        amount,
        reason,
        month: account.period,
        day: dayOf(now, account.timeZone),
        createdAt: now,
      }),
      walletUpdate(db, account.organizationId, [{ wallet, delta: amount }], now),
    ]);
    return true;
  } catch (err) {
    if (isConstraintViolation(err, "any")) return false;
    throw err;
  }
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

export type { Debit };

export interface UsageDay {
  day: string;
  conversations: Record<ConversationCategory, number>;
  spend: number;
}

const emptyCounts = (): Record<ConversationCategory, number> => ({
  service: 0,
  MARKETING: 0,
  UTILITY: 0,
  AUTHENTICATION: 0,
});

/** Finance > Billing usage for one month: conversations by category, unique visitors, rupiah spent, by day. */
export async function usageOf(db: Db, organizationId: string, month: string) {
  const [byCategory, visitors, spendRows] = await Promise.all([
    db
      .select({ day: conversations.day, category: conversations.category, n: sql<number>`count(*)` })
      .from(conversations)
      .where(and(eq(conversations.organizationId, organizationId), eq(conversations.month, month)))
      .groupBy(conversations.day, conversations.category),
    db
      .select({ n: sql<number>`count(*)` })
      .from(uniqueVisitors)
      .where(and(eq(uniqueVisitors.organizationId, organizationId), eq(uniqueVisitors.month, month))),
    db
      .select({
        day: ledgerEntries.day,
        wallet: ledgerEntries.wallet,
        total: sql<number>`sum(${ledgerEntries.amount})`,
      })
      .from(ledgerEntries)
      .where(
        and(
          eq(ledgerEntries.organizationId, organizationId),
          eq(ledgerEntries.month, month),
          sql`${ledgerEntries.reason} IN ('service_conversation', 'business_conversation', 'unique_visitor', 'refund')`,
        ),
      )
      .groupBy(ledgerEntries.day, ledgerEntries.wallet),
  ]);
  const days = new Map<string, UsageDay>();
  const dayRow = (day: string) => {
    const known = days.get(day);
    if (known) return known;
    const fresh: UsageDay = { day, conversations: emptyCounts(), spend: 0 };
    days.set(day, fresh);
    return fresh;
  };
  const totals = emptyCounts();
  for (const row of byCategory) {
    dayRow(row.day).conversations[row.category] += row.n;
    totals[row.category] += row.n;
  }
  let spend = 0;
  let creditUsed = 0;
  let muvQuotaUsed = 0;
  for (const row of spendRows) {
    const used = -Number(row.total);
    if (row.wallet === "package_balance" || row.wallet === "topup_balance") {
      spend += used;
      dayRow(row.day).spend += used;
    }
    if (row.wallet === "conversation_credit") creditUsed += used;
    if (row.wallet === "muv_quota") muvQuotaUsed += used;
  }
  return {
    conversations: { ...totals, total: totals.service + totals.MARKETING + totals.UTILITY + totals.AUTHENTICATION },
    uniqueVisitors: visitors[0]?.n ?? 0,
    spend: { rupiah: spend, conversationCreditUsed: creditUsed, muvQuotaUsed },
    byDay: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
  };
}

/** B1 from the hourly cron: brings every tenant with a package into its current month. */
export async function resetDueAccounts(db: Db, now: number): Promise<number> {
  const rows = await db.select({ id: packages.organizationId }).from(packages);
  let reset = 0;
  for (const { id } of rows) {
    const before = await db.query.wallets.findFirst({ where: eq(wallets.organizationId, id) });
    const account = await currentAccount(db, id, now);
    if (account && before?.period !== account.period) reset++;
  }
  return reset;
}
