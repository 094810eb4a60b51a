/**
 * Rule I2: the customer-service window (WhatsApp: 24 hours) opens or extends at every inbound customer
 * message and closes the kind's `replyWindowMs` after the latest one, by the provider's message
 * timestamp. Out-of-order deliveries never shorten it: the latest timestamp wins. A kind without a
 * window (`replyWindowMs` null) is always open and has no expiry. Every function defaults to WhatsApp.
 *
 * Provider timestamps are signed but not trusted (issue 11, finding 3): a message may be dated at most
 * `FUTURE_ALLOWANCE_MS` (5 minutes: clock skew between Meta and us) after we received it; a later or
 * unreadable date is replaced by the receive time. The window opens from the earlier of the message's
 * date and its receive time, so no message keeps it open longer than 24 hours after it arrived, and
 * every time computed here stays a real date a Durable Object alarm accepts (workerd refuses dates
 * after 2189; `LATEST_TIME_MS` is 2100).
 */
import { type ChannelPolicy, WHATSAPP_POLICY } from "./channel-policy";

export const WINDOW_MS = 24 * 3_600_000;
/** Rule I2: how far ahead of its receive time a provider may date a message (clock skew). */
export const FUTURE_ALLOWANCE_MS = 5 * 60_000;
/** No time this product computes is later than 2100-01-01: past it, a stored time is corrupt. */
export const LATEST_TIME_MS = Date.UTC(2100, 0, 1);

const isTime = (ms: number): boolean => Number.isFinite(ms) && ms >= 0 && ms <= LATEST_TIME_MS;

/**
 * A provider's timestamp as we keep it: as given when it is a real time no later than the receive
 * time plus the allowance, otherwise the receive time (rule I2, G6: the message is kept, its date is not).
 */
export function boundProviderTime(at: number, receivedAt: number): number {
  return isTime(at) && at <= receivedAt + FUTURE_ALLOWANCE_MS ? at : receivedAt;
}

export type WindowState =
  | { state: "open"; expiresAt: number; msLeft: number }
  | { state: "expired"; expiresAt: number }
  | { state: "none" };

export function windowExpiresAt(
  lastCustomerMessageAt: number | null,
  policy: ChannelPolicy = WHATSAPP_POLICY,
): number | null {
  if (lastCustomerMessageAt === null || policy.replyWindowMs === null) return null;
  // A corrupt stored time (stored before times were bounded) opens no window rather than an endless one.
  if (!isTime(lastCustomerMessageAt)) return null;
  return lastCustomerMessageAt + policy.replyWindowMs;
}

/** Open at 23:59:59.999 after the customer's last message, expired at exactly 24:00:00. */
export function windowState(
  lastCustomerMessageAt: number | null,
  now: number,
  policy: ChannelPolicy = WHATSAPP_POLICY,
): WindowState {
  if (policy.replyWindowMs === null) {
    return { state: "open", expiresAt: Number.POSITIVE_INFINITY, msLeft: Number.POSITIVE_INFINITY };
  }
  const expiresAt = windowExpiresAt(lastCustomerMessageAt, policy);
  if (expiresAt === null) return { state: "none" };
  return now < expiresAt ? { state: "open", expiresAt, msLeft: expiresAt - now } : { state: "expired", expiresAt };
}

export function isWindowOpen(
  lastCustomerMessageAt: number | null,
  now: number,
  policy: ChannelPolicy = WHATSAPP_POLICY,
): boolean {
  return windowState(lastCustomerMessageAt, now, policy).state === "open";
}

/**
 * The window after an inbound message sent at `sentAt` and received at `receivedAt`: it never moves
 * backwards, and never starts later than the receive time (the ceiling, rule I2).
 */
export function extendWindow(lastCustomerMessageAt: number | null, sentAt: number, receivedAt: number): number {
  const at = Math.min(boundProviderTime(sentAt, receivedAt), receivedAt);
  const last = lastCustomerMessageAt !== null && isTime(lastCustomerMessageAt) ? lastCustomerMessageAt : null;
  return last === null ? at : Math.max(last, at);
}

/**
 * Messenger and Instagram (rule I2 per kind): past the standard window, a reply is allowed only from a
 * human, tagged HUMAN_AGENT, until `humanAgentWindowMs` after the customer's last message. True when
 * such a reply must carry the tag now; false inside the window, or when the kind has no such tag.
 */
export function humanAgentTagApplies(
  lastCustomerMessageAt: number | null,
  now: number,
  policy: ChannelPolicy,
): boolean {
  if (!policy.humanAgentWindowMs || lastCustomerMessageAt === null || !isTime(lastCustomerMessageAt)) return false;
  if (windowState(lastCustomerMessageAt, now, policy).state === "open") return false;
  return now < lastCustomerMessageAt + policy.humanAgentWindowMs;
}
