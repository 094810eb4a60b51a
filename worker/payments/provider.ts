import { isDevelopment } from "../lib/env";

/**
 * How a top-up is paid. Development credits at once; production needs a payment provider (a card or
 * bank-transfer gateway) plugged in here: `pay` then answers `pending` with a checkout URL, and the
 * provider's signed callback credits the wallet through the same idempotent `creditTopup`.
 */
export type PaymentOutcome = { status: "succeeded" } | { status: "unavailable" };

export interface PaymentProvider {
  pay(request: {
    organizationId: string;
    amount: number;
    wallet: "whatsapp" | "voice";
    key: string;
  }): Promise<PaymentOutcome>;
}

const instant: PaymentProvider = { pay: async () => ({ status: "succeeded" }) };
const none: PaymentProvider = { pay: async () => ({ status: "unavailable" }) };

export function paymentProviderFor(env: Env): PaymentProvider {
  return isDevelopment(env) ? instant : none;
}
