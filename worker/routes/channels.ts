import { createRoute } from "@hono/zod-openapi";
import { channelOf, channelsOf } from "../db/channels";
import { channelView, connectChannel, disconnectChannel, editChannel } from "../features/channels/service";
import { authorized, requires } from "../lib/auth";
import { problems } from "../lib/problem";
import { authed, createRouter, errors, json, jsonBody } from "../lib/router";
import {
  ChannelListSchema,
  ChannelSchema,
  CreateChannelBodySchema,
  UpdateChannelBodySchema,
} from "../schemas/channels";
import { IdParamSchema } from "../schemas/identity";

/** Admin: channels of every kind (rules G1-G4); what they do is in features/channels/service.ts. */
export const channelRoutes = createRouter();

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
  return c.json({ channels: rows.map((r) => channelView(r, c.env)) }, 200);
});

const createChannel = createRoute({
  method: "post",
  path: "/",
  tags: ["channels"],
  summary: "Connect a channel: a WhatsApp number, a Telegram bot, a LINE bot, a Page or an Instagram account",
  security: authed,
  ...requires("integrations.manage"),
  request: { body: jsonBody(CreateChannelBodySchema) },
  responses: {
    201: json(ChannelSchema, "Connected"),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    409: errors[409],
    422: errors[422],
  },
});

channelRoutes.openapi(createChannel, async (c) => {
  const actor = authorized(c, "integrations.manage");
  const { name, kind, ...input } = c.req.valid("json");
  const channel = await connectChannel(c.env, c.get("db"), actor.organizationId, {
    name,
    kind,
    input,
  });
  return c.json(channel, 201);
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
  return c.json(channelView(row, c.env), 200);
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
    422: errors[422],
  },
});

channelRoutes.openapi(updateChannel, async (c) => {
  const actor = authorized(c, "integrations.manage");
  const { name, connected, ...input } = c.req.valid("json");
  const channel = await editChannel(c.env, c.get("db"), actor.organizationId, c.req.valid("param").id, {
    name,
    connected,
    input,
  });
  return c.json(channel, 200);
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
  if (!(await disconnectChannel(c.get("db"), actor.organizationId, c.req.valid("param").id))) {
    throw problems.notFound("channel");
  }
  return c.body(null, 204);
});
