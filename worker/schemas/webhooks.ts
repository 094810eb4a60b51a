import { z } from "@hono/zod-openapi";

/** Meta's subscription handshake (rule G1): GET /webhooks/whatsapp?hub.mode=subscribe&... */
export const WhatsAppHandshakeQuerySchema = z.object({
  "hub.mode": z.literal("subscribe"),
  "hub.verify_token": z.string().min(1).max(512),
  "hub.challenge": z.string().min(1).max(512),
});

/**
 * What the OpenAPI document says of Meta's webhook body. The route itself parses the raw bytes
 * (the signature covers them) with the WhatsApp adapter's own schemas (worker/channels/whatsapp/).
 */
export const WhatsAppWebhookBodySchema = z
  .object({
    object: z.literal("whatsapp_business_account"),
    entry: z.array(
      z.object({
        id: z.string(),
        changes: z.array(z.object({ field: z.string(), value: z.record(z.string(), z.unknown()) })),
      }),
    ),
  })
  .openapi("WhatsAppWebhook");

/**
 * What the OpenAPI document says of a keyed webhook's body (Telegram, LINE, Messenger, Instagram): the
 * provider's JSON as it sends it. The route verifies and parses the raw bytes with the kind's adapter.
 */
export const ChannelWebhookBodySchema = z
  .object({})
  .passthrough()
  .openapi("ChannelWebhook", {
    description: "A Telegram Update, a LINE webhook event batch, or a Meta `page` / `instagram` entry batch",
    example: { update_id: 100001, message: { message_id: 7, date: 1767225600, chat: { id: 42 }, text: "Halo" } },
  });

/** The header each keyed provider proves its update with (one applies per kind). */
export const KEYED_WEBHOOK_HEADERS = z.object({
  "x-telegram-bot-api-secret-token": z
    .string()
    .optional()
    .openapi({ description: "Telegram: the secret token the channel set with setWebhook" }),
  "x-line-signature": z
    .string()
    .optional()
    .openapi({ description: "LINE: base64 HMAC-SHA256 of the raw body with the channel secret" }),
  "x-hub-signature-256": z
    .string()
    .regex(/^sha256=[0-9a-fA-F]{64}$/)
    .optional()
    .openapi({
      description: "Messenger, Instagram: `sha256=` and the hex HMAC-SHA256 of the raw body with the app secret",
    }),
});
