import { createRoute } from "@hono/zod-openapi";
import { apiKeysOf, insertApiKey, revokeApiKey } from "../db/api-keys";
import { DEFAULT_RATE_LIMIT_PER_MINUTE, defaultScopes } from "../domain/api-clients";
import { authorized, requires } from "../lib/auth";
import { clock } from "../lib/clock";
import { randomToken, sha256Hex } from "../lib/crypto";
import { problems } from "../lib/problem";
import { authed, createRouter, errors, json, jsonBody } from "../lib/router";
import { apiKeyOwner } from "../rooms/member";
import { endSessionSockets } from "../rooms/socket-sessions";
import { ApiKeyListSchema, CreateApiKeyBodySchema, CreatedApiKeySchema, IdParamSchema } from "../schemas/identity";

/** Admin: organization API keys. The secret is shown once; only its SHA-256 is kept. */
export const apiKeyRoutes = createRouter();

const listKeys = createRoute({
  method: "get",
  path: "/",
  tags: ["api-keys"],
  summary: "List API keys (never their secrets)",
  security: authed,
  ...requires("integrations.manage"),
  responses: { 200: json(ApiKeyListSchema), 401: errors[401], 403: errors[403] },
});

apiKeyRoutes.openapi(listKeys, async (c) => {
  const actor = authorized(c, "integrations.manage");
  const rows = await apiKeysOf(c.get("db"), actor.organizationId);
  return c.json({ apiKeys: rows }, 200);
});

const createKey = createRoute({
  method: "post",
  path: "/",
  tags: ["api-keys"],
  summary:
    "Create an API key acting with the given role and scopes, limited to its requests per minute; the secret is in this answer only",
  security: authed,
  ...requires("integrations.manage"),
  request: { body: jsonBody(CreateApiKeyBodySchema) },
  responses: { 201: json(CreatedApiKeySchema, "Created"), 400: errors[400], 401: errors[401], 403: errors[403] },
});

apiKeyRoutes.openapi(createKey, async (c) => {
  const actor = authorized(c, "integrations.manage");
  const body = c.req.valid("json");
  const prefix = randomToken(6);
  const secret = `ek_${prefix}_${randomToken(32)}`;
  const createdBy = actor.kind === "api_key" ? actor.apiKeyId : (actor.identityId ?? "unknown");
  const apiKey = await insertApiKey(c.get("db"), {
    id: crypto.randomUUID(),
    organizationId: actor.organizationId,
    name: body.name,
    role: body.role,
    prefix,
    secretHash: await sha256Hex(secret),
    createdBy,
    scopes: body.scopes ?? defaultScopes(body.role),
    rateLimitPerMinute: body.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
  });
  return c.json({ apiKey, secret }, 201);
});

const revokeKey = createRoute({
  method: "delete",
  path: "/{id}",
  tags: ["api-keys"],
  summary: "Revoke an API key; it stops working at once",
  security: authed,
  ...requires("integrations.manage"),
  request: { params: IdParamSchema },
  responses: { 204: { description: "Revoked" }, 401: errors[401], 403: errors[403], 404: errors[404] },
});

apiKeyRoutes.openapi(revokeKey, async (c) => {
  const actor = authorized(c, "integrations.manage");
  const { id } = c.req.valid("param");
  if (!(await revokeApiKey(c.get("db"), actor.organizationId, id, clock.now()))) throw problems.notFound("API key");
  // Rule G7: the key's open sockets end with it (its tickets are refused from now on).
  await endSessionSockets(c.env, {
    userId: apiKeyOwner(id),
    organizationId: actor.organizationId,
    reason: "api_key_revoked",
  });
  return c.body(null, 204);
});
