/**
 * Billing's use cases (rules B1-B8), one module each: the account of a month and its reset
 * (`account.ts`), charging a send (`charge.ts`, `charge-batch.ts` for a campaign's batch), refunding one
 * (`refund.ts`), top-ups (`topup.ts`); the usage page is `usage.ts`. The rules themselves are pure, in
 * `domain/pricing.ts`; the queries are in `repo.ts`. This module is their one entry for code outside billing.
 */
export type { Debit } from "../../domain/pricing";
export * from "./account";
export * from "./charge";
export * from "./charge-batch";
export * from "./refund";
export * from "./topup";
