import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { eq, inArray } from "drizzle-orm";
import { Hono } from "hono";
import type { ZodError } from "zod";
import { isTemplateWebhook } from "../channels/whatsapp/template-webhooks";
import {
  parseWhatsAppWebhook,
  phoneNumberIdsOf,
  verifyHandshake,
  verifyWhatsAppSignature,
} from "../channels/whatsapp/webhook";
import { channels } from "../db/schema";
import { applySignedTemplateChanges, receiveTemplateWebhook } from "../features/templates/webhook";
import { Problem, problems, zodFieldErrors } from "../lib/problem";
import { type AppEnv, errors, json, jsonBody } from "../lib/router";
import { deliverParsed } from "../rooms/ingest";
import { WhatsAppHandshakeQuerySchema, WhatsAppWebhookBodySchema } from "../schemas/webhooks";

/**
 * Provider webhooks (rules G1, G6). Not under /api: they are authenticated by the provider's
 * signature over the raw body, not by a session.
 */
export const webhookRoutes = new Hono<AppEnv>();

/** Meta's subscription handshake: echo `hub.challenge` when the verify token is one of ours. */
webhookRoutes.get("/whatsapp", async (c) => {
  const query = WhatsAppHandshakeQuerySchema.safeParse(c.req.query());
  if (!query.success) throw problems.validation(zodFieldErrors(query.error));
  const token = query.data["hub.verify_token"];
  const channel = await c.get("db").query.channels.findFirst({ where: eq(channels.verifyToken, token) });
  const challenge = channel
    ? verifyHandshake(
        { mode: query.data["hub.mode"], token, challenge: query.data["hub.challenge"] },
        channel.verifyToken,
      )
    : null;
  if (challenge === null) throw problems.forbidden("The verify token does not match any channel.");
  return c.text(challenge, 200);
});

/**
 * Each message goes straight to its room and the answer is 200 once the room has stored it; when a
 * room cannot be reached the message is put on the `inbound` queue instead, so nothing is lost and
 * the provider is not kept waiting. Nothing is stored before the signature is checked.
 */
webhookRoutes.post("/whatsapp", async (c) => {
  const raw = await c.req.arrayBuffer();
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    throw problems.malformedJson();
  }
  const ids = phoneNumberIdsOf(json);
  // Template status and quality changes (T3) name the WABA, not a phone number: their own module.
  if (ids.length === 0 && isTemplateWebhook(json)) {
    return c.json(await receiveTemplateWebhook(c.get("db"), raw, json, c.req.header("X-Hub-Signature-256")), 200);
  }
  if (ids.length === 0) throw new Problem(400, "not_a_whatsapp_webhook", "No metadata.phone_number_id in the body.");
  const db = c.get("db");
  const known = await db.select().from(channels).where(inArray(channels.phoneNumberId, ids));
  const first = known.find((ch) => ch.phoneNumberId === ids[0]);
  if (!first) throw problems.notFound("channel for this phone_number_id");
  const signature = c.req.header("X-Hub-Signature-256");
  if (!(await verifyWhatsAppSignature(raw, signature, first.appSecret))) {
    throw new Problem(401, "invalid_signature", "X-Hub-Signature-256 does not match the body.");
  }
  // One signature covers one app: only channels of the same app secret take part.
  const byKey = new Map(known.filter((ch) => ch.appSecret === first.appSecret).map((ch) => [ch.phoneNumberId, ch]));
  let parsed: ReturnType<typeof parseWhatsAppWebhook>;
  try {
    parsed = parseWhatsAppWebhook(json);
  } catch (err) {
    throw problems.validation(zodFieldErrors(err as ZodError));
  }
  await deliverParsed(c.env, db, byKey, parsed);
  // Meta may batch a WABA's template changes (T3) with its messages: the same signature covers them.
  const templateChanges = isTemplateWebhook(json) ? await applySignedTemplateChanges(db, json, first.appSecret) : 0;
  return c.json({ received: parsed.messages.length + parsed.statuses.length + templateChanges }, 200);
});

/** The webhooks in the OpenAPI document (the routes above are plain Hono: they read the raw bytes). */
export function documentWebhooks(registry: OpenAPIHono["openAPIRegistry"]): void {
  const answers = { 400: errors[400], 401: errors[401], 404: errors[404] };
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
}
