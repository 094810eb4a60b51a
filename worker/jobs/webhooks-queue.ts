import { createDb } from "../db/client";
import { attemptDelivery } from "../features/webhooks/deliver";
import { enqueueDeliveries, type WebhookJob } from "../features/webhooks/enqueue";
import { errorForLog, log } from "../lib/log";

/** Cloudflare Queues delay a message by at most 12 hours. */
const MAX_QUEUE_DELAY_S = 12 * 60 * 60;

/**
 * The `webhooks` queue (G5): one attempt per message, concurrently. A failed attempt queues the next
 * one after its backoff as a new message (so the schedule, not the queue's retry limit, decides when
 * to give up), and so does a message that found the delivery held by another attempt, for when that
 * hold ends (the holder may have been cut off). A message whose attempt could not be made at all
 * (D1 unreachable) is retried.
 */
export async function runWebhooksBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = createDb(env.DB);
  await Promise.all(
    batch.messages.map(async (message) => {
      const { deliveryId } = message.body as WebhookJob;
      try {
        const nextInSeconds = await attemptDelivery(env, db, deliveryId);
        // A new message, not a retry: the queue's retry limit would send a delivery still being
        // retried by its schedule to the dead-letter queue.
        if (nextInSeconds !== null) {
          await enqueueDeliveries(env, [deliveryId], Math.min(nextInSeconds, MAX_QUEUE_DELAY_S));
        }
        message.ack();
      } catch (err) {
        log("warn", "webhooks.attempt_error", { deliveryId, error: errorForLog(err) });
        message.retry({ delaySeconds: 30 });
      }
    }),
  );
}
