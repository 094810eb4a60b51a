import { createRoute } from "@hono/zod-openapi";
import type { ChannelAdapter, ChannelRecord } from "../channels/adapter";
import type { ChannelKind } from "../channels/config";
import { adapterFor } from "../channels/registry";
import { embedSnippet } from "../channels/webchat/adapter";
import {
  type Channel,
  channelOf,
  channelsByConfig,
  channelsOf,
  insertChannel,
  openChannel,
  updateChannel as saveChannel,
} from "../db/channels";
import type { Db } from "../db/client";
import { isConstraintViolation } from "../db/errors";
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

/**
 * Admin: channels of every kind (rules G1, G3). Tokens and secrets are write-only; disconnecting
 * keeps rooms (G4). A kind whose adapter can `connect` has its credentials checked with the provider
 * (and its webhook registered there) before anything is stored: a refused token stores nothing.
 */
export const channelRoutes = createRouter();

const appUrlOf = (env: Env) => env.APP_URL.replace(/\/+$/, "");

/** The API's view of a channel: its kind's profile (never a secret) between the common fields. */
const view = (row: Channel, env: Env) => {
  const adapter = adapterFor(row.kind);
  const profile = adapter.profile(row) as Record<string, string | null>;
  const path = adapter.keyedWebhook ? `${row.kind}/${row.providerKey}` : row.kind;
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    ...profile,
    connected: row.connected,
    webhookUrl: adapter.providerWebhook === false ? null : `${appUrlOf(env)}/webhooks/${path}`,
    ...(row.kind === "webchat" ? { embedSnippet: embedSnippet(appUrlOf(env), row.providerKey) } : {}),
    createdAt: row.createdAt,
  };
};

/** Rule G2 (G7): a webchat channel's identity secret is shown once, in the answer that made it. */
async function withSecretShownOnce(row: Channel, env: Env, shown: boolean) {
  if (row.kind !== "webchat" || !shown) return view(row, env);
  const opened = (await openChannel(row)) as Channel & { kind: "webchat" };
  return { ...view(row, env), identitySecret: (opened.config as { identitySecret: string }).identitySecret };
}

/** Rule G3: the provider checks the credentials (422 `provider_refused` with its words when it does not). */
async function connectedRecord<K extends ChannelKind>(env: Env, adapter: ChannelAdapter<K>, record: ChannelRecord<K>) {
  if (!adapter.connect) return record;
  const result = await adapter.connect(env, record, appUrlOf(env));
  if (result.ok) return result.record;
  const { code, title } = result.error;
  throw problems.unprocessable(
    "provider_refused",
    `${adapter.policy.label} refused the credentials (${code}): ${title}`,
  );
}

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

/** 409 when another channel of the kind already has the value the kind keeps unique (email: the address). */
async function assertUniqueConfig(db: Db, adapter: ChannelAdapter, record: ChannelRecord, id: string | null) {
  const unique = adapter.uniqueConfig;
  const value = unique ? (record.config as Record<string, unknown>)[unique.field] : undefined;
  if (!unique || typeof value !== "string" || value === "") return;
  const holders = await channelsByConfig(db, adapter.kind, unique.field, [value]);
  if (holders.some((ch) => ch.id !== id)) throw problems.conflict(unique.code, unique.detail);
}

channelRoutes.openapi(createChannel, async (c) => {
  const actor = authorized(c, "integrations.manage");
  const { name, kind, ...input } = c.req.valid("json");
  const adapter = adapterFor(kind) as ChannelAdapter;
  const given = adapter.fromInput(input);
  await assertUniqueConfig(c.get("db"), adapter, given, null);
  const record = await connectedRecord(c.env, adapter, given);
  const row = await insertChannel(c.get("db"), {
    organizationId: actor.organizationId,
    kind: adapter.kind,
    name,
    ...record,
  });
  if (!row) throw problems.conflict(adapter.keyTaken.code, adapter.keyTaken.detail);
  return c.json(await withSecretShownOnce(row, c.env, true), 201);
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
    422: errors[422],
  },
});

channelRoutes.openapi(updateChannel, async (c) => {
  const actor = authorized(c, "integrations.manage");
  const { id } = c.req.valid("param");
  const { name, connected, ...input } = c.req.valid("json");
  const db = c.get("db");
  const current = await channelOf(db, actor.organizationId, id);
  if (!current) throw problems.notFound("channel");
  const adapter = adapterFor(current.kind) as ChannelAdapter;
  // A changed secret, or a reconnect, is checked with the provider again (Telegram: its webhook is set again).
  const recheck =
    !!adapter.connect &&
    (Object.values(input).some((v) => v !== undefined) || (connected === true && !current.connected));
  const edited = adapter.withInput(recheck ? await openChannel(current) : current, input);
  await assertUniqueConfig(db, adapter, edited, id);
  const record = recheck ? await connectedRecord(c.env, adapter, edited) : edited;
  try {
    const row = await saveChannel(db, actor.organizationId, id, { name, connected, ...record });
    if (!row) throw problems.notFound("channel");
    return c.json(await withSecretShownOnce(row, c.env, input.rotateIdentitySecret === true), 200);
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
