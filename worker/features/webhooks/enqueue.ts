import { chunksOf, type Db } from "../../db/client";
import { clock } from "../../lib/clock";
import { type Reopened, restoreUnqueued } from "./deliveries-repo";

/** What the `webhooks` queue carries: only the delivery's id (never a secret or the payload). */
export interface WebhookJob {
  deliveryId: string;
}

/** Queues first attempts (or a retry after `delaySeconds`), at most 100 a send (Queues' batch limit). */
export async function enqueueDeliveries(env: Env, deliveryIds: string[], delaySeconds?: number): Promise<void> {
  for (let i = 0; i < deliveryIds.length; i += 100) {
    await env.WEBHOOKS_QUEUE.sendBatch(
      deliveryIds.slice(i, i + 100).map((deliveryId) => ({ body: { deliveryId } satisfies WebhookJob, delaySeconds })),
    );
  }
}

/**
 * Queues deliveries just put back to pending (recover, replay, a test send); when the queue fails
 * part-way, those it never took get their status back before the error goes on, so nothing is left
 * pending with no message to carry it.
 */
export async function queueReopened(env: Env, db: Db, reopened: Reopened[]): Promise<void> {
  let queued = 0;
  try {
    for (const chunk of chunksOf(reopened, 100)) {
      await enqueueDeliveries(
        env,
        chunk.map((d) => d.id),
      );
      queued += chunk.length;
    }
  } catch (err) {
    await restoreUnqueued(db, reopened.slice(queued), clock.now());
    throw err;
  }
}
