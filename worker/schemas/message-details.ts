import { z } from "@hono/zod-openapi";

/**
 * What a message carries beyond its kind (issue 12), as the API shows it and the web app renders it.
 * Mirrors `MessageDetails` in worker/channels/types.ts; every part is optional.
 */
const s = z.string().nullable();
const ErrorSchema = z.object({ code: z.string(), title: z.string(), detail: s });

export const MessageDetailsSchema = z
  .object({
    referral: z
      .object({
        sourceUrl: s,
        sourceId: s,
        sourceType: s,
        headline: s,
        body: s,
        mediaType: s,
        ctwaClid: s,
      })
      .optional(),
    order: z
      .object({
        catalogId: s,
        text: s,
        items: z.array(
          z.object({
            productRetailerId: z.string(),
            quantity: z.number(),
            itemPrice: z.number().nullable(),
            currency: s,
          }),
        ),
      })
      .optional(),
    reply: z.object({ type: z.string(), id: s, title: s, description: s, payload: s, responseJson: s }).optional(),
    forwarded: z.boolean().optional(),
    frequentlyForwarded: z.boolean().optional(),
    sha256: z.string().optional(),
    animated: z.boolean().optional(),
    locationUrl: z.string().optional(),
    quotedProviderId: z.string().optional(),
    edited: z.boolean().optional(),
    revoked: z.boolean().optional(),
    unsupported: z.object({ type: s, errors: z.array(ErrorSchema) }).optional(),
    system: z.object({ type: s, body: s, newExternalId: s }).optional(),
    raw: z.string().optional(),
    email: z
      .object({ subject: z.string(), from: z.string(), fullText: s, automatic: z.boolean().optional() })
      .optional(),
    broadcast: z.object({ campaignId: z.string(), name: s }).optional(),
    billing: z
      .object({
        conversationId: s,
        conversationOrigin: s,
        conversationExpiresAt: z.number().nullable(),
        billable: z.boolean().nullable(),
        pricingModel: s,
        category: s,
        pricingType: s,
      })
      .partial()
      .optional(),
  })
  .openapi("MessageDetails");
