/**
 * Billing rules B1-B7 as pure functions: what a send costs and which wallet pays, month boundaries in
 * the tenant's time zone, the monthly reset. Amounts are integer rupiah; credit and quota are counts.
 * Whether and how a send is priced is the channel kind's (`channel-policy.ts`); the functions that
 * take a policy default to WhatsApp's conversation pricing.
 */
import { type ChannelPolicy, conversationLength, hasConversations, isPriced, WHATSAPP_POLICY } from "./channel-policy";
import { wallDate } from "./wall-clock";

/** B2: WhatsApp's conversation length; another kind's is `conversationLength(policyOf(kind))`. */
export const CONVERSATION_MS = conversationLength(WHATSAPP_POLICY) ?? 0;

/** Smallest top-ups, in rupiah: voice per rule B8; WhatsApp by choice (a payment costs a fee). */
export const MIN_TOPUP = { whatsapp: 10_000, voice: 50_000 } as const;

export type ConversationCategory = "service" | "MARKETING" | "UTILITY" | "AUTHENTICATION";

export interface Wallets {
  conversationCredit: number;
  muvQuota: number;
  packageBalance: number;
  topupBalance: number;
  voiceBalance: number;
}
export type WalletName = keyof Wallets;

export interface Prices {
  service: number;
  MARKETING: number;
  UTILITY: number;
  AUTHENTICATION: number;
  muv: number;
}

export interface PackageAmounts {
  monthlyConversationCredit: number;
  muvQuota: number;
  packageBalance: number;
}

export interface Debit {
  wallet: WalletName;
  amount: number;
}

/** The WhatsApp balance pays package part first, then top-up (B5); null when both together fall short. */
export function payFromBalance(w: Wallets, cost: number): Debit[] | null {
  if (cost <= 0) return [];
  if (w.packageBalance + w.topupBalance < cost) return null;
  const fromPackage = Math.min(w.packageBalance, cost);
  const debits: Debit[] = [];
  if (fromPackage > 0) debits.push({ wallet: "packageBalance", amount: fromPackage });
  if (cost > fromPackage) debits.push({ wallet: "topupBalance", amount: cost - fromPackage });
  return debits;
}

/**
 * B5: a service conversation uses a Monthly Conversation Credit first, then the WhatsApp balance at
 * the service price; a business-initiated one the WhatsApp balance at its category's price.
 */
export function planConversation(category: ConversationCategory, w: Wallets, prices: Prices): Debit[] | null {
  if (category === "service") {
    return w.conversationCredit >= 1
      ? [{ wallet: "conversationCredit", amount: 1 }]
      : payFromBalance(w, prices.service);
  }
  return payFromBalance(w, prices[category]);
}

/**
 * B6: a unique visitor uses the monthly quota first, then the WhatsApp balance at the MUV price.
 *
 * When a visitor counts: at the business's first send to that contact in the month (the first charge
 * of `planSend` with `uniqueVisitor: true`), not when the customer first writes. B2 says a customer
 * message nobody answers costs nothing; counting the visitor on arrival would charge the quota or
 * Rp 600 for exactly that unanswered customer (and for spam). A refunded first send frees the visitor
 * again, so only a contact the business actually reached in the month is a unique visitor.
 */
export function planUniqueVisitor(w: Wallets, prices: Prices): Debit[] | null {
  return w.muvQuota >= 1 ? [{ wallet: "muvQuota", amount: 1 }] : payFromBalance(w, prices.muv);
}

export function applyDebits(w: Wallets, debits: readonly Debit[]): Wallets {
  const next = { ...w };
  for (const d of debits) next[d.wallet] -= d.amount;
  return next;
}

/**
 * What one business send costs (B2, B3, B6): a new conversation when none covering it is open, and a
 * unique visitor when it is the contact's first in the month. Null when it cannot be paid. A kind
 * whose sends are not priced costs nothing.
 */
export function planSend(
  need: { conversation: ConversationCategory | null; uniqueVisitor: boolean },
  w: Wallets,
  prices: Prices,
  policy: ChannelPolicy = WHATSAPP_POLICY,
): { uniqueVisitor: Debit[]; conversation: Debit[] } | null {
  if (!isPriced(policy)) return { uniqueVisitor: [], conversation: [] };
  const uniqueVisitor = need.uniqueVisitor ? planUniqueVisitor(w, prices) : [];
  if (!uniqueVisitor) return null;
  const conversation = need.conversation
    ? planConversation(need.conversation, applyDebits(w, uniqueVisitor), prices)
    : [];
  if (!conversation) return null;
  return { uniqueVisitor, conversation };
}

export interface OpenConversation {
  category: ConversationCategory;
  expiresAt: number;
}

/**
 * Which conversation a send needs. A free-form reply is covered by any open conversation of the
 * contact on that channel (a business-initiated one included: the customer answered it); otherwise it
 * opens a service conversation (B2). A template is covered only by an open conversation of its own
 * category, otherwise it opens one (B3). A kind whose sends are not priced never needs one.
 */
export function conversationNeeded(
  send: "reply" | Exclude<ConversationCategory, "service">,
  open: readonly OpenConversation[],
  now: number,
  policy: ChannelPolicy = WHATSAPP_POLICY,
): ConversationCategory | null {
  if (!hasConversations(policy)) return null;
  return coveringConversation(send, open, now) ? null : send === "reply" ? "service" : send;
}

/**
 * The open conversation a send is charged against (B2, B3), or null when it needs a new one: for a
 * reply any live conversation, for a template a live one of its category; the one lasting longest.
 */
export function coveringConversation<C extends OpenConversation>(
  send: "reply" | Exclude<ConversationCategory, "service">,
  open: readonly C[],
  now: number,
): C | null {
  const live = open.filter((c) => c.expiresAt > now && (send === "reply" || c.category === send));
  return live.reduce<C | null>((best, c) => (best && best.expiresAt >= c.expiresAt ? best : c), null);
}

/**
 * B1: whether the package month must be reset. Only forward: a `now` older than the wallets' period
 * (a request that waited, a late cron tick) never resets back to an earlier month. `period` is
 * YYYY-MM, or "" for a wallet never reset, so string order is month order.
 */
export function resetDue(period: string, month: string): boolean {
  return month > period;
}

/** The package month (YYYY-MM) of an instant in the tenant's time zone (B1). */
export function monthOf(now: number, timeZone: string): string {
  return dayOf(now, timeZone).slice(0, 7);
}

export function dayOf(now: number, timeZone: string): string {
  return wallDate(now, timeZone);
}

export interface WalletChange {
  wallet: WalletName;
  /** Signed: positive adds, negative removes. */
  delta: number;
}

/**
 * B1: at a new month the package amounts are set again (unused credit, quota and package balance do
 * not carry over); top-up and voice balances carry over. Returns the signed change per wallet.
 */
export function resetChanges(w: Wallets, pkg: PackageAmounts): WalletChange[] {
  const target: Partial<Wallets> = {
    conversationCredit: pkg.monthlyConversationCredit,
    muvQuota: pkg.muvQuota,
    packageBalance: pkg.packageBalance,
  };
  return (Object.keys(target) as WalletName[])
    .map((wallet) => ({ wallet, delta: (target[wallet] ?? 0) - w[wallet] }))
    .filter((d) => d.delta !== 0);
}
