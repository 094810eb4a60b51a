import { createDb } from "../db/client";
import { attemptDelivery } from "../features/webhooks/deliver";
import { enqueueDeliveries, type WebhookJob } from "../features/webhooks/enqueue";
import { errorForLog, log } from "../lib/log";

/**
 * The `webhooks` queue (G5): one attempt per message, concurrently. A failed attempt queues the next
 * one after its backoff as a new message (so the schedule, not the queue's retry limit, decides when
 * to give up); a message whose attempt could not be made at all (D1 unreachable) is retried.
 */
export async function runWebhooksBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = createDb(env.DB);
  await Promise.all(
    batch.messages.map(async (message) => {
      const { deliveryId } = message.body as WebhookJob;
      try {
        const retryIn = await attemptDelivery(env, db, deliveryId);
        if (retryIn !== null) await enqueueDeliveries(env, [deliveryId], retryIn);
        message.ack();
      } catch (err) {
        log("warn", "webhooks.attempt_error", { deliveryId, error: errorForLog(err) });
        message.retry({ delaySeconds: 30 });
      }
    }),
  );
}
