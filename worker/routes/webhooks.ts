import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { Hono } from "hono";
import type { ChannelAdapter } from "../channels/adapter";
import { adapterNamed } from "../channels/registry";
import type { InboundMessage } from "../channels/types";
import { type Channel as ChannelRow, channelsByConfig, channelsByProviderKeys } from "../db/channels";
import { CHANNEL_KINDS } from "../domain/types";
import { deliverCallSignals } from "../features/calls/ingest";
import { applySignedTemplateChanges, receiveTemplateWebhook } from "../features/templates/webhook";
import { clock } from "../lib/clock";
import { log } from "../lib/log";
import { Problem, problems } from "../lib/problem";
import { type AppEnv, errors, json, jsonBody } from "../lib/router";
import { deliverParsed } from "../rooms/ingest";
import {
  ChannelWebhookBodySchema,
  KEYED_WEBHOOK_HEADERS,
  WhatsAppHandshakeQuerySchema,
  WhatsAppWebhookBodySchema,
} from "../schemas/webhooks";

/**
 * Provider webhooks, one pair of routes for every channel kind (rules G1, G6): `/webhooks/<kind>`.
 * Not under /api: they are authenticated by the provider's signature over the raw body, not by a
 * session. Everything provider-specific is the kind's adapter's.
 */
export const webhookRoutes = new Hono<AppEnv>();

function adapterOf(kind: string): ChannelAdapter {
  const adapter = adapterNamed(kind);
  if (!adapter || adapter.providerWebhook === false) throw problems.notFound("channel kind");
  return adapter;
}

/** The provider's subscription handshake (WhatsApp: echo `hub.challenge` when the verify token is ours). */
webhookRoutes.get("/:kind", async (c) => {
  const adapter = adapterOf(c.req.param("kind"));
  if (!adapter.handshake) throw problems.notFound("handshake for this channel kind");
  const handshake = adapter.handshake(c.req.query());
  const [channel] = await channelsByConfig(c.get("db"), adapter.kind, handshake.configField, [handshake.value]);
  const challenge = channel ? handshake.answer(channel.config) : null;
  if (challenge === null) throw problems.forbidden("The verify token does not match any channel.");
  return c.text(challenge, 200);
});

/**
 * A body for a channel we do not have and a body with a bad signature get the same answer, so that
 * nobody learns which numbers are connected here (issue 11, finding 7); the log tells them apart.
 */
const invalidSignature = () => new Problem(401, "invalid_signature", "X-Hub-Signature-256 does not match the body.");

/**
 * Each message goes straight to its room and the answer is 200 once the room has stored it; when a
 * room cannot be reached the message is put on the `inbound` queue instead, so nothing is lost and
 * the provider is not kept waiting. Nothing is stored before the signature is checked. The body was
 * bounded before it was read (worker/lib/body-limit.ts); `received` counts what was stored or queued.
 */
webhookRoutes.post("/:kind", async (c) => {
  const adapter = adapterOf(c.req.param("kind"));
  const receivedAt = clock.now();
  const raw = await c.req.arrayBuffer();
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    throw problems.malformedJson();
  }
  const db = c.get("db");
  const headers = c.req.raw.headers;
  const keys = adapter.channelKeysOf(json);
  // Template status and quality changes (T3) name the business account, not a channel key.
  if (keys.length === 0 && adapter.templates?.isWebhook(json)) {
    return c.json(await receiveTemplateWebhook(c.env, db, adapter, raw, json, headers), 200);
  }
  if (keys.length === 0) throw new Problem(400, adapter.noChannelKey.code, adapter.noChannelKey.detail);
  const known = await channelsByProviderKeys(db, adapter.kind, keys);
  const first = known.find((ch) => ch.providerKey === keys[0]);
  if (!first) {
    log("warn", "webhook.unknown_channel", { kind: adapter.kind, channelKey: keys[0] ?? null });
    throw invalidSignature();
  }
  if (!(await adapter.verify(raw, headers, first.config))) {
    log("warn", "webhook.bad_signature", { kind: adapter.kind, channelId: first.id });
    throw invalidSignature();
  }
  // One signature covers one signer (WhatsApp: one app): only channels of the same secret take part.
  const signer = adapter.signerOf(first.config);
  const byKey = new Map(known.filter((ch) => adapter.signerOf(ch.config) === signer).map((ch) => [ch.providerKey, ch]));
  const parsed = adapter.parse(json, receivedAt);
  const received = await deliverParsed(c.env, db, byKey, parsed);
  // Rule C11: call signalling and call permission replies (worker/features/calls/ingest.ts).
  const callSignals = await deliverCallSignals(c.env, db, byKey, parsed);
  // Meta may batch a WABA's template changes (T3) with its messages: the same signature covers them.
  const templateChanges = adapter.templates?.isWebhook(json)
    ? await applySignedTemplateChanges(c.env, db, json, signer, adapter)
    : 0;
  return c.json({ received: received + templateChanges + callSignals }, 200);
});

