import { createRoute } from "@hono/zod-openapi";
import { channelOf } from "../db/channels";
import { dailyLimitOf } from "../domain/messaging-limit";
import { setTier } from "../features/campaigns/limits";
import { setMessagesPerSecond } from "../features/campaigns/throughput";
import { authorized, requires } from "../lib/auth";
import { clock } from "../lib/clock";
import { problems } from "../lib/problem";
import { authed, createRouter, errors, json, jsonBody } from "../lib/router";
import {
  MessagingLimitBodySchema,
  MessagingLimitSchema,
  ThroughputBodySchema,
  ThroughputParamSchema,
  ThroughputSchema,
} from "../schemas/campaigns";

/**
 * A number's campaign settings (issue 13), under its channel: the send rate and Meta's daily messaging
 * limit tier. Admins only (A3, `broadcasts.manage`), like the campaigns they pace.
 */
export const channelCampaignRoutes = createRouter();
const PERMISSION = "broadcasts.manage";
const tags = ["campaigns"];

const throughput = createRoute({
  method: "put",
  path: "/{channelId}/campaign-throughput",
  tags,
  summary: "A channel's messages per second for campaigns (80 by default; Meta raises numbers to 1,000)",
  security: authed,
  ...requires(PERMISSION),
  request: { params: ThroughputParamSchema, body: jsonBody(ThroughputBodySchema) },
  responses: { 200: json(ThroughputSchema), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404] },
});

channelCampaignRoutes.openapi(throughput, async (c) => {
  const actor = authorized(c, PERMISSION);
  const { channelId } = c.req.valid("param");
  if (!(await channelOf(c.get("db"), actor.organizationId, channelId))) throw problems.notFound("channel");
  const { messagesPerSecond } = c.req.valid("json");
  await setMessagesPerSecond(c.get("db"), channelId, messagesPerSecond, clock.now());
  return c.json({ channelId, messagesPerSecond }, 200);
});

const messagingLimit = createRoute({
  method: "put",
  path: "/{channelId}/messaging-limit",
  tags,
  summary:
    "A number's daily messaging limit (Meta's tier: unique customers per moving 24 h; TIER_250 until set). " +
    "Campaigns are budgeted against it (issue 13, item 6)",
  security: authed,
  ...requires(PERMISSION),
  request: { params: ThroughputParamSchema, body: jsonBody(MessagingLimitBodySchema) },
  responses: {
    200: json(MessagingLimitSchema),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
  },
});

channelCampaignRoutes.openapi(messagingLimit, async (c) => {
  const actor = authorized(c, PERMISSION);
  const { channelId } = c.req.valid("param");
  if (!(await channelOf(c.get("db"), actor.organizationId, channelId))) throw problems.notFound("channel");
  const { tier } = c.req.valid("json");
  await setTier(c.get("db"), channelId, tier, clock.now());
  return c.json({ channelId, tier, limit: dailyLimitOf(tier) }, 200);
});
