import { log } from "../lib/log";

/**
 * Queue consumer. The `inbound` queue carries provider webhooks that could not reach their room at
 * once (rule G6); until the rooms land nothing is produced to it, so any message is retried, not dropped.
 */
export async function runQueue(batch: MessageBatch<unknown>, _env: Env): Promise<void> {
  log("warn", "queue.unhandled", { queue: batch.queue, messages: batch.messages.length });
  batch.retryAll({ delaySeconds: 60 });
}
