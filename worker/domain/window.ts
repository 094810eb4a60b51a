/**
 * Rule I2: the customer-service window (WhatsApp: 24 hours) opens or extends at every inbound customer
 * message and closes the kind's `replyWindowMs` after the latest one, by the provider's message
 * timestamp. Out-of-order deliveries never shorten it: the latest timestamp wins. A kind without a
 * window (`replyWindowMs` null) is always open and has no expiry. Every function defaults to WhatsApp.
 */
import { type ChannelPolicy, WHATSAPP_POLICY } from "./channel-policy";

export const WINDOW_MS = 24 * 3_600_000;

export type WindowState =
  | { state: "open"; expiresAt: number; msLeft: number }
  | { state: "expired"; expiresAt: number }
  | { state: "none" };

export function windowExpiresAt(
  lastCustomerMessageAt: number | null,
  policy: ChannelPolicy = WHATSAPP_POLICY,
): number | null {
  if (lastCustomerMessageAt === null || policy.replyWindowMs === null) return null;
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

/** The window after an inbound message sent at `sentAt`: never moves backwards. */
export function extendWindow(lastCustomerMessageAt: number | null, sentAt: number): number {
  return lastCustomerMessageAt === null ? sentAt : Math.max(lastCustomerMessageAt, sentAt);
}
