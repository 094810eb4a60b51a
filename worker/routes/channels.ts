import { createRoute } from "@hono/zod-openapi";
import { and, desc, eq } from "drizzle-orm";
import { channelOf } from "../db/channels";
import { isConstraintViolation } from "../db/errors";
import { channels } from "../db/schema";
import { authorized } from "../lib/auth";
import { clock } from "../lib/clock";
import { problems } from "../lib/problem";
import { authed, createRouter, errors, json, jsonBody } from "../lib/router";
import { IdParamSchema } from "../schemas/identity";
import { ChannelListSchema, ChannelSchema, CreateChannelBodySchema, UpdateChannelBodySchema } from "../schemas/rooms";

/** Admin: WhatsApp numbers (rule G1). Tokens and secrets are write-only; disconnecting keeps rooms (G4). */
export const channelRoutes = createRouter();

type Row = typeof channels.$inferSelect;
const view = (row: Row, env: Env) => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  phoneNumberId: row.phoneNumberId,
  displayPhoneNumber: row.displayPhoneNumber,
  wabaId: row.wabaId,
  metaAppId: row.metaAppId,
  connected: row.connected,
  webhookUrl: `${env.APP_URL}/webhooks/whatsapp`,
  createdAt: row.createdAt,
});

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
  const rows = await c
    .get("db")
    .select()
    .from(channels)
    .where(eq(channels.organizationId, actor.organizationId))
    .orderBy(desc(channels.createdAt));
  return c.json({ channels: rows.map((r) => view(r, c.env)) }, 200);
});

const createChannel = createRoute({
  method: "post",
  path: "/",
  tags: ["channels"],
  summary: "Connect a WhatsApp number",
  security: authed,
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
  const db = c.get("db");
  const body = c.req.valid("json");
  const [row] = await db
    .insert(channels)
    .values({ id: crypto.randomUUID(), organizationId: actor.organizationId, ...body, updatedAt: clock.now() })
    .onConflictDoNothing()
    .returning();
  if (!row) throw problems.conflict("phone_number_taken", "This phone number id is already connected.");
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
  const body = c.req.valid("json");
  const db = c.get("db");
  if (!(await channelOf(db, actor.organizationId, id))) throw problems.notFound("channel");
  try {
    const [row] = await db
      .update(channels)
      .set({ ...body, updatedAt: clock.now() })
      .where(and(eq(channels.id, id), eq(channels.organizationId, actor.organizationId)))
      .returning();
    if (!row) throw problems.notFound("channel");
    return c.json(view(row, c.env), 200);
  } catch (err) {
    if (isConstraintViolation(err)) {
      throw problems.conflict("phone_number_taken", "This phone number id is already connected.");
    }
    throw err;
  }
});

const deleteChannel = createRoute({
  method: "delete",
  path: "/{id}",
  tags: ["channels"],
  summary: "Disconnect a channel; its rooms and history stay (G4)",
  security: authed,
  request: { params: IdParamSchema },
  responses: { 204: { description: "Disconnected" }, 401: errors[401], 403: errors[403], 404: errors[404] },
});

channelRoutes.openapi(deleteChannel, async (c) => {
  const actor = authorized(c, "integrations.manage");
  const { id } = c.req.valid("param");
  const [row] = await c
    .get("db")
    .update(channels)
    .set({ connected: false, updatedAt: clock.now() })
    .where(and(eq(channels.id, id), eq(channels.organizationId, actor.organizationId)))
    .returning({ id: channels.id });
  if (!row) throw problems.notFound("channel");
  return c.body(null, 204);
});
