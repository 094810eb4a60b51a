/**
 * Rule I2: the 24-hour customer-service window opens or extends at every inbound customer message and
 * closes 24 h after the latest one, by the provider's message timestamp. Out-of-order deliveries never
 * shorten it: the latest timestamp wins.
 */
export const WINDOW_MS = 24 * 3_600_000;

export type WindowState =
  | { state: "open"; expiresAt: number; msLeft: number }
  | { state: "expired"; expiresAt: number }
  | { state: "none" };

export function windowExpiresAt(lastCustomerMessageAt: number | null): number | null {
  return lastCustomerMessageAt === null ? null : lastCustomerMessageAt + WINDOW_MS;
}

/** Open at 23:59:59.999 after the customer's last message, expired at exactly 24:00:00. */
export function windowState(lastCustomerMessageAt: number | null, now: number): WindowState {
  const expiresAt = windowExpiresAt(lastCustomerMessageAt);
  if (expiresAt === null) return { state: "none" };
  return now < expiresAt ? { state: "open", expiresAt, msLeft: expiresAt - now } : { state: "expired", expiresAt };
}

export function isWindowOpen(lastCustomerMessageAt: number | null, now: number): boolean {
  return windowState(lastCustomerMessageAt, now).state === "open";
}

/** The window after an inbound message sent at `sentAt`: never moves backwards. */
export function extendWindow(lastCustomerMessageAt: number | null, sentAt: number): number {
  return lastCustomerMessageAt === null ? sentAt : Math.max(lastCustomerMessageAt, sentAt);
}
