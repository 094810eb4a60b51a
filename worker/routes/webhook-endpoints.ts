import { createRoute } from "@hono/zod-openapi";
import * as webhooks from "../features/webhooks/service";
import { authorized, requires } from "../lib/auth";
import { authed, createRouter, errors, json, jsonBody } from "../lib/router";
import { IdParamSchema } from "../schemas/identity";
import {
  CreateWebhookEndpointBodySchema,
  PageQuerySchema,
  RecoverBodySchema,
  RecoveredSchema,
  UpdateWebhookEndpointBodySchema,
  WebhookDeliveryListSchema,
  WebhookDeliverySchema,
  WebhookEndpointListSchema,
  WebhookEndpointSchema,
  WebhookEndpointWithSecretSchema,
} from "../schemas/webhook-endpoints";

/**
 * Rule G5: tenant webhook endpoints (admins, or an admin's API key). Deliveries are signed per the
 * Standard Webhooks spec and logged per attempt; `/api/webhook-deliveries/:id/replay` sends one again.
 */
export const webhookEndpointRoutes = createRouter();
export const webhookDeliveryRoutes = createRouter();

const PERMISSION = "integrations.manage" as const;
const base = { tags: ["webhooks"], security: authed, ...requires(PERMISSION) };
const refused = { 401: errors[401], 403: errors[403], 404: errors[404] };

const list = createRoute({
  ...base,
  method: "get",
  path: "/",
  summary: "Webhook endpoints, newest first",
  request: { query: PageQuerySchema },
  responses: { 200: json(WebhookEndpointListSchema), 400: errors[400], ...refused },
});
webhookEndpointRoutes.openapi(list, async (c) => {
  const actor = authorized(c, PERMISSION);
  const { limit, cursor } = c.req.valid("query");
  return c.json(await webhooks.listEndpoints(c.get("db"), actor.organizationId, limit, cursor), 200);
});

const create = createRoute({
  ...base,
  method: "post",
  path: "/",
  summary: "Add an endpoint: the answer holds its signing secret (whsec_...), shown this once",
  request: { body: jsonBody(CreateWebhookEndpointBodySchema) },
  responses: { 201: json(WebhookEndpointWithSecretSchema, "Added"), 400: errors[400], 422: errors[422], ...refused },
});
webhookEndpointRoutes.openapi(create, async (c) => {
  const actor = authorized(c, PERMISSION);
  return c.json(await webhooks.createEndpoint(c.env, c.get("db"), actor.organizationId, c.req.valid("json")), 201);
});

const read = createRoute({
  ...base,
  method: "get",
  path: "/{id}",
  summary: "One endpoint",
  request: { params: IdParamSchema },
  responses: { 200: json(WebhookEndpointSchema), ...refused },
});
webhookEndpointRoutes.openapi(read, async (c) => {
  const actor = authorized(c, PERMISSION);
  return c.json(await webhooks.endpointOf(c.get("db"), actor.organizationId, c.req.valid("param").id), 200);
});

const update = createRoute({
  ...base,
  method: "patch",
  path: "/{id}",
  summary: "Change the URL, events, description, or enable / disable",
  request: { params: IdParamSchema, body: jsonBody(UpdateWebhookEndpointBodySchema) },
  responses: { 200: json(WebhookEndpointSchema), 400: errors[400], 422: errors[422], ...refused },
});
webhookEndpointRoutes.openapi(update, async (c) => {
  const actor = authorized(c, PERMISSION);
  const { id } = c.req.valid("param");
  return c.json(await webhooks.changeEndpoint(c.env, c.get("db"), actor.organizationId, id, c.req.valid("json")), 200);
});

const remove = createRoute({
  ...base,
  method: "delete",
  path: "/{id}",
  summary: "Remove an endpoint and its delivery log",
  request: { params: IdParamSchema },
  responses: { 204: { description: "Removed" }, ...refused },
});
webhookEndpointRoutes.openapi(remove, async (c) => {
  const actor = authorized(c, PERMISSION);
  await webhooks.removeEndpoint(c.get("db"), actor.organizationId, c.req.valid("param").id);
  return c.body(null, 204);
});

const rotate = createRoute({
  ...base,
  method: "post",
  path: "/{id}/rotate-secret",
  summary: "A new signing secret (shown this once); the old one keeps signing beside it for 24 h",
  request: { params: IdParamSchema },
  responses: { 200: json(WebhookEndpointWithSecretSchema), ...refused },
});
webhookEndpointRoutes.openapi(rotate, async (c) => {
  const actor = authorized(c, PERMISSION);
  return c.json(await webhooks.rotateSecret(c.get("db"), actor.organizationId, c.req.valid("param").id), 200);
});

const test = createRoute({
  ...base,
  method: "post",
  path: "/{id}/test",
  summary: "Send a webhook.test event to the endpoint now",
  request: { params: IdParamSchema },
  responses: { 202: json(WebhookDeliverySchema, "Queued"), 422: errors[422], ...refused },
});
webhookEndpointRoutes.openapi(test, async (c) => {
  const actor = authorized(c, PERMISSION);
  return c.json(await webhooks.sendTest(c.env, c.get("db"), actor.organizationId, c.req.valid("param").id), 202);
});

const deliveries = createRoute({
  ...base,
  method: "get",
  path: "/{id}/deliveries",
  summary: "The attempt log: each delivery with its attempts (HTTP status, latency, a short excerpt)",
  request: { params: IdParamSchema, query: PageQuerySchema },
  responses: { 200: json(WebhookDeliveryListSchema), 400: errors[400], ...refused },
});
webhookEndpointRoutes.openapi(deliveries, async (c) => {
  const actor = authorized(c, PERMISSION);
  const { limit, cursor } = c.req.valid("query");
  const { id } = c.req.valid("param");
  return c.json(await webhooks.deliveryLog(c.get("db"), actor.organizationId, id, limit, cursor), 200);
});

const recover = createRoute({
  ...base,
  method: "post",
  path: "/{id}/recover",
  summary: "Send again every delivery of events since `since` that did not get through",
  request: { params: IdParamSchema, body: jsonBody(RecoverBodySchema) },
  responses: { 202: json(RecoveredSchema, "Queued"), 400: errors[400], 422: errors[422], ...refused },
});
webhookEndpointRoutes.openapi(recover, async (c) => {
  const actor = authorized(c, PERMISSION);
  const { id } = c.req.valid("param");
  const { since } = c.req.valid("json");
  return c.json(await webhooks.recover(c.env, c.get("db"), actor.organizationId, id, since), 202);
});

const replay = createRoute({
  ...base,
  method: "post",
  path: "/{id}/replay",
  summary: "Send one delivery again, with the same webhook-id",
  request: { params: IdParamSchema },
  responses: { 202: json(WebhookDeliverySchema, "Queued"), 422: errors[422], ...refused },
});
webhookDeliveryRoutes.openapi(replay, async (c) => {
  const actor = authorized(c, PERMISSION);
  return c.json(await webhooks.replay(c.env, c.get("db"), actor.organizationId, c.req.valid("param").id), 202);
});
