import { createDb } from "../db/client";
import { attemptDelivery } from "../features/webhooks/deliver";
import { enqueueDeliveries, type WebhookJob } from "../features/webhooks/enqueue";
import { errorForLog, log } from "../lib/log";

/**
 * The `webhooks` queue (G5): one attempt per message, concurrently. A failed attempt queues the next
 * one after its backoff as a new message (so the schedule, not the queue's retry limit, decides when
 * to give up); a message whose attempt could not be made at all (D1 unreachable) is retried, and so
 * is one that found the delivery held by another attempt, for when that hold ends.
 */
/** Cloudflare Queues delay a message by at most 12 hours. */
const MAX_QUEUE_DELAY_S = 12 * 60 * 60;

export async function runWebhooksBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = createDb(env.DB);
  await Promise.all(
    batch.messages.map(async (message) => {
      const { deliveryId } = message.body as WebhookJob;
      try {
        const next = await attemptDelivery(env, db, deliveryId);
        if (next.kind === "held") {
          message.retry({ delaySeconds: Math.min(next.seconds, MAX_QUEUE_DELAY_S) });
          return;
        }
        if (next.kind === "next_attempt") await enqueueDeliveries(env, [deliveryId], next.seconds);
        message.ack();
      } catch (err) {
        log("warn", "webhooks.attempt_error", { deliveryId, error: errorForLog(err) });
        message.retry({ delaySeconds: 30 });
      }
    }),
  );
}
