/**
 * The inbox's cache: every room the app knows of, by id, as the API and the feed last showed it, and
 * the listeners that keep an open room's copy in step (`state/room.ts`). Labels go through the
 * catalogue (`inbox-labels.ts`), so a renamed or deleted label shows as it is now.
 */
import { signal } from "@preact/signals";
import type { Room } from "../api";
import { currentLabels } from "./inbox-labels";
import type { RoomSummary } from "./realtime";

export const rooms = signal<ReadonlyMap<string, Room>>(new Map());

/**
 * A room from the API, the feed or the room's socket, over the copy the cache holds. Rule I5: a copy
 * older than the cached one (a lower version: an answer that was on its way while the feed told of a
 * newer change) never takes the room back; only the asker's own mark, which no version orders, is
 * taken from it. What a copy does not carry (labels, marks, snooze) is kept.
 */
function merge(before: Room | undefined, room: Room): Room {
  if (before && room.version < before.version) {
    return room.markedUnread === undefined ? before : { ...before, markedUnread: room.markedUnread };
  }
  const fresh = room.labels ? { ...room, labels: currentLabels(room.labels) } : room;
  if (!before) return fresh;
  const merged = { ...before, ...fresh };
  // A customer's message ends a snooze (the API does the same).
  const wrote = (room.lastCustomerMessageAt ?? 0) > (before.lastCustomerMessageAt ?? 0);
  return wrote ? { ...merged, snoozedUntil: null } : merged;
}

/** Room fields the open room's socket carries; the rest (channel name, block state) stay as they were. */
export function mergeSummary(room: Room, summary: RoomSummary): Room {
  return {
    ...room,
    status: summary.status,
    assigneeId: summary.assigneeId,
    contactName: summary.contactName,
    lastMessagePreview: summary.lastMessagePreview,
    lastMessageAt: summary.lastMessageAt,
    lastCustomerMessageAt: summary.lastCustomerMessageAt,
    windowExpiresAt: summary.windowExpiresAt,
    unreadCount: summary.unreadCount,
    openedAt: summary.openedAt,
    resolvedAt: summary.resolvedAt,
    version: summary.version,
  };
}

/** Listeners for room changes (the open room keeps its own copy in step). */
const roomListeners = new Set<(room: Room) => void>();
export function onRoomChange(listener: (room: Room) => void): () => void {
  roomListeners.add(listener);
  return () => roomListeners.delete(listener);
}

export function applyRoom(room: Room) {
  applyRooms([room]);
}

/** Rooms into the cache; the open room's listeners get each as the cache holds it now. */
export function applyRooms(list: Room[]) {
  if (list.length === 0) return;
  const next = new Map(rooms.value);
  for (const room of list) next.set(room.id, merge(next.get(room.id), room));
  rooms.value = next;
  for (const room of list) {
    const merged = next.get(room.id) as Room;
    for (const listener of roomListeners) listener(merged);
  }
}
