import { eq } from "drizzle-orm";
import { createDb } from "../db/client";
import { type RoomView, roomView } from "../db/rooms";
import { providerMessages, rooms } from "../db/schema";
import { publishEvents } from "../events/publish";
import { clock } from "../lib/clock";
import type { InboxEvent } from "./inbox-do";
import type { InboundJob } from "./ingest";
import type { OutboxRow } from "./room-outbox";
import type { RoomSummary } from "./types";

/** What the inbox shows of a room that the room itself does not keep. */
export interface Listing {
  channelName: string;
  contactBlocked: boolean;
}

export async function readListing(env: Env, room: RoomSummary): Promise<Listing> {
  const view = await roomView(createDb(env.DB), room.organizationId, room.roomId);
  return { channelName: view.channelName, contactBlocked: view.contactBlocked };
}

/**
 * Delivers a run of outbox rows, oldest first: the tenant feed (I5) in one call; the D1 inbox index
 * (the room as of the last row, and the provider ids of the customer's messages, which dedupe
 * redeliveries across rooms, G6) in one batch; the files to fetch; then the `events` queue for the
 * listeners. Every step is idempotent, so a retry after a failure part-way repeats nothing visible.
 * The index and the provider ids are written together: when the index says a room is resolved,
 * every message the room took before is known to it, so a late redelivery is recognised.
 */
export async function deliverOutbox(env: Env, rows: OutboxRow[], listing: Listing): Promise<void> {
  const last = rows.at(-1);
  if (!last) return;
  const feed = feedOf(rows, listing);
  if (feed.length > 0) await env.INBOX.getByName(last.room.organizationId).publishAll(feed);
  await writeIndex(env, rows, last.room);
  for (const job of mediaJobsOf(rows)) await env.INBOUND_QUEUE.send(job);
  await publishEvents(
    env,
    rows.map((row) => row.event),
  );
}

async function writeIndex(env: Env, rows: OutboxRow[], s: RoomSummary) {
  const db = createDb(env.DB);
  const storedAt = clock.now();
  const stored = rows.flatMap(({ event }) =>
    event.type === "message.created" && event.message.direction === "in" && event.message.providerMessageId
      ? [event.message.providerMessageId]
      : [],
  );
  await db.batch([
    db
      .update(rooms)
      .set({
        status: s.status,
        assigneeId: s.assigneeId,
        lastMessagePreview: s.lastMessagePreview,
        lastMessageAt: s.lastMessageAt,
        lastCustomerMessageAt: s.lastCustomerMessageAt,
        windowExpiresAt: s.windowExpiresAt,
        unreadCount: s.unreadCount,
        resolvedAt: s.resolvedAt,
      })
      .where(eq(rooms.id, s.roomId)),
    ...stored.map((providerMessageId) =>
      db
        .insert(providerMessages)
        .values({ providerMessageId, organizationId: s.organizationId, roomId: s.roomId, direction: "in", storedAt })
        .onConflictDoUpdate({
          target: [providerMessages.organizationId, providerMessages.providerMessageId],
          set: { roomId: s.roomId, storedAt },
        }),
    ),
  ]);
}

/** The feed carries the room as GET /api/rooms/:id shows it; a change that did not alter it is not sent. */
function feedOf(rows: OutboxRow[], listing: Listing): InboxEvent[] {
  const feed: InboxEvent[] = [];
  let previous = "";
  for (const { event, room: s } of rows) {
    const room: RoomView = {
      id: s.roomId,
      status: s.status,
      assigneeId: s.assigneeId,
      channelId: s.channelId,
      channelName: listing.channelName,
      contactId: s.contactId,
      contactExternalId: s.contactExternalId,
      contactName: s.contactName,
      contactBlocked: listing.contactBlocked,
      lastMessagePreview: s.lastMessagePreview,
      lastMessageAt: s.lastMessageAt,
      lastCustomerMessageAt: s.lastCustomerMessageAt,
      windowExpiresAt: s.windowExpiresAt,
      unreadCount: s.unreadCount,
      openedAt: s.openedAt,
      resolvedAt: s.resolvedAt,
    };
    const created = event.type === "room.created";
    const text = JSON.stringify(room);
    if (!created && text === previous) continue;
    previous = text;
    feed.push({ type: created ? "room.created" : "room.updated", room });
  }
  return feed;
}

/** A customer's file is fetched from the provider after the message is stored (the queue retries it). */
function mediaJobsOf(rows: OutboxRow[]): InboundJob[] {
  return rows.flatMap(({ event, room }) => {
    if (event.type !== "message.created" || event.message.direction !== "in") return [];
    const media = event.message.media;
    if (!media?.providerMediaId || media.key) return [];
    return [
      {
        kind: "media" as const,
        channelId: room.channelId,
        roomId: room.roomId,
        messageId: event.message.id,
        providerMediaId: media.providerMediaId,
      },
    ];
  });
}
