import { publishEvents } from "../events/publish";
import type { DomainEvent } from "../events/types";
import { clock } from "../lib/clock";
import type { InboxEvent } from "./inbox-do";
import type { InboundJob } from "./ingest";
import type { RoomSummary } from "./types";

/** What one drain of a room's outbox hands its organization's inbox. */
export interface RoomDelivery {
  /** For the members' sockets, sent at once. */
  feed: InboxEvent[];
  /** The room as of the drain's last row: the D1 inbox index row. */
  room: RoomSummary;
  /** Provider ids of the customer's messages the room stored (G6: they dedupe redeliveries). */
  stored: string[];
  /** Files to fetch from the provider. */
  media: InboundJob[];
  /** For the `events` queue's listeners. */
  events: DomainEvent[];
}

/** Enough rooms for one D1 batch and a few queue batches. */
const MAX_GROUP = 64;

/**
 * When drains arrived while a group was being written (a steady load), the writer gathers the next
 * group this much longer, unless a full group waits: the drains of that time go together (one D1
 * batch and one queue send for several messages instead of each). So under a steady load a drain,
 * and a send waiting for its room's drain (`drainBeforeSend`), may wait up to this much more; a
 * drain that finds the writer neither writing nor gathering is written at once.
 */
const LINGER_MS = 20;

interface Waiting {
  delivery: RoomDelivery;
  done: () => void;
  failed: (err: unknown) => void;
}

/**
 * Group commit of the rooms' drains (G6, I5): while one D1 batch is being written (and, under a
 * steady load, `LINGER_MS` after), the drains that arrive wait and go together in the next one, so
 * under load an inbound message costs a fraction of a D1 round trip and of a queue send instead of
 * one each, and when idle a drain is written at once. The feed does not wait for any of this
 * (`InboxDO.deliver`).
 * A drain's call answers when its group is written; a failure fails the whole group, and each room
 * keeps its outbox rows and retries them (every write here is idempotent). Nothing is kept here:
 * an evicted inbox loses only calls that were not answered, which their rooms retry.
 */
export class IndexWriter {
  private waiting: Waiting[] = [];
  private writing = false;
  /** While set, the writer is gathering the next group (`LINGER_MS`); cleared when a write starts. */
  private gathering: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly env: Env) {}

  write(delivery: RoomDelivery): Promise<void> {
    return new Promise((done, failed) => {
      this.waiting.push({ delivery, done, failed });
      this.next();
    });
  }

  private next(): void {
    if (this.writing || this.waiting.length === 0) return;
    if (this.gathering !== null && this.waiting.length < MAX_GROUP) return;
    if (this.gathering !== null) clearTimeout(this.gathering);
    this.gathering = null;
    const group = this.waiting.splice(0, MAX_GROUP);
    this.writing = true;
    writeGroup(
      this.env,
      group.map((w) => w.delivery),
    )
      .then(
        () => {
          for (const w of group) w.done();
        },
        (err) => {
          for (const w of group) w.failed(err);
        },
      )
      .finally(() => {
        this.writing = false;
        // Drains that came during the write mean a steady load: gather the next group a little longer.
        if (this.waiting.length === 0 || this.waiting.length >= MAX_GROUP) return this.next();
        this.gathering = setTimeout(() => {
          this.gathering = null;
          this.next();
        }, LINGER_MS);
      });
  }
}

/** The index's statements as SQL text written once (drizzle's builder costs more CPU than these take). */
const INDEX = {
  /** Rule I5: a room's row only moves forward (a late retry of an older drain writes nothing). */
  room: `UPDATE rooms SET status = ?, assignee_id = ?, last_message_preview = ?, last_message_at = ?,
    last_customer_message_at = ?, window_expires_at = ?, unread_count = ?, resolved_at = ?, version = ?
    WHERE id = ? AND version <= ?`,
  stored: `INSERT INTO provider_messages (provider_message_id, organization_id, room_id, direction, stored_at)
    VALUES (?, ?, ?, 'in', ?) ON CONFLICT (organization_id, provider_message_id)
    DO UPDATE SET room_id = excluded.room_id, stored_at = excluded.stored_at`,
  /** Issue 17: a customer's message wakes a snoozed room. */
  wake: "DELETE FROM room_snoozes WHERE room_id = ?",
};

/** One D1 batch (one transaction) for the index rows and provider ids, then the file jobs, then the events. */
async function writeGroup(env: Env, deliveries: RoomDelivery[]): Promise<void> {
  const d1 = env.DB;
  const storedAt = clock.now();
  // A room drains one run at a time, so its latest summary is its last delivery's.
  const latest = new Map(deliveries.map((d) => [d.room.roomId, d.room]));
  const statements = [
    ...[...latest.values()].map((s) =>
      d1
        .prepare(INDEX.room)
        .bind(
          s.status,
          s.assigneeId,
          s.lastMessagePreview,
          s.lastMessageAt,
          s.lastCustomerMessageAt,
          s.windowExpiresAt,
          s.unreadCount,
          s.resolvedAt,
          s.version,
          s.roomId,
          s.version,
        ),
    ),
    ...deliveries.flatMap(({ room: s, stored }) =>
      stored.map((id) => d1.prepare(INDEX.stored).bind(id, s.organizationId, s.roomId, storedAt)),
    ),
    ...deliveries.filter((d) => d.stored.length > 0).map(({ room: s }) => d1.prepare(INDEX.wake).bind(s.roomId)),
  ];
  if (statements.length > 0) await d1.batch(statements);
  const media = deliveries.flatMap((d) => d.media);
  for (let i = 0; i < media.length; i += 100) {
    await env.INBOUND_QUEUE.sendBatch(media.slice(i, i + 100).map((body) => ({ body, contentType: "json" as const })));
  }
  await publishEvents(
    env,
    deliveries.flatMap((d) => d.events),
  );
}
