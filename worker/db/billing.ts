import { and, desc, eq, getTableColumns, gt, lt, or, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import {
  CONVERSATION_MS,
  type ConversationCategory,
  coveringConversation,
  type Debit,
  dayOf,
  monthOf,
  type Prices,
  planSend,
  resetChanges,
  resetDue,
  type WalletChange,
  type WalletName,
  type Wallets,
} from "../domain/pricing";
import { errorForLog, log } from "../lib/log";
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

/**
 * Adds signed changes to wallets in one statement (CHECKs refuse a negative result), only when
 * `condition` holds if one is given.
 */
function walletUpdate(db: Db, organizationId: string, changes: readonly WalletChange[], now: number, condition?: SQL) {
  const total = new Map<WalletName, number>();
  for (const c of changes) total.set(c.wallet, (total.get(c.wallet) ?? 0) + c.delta);
  const set: Record<string, unknown> = { updatedAt: now };
  for (const [wallet, delta] of total) set[wallet] = sql`${wallets[wallet]} + ${delta}`;
  return db
    .update(wallets)
    .set(set)
    .where(and(eq(wallets.organizationId, organizationId), condition));
}

type LedgerRow = typeof ledgerEntries.$inferInsert;

/**
 * One ledger entry, written only when `condition` holds when the batch runs: the entry and the
 * wallet change it explains land together or not at all (B7), even when the condition is decided by
 * another request a moment earlier.
 */
function ledgerInsertIf(db: Db, e: LedgerRow, condition: SQL) {
  // Every column in the table's order (drizzle lists them all): the id NULL, so SQLite numbers it.
  const values = Object.keys(getTableColumns(ledgerEntries)).map((k) => sql`${e[k as keyof LedgerRow] ?? null}`);
  return db.insert(ledgerEntries).select(sql`SELECT ${sql.join(values, sql`, `)} WHERE ${condition}`);
}

/** Rows an UPDATE or DELETE of a D1 batch changed. */
const changed = (result: unknown) => (result as { meta?: { changes?: number } } | undefined)?.meta?.changes ?? 0;

/**
 * The tenant's account for `now`, with the monthly reset applied first if the package month has
 * turned (B1). Running it twice, or late, has the same effect as once on time. Null when the tenant
 * has no package: such an organization is not billed.
 */
export async function currentAccount(db: Db, organizationId: string, now: number): Promise<Account | null> {
  for (let attempt = 0; attempt < 8; attempt++) {
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
    // Rule B1: only forward. A `now` from before the wallets' month (it waited for its turn, a late
    // cron tick) is served from the month the wallets are in and never resets them back.
    if (!resetDue(row.wallet.period, month)) {
      return { organizationId, timeZone, period: row.wallet.period, wallets: current, prices };
    }
    const fromPeriod = row.wallet.period;
    const changes = resetChanges(current, pkg);
    // Compare-and-set on exactly what was read: a charge committing between the read and the reset
    // makes the reset change nothing (its entries included), and it is planned again from fresh
    // amounts, so the ledger never records a delta the wallet did not get (B7).
    const asRead = and(
      eq(wallets.organizationId, organizationId),
      eq(wallets.period, fromPeriod),
      eq(wallets.conversationCredit, current.conversationCredit),
      eq(wallets.muvQuota, current.muvQuota),
      eq(wallets.packageBalance, current.packageBalance),
    );
    const stillAsRead = sql`EXISTS ${db.select({ one: sql`1` }).from(wallets).where(asRead)}`;
    const entries = changes.map((c) =>
      ledgerInsertIf(
        db,
        {
          organizationId,
          idempotencyKey: `reset:${organizationId}:${fromPeriod}>${month}:${c.wallet}`,
          wallet: COLUMN[c.wallet],
          amount: c.delta,
          reason: "monthly_reset",
          month,
          day: dayOf(now, timeZone),
          createdAt: now,
        },
        stillAsRead,
      ),
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
      .where(asRead);
    try {
      // The entries first: their condition is read before the update changes the row.
      const batch: BatchItem<"sqlite">[] = [...entries, guardedUpdate];
      const results = await db.batch(batch as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
      if (changed(results.at(-1)) === 1) continue; // reset: read the new month's amounts
      // Nothing changed: a charge or another reset came first. Read again.
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
  /** The conversation this send opened (and paid for), if it opened one. */
  conversationId: string | null;
  /** The open conversation this send was charged against instead (B2, B3), if any. */
  coveredConversationId: string | null;
  category: ConversationCategory | null;
  uniqueVisitor: { channelId: string; externalId: string; month: string } | null;
  entries: { idempotencyKey: string; wallet: WalletName; amount: number }[];
}

export const insufficientBalance = () =>
  new Problem(402, "insufficient_balance", "The WhatsApp balance cannot pay for this message. Top up in Finance.");

/**
 * The id of the conversation a message opens: derived from the message, so a retried charge of the
 * same message finds its own conversation (PRIMARY KEY) instead of opening and paying another (B7).
 */
export const conversationIdOf = (messageId: string) => `cv-${messageId}`;

const isVisitorKey = (key: string) => key.startsWith("visitor:");

/**
 * Charges one business send before it goes out (B2-B7): opens a conversation when none covers it,
 * counts the contact's first unique visit of the month, and debits credit, quota or balance, all in one
 * D1 batch with idempotency keys from the message and the visitor. Charging the same message again
 * (a retry) charges nothing more. Throws 402 `insufficient_balance` when it cannot be paid. Returns
 * null for an organization without a package.
 */
export async function chargeSend(db: Db, s: SendToCharge): Promise<Receipt | null> {
  const ownConversationId = conversationIdOf(s.messageId);
  // Entries a pass already committed, when the conversation it was covered by vanished meanwhile.
  const committed: Receipt["entries"] = [];
  let countedVisitor: Receipt["uniqueVisitor"] = null;
  for (let attempt = 0; attempt < 6; attempt++) {
    const account = await currentAccount(db, s.organizationId, s.now);
    if (!account) return null;
    const month = account.period;
    const day = dayOf(s.now, account.timeZone);
    const [open, visitor] = await Promise.all([
      db
        .select({
          id: conversations.id,
          messageId: conversations.messageId,
          category: conversations.category,
          expiresAt: conversations.expiresAt,
        })
        .from(conversations)
        .where(
          or(
            eq(conversations.id, ownConversationId),
            and(
              eq(conversations.channelId, s.channelId),
              eq(conversations.contactId, s.contactId),
              gt(conversations.expiresAt, s.now),
            ),
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
    const base = {
      organizationId: s.organizationId,
      timeZone: account.timeZone,
      roomId: s.roomId,
      messageId: s.messageId,
      contactId: s.contactId,
    };
    if (open.some((c) => c.id === ownConversationId)) {
      // B7: this message was charged already (a retry): nothing more to pay.
      return {
        ...base,
        conversationId: null,
        coveredConversationId: null,
        category: null,
        uniqueVisitor: null,
        entries: [],
      };
    }
    const covering = coveringConversation(s.send, open, s.now);
    const category = covering ? null : s.send === "reply" ? "service" : s.send;
    const plan = planSend({ conversation: category, uniqueVisitor: !visitor }, account.wallets, account.prices);
    if (!plan) throw insufficientBalance();
    const conversationId = category ? ownConversationId : null;
    const receipt: Receipt = {
      ...base,
      conversationId,
      coveredConversationId: covering?.id ?? null,
      category: category ?? covering?.category ?? null,
      uniqueVisitor: visitor ? countedVisitor : { channelId: s.channelId, externalId: s.contactExternalId, month },
      entries: [
        ...committed,
        ...plan.uniqueVisitor.map((d) => ({
          // The unique_visitors row in the same batch makes the visitor count once; a refund frees it.
          idempotencyKey: `visitor:${s.channelId}:${s.contactExternalId}:${month}:${s.messageId}:${d.wallet}`,
          ...d,
        })),
        ...plan.conversation.map((d) => ({ idempotencyKey: `conversation:${conversationId}:${d.wallet}`, ...d })),
      ],
    };
    const fresh = receipt.entries.slice(committed.length);
    const writes: BatchItem<"sqlite">[] = [];
    if (!visitor) {
      writes.push(
        db.insert(uniqueVisitors).values({
          channelId: s.channelId,
          externalId: s.contactExternalId,
          month,
          organizationId: s.organizationId,
          firstSeenAt: s.now,
        }),
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
    for (const e of fresh) {
      const forVisitor = isVisitorKey(e.idempotencyKey);
      writes.push(
        db.insert(ledgerEntries).values({
          organizationId: s.organizationId,
          idempotencyKey: e.idempotencyKey,
          wallet: COLUMN[e.wallet],
          amount: -e.amount,
          reason: forVisitor
            ? "unique_visitor"
            : category === "service"
              ? "service_conversation"
              : "business_conversation",
          category: forVisitor ? null : category,
          conversationId: forVisitor ? null : conversationId,
          roomId: s.roomId,
          messageId: s.messageId,
          contactId: s.contactId,
          month,
          day,
          createdAt: s.now,
        }),
      );
    }
    const debits = fresh.map((e) => ({ wallet: e.wallet, delta: -e.amount }));
    if (debits.length > 0) writes.push(walletUpdate(db, s.organizationId, debits, s.now));
    // B2: the covering conversation counts this send too, so refunding its opener keeps it paid.
    if (covering) {
      writes.push(
        db
          .update(conversations)
          .set({ uses: sql`${conversations.uses} + 1` })
          .where(and(eq(conversations.id, covering.id), gt(conversations.expiresAt, s.now))),
      );
    }
    const [first, ...rest] = writes;
    if (!first) return receipt;
    let results: unknown[];
    try {
      results = await db.batch([first, ...rest]);
    } catch (err) {
      if (!isConstraintViolation(err, "any")) throw err;
      // A concurrent charge took the visitor or the balance first: plan again with fresh amounts.
      continue;
    }
    if (!covering || changed(results.at(-1)) === 1) return receipt;
    // The covering conversation was refunded away between the read and the batch: what this pass
    // paid stays paid (and in the receipt); the next pass opens the conversation this send needs.
    committed.push(...fresh);
    if (!visitor) countedVisitor = receipt.uniqueVisitor;
  }
  throw new Problem(503, "billing_busy", "Billing is busy with other sends for this organization. Try again.");
}

/**
 * Gives back a charge whose message was not sent (the provider refused it, or anything failed
 * before the provider confirmed it): nothing is paid for a message not sent. A conversation the
 * message opened is undone only when no other message was charged against it (B2): a reply that went
 * out inside it keeps it, and its price, paid. Every refund entry names the room, message and
 * contact of the charge it gives back (B7). `cause` is logged when the send failed by an error.
 */
export async function refundSend(db: Db, receipt: Receipt, now: number, cause?: unknown): Promise<void> {
  const { timeZone } = receipt;
  if (cause !== undefined) {
    log("error", "billing.refund_unsent", {
      organizationId: receipt.organizationId,
      roomId: receipt.roomId,
      messageId: receipt.messageId,
      error: errorForLog(cause),
    });
  }
  const month = monthOf(now, timeZone);
  const day = dayOf(now, timeZone);
  const opened = receipt.conversationId;
  // Decided by the database when the batch runs: the conversation this send opened has no other use.
  const soleUse = opened
    ? sql`EXISTS ${db
        .select({ one: sql`1` })
        .from(conversations)
        .where(and(eq(conversations.id, opened), eq(conversations.uses, 1)))}`
    : sql`1 = 1`;
  const writes: BatchItem<"sqlite">[] = receipt.entries.map((e) =>
    ledgerInsertIf(
      db,
      {
        organizationId: receipt.organizationId,
        idempotencyKey: `refund:${e.idempotencyKey}`,
        wallet: COLUMN[e.wallet],
        amount: e.amount,
        reason: "refund",
        category: isVisitorKey(e.idempotencyKey) ? null : receipt.category,
        conversationId: isVisitorKey(e.idempotencyKey) ? null : opened,
        roomId: receipt.roomId,
        messageId: receipt.messageId,
        contactId: receipt.contactId,
        month,
        day,
        createdAt: now,
      },
      soleUse,
    ),
  );
  const credits = receipt.entries.map((e) => ({ wallet: e.wallet, delta: e.amount }));
  if (credits.length > 0) writes.push(walletUpdate(db, receipt.organizationId, credits, now, soleUse));
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
            soleUse,
          ),
        ),
    );
  }
  if (opened) {
    // Last, after every condition above was read: undone when sole, otherwise one use fewer.
    writes.push(db.delete(conversations).where(and(eq(conversations.id, opened), eq(conversations.uses, 1))));
    writes.push(
      db
        .update(conversations)
        .set({ uses: sql`${conversations.uses} - 1` })
        .where(eq(conversations.id, opened)),
    );
  }
  if (receipt.coveredConversationId) {
    writes.push(
      db
        .update(conversations)
        .set({ uses: sql`${conversations.uses} - 1` })
        .where(and(eq(conversations.id, receipt.coveredConversationId), gt(conversations.uses, 1))),
    );
  }
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
