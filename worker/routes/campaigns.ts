import { createRoute, z } from "@hono/zod-openapi";
import { reasonInWords } from "../domain/campaign";
import { listCampaigns } from "../features/campaigns/repo";
import {
  campaignOf,
  campaignView,
  cancelCampaign,
  createCampaign,
  estimateOnly,
  liveView,
  recipientJson,
  retryCampaign,
} from "../features/campaigns/service";
import { authorized, requires } from "../lib/auth";
import { csvContent, csvLine, csvResponse } from "../lib/csv";
import { authed, createRouter, errors, json, jsonBody } from "../lib/router";
import {
  CampaignEstimateSchema,
  CampaignIdParamSchema,
  CampaignListQuerySchema,
  CampaignListSchema,
  CampaignViewSchema,
  CreateCampaignBodySchema,
  RecipientListQuerySchema,
  RecipientListSchema,
  RetryResultSchema,
} from "../schemas/campaigns";

/**
 * Broadcast campaigns (T6-T9, issue 13): admins only (A3, permission `broadcasts.manage`), with a
 * session or a tenant API key (T9). Live progress: GET /{id} answers the campaign object's counts
 * as they are now (poll it about once a second); the list answers the D1 index, written by the
 * object at most once a second while it runs.
 */
export const campaignRoutes = createRouter();
const PERMISSION = "broadcasts.manage";
const tags = ["campaigns"];

const create = createRoute({
  method: "post",
  path: "/",
  tags,
  summary:
    "Create a campaign: a template to a list or one number, now or at scheduledAt (T6). 422 template_not_approved, " +
    "variable_unmapped, header_media_missing, template_header_media_invalid, template_header_media_unexpected, media_too_large, phone_invalid, scheduled_at_invalid, balance_short (T7), " +
    "messaging_limit_exceeded (the number's daily messaging limit; both unless allowPartial). " +
    "An Idempotency-Key header makes a retried create answer the same campaign (200).",
  security: authed,
  ...requires(PERMISSION),
  request: {
    body: jsonBody(CreateCampaignBodySchema),
    headers: z.object({ "idempotency-key": z.string().min(1).max(128).optional() }),
  },
  responses: {
    200: json(CampaignViewSchema, "The campaign an earlier request with this Idempotency-Key created"),
    201: json(CampaignViewSchema, "Created: scheduled or running"),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
    422: errors[422],
  },
});

campaignRoutes.openapi(create, async (c) => {
  const actor = authorized(c, PERMISSION);
  const key = c.req.valid("header")["idempotency-key"] ?? null;
  const { created, view } = await createCampaign(c.env, c.get("db"), actor, c.req.valid("json"), key);
  return c.json(view, created ? 201 : 200);
});

const estimate = createRoute({
  method: "post",
  path: "/estimate",
  tags,
  summary:
    "The pre-send estimate of a create request (same body; nothing is queued): recipients, unique recipients, " +
    "skipped (opted out, 131049), cost by category, balance and shortfall, and unique recipients against the " +
    "number's daily messaging limit. The same 404/422 refusals as create, except balance_short and messaging_limit_exceeded.",
  security: authed,
  ...requires(PERMISSION),
  request: { body: jsonBody(CreateCampaignBodySchema) },
  responses: {
    200: json(CampaignEstimateSchema),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    422: errors[422],
  },
});

campaignRoutes.openapi(estimate, async (c) => {
  const actor = authorized(c, PERMISSION);
  return c.json(await estimateOnly(c.env, c.get("db"), actor, c.req.valid("json")), 200);
});

const list = createRoute({
  method: "get",
  path: "/",
  tags,
  summary: "The organization's campaigns, newest first (counts as of the last second)",
  security: authed,
  ...requires(PERMISSION),
  request: { query: CampaignListQuerySchema },
  responses: { 200: json(CampaignListSchema), 400: errors[400], 401: errors[401], 403: errors[403] },
});

campaignRoutes.openapi(list, async (c) => {
  const actor = authorized(c, PERMISSION);
  const query = c.req.valid("query");
  const rows = await listCampaigns(c.get("db"), actor.organizationId, query);
  const page = rows.slice(0, query.limit);
  const nextCursor = rows.length > query.limit ? (page.at(-1)?.id ?? null) : null;
  return c.json({ campaigns: page.map((r) => campaignView(r)), nextCursor }, 200);
});

