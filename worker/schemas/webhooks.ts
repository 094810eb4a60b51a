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
