/**
 * Billing's use cases (rules B1-B8): the account of a month, charging and refunding a send, top-ups,
 * the usage page and the monthly reset. The rules themselves are pure, in `domain/pricing.ts`; the
 * queries are in `repo.ts`.
 */

import type { Db } from "../../db/client";
import { type ChannelPolicy, conversationLength, hasConversations, isPriced } from "../../domain/channel-policy";
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
  type WalletName,
  type Wallets,
} from "../../domain/pricing";
import { errorForLog, log } from "../../lib/log";
import { Problem } from "../../lib/problem";
import {
  accountRow,
  billedOrganizationIds,
  COLUMN,
  changedRows,
  commit,
  conversationInsert,
  conversationUndo,
  conversationUse,
  conversationUseReleased,
  findVisitor,
  ledgerInsert,
  ledgerInsertIf,
  openConversations,
  openWallets,
  resetWallets,
  soleUse,
  visitorDelete,
  visitorInsert,
  type Write,
  walletPeriod,
  walletUpdate,
} from "./repo";

export interface Account {
  organizationId: string;
  timeZone: string;
  period: string;
  wallets: Wallets;
  prices: Prices;
}

/**
 * The tenant's account for `now`, with the monthly reset applied first if the package month has
 * turned (B1). Running it twice, or late, has the same effect as once on time. Null when the tenant
 * has no package: such an organization is not billed.
 */
export async function currentAccount(db: Db, organizationId: string, now: number): Promise<Account | null> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const row = await accountRow(db, organizationId);
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
      await openWallets(db, organizationId, now);
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
    // Reset or not (a charge or another reset came first), the next pass reads the amounts afresh
    // and plans again from them (B7).
    await resetWallets(db, {
      organizationId,
      fromPeriod: row.wallet.period,
      month,
      day: dayOf(now, timeZone),
      asRead: current,
      changes: resetChanges(current, pkg),
      pkg,
      now,
    });
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
  /** The policy of the room's channel kind: whether its sends are priced, and for how long a conversation covers (B2). */
  policy: ChannelPolicy;
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

/** What earlier passes of one charge committed, when the conversation they were covered by vanished. */
interface Carried {
  entries: Receipt["entries"];
  uniqueVisitor: Receipt["uniqueVisitor"];
}

/**
 * Charges one business send before it goes out (B2-B7): opens a conversation when none covers it,
 * counts the contact's first unique visit of the month, and debits credit, quota or balance, all in one
 * D1 batch with idempotency keys from the message and the visitor. Charging the same message again
 * (a retry) charges nothing more. Throws 402 `insufficient_balance` when it cannot be paid. Returns
 * null for an organization without a package and for a channel kind whose sends are free.
 */
export async function chargeSend(db: Db, s: SendToCharge): Promise<Receipt | null> {
  // B2: only a priced channel kind (WhatsApp) charges its sends.
  if (!isPriced(s.policy)) return null;
  const carried: Carried = { entries: [], uniqueVisitor: null };
  for (let attempt = 0; attempt < 6; attempt++) {
    const account = await currentAccount(db, s.organizationId, s.now);
    if (!account) return null;
    const receipt = await chargePass(db, s, account, carried);
    if (receipt) return receipt;
  }
  throw new Problem(503, "billing_busy", "Billing is busy with other sends for this organization. Try again.");
}

