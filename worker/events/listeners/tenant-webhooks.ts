import { createDb } from "../../db/client";
import { deliveryStartFor, isWebhookEventType } from "../../domain/webhooks";
import { insertDeliveries, unattemptedOf } from "../../features/webhooks/deliveries-repo";
import { endpointsOf } from "../../features/webhooks/endpoints-repo";
import { enqueueDeliveries } from "../../features/webhooks/enqueue";
import { clock } from "../../lib/clock";
import { messageView } from "../../rooms/message-view";
import type { DomainEvent } from "../types";
import type { Listener } from "./index";

/**
 * The body a tenant receives (Standard Webhooks' recommended shape): the event's type, time and data.
 * A message goes as GET /api/rooms/{id}/messages shows it: its file's `url`, not where it is stored.
 */
export function webhookPayload(event: DomainEvent): string {
  const { organizationId: _, ...data } = event;
  const shown =
    data.type === "message.created" || data.type === "message.updated"
      ? { ...data, message: messageView(data.roomId, data.message) }
      : data;
  return JSON.stringify({ type: event.type, timestamp: new Date(event.at).toISOString(), data: shown });
}

/**
 * Rule G5: each event goes to every enabled endpoint of its organization subscribed to its type, as
 * one delivery per (endpoint, event) recorded once; its first attempt is queued. An endpoint the
 * platform turned off (410, failing for 5 days) gets it recorded as failed, for Recover. A redelivered batch
 * records nothing new and queues again only what has not been attempted (an attempt is claimed, so a
 * repeated queue message never sends twice).
 */
export const tenantWebhooks: Listener = {
  name: "tenant-webhooks",
  wants: (event) => isWebhookEventType(event.type),
  async applyAll(env, events) {
    const db = createDb(env.DB);
    const now = clock.now();
    const rows = [];
    for (const organizationId of new Set(events.map((e) => e.organizationId))) {
      const endpoints = (await endpointsOf(db, organizationId)).flatMap((endpoint) => {
        const status = deliveryStartFor(endpoint);
        return status ? [{ endpoint, status }] : [];
      });
      if (endpoints.length === 0) continue;
      for (const event of events.filter((e) => e.organizationId === organizationId)) {
        // An endpoint hears of what happens from its creation on, not of events still on their way then.
        const subscribed = endpoints.filter(
          ({ endpoint: ep }) => ep.events.includes(event.type as never) && event.at >= ep.createdAt,
        );
        for (const { endpoint, status } of subscribed) {
          rows.push({
            id: `msg_${crypto.randomUUID().replaceAll("-", "")}`,
            organizationId,
            endpointId: endpoint.id,
            eventId: event.id,
            eventType: event.type,
            payload: webhookPayload(event),
            status,
            eventAt: event.at,
            updatedAt: now,
          });
        }
      }
    }
    if (rows.length === 0) return;
    await insertDeliveries(db, rows);
    await enqueueDeliveries(env, await unattemptedOf(db, [...new Set(rows.map((r) => r.eventId))]));
  },
};
