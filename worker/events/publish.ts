import { sendInBatches } from "../lib/queue-batches";
import type { DomainEvent } from "./types";

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
  await sendInBatches(
    env.EVENTS_QUEUE,
    messages.map((m) => ({ ...m, contentType: "json" as const })),
  );
}

/** An event stated outside a room gets its id and time here. */
export function stamp<E extends Omit<DomainEvent, "id" | "at">>(event: E, at: number): E & { id: string; at: number } {
  return { ...event, id: crypto.randomUUID(), at };
}