// ---- Rule G3: webhooks whose URL names the channel (`/webhooks/<kind>/<provider key>`) -------------

function keyedAdapterOf(kind: string): ChannelAdapter {
  const adapter = adapterOf(kind);
  if (!adapter.keyedWebhook) throw problems.notFound("route");
  return adapter;
}

/** An unknown key and a bad signature or secret get the same answer (issue 11, finding 7). */
const refused = () => new Problem(401, "invalid_signature", "The webhook's signature or secret does not match.");

/** Messenger and Instagram: Meta's GET handshake for the channel the URL names (403 when the token is not its). */
webhookRoutes.get("/:kind/:key", async (c) => {
  const adapter = keyedAdapterOf(c.req.param("kind"));
  if (!adapter.handshake) throw problems.notFound("handshake for this channel kind");
  const handshake = adapter.handshake(c.req.query());
  const [channel] = await channelsByProviderKeys(c.get("db"), adapter.kind, [c.req.param("key")]);
  const challenge = channel ? handshake.answer(channel.config) : null;
  if (challenge === null) throw problems.forbidden("The verify token does not match this channel.");
  return c.text(challenge, 200);
});

/**
 * Telegram (X-Telegram-Bot-Api-Secret-Token, 401 without it), LINE (x-line-signature; an empty
 * `events` list is the verification ping: 200, nothing stored), Messenger and Instagram
 * (X-Hub-Signature-256). Applied like WhatsApp's: straight to the rooms, else queued; a repeated
 * delivery is applied once by the provider's id (rule G6).
 */
webhookRoutes.post("/:kind/:key", async (c) => {
  const adapter = keyedAdapterOf(c.req.param("kind"));
  const key = c.req.param("key");
  const receivedAt = clock.now();
  const raw = await c.req.arrayBuffer();
  const db = c.get("db");
  const [channel] = await channelsByProviderKeys(db, adapter.kind, [key]);
  if (!channel) {
    log("warn", "webhook.unknown_channel", { kind: adapter.kind, channelKey: key });
    throw refused();
  }
  if (!(await adapter.verify(raw, c.req.raw.headers, channel.config))) {
    log("warn", "webhook.bad_signature", { kind: adapter.kind, channelId: channel.id });
    throw refused();
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    throw problems.malformedJson();
  }
  const parsed = adapter.parse(json, receivedAt, key);
  await nameContacts(c.env, adapter, channel, parsed.messages);
  const received = await deliverParsed(c.env, db, new Map([[key, channel]]), parsed);
  return c.json({ received }, 200);
});

/** Names asked of the provider, per channel and customer, for this isolate (seed 000). */
const names = new Map<string, string | null>();

/** Seed 000: a customer the webhook names no name for gets the provider's (Instagram: else username, else "n/a"). */
async function nameContacts(env: Env, adapter: ChannelAdapter, channel: ChannelRow, messages: InboundMessage[]) {
  if (!adapter.contactName) return;
  for (const message of messages.slice(0, 5)) {
    if (message.contact.name !== null || message.channelKey !== channel.providerKey) continue;
    const cacheKey = `${channel.id}\u0000${message.contact.externalId}`;
    if (!names.has(cacheKey)) {
      if (names.size > 5_000) names.clear();
      names.set(cacheKey, await adapter.contactName(env, channel, message.contact.externalId).catch(() => null));
    }
    message.contact.name = names.get(cacheKey) ?? null;
  }
}

