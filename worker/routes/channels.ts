import { createRoute } from "@hono/zod-openapi";
import { adapterFor } from "../channels/registry";
import { type Channel, channelOf, channelsOf, insertChannel, updateChannel as saveChannel } from "../db/channels";
import { isConstraintViolation } from "../db/errors";
import { authorized, requires } from "../lib/auth";
import { problems } from "../lib/problem";
import { authed, createRouter, errors, json, jsonBody } from "../lib/router";
import { IdParamSchema } from "../schemas/identity";
import { ChannelListSchema, ChannelSchema, CreateChannelBodySchema, UpdateChannelBodySchema } from "../schemas/rooms";

/** Admin: WhatsApp numbers (rule G1). Tokens and secrets are write-only; disconnecting keeps rooms (G4). */
export const channelRoutes = createRouter();

/** The API's view of a channel: its kind's profile (never a secret) between the common fields. */
const view = (row: Channel, env: Env) => {
  const profile = adapterFor(row.kind).profile(row) as {
    phoneNumberId: string;
    displayPhoneNumber: string;
    wabaId: string;
    metaAppId: string | null;
  };
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    ...profile,
    connected: row.connected,
    webhookUrl: `${env.APP_URL}/webhooks/${row.kind}`,
    createdAt: row.createdAt,
  };
};

const listChannels = createRoute({
  method: "get",
  path: "/",
  tags: ["channels"],
  summary: "List the organization's channels (never their secrets)",
  security: authed,
  responses: { 200: json(ChannelListSchema), 401: errors[401], 403: errors[403] },
});

channelRoutes.openapi(listChannels, async (c) => {
  const actor = authorized(c, "inbox.use");
  const rows = await channelsOf(c.get("db"), actor.organizationId);
  return c.json({ channels: rows.map((r) => view(r, c.env)) }, 200);
});

const createChannel = createRoute({
  method: "post",
  path: "/",
  tags: ["channels"],
  summary: "Connect a WhatsApp number",
  security: authed,
  ...requires("integrations.manage"),
  request: { body: jsonBody(CreateChannelBodySchema) },
  responses: {
    201: json(ChannelSchema, "Connected"),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    409: errors[409],
  },
});

channelRoutes.openapi(createChannel, async (c) => {
  const actor = authorized(c, "integrations.manage");
  const { name, ...input } = c.req.valid("json");
  const adapter = adapterFor("whatsapp");
  const record = adapter.fromInput(input);
  const row = await insertChannel(c.get("db"), {
    organizationId: actor.organizationId,
    kind: adapter.kind,
    name,
    ...record,
  });
  if (!row) throw problems.conflict(adapter.keyTaken.code, adapter.keyTaken.detail);
  return c.json(view(row, c.env), 201);
});

const getChannel = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["channels"],
  summary: "One channel",
  security: authed,
  request: { params: IdParamSchema },
  responses: { 200: json(ChannelSchema), 401: errors[401], 403: errors[403], 404: errors[404] },
});

channelRoutes.openapi(getChannel, async (c) => {
  const actor = authorized(c, "inbox.use");
  const row = await channelOf(c.get("db"), actor.organizationId, c.req.valid("param").id);
  if (!row) throw problems.notFound("channel");
  return c.json(view(row, c.env), 200);
});

const updateChannel = createRoute({
  method: "patch",
  path: "/{id}",
  tags: ["channels"],
  summary: "Rename, rotate secrets, or disconnect / reconnect (rooms are kept, G4)",
  security: authed,
  ...requires("integrations.manage"),
  request: { params: IdParamSchema, body: jsonBody(UpdateChannelBodySchema) },
  responses: {
    200: json(ChannelSchema),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
  },
});

channelRoutes.openapi(updateChannel, async (c) => {
  const actor = authorized(c, "integrations.manage");
  const { id } = c.req.valid("param");
  const { name, connected, ...input } = c.req.valid("json");
  const db = c.get("db");
  const current = await channelOf(db, actor.organizationId, id);
  if (!current) throw problems.notFound("channel");
  const adapter = adapterFor(current.kind);
  try {
    const record = adapter.withInput(current, input);
    const row = await saveChannel(db, actor.organizationId, id, { name, connected, ...record });
    if (!row) throw problems.notFound("channel");
    return c.json(view(row, c.env), 200);
  } catch (err) {
    if (isConstraintViolation(err)) throw problems.conflict(adapter.keyTaken.code, adapter.keyTaken.detail);
    throw err;
  }
});

const deleteChannel = createRoute({
  method: "delete",
  path: "/{id}",
  tags: ["channels"],
  summary: "Disconnect a channel; its rooms and history stay (G4)",
  security: authed,
  ...requires("integrations.manage"),
  request: { params: IdParamSchema },
  responses: { 204: { description: "Disconnected" }, 401: errors[401], 403: errors[403], 404: errors[404] },
});

channelRoutes.openapi(deleteChannel, async (c) => {
  const actor = authorized(c, "integrations.manage");
  const { id } = c.req.valid("param");
  const row = await saveChannel(c.get("db"), actor.organizationId, id, { connected: false });
  if (!row) throw problems.notFound("channel");
  return c.body(null, 204);
});