const read = createRoute({
  method: "get",
  path: "/{id}",
  tags,
  summary: "One campaign: status, counts per recipient state, cost so far, estimate (live; poll for progress)",
  security: authed,
  ...requires(PERMISSION),
  request: { params: CampaignIdParamSchema },
  responses: { 200: json(CampaignViewSchema), 401: errors[401], 403: errors[403], 404: errors[404] },
});

campaignRoutes.openapi(read, async (c) => {
  const actor = authorized(c, PERMISSION);
  return c.json(await liveView(c.env, c.get("db"), actor.organizationId, c.req.valid("param").id), 200);
});

const recipients = createRoute({
  method: "get",
  path: "/{id}/recipients",
  tags,
  summary: "A page of the campaign's recipients in list order, filtered by state; nextCursor pages on",
  security: authed,
  ...requires(PERMISSION),
  request: { params: CampaignIdParamSchema, query: RecipientListQuerySchema },
  responses: { 200: json(RecipientListSchema), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404] },
});

campaignRoutes.openapi(recipients, async (c) => {
  const actor = authorized(c, PERMISSION);
  const query = c.req.valid("query");
  const { stub } = await campaignOf(c.env, c.get("db"), actor.organizationId, c.req.valid("param").id);
  const rows = await stub.recipients({ state: query.status, after: Number(query.cursor ?? 0), limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const nextCursor = rows.length > query.limit ? String(page.at(-1)?.id ?? "") : null;
  return c.json({ recipients: page.map(recipientJson), nextCursor }, 200);
});

const report = createRoute({
  method: "get",
  path: "/{id}/recipients.csv",
  tags,
  summary: "The per-recipient report as CSV: phone, state, reason, the reason in words, provider message id",
  security: authed,
  ...requires(PERMISSION),
  request: { params: CampaignIdParamSchema },
  responses: {
    200: csvContent,
    401: errors[401],
    403: errors[403],
    404: errors[404],
  },
});

campaignRoutes.openapi(report, async (c) => {
  const actor = authorized(c, PERMISSION);
  const { row, stub } = await campaignOf(c.env, c.get("db"), actor.organizationId, c.req.valid("param").id);
  const lines = ["row,phone,state,reason,reason_text,provider_message_id,updated_at"];
  for (let after = 0; ; ) {
    const page = await stub.recipients({ after, limit: 1000 });
    for (const r of page) {
      const cells = [r.id, r.phone, r.state, r.reason, reasonInWords(r.reason), r.providerMessageId];
      lines.push(csvLine([...cells, new Date(r.updatedAt).toISOString()]));
    }
    if (page.length < 1000) break;
    after = page.at(-1)?.id ?? after;
  }
  return csvResponse(`${lines.join("\r\n")}\r\n`, `${row.id}-recipients.csv`);
});

const cancel = createRoute({
  method: "post",
  path: "/{id}/cancel",
  tags,
  summary: "Cancel: nothing more is sent (within 2 s); recipients not yet sent end cancelled",
  security: authed,
  ...requires(PERMISSION),
  request: { params: CampaignIdParamSchema },
  responses: { 200: json(CampaignViewSchema), 401: errors[401], 403: errors[403], 404: errors[404] },
});

campaignRoutes.openapi(cancel, async (c) => {
  const actor = authorized(c, PERMISSION);
  return c.json(await cancelCampaign(c.env, c.get("db"), actor.organizationId, c.req.valid("param").id), 200);
});

const retry = createRoute({
  method: "post",
  path: "/{id}/retry",
  tags,
  summary:
    "Re-queue failed recipients (T7, e.g. after a top-up); opted-out ones stay failed. 409 campaign_running while it runs",
  security: authed,
  ...requires(PERMISSION),
  request: { params: CampaignIdParamSchema },
  responses: {
    200: json(RetryResultSchema),
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
    422: errors[422],
  },
});

campaignRoutes.openapi(retry, async (c) => {
  const actor = authorized(c, PERMISSION);
  return c.json(await retryCampaign(c.env, c.get("db"), actor.organizationId, c.req.valid("param").id), 200);
});
