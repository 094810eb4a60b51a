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
