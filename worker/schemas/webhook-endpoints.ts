import { z } from "@hono/zod-openapi";
import { DELIVERY_STATUSES } from "../db/schema-webhooks";
import { WEBHOOK_EVENT_TYPES } from "../domain/webhooks";

const EventTypesSchema = z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).max(WEBHOOK_EVENT_TYPES.length);

export const CreateWebhookEndpointBodySchema = z
  .object({
    url: z.string().trim().min(1).max(2048),
    events: EventTypesSchema,
    description: z.string().trim().max(200).optional(),
  })
  .openapi("CreateWebhookEndpoint");

export const UpdateWebhookEndpointBodySchema = z
  .object({
    url: z.string().trim().min(1).max(2048).optional(),
    events: EventTypesSchema.optional(),
    description: z.string().trim().max(200).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, "Send at least one field to change.")
  .openapi("UpdateWebhookEndpoint");

export const WebhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    /** Since when every attempt failed (null: the last one got through). */
    failingSince: z.number().int().nullable(),
    /** Until when the previous secret still signs beside the new one, after a rotation. */
    previousSecretUntil: z.number().int().nullable(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .openapi("WebhookEndpoint");

/** Answered once, at creation and rotation: the signing secret (`whsec_...`) is never shown again. */
export const WebhookEndpointWithSecretSchema = WebhookEndpointSchema.extend({
  secret: z.string().openapi({ example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }),
}).openapi("WebhookEndpointWithSecret");

export const WebhookEndpointListSchema = z
  .object({ endpoints: z.array(WebhookEndpointSchema), nextCursor: z.string().nullable() })
  .openapi("WebhookEndpointList");

export const WebhookAttemptSchema = z
  .object({
    at: z.number().int(),
    statusCode: z.number().int().nullable(),
    latencyMs: z.number().int(),
    excerpt: z.string().nullable(),
    error: z.string().nullable(),
  })
  .openapi("WebhookAttempt");

export const WebhookDeliverySchema = z
  .object({
    id: z.string().openapi({ description: "The webhook-id header of every attempt" }),
    endpointId: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
    log: z.array(WebhookAttemptSchema),
  })
  .openapi("WebhookDelivery");

export const WebhookDeliveryListSchema = z
  .object({ deliveries: z.array(WebhookDeliverySchema), nextCursor: z.string().nullable() })
  .openapi("WebhookDeliveryList");

export const PageQuerySchema = z.object({
  cursor: z.string().max(200).optional().openapi({ description: "The `nextCursor` of the previous page" }),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const RecoverBodySchema = z
  .object({ since: z.number().int().min(0).openapi({ description: "ms since the epoch" }) })
  .openapi("RecoverWebhooks");

export const RecoveredSchema = z.object({ queued: z.number().int() }).openapi("RecoveredWebhooks");
