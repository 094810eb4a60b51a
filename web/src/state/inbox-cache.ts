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

/** Rooms from the API or the feed; what the feed does not carry (labels, marks, snooze) is kept. */
export function upsertRooms(list: Room[]) {
  if (list.length === 0) return;
  const next = new Map(rooms.value);
  for (const room of list) {
    const before = next.get(room.id);
    const fresh = room.labels ? { ...room, labels: currentLabels(room.labels) } : room;
    const merged = before ? { ...before, ...fresh } : fresh;
    // A customer's message ends a snooze (the API does the same).
    const wrote = (room.lastCustomerMessageAt ?? 0) > (before?.lastCustomerMessageAt ?? 0);
    next.set(room.id, wrote && before ? { ...merged, snoozedUntil: null } : merged);
  }
  rooms.value = next;
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

export function applyRooms(list: Room[]) {
  upsertRooms(list);
  // Listeners get the room as the list holds it: labels and marks kept when an answer lacks them.
  for (const room of list) {
    const merged = rooms.value.get(room.id) ?? room;
    for (const listener of roomListeners) listener(merged);
  }
}
