/**
 * The tenant's webhook endpoints and their deliveries (Admin › Webhooks) for the web app. Types come
 * from the worker's zod schemas (type-only imports), as in api.ts.
 */
import type { z } from "@hono/zod-openapi";
import type {
  CreateWebhookEndpointBodySchema,
  UpdateWebhookEndpointBodySchema,
  WebhookDeliveryListSchema,
  WebhookDeliverySchema,
  WebhookEndpointListSchema,
  WebhookEndpointSchema,
  WebhookEndpointWithSecretSchema,
} from "../../worker/schemas/webhook-endpoints";
import { authed, enc, q } from "./http";

type In<S extends z.ZodType> = z.input<S>;
type Out<S extends z.ZodType> = z.infer<S>;
export type WebhookEndpoint = Out<typeof WebhookEndpointSchema>;
export type WebhookEndpointWithSecret = Out<typeof WebhookEndpointWithSecretSchema>;
export type WebhookDelivery = Out<typeof WebhookDeliverySchema>;

export const webhooksApi = {
  webhookEndpoints: (cursor?: string) =>
    authed<Out<typeof WebhookEndpointListSchema>>("GET", `/api/webhook-endpoints${q({ cursor })}`),
  createWebhookEndpoint: (body: In<typeof CreateWebhookEndpointBodySchema>) =>
    authed<WebhookEndpointWithSecret>("POST", "/api/webhook-endpoints", body),
  updateWebhookEndpoint: (id: string, body: In<typeof UpdateWebhookEndpointBodySchema>) =>
    authed<WebhookEndpoint>("PATCH", `/api/webhook-endpoints/${enc(id)}`, body),
  deleteWebhookEndpoint: (id: string) => authed<void>("DELETE", `/api/webhook-endpoints/${enc(id)}`),
  rotateWebhookSecret: (id: string) =>
    authed<WebhookEndpointWithSecret>("POST", `/api/webhook-endpoints/${enc(id)}/rotate-secret`, {}),
  testWebhookEndpoint: (id: string) => authed<WebhookDelivery>("POST", `/api/webhook-endpoints/${enc(id)}/test`, {}),
  webhookDeliveries: (id: string, cursor?: string) =>
    authed<Out<typeof WebhookDeliveryListSchema>>(
      "GET",
      `/api/webhook-endpoints/${enc(id)}/deliveries${q({ cursor })}`,
    ),
  replayWebhookDelivery: (id: string) =>
    authed<WebhookDelivery>("POST", `/api/webhook-deliveries/${enc(id)}/replay`, {}),
};