/** The webhooks in the OpenAPI document (the routes above are plain Hono: they read the raw bytes). */
export function documentWebhooks(registry: OpenAPIHono["openAPIRegistry"]): void {
  const answers = { 400: errors[400], 401: errors[401], 404: errors[404], 413: errors[400] };
  registry.registerPath({
    method: "get",
    path: "/webhooks/whatsapp",
    tags: ["webhooks"],
    summary: "Meta's verify handshake: answers hub.challenge when hub.verify_token is a channel's (G1)",
    request: { query: WhatsAppHandshakeQuerySchema },
    responses: {
      200: { description: "hub.challenge, as text", content: { "text/plain": { schema: z.string() } } },
      400: errors[400],
      403: errors[403],
    },
  });
  registry.registerPath({
    method: "post",
    path: "/webhooks/whatsapp",
    tags: ["webhooks"],
    summary: "Messages, statuses and template changes from Meta, signed with X-Hub-Signature-256 (G1, G6, T3)",
    request: {
      headers: z.object({ "x-hub-signature-256": z.string().regex(/^sha256=[0-9a-f]{64}$/) }),
      body: jsonBody(WhatsAppWebhookBodySchema),
    },
    responses: { 200: json(z.object({}).passthrough(), "Stored (or queued) durably"), ...answers },
  });
  documentKeyedWebhooks(registry);
}

/** The kinds whose webhook URL names the channel (G3), from the registry: a new kind is listed by itself. */
const keyedKinds = () => CHANNEL_KINDS.filter((kind) => adapterNamed(kind)?.keyedWebhook) as [string, ...string[]];

/**
 * Issue 18: `/webhooks/{kind}/{key}` in the document, public like WhatsApp's. Only described here:
 * the routes above stay plain Hono, so the signature is checked over the raw bytes before any parse.
 */
function documentKeyedWebhooks(registry: OpenAPIHono["openAPIRegistry"]): void {
  const params = z.object({
    kind: z.enum(keyedKinds()).openapi({ description: "The channel kind" }),
    key: z.string().min(1).max(200).openapi({
      description:
        "The channel's provider key, as in its `webhookUrl` (Telegram: the bot id; LINE: the bot's user id; Messenger: the Page id; Instagram: the account id)",
      example: "7000000001",
    }),
  });
  registry.registerPath({
    method: "get",
    path: "/webhooks/{kind}/{key}",
    tags: ["webhooks"],
    summary:
      "Meta's verify handshake for a Messenger or Instagram channel: answers hub.challenge when hub.verify_token is the channel's (G1)",
    request: { params, query: WhatsAppHandshakeQuerySchema },
    responses: {
      200: { description: "hub.challenge, as text", content: { "text/plain": { schema: z.string() } } },
      400: errors[400],
      403: {
        ...errors[403],
        description: "`forbidden`: hub.verify_token is not this channel's, or the key names none",
      },
      404: { ...errors[404], description: "`not_found`: no such kind, or a kind without a handshake (Telegram, LINE)" },
    },
  });
  registry.registerPath({
    method: "post",
    path: "/webhooks/{kind}/{key}",
    tags: ["webhooks"],
    summary:
      "Updates from Telegram, LINE, Messenger and Instagram for the channel the URL names, verified over the raw body (G1, G3, G6)",
    description:
      "Each provider proves the update with its own header: Telegram the secret token set with `setWebhook`, " +
      "LINE `x-line-signature`, Messenger and Instagram `X-Hub-Signature-256`. An unknown key and a wrong " +
      "signature get the same 401, so nobody learns which channels are connected. Applied once per provider id (G6); " +
      "LINE's verification ping (no events) is 200 and stores nothing.",
    request: { params, headers: KEYED_WEBHOOK_HEADERS, body: jsonBody(ChannelWebhookBodySchema) },
    responses: {
      200: json(z.object({ received: z.number().int() }), "Stored (or queued) durably: how many updates"),
      400: errors[400],
      401: errors[401],
      404: { ...errors[404], description: "`not_found`: no such kind, or a kind whose URL names no channel" },
      413: { ...errors[400], description: "`body_too_large`: over 3 MiB" },
    },
  });
}
