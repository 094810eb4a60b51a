import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { WebhookEventType } from "../domain/webhooks";
import { createdAt, organizationId } from "./schema";

/**
 * Rule G5: a tenant's webhook endpoint. Secrets are sealed at rest (lib/secret-box.ts); the previous
 * secret keeps signing until `previousSecretUntil` after a rotation. `failingSince`: the first failed
 * attempt since the last success (an endpoint failing for 5 days is disabled).
 */
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    url: text("url").notNull(),
    description: text("description"),
    events: text("events", { mode: "json" }).$type<WebhookEventType[]>().notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    disabledReason: text("disabled_reason"),
    secret: text("secret").notNull(),
    previousSecret: text("previous_secret"),
    previousSecretUntil: integer("previous_secret_until"),
    failingSince: integer("failing_since"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("webhook_endpoints_org").on(t.organizationId, t.createdAt)],
);

export const DELIVERY_STATUSES = ["pending", "delivered", "failed", "dead"] as const;

/**
 * One event for one endpoint: its `id` is the `webhook-id` of every attempt. `dead`: retries
 * exhausted (the dead-letter list); `failed`: given up because the endpoint is gone or disabled.
 */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    organizationId: organizationId(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    payload: text("payload").notNull(),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    /** Set while one consumer makes an attempt, so a repeated queue message never sends it twice at once. */
    claimedUntil: integer("claimed_until"),
    eventAt: integer("event_at").notNull(),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_endpoint_event").on(t.endpointId, t.eventId),
    index("webhook_deliveries_endpoint_created").on(t.endpointId, t.createdAt),
  ],
);

/** Every attempt of a delivery: what the tenant's server answered, how fast, and a short excerpt. */
export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    id: text("id").primaryKey(),
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    endpointId: text("endpoint_id").notNull(),
    at: integer("at").notNull(),
    statusCode: integer("status_code"),
    latencyMs: integer("latency_ms").notNull(),
    excerpt: text("excerpt"),
    error: text("error"),
  },
  (t) => [
    index("webhook_attempts_delivery").on(t.deliveryId, t.at),
    index("webhook_attempts_endpoint").on(t.endpointId, t.at),
  ],
);