/** One attempt at a charge from the amounts as read now; null when it must be planned again. */
async function chargePass(db: Db, s: SendToCharge, account: Account, carried: Carried): Promise<Receipt | null> {
  const ownConversationId = conversationIdOf(s.messageId);
  const month = account.period;
  const visitorKey = { channelId: s.channelId, externalId: s.contactExternalId, month };
  const [open, visitor] = await Promise.all([
    openConversations(db, { ownId: ownConversationId, channelId: s.channelId, contactId: s.contactId, now: s.now }),
    findVisitor(db, { ...visitorKey, organizationId: s.organizationId }),
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
    const nothing = { conversationId: null, coveredConversationId: null, category: null, uniqueVisitor: null };
    return { ...base, ...nothing, entries: [] };
  }
  // B6: a kind priced by visitors only (Telegram, LINE, Messenger, Instagram) opens no conversation.
  const conversations = hasConversations(s.policy);
  const covering = conversations ? coveringConversation(s.send, open, s.now) : null;
  const category = !conversations || covering ? null : s.send === "reply" ? "service" : s.send;
  const plan = planSend({ conversation: category, uniqueVisitor: !visitor }, account.wallets, account.prices);
  if (!plan) throw insufficientBalance();
  const conversationId = category ? ownConversationId : null;
  const receipt: Receipt = {
    ...base,
    conversationId,
    coveredConversationId: covering?.id ?? null,
    category: category ?? covering?.category ?? null,
    uniqueVisitor: visitor ? carried.uniqueVisitor : visitorKey,
    entries: [
      ...carried.entries,
      ...plan.uniqueVisitor.map((d) => ({
        // The unique_visitors row in the same batch makes the visitor count once; a refund frees it.
        idempotencyKey: `visitor:${s.channelId}:${s.contactExternalId}:${month}:${s.messageId}:${d.wallet}`,
        ...d,
      })),
      ...plan.conversation.map((d) => ({ idempotencyKey: `conversation:${conversationId}:${d.wallet}`, ...d })),
    ],
  };
  const fresh = receipt.entries.slice(carried.entries.length);
  const results = await commit(db, chargeWrites(db, s, receipt, fresh, { newVisitor: !visitor, category, month }));
  // A concurrent charge took the visitor or the balance first: plan again with fresh amounts.
  if (!results) return null;
  if (!covering || changedRows(results.at(-1)) === 1) return receipt;
  // The covering conversation was refunded away between the read and the batch: what this pass
  // paid stays paid (and in the receipt); the next pass opens the conversation this send needs.
  carried.entries.push(...fresh);
  if (!visitor) carried.uniqueVisitor = receipt.uniqueVisitor;
  return null;
}

/** The batch of one charge pass: visitor, conversation, ledger entries, wallet debit, covering use last. */
function chargeWrites(
  db: Db,
  s: SendToCharge,
  receipt: Receipt,
  fresh: Receipt["entries"],
  opts: { newVisitor: boolean; category: ConversationCategory | null; month: string },
): Write[] {
  const { category, month } = opts;
  const { conversationId, uniqueVisitor } = receipt;
  const day = dayOf(s.now, receipt.timeZone);
  const writes: Write[] = [];
  if (opts.newVisitor && uniqueVisitor) {
    writes.push(visitorInsert(db, { ...uniqueVisitor, organizationId: s.organizationId, firstSeenAt: s.now }));
  }
  if (category && conversationId) {
    writes.push(
      conversationInsert(db, {
        id: conversationId,
        organizationId: s.organizationId,
        channelId: s.channelId,
        contactId: s.contactId,
        roomId: s.roomId,
        messageId: s.messageId,
        category,
        openedAt: s.now,
        expiresAt: s.now + (conversationLength(s.policy) ?? CONVERSATION_MS),
        month,
        day,
      }),
    );
  }
  for (const e of fresh) {
    const forVisitor = isVisitorKey(e.idempotencyKey);
    writes.push(
      ledgerInsert(db, {
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
  if (receipt.coveredConversationId) writes.push(conversationUse(db, receipt.coveredConversationId, s.now));
  return writes;
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
  const sole = opened ? soleUse(db, opened) : undefined;
  const entryIf = (e: Receipt["entries"][number]) => {
    const forVisitor = isVisitorKey(e.idempotencyKey);
    const entry = {
      organizationId: receipt.organizationId,
      idempotencyKey: `refund:${e.idempotencyKey}`,
      wallet: COLUMN[e.wallet],
      amount: e.amount,
      reason: "refund" as const,
      category: forVisitor ? null : receipt.category,
      conversationId: forVisitor ? null : opened,
      roomId: receipt.roomId,
      messageId: receipt.messageId,
      contactId: receipt.contactId,
      month,
      day,
      createdAt: now,
    };
    return sole ? ledgerInsertIf(db, entry, sole) : ledgerInsert(db, entry);
  };
  const writes: Write[] = receipt.entries.map(entryIf);
  const credits = receipt.entries.map((e) => ({ wallet: e.wallet, delta: e.amount }));
  if (credits.length > 0) writes.push(walletUpdate(db, receipt.organizationId, credits, now, sole));
  if (receipt.uniqueVisitor) writes.push(visitorDelete(db, receipt.uniqueVisitor, sole));
  // Last, after every condition above was read: undone when sole, otherwise one use fewer.
  if (opened) writes.push(...conversationUndo(db, opened));
  if (receipt.coveredConversationId) writes.push(conversationUseReleased(db, receipt.coveredConversationId));
  // The refund entries and the wallet credit land together, exactly once (UNIQUE refund keys).
  await commit(db, writes);
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
  const entry = ledgerInsert(db, {
    organizationId: account.organizationId,
    idempotencyKey: `${reason}:${account.organizationId}:${key}`,
    wallet: COLUMN[wallet],
    amount,
    reason,
    month: account.period,
    day: dayOf(now, account.timeZone),
    createdAt: now,
  });
  const results = await commit(db, [entry, walletUpdate(db, account.organizationId, [{ wallet, delta: amount }], now)]);
  return results !== null;
}

export type { Debit };

/** B1 from the hourly cron: brings every tenant with a package into its current month. */
export async function resetDueAccounts(db: Db, now: number): Promise<number> {
  let reset = 0;
  for (const id of await billedOrganizationIds(db)) {
    const before = await walletPeriod(db, id);
    const account = await currentAccount(db, id, now);
    if (account && before !== account.period) reset++;
  }
  return reset;
}
