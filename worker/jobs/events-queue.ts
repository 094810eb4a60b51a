import { and, eq } from "drizzle-orm";
import { createDb, type Db } from "../db/client";
import { eventReceipts } from "../db/schema-events";
import { LISTENERS, type Listener } from "../events/listeners";
import type { DomainEvent } from "../events/types";
import { errorForLog, log } from "../lib/log";

/**
 * The `events` queue: each domain event goes to every listener that wants it, once per listener
 * (a receipt per listener and event id), so a redelivered event, or one retried because another
 * listener failed, is not applied twice.
 */
export async function runEventsBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = createDb(env.DB);
  for (const message of batch.messages) {
    const event = message.body as DomainEvent;
    try {
      for (const listener of LISTENERS) {
        if (listener.wants(event)) await applyOnce(env, db, listener, event);
      }
      message.ack();
    } catch (err) {
      log("warn", "events.retry", { eventId: event.id, type: event.type, error: errorForLog(err) });
      message.retry({ delaySeconds: Math.min(300, 2 ** message.attempts) });
    }
  }
}

async function applyOnce(env: Env, db: Db, listener: Listener, event: DomainEvent) {
  const receipt = and(eq(eventReceipts.listener, listener.name), eq(eventReceipts.eventId, event.id));
  const [seen] = await db.select({ id: eventReceipts.eventId }).from(eventReceipts).where(receipt).limit(1);
  if (seen) return;
  await listener.apply(env, event);
  await db.insert(eventReceipts).values({ listener: listener.name, eventId: event.id }).onConflictDoNothing();
}
