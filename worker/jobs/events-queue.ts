import { LISTENERS } from "../events/listeners";
import type { DomainEvent } from "../events/types";
import { errorForLog, log } from "../lib/log";

/**
 * The `events` queue: each listener gets the batch's events it wants in one call (listeners apply
 * an event once by its id, so a redelivered batch changes nothing). When a listener fails, the
 * batch is retried with backoff; after the configured retries it lands in the dead-letter queue.
 */
export async function runEventsBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const events = batch.messages.map((m) => m.body as DomainEvent);
  try {
    for (const listener of LISTENERS) {
      const wanted = events.filter((e) => listener.wants(e));
      if (wanted.length > 0) await listener.applyAll(env, wanted);
    }
    batch.ackAll();
  } catch (err) {
    const attempts = Math.max(...batch.messages.map((m) => m.attempts));
    log("warn", "events.retry", { events: events.length, attempts, error: errorForLog(err) });
    batch.retryAll({ delaySeconds: Math.min(300, 2 ** attempts) });
  }
}
