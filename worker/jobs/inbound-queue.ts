import { createDb } from "../db/client";
import { errorForLog, log } from "../lib/log";
import { type InboundJob, runInboundJob } from "../rooms/ingest";

/**
 * The `inbound` queue: provider webhooks that could not reach their room at once, statuses that
 * arrived before their message, and media to fetch (rule G6). Each message is acked or retried on
 * its own, with backoff; after the configured retries it lands in the dead-letter queue.
 */
export async function runInboundBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = createDb(env.DB);
  for (const message of batch.messages) {
    try {
      await runInboundJob(env, db, message.body as InboundJob, message.attempts);
      message.ack();
    } catch (err) {
      const delaySeconds = Math.min(300, 2 ** message.attempts);
      log("warn", "queue.retry", {
        queue: batch.queue,
        attempts: message.attempts,
        error: errorForLog(err),
      });
      message.retry({ delaySeconds });
    }
  }
}
