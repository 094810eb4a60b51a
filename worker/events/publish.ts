import type { DomainEvent } from "./types";

/** Queues take at most 100 messages and 256 KB in one `sendBatch`; stay well inside both. */
const MAX_BATCH_MESSAGES = 100;
const MAX_BATCH_BYTES = 200_000;

/**
 * Puts events on the `events` queue, whose consumer runs the listeners by name. Used by the rooms'
 * outboxes and by changes made outside a room (a contact blocked, a template reviewed). A retried
 * send may put an event twice: listeners apply each event id once.
 */
export async function publishEvents(env: Env, events: DomainEvent[]): Promise<void> {
  await sendToEvents(
    env,
    events.map((body) => ({ body })),
  );
}

/** Messages for the `events` queue, sent in batches within the queue's limits, in order. */
export async function sendToEvents(env: Env, messages: { body: unknown; delaySeconds?: number }[]): Promise<void> {
  let batch: { body: unknown; contentType: "json"; delaySeconds?: number }[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = JSON.stringify(message.body).length;
    if (batch.length > 0 && (batch.length === MAX_BATCH_MESSAGES || bytes + size > MAX_BATCH_BYTES)) {
      await env.EVENTS_QUEUE.sendBatch(batch);
      batch = [];
      bytes = 0;
    }
    batch.push({ ...message, contentType: "json" });
    bytes += size;
  }
  if (batch.length > 0) await env.EVENTS_QUEUE.sendBatch(batch);
}

/** An event stated outside a room gets its id and time here. */
export function stamp<E extends Omit<DomainEvent, "id" | "at">>(event: E, at: number): E & { id: string; at: number } {
  return { ...event, id: crypto.randomUUID(), at };
}
