import { createRoute } from "@hono/zod-openapi";
import { monthOf } from "../domain/pricing";
import { ledgerPage, organizationTimeZone, packageOf } from "../features/billing/repo";
import { creditTopup, currentAccount } from "../features/billing/service";
import { usageOf } from "../features/billing/usage";
import { actorOf, allows, authorized, requires } from "../lib/auth";
import { clock } from "../lib/clock";
import { Problem, problems } from "../lib/problem";
import { authed, createRouter, errors, json, jsonBody } from "../lib/router";
import { paymentProviderFor } from "../payments/provider";
import {
  LedgerQuerySchema,
  LedgerSchema,
  TopupBodySchema,
  TopupResultSchema,
  UsageQuerySchema,
  UsageSchema,
} from "../schemas/billing";

/** Finance > Billing usage, the ledger and top-ups (rules B1-B8): admins only (A3). */
export const billingRoutes = createRouter();

/**
 * The inbox warns below this much WhatsApp balance (package + top-up). Rule B5: templates and other
 * business-initiated sends are paid from the balance only, so free service credit left does not make
 * a low balance safe: they start failing with 402 while replies still go out.
 */
const LOW_BALANCE = 20_000;

const usage = createRoute({
  method: "get",
  path: "/usage",
  tags: ["billing"],
  summary: "Remaining credit and balances, conversations by category, unique visitors and spend for a month",
  security: authed,
  request: { query: UsageQuerySchema },
  responses: { 200: json(UsageSchema), 400: errors[400], 401: errors[401], 403: errors[403] },
});

billingRoutes.openapi(usage, async (c) => {
  const actor = actorOf(c);
  // Everyone may see whether the balance is low (the inbox banner); the figures are for admins.
  const db = c.get("db");
  const now = clock.now();
  const account = await currentAccount(db, actor.organizationId, now);
  // The account knows the tenant's time zone; only an unbilled organization needs it read.
  const timeZone = account?.timeZone ?? (await organizationTimeZone(db, actor.organizationId)) ?? "Asia/Jakarta";
  const month = c.req.valid("query").month ?? monthOf(now, timeZone);
  const remaining = account?.wallets ?? null;
  // Rule B5: low whenever business-initiated sends are at risk, i.e. the WhatsApp balance is low
  // (service replies, with credit or without, are then at risk too).
  const lowBalance = remaining !== null && remaining.packageBalance + remaining.topupBalance < LOW_BALANCE;
  // The figures need what the ledger needs: an admin, and for an API key its `admin` scope too.
  if (!allows(actor, "finance.manage")) {
    return c.json(
      {
        month,
        timeZone,
        billed: account !== null,
        package: null,
        remaining: null,
        lowBalance,
        conversations: { service: 0, MARKETING: 0, UTILITY: 0, AUTHENTICATION: 0, total: 0 },
        uniqueVisitors: 0,
        spend: { rupiah: 0, conversationCreditUsed: 0, muvQuotaUsed: 0 },
        byDay: [],
      },
      200,
    );
  }
  const pkg = await packageOf(db, actor.organizationId);
  return c.json(
    {
      month,
      timeZone,
      billed: account !== null,
      package: pkg
        ? {
            monthlyConversationCredit: pkg.monthlyConversationCredit,
            muvQuota: pkg.muvQuota,
            packageBalance: pkg.packageBalance,
            prices: {
              service: pkg.priceService,
              MARKETING: pkg.priceMarketing,
              UTILITY: pkg.priceUtility,
              AUTHENTICATION: pkg.priceAuthentication,
              muv: pkg.priceMuv,
            },
          }
        : null,
      remaining,
      lowBalance,
      ...(await usageOf(db, actor.organizationId, month)),
    },
    200,
  );
});

const ledger = createRoute({
  method: "get",
  path: "/ledger",
  tags: ["billing"],
  summary:
    "Every use of credit or money, newest first (optionally one month); each names the room and message that caused it",
  security: authed,
  ...requires("finance.manage"),
  request: { query: LedgerQuerySchema },
  responses: { 200: json(LedgerSchema), 400: errors[400], 401: errors[401], 403: errors[403] },
});

billingRoutes.openapi(ledger, async (c) => {
  const actor = authorized(c, "finance.manage");
  const { cursor, limit, month } = c.req.valid("query");
  const page = await ledgerPage(c.get("db"), actor.organizationId, {
    before: cursor ? Number(cursor) : undefined,
    month,
    limit,
  });
  return c.json(
    {
      entries: page.entries.map(({ organizationId: _o, idempotencyKey: _k, ...e }) => e),
      nextCursor: page.nextCursor,
    },
    200,
  );
});

const topup = createRoute({
  method: "post",
  path: "/topups",
  tags: ["billing"],
  summary:
    "Top up the WhatsApp or voice balance (voice at least Rp 50,000, B8). Send an Idempotency-Key header to retry safely",
  security: authed,
  ...requires("finance.manage"),
  request: { body: jsonBody(TopupBodySchema) },
  responses: {
    201: json(TopupResultSchema, "Credited"),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    422: errors[422],
  },
});

billingRoutes.openapi(topup, async (c) => {
  const actor = authorized(c, "finance.manage");
  const db = c.get("db");
  const body = c.req.valid("json");
  const now = clock.now();
  const account = await currentAccount(db, actor.organizationId, now);
  if (!account) throw problems.unprocessable("no_package", "This organization has no package to top up.");
  const key = (c.req.header("Idempotency-Key") ?? crypto.randomUUID()).slice(0, 100);
  const outcome = await paymentProviderFor(c.env).pay({ organizationId: actor.organizationId, ...body, key });
  if (outcome.status !== "succeeded") {
    throw new Problem(503, "payments_unavailable", "Top-ups are not available yet: no payment provider is configured.");
  }
  const wallet = body.wallet === "voice" ? "voiceBalance" : "topupBalance";
  const credited = await creditTopup(db, account, wallet, body.amount, key, now);
  const after = await currentAccount(db, actor.organizationId, now);
  return c.json({ credited, remaining: after?.wallets ?? account.wallets }, 201);
});
