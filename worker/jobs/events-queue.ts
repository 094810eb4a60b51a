import { LISTENERS, type Listener } from "../events/listeners";
import { sendToEvents } from "../events/publish";
import type { DomainEvent } from "../events/types";
import { errorForLog, log } from "../lib/log";

/** An event one listener asked to have again, alone (`Listener.applyAll`'s `retry`). */
export interface ListenerRetry {
  listenerRetry: { name: string; attempt: number };
  event: DomainEvent;
}
/** Tries for one listener's retry before it is given up (logged as an error). */
export const LISTENER_RETRY_ATTEMPTS = 5;

const isRetry = (body: unknown): body is ListenerRetry =>
  typeof body === "object" && body !== null && "listenerRetry" in body;

/**
 * The `events` queue: each listener gets the batch's events it wants in one call (listeners apply
 * an event once by its id, so a redelivered batch changes nothing). When a listener fails, the
 * batch is retried with backoff; after the configured retries it lands in the dead-letter queue.
 * Events a listener hands back go to that listener alone, a few times at most.
 */
export async function runEventsBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const bodies = batch.messages.map((m) => m.body);
  const events = bodies.filter((b): b is DomainEvent => !isRetry(b));
  try {
    const again: ListenerRetry[] = [];
    for (const listener of LISTENERS) {
      const wanted = events.filter((e) => listener.wants(e));
      if (wanted.length > 0) again.push(...retriesOf(listener, await listener.applyAll(env, wanted), 0));
    }
    for (const retry of bodies.filter(isRetry)) again.push(...(await runRetry(env, retry)));
    await queueRetries(env, again);
    batch.ackAll();
  } catch (err) {
    const attempts = Math.max(...batch.messages.map((m) => m.attempts));
    log("warn", "events.retry", { events: events.length, attempts, error: errorForLog(err) });
    batch.retryAll({ delaySeconds: Math.min(300, 2 ** attempts) });
  }
}

function retriesOf(listener: Listener, answer: void | { retry: DomainEvent[] }, attempt: number): ListenerRetry[] {
  if (!answer || answer.retry.length === 0) return [];
  if (attempt + 1 >= LISTENER_RETRY_ATTEMPTS) {
    const ids = answer.retry.map((e) => e.id);
    log("error", "events.listener_gave_up", { listener: listener.name, events: ids.join(","), attempts: attempt + 1 });
    return [];
  }
  return answer.retry.map((event) => ({ listenerRetry: { name: listener.name, attempt: attempt + 1 }, event }));
}

/** One listener's retry: that listener alone; an error in it is one more try, not the batch's. */
async function runRetry(env: Env, retry: ListenerRetry): Promise<ListenerRetry[]> {
  const listener = LISTENERS.find((l) => l.name === retry.listenerRetry.name);
  if (!listener) {
    log("error", "events.unknown_listener", { listener: retry.listenerRetry.name, event: retry.event.id });
    return [];
  }
  const { attempt } = retry.listenerRetry;
  try {
    return retriesOf(listener, await listener.applyAll(env, [retry.event]), attempt);
  } catch (err) {
    log("warn", "events.listener_retry_failed", { listener: listener.name, attempt, error: errorForLog(err) });
    return retriesOf(listener, { retry: [retry.event] }, attempt);
  }
}

async function queueRetries(env: Env, retries: ListenerRetry[]): Promise<void> {
  if (retries.length === 0) return;
  // 30 s, 1 min, 2 min, 4 min: long enough for what cut the reply off to pass.
  await sendToEvents(
    env,
    retries.map((body) => ({ body, delaySeconds: 30 * 2 ** (body.listenerRetry.attempt - 1) })),
  );
}
