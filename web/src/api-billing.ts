/**
 * Finance (rules B1-B8) for the web app: everyone may ask for `lowBalance`; the figures, ledger and
 * top-ups are for admins. Types come from the worker's zod schemas (type-only imports), as in api.ts.
 */
import type { z } from "@hono/zod-openapi";
import type {
  BillingUsage,
  LedgerQuerySchema,
  LedgerSchema,
  TopupBodySchema,
  TopupResultSchema,
  UsageQuerySchema,
} from "../../worker/schemas/billing";
import { authed, q } from "./http";

export type { BillingUsage, LedgerEntry } from "../../worker/schemas/billing";

type Out<S extends z.ZodType> = z.infer<S>;
type Query<S extends z.ZodType> = Partial<z.infer<S>>;

export type Wallets = NonNullable<BillingUsage["remaining"]>;
export type TopupBody = z.input<typeof TopupBodySchema>;
export type TopupWallet = TopupBody["wallet"];

export const billingApi = {
  billingUsage: (month?: string) =>
    authed<BillingUsage>("GET", `/api/billing/usage${q({ month } satisfies Query<typeof UsageQuerySchema>)}`),
  ledger: (params: Omit<Query<typeof LedgerQuerySchema>, "month"> = {}) =>
    authed<Out<typeof LedgerSchema>>("GET", `/api/billing/ledger${q(params)}`),
  /** The same `idempotencyKey` for a retry of the same top-up: it is credited once. */
  topup: (body: TopupBody, idempotencyKey: string) =>
    authed<Out<typeof TopupResultSchema>>("POST", "/api/billing/topups", body, {
      "Idempotency-Key": idempotencyKey,
    }),
};
