import { createDb } from "../db/client";
import { roomView } from "../db/rooms";
import { snoozeOf } from "../features/inbox/marks-repo";
import { labelsOfRoom } from "../features/labels/repo";
import { clock } from "../lib/clock";
import type { FeedRoom, InboxEvent } from "./inbox-do";
import type { InboundJob } from "./ingest";
import type { OutboxRow } from "./room-outbox";
import type { RoomSummary } from "./types";

/**
 * What the inbox shows of a room that the room itself does not keep: read once, and again after a
 * `republish` (a label or snooze change, issue 17), so the feed carries the room's labels and snooze.
 */
export interface Listing {
  channelName: string;
  contactBlocked: boolean;
  /** Unknown (left out of the feed, the inbox keeps what it has) when a webhook gave the listing. */
  labels?: { id: string; name: string; colour: string }[] | undefined;
  snoozedUntil: number | null;
}

export async function readListing(env: Env, room: RoomSummary): Promise<Listing> {
  const db = createDb(env.DB);
  const [view, labels, snoozedUntil] = await Promise.all([
    roomView(db, room.organizationId, room.roomId),
    labelsOfRoom(db, room.roomId),
    snoozeOf(db, room.roomId, clock.now()),
  ]);
  return { channelName: view.channelName, contactBlocked: view.contactBlocked, labels, snoozedUntil };
}

/**
 * Delivers a run of outbox rows, oldest first, in one call to the organization's inbox: it sends the
 * feed (I5) at once and answers once the D1 inbox index (the room as of the last row, and the
 * provider ids of the customer's messages, which dedupe redeliveries across rooms, G6), the files to
 * fetch and the `events` queue are written, together with other rooms' drains of the moment
 * (`index-writer.ts`). Every step is idempotent, so a retry after a failure repeats nothing visible.
 */
export async function deliverOutbox(env: Env, rows: OutboxRow[], listing: Listing): Promise<void> {
  const last = rows.at(-1);
  if (!last) return;
  await env.INBOX.getByName(last.room.organizationId).deliver({
    feed: feedOf(rows, listing),
    room: last.room,
    stored: storedIdsOf(rows),
    media: mediaJobsOf(rows),
    events: rows.map((row) => row.event),
  });
}

/** The provider ids of the customer's messages in these rows. */
function storedIdsOf(rows: OutboxRow[]): string[] {
  return rows.flatMap(({ event }) =>
    event.type === "message.created" && event.message.direction === "in" && event.message.providerMessageId
      ? [event.message.providerMessageId]
      : [],
  );
}

/** The feed carries the room as GET /api/rooms/:id shows it; a change that did not alter it is not sent. */
function feedOf(rows: OutboxRow[], listing: Listing): InboxEvent[] {
  const feed: InboxEvent[] = [];
  let previous = "";
  for (const { event, room: s } of rows) {
    // A customer's message ends a snooze (the index deletes it as it writes this run).
    if (event.type === "message.created" && event.message.direction === "in") listing.snoozedUntil = null;
    const room: FeedRoom = {
      id: s.roomId,
      status: s.status,
      assigneeId: s.assigneeId,
      channelId: s.channelId,
      channelName: listing.channelName,
      channelKind: s.channelKind ?? "whatsapp",
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
      version: s.version,
      labels: listing.labels,
      snoozedUntil: listing.snoozedUntil,
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
        sha256: event.message.details?.sha256 ?? null,
      },
    ];
  });
}
