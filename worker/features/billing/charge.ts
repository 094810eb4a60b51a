/**
 * The charge of one business send (B2-B7): the conversation it opens or is covered by, the contact's
 * first unique visit of the month, and the debit of credit, quota or balance, in one D1 batch.
 */
import { chunksOf, type Db } from "../../db/client";
import {
  type ChannelPolicy,
  conversationLength,
  hasConversations,
  isPriced,
  visitorScope,
} from "../../domain/channel-policy";
import {
  CONVERSATION_MS,
  type ConversationCategory,
  coveringConversation,
  dayOf,
  planSend,
  type WalletChange,
  type WalletName,
  type Wallets,
} from "../../domain/pricing";
import { Problem } from "../../lib/problem";
import { type Account, currentAccount } from "./account";
import { changedRows, commit, type Write } from "./batch";
import {
  CONVERSATION_ROWS_PER_INSERT,
  type ConversationRow,
  conversationInsert,
  conversationUse,
  openConversations,
} from "./conversations-repo";
import { LEDGER_ROWS_PER_INSERT, type LedgerRow, ledgerInsert } from "./ledger-repo";
import { findVisitor, VISITOR_ROWS_PER_INSERT, type VisitorRow, visitorInsert } from "./visitors-repo";
import { COLUMN, walletUpdate } from "./wallets-repo";

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

export const isVisitorKey = (key: string) => key.startsWith("visitor:");

/** What earlier passes of one charge committed, when the conversation they were covered by vanished. */
export interface Carried {
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
  const visitorKey = { channelId: visitorScopeOf(s), externalId: s.contactExternalId, month: account.period };
  const [open, visitor] = await Promise.all([
    openConversations(db, {
      ownId: ownConversationId,
      organizationId: s.organizationId,
      channelId: s.channelId,
      contactId: s.contactId,
      externalId: s.contactExternalId,
      now: s.now,
    }),
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
  const covering = hasConversations(s.policy) ? coveringConversation(s.send, open, s.now) : null;
  const receipt = planCharge(s, account, account.wallets, { visitorCounted: !!visitor, covering }, carried);
  if (!receipt) throw insufficientBalance();
  const category = receipt.conversationId ? receipt.category : null;
  const fresh = receipt.entries.slice(carried.entries.length);
  const rows = chargeRows(s, receipt, fresh, { newVisitor: !visitor, category, month: account.period });
  const writes = [...rowWrites(db, s.organizationId, rows, s.now)];
  // B2: the covering conversation counts this send too, so refunding its opener keeps it paid (last).
  if (covering) writes.push(conversationUse(db, covering.id, s.now));
  const results = await commit(db, writes);
  // A concurrent charge took the visitor or the balance first: plan again with fresh amounts.
  if (!results) return null;
  if (!covering || changedRows(results.at(-1)) === 1) return receipt;
  // The covering conversation was refunded away between the read and the batch: what this pass
  // paid stays paid (and in the receipt); the next pass opens the conversation this send needs.
  carried.entries.push(...fresh);
  if (!visitor) carried.uniqueVisitor = receipt.uniqueVisitor;
  return null;
}

/**
 * The receipt of one send planned against `wallets` (B2-B6): the conversation it opens (none when
 * `covering` covers it, or its kind has none), the month's first visit unless counted already, and
 * the debits with their idempotency keys from the message. Null when the balance cannot pay.
 */
export function planCharge(
  s: SendToCharge,
  account: Pick<Account, "timeZone" | "period" | "prices">,
  wallets: Wallets,
  known: { visitorCounted: boolean; covering: { id: string; category: ConversationCategory } | null },
  carried: Carried = { entries: [], uniqueVisitor: null },
): Receipt | null {
  const { covering } = known;
  const month = account.period;
  // B6: a kind priced by visitors only (Telegram, LINE, Messenger, Instagram) opens no conversation.
  const category = !hasConversations(s.policy) || covering ? null : s.send === "reply" ? "service" : s.send;
  const plan = planSend({ conversation: category, uniqueVisitor: !known.visitorCounted }, wallets, account.prices);
  if (!plan) return null;
  const conversationId = category ? conversationIdOf(s.messageId) : null;
  return {
    organizationId: s.organizationId,
    timeZone: account.timeZone,
    roomId: s.roomId,
    messageId: s.messageId,
    contactId: s.contactId,
    conversationId,
    coveredConversationId: covering?.id ?? null,
    category: category ?? covering?.category ?? null,
    uniqueVisitor: known.visitorCounted
      ? carried.uniqueVisitor
      : { channelId: visitorScopeOf(s), externalId: s.contactExternalId, month },
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
}

/** The rows one charge writes: its visitor, the conversation it opens, its ledger entries and debits. */
export interface ChargeRows {
  visitors: VisitorRow[];
  conversations: ConversationRow[];
  ledger: LedgerRow[];
  debits: WalletChange[];
}

export function chargeRows(
  s: SendToCharge,
  receipt: Receipt,
  fresh: Receipt["entries"],
  opts: { newVisitor: boolean; category: ConversationCategory | null; month: string },
): ChargeRows {
  const { category, month } = opts;
  const { conversationId, uniqueVisitor } = receipt;
  const day = dayOf(s.now, receipt.timeZone);
  const rows: ChargeRows = { visitors: [], conversations: [], ledger: [], debits: [] };
  if (opts.newVisitor && uniqueVisitor) {
    rows.visitors.push({ ...uniqueVisitor, organizationId: s.organizationId, firstSeenAt: s.now });
  }
  if (category && conversationId) {
    rows.conversations.push({
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
    });
  }
  for (const e of fresh) {
    const forVisitor = isVisitorKey(e.idempotencyKey);
    rows.ledger.push({
      organizationId: s.organizationId,
      idempotencyKey: e.idempotencyKey,
      wallet: COLUMN[e.wallet],
      amount: -e.amount,
      reason: forVisitor ? "unique_visitor" : category === "service" ? "service_conversation" : "business_conversation",
      category: forVisitor ? null : category,
      conversationId: forVisitor ? null : conversationId,
      roomId: s.roomId,
      messageId: s.messageId,
      contactId: s.contactId,
      month,
      day,
      createdAt: s.now,
    });
    rows.debits.push({ wallet: e.wallet, delta: -e.amount });
  }
  return rows;
}

/**
 * The statements of charge rows (one send's, or a campaign batch's merged): visitors, conversations,
 * ledger entries (several rows per INSERT, D1's 100 parameters per statement), one wallet debit.
 */
export function* rowWrites(db: Db, organizationId: string, rows: ChargeRows, now: number): Generator<Write> {
  for (const chunk of chunksOf(rows.visitors, VISITOR_ROWS_PER_INSERT)) yield visitorInsert(db, chunk);
  for (const chunk of chunksOf(rows.conversations, CONVERSATION_ROWS_PER_INSERT)) yield conversationInsert(db, chunk);
  for (const chunk of chunksOf(rows.ledger, LEDGER_ROWS_PER_INSERT)) yield ledgerInsert(db, chunk);
  if (rows.debits.length > 0) yield walletUpdate(db, organizationId, rows.debits, now);
}

/** Rule B6: where the send's unique visitor is counted (a WhatsApp number: across the organization's numbers). */
export const visitorScopeOf = (s: Pick<SendToCharge, "policy" | "organizationId" | "channelId">) =>
  visitorScope(s.policy, s.organizationId, s.channelId);
