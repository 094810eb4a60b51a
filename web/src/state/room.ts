/**
 * The open room: its record, its messages (by seq, older pages loaded on demand), who is typing,
 * and every action on it. Messages stream in through the room's WebSocket (state/realtime.ts),
 * resumed from the last seq after a drop, so nothing is missed and nothing shows twice.
 */
import { batch, computed, signal } from "@preact/signals";
import { api, type Room, type RoomMessage, type SendBody } from "../api";
import { describeError } from "../errors";
import { t } from "../i18n";
import { applyRoom, mergeSummary, onRoomChange, rooms } from "./inbox";
import { noteSeq, type RoomEvent, unwatchRoom, watchRoom } from "./realtime";
import { me } from "./session";

const PAGE = 50;

/** A message as the room shows it: from the API, or one of ours still being sent. */
export interface ChatMessage extends RoomMessage {
  local?: { clientId: string; body: SendBody | null; file: File | null; problem: string | null };
}

export const roomId = signal<string | null>(null);
export const room = signal<Room | null>(null);
export const roomLoad = signal<{ status: "loading" | "ready" | "error"; error: string | null }>({
  status: "loading",
  error: null,
});
const messageMap = signal<ReadonlyMap<string, ChatMessage>>(new Map());
export const older = signal<{ loading: boolean; hasMore: boolean; error: string | null }>({
  loading: false,
  hasMore: false,
  error: null,
});
/** Someone else typing in this room, for a few seconds after their last keystroke. */
export const typingName = signal<string | null>(null);
export const replyTo = signal<ChatMessage | null>(null);

/** In seq order; our messages still being sent come last, in the order they were written. */
export const messages = computed(() =>
  [...messageMap.value.values()].sort((a, b) => a.seq - b.seq || a.createdAt - b.createdAt),
);

export const messagesById = messageMap;

const STATUS_RANK: Record<RoomMessage["status"], number> = {
  received: 0,
  pending: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 4,
};

/** Adds or updates messages; a status never moves backwards (a late answer cannot undo a tick). */
export function upsertMessages(list: RoomMessage[]) {
  if (list.length === 0) return;
  const next = new Map(messageMap.value);
  for (const message of list) {
    const existing = next.get(message.id);
    if (existing && STATUS_RANK[existing.status] > STATUS_RANK[message.status]) {
      next.set(message.id, { ...message, status: existing.status, error: existing.error });
    } else {
      next.set(message.id, message);
    }
  }
  messageMap.value = next;
}

export function removeMessage(id: string) {
  if (!messageMap.value.has(id)) return;
  const next = new Map(messageMap.value);
  next.delete(id);
  messageMap.value = next;
}

const myId = () => me.value?.user?.id ?? null;

// ---- opening and following a room ----------------------------------------------------------------

let typingTimer: ReturnType<typeof setTimeout> | undefined;
let readTimer: ReturnType<typeof setTimeout> | undefined;
/** Counts openings: a room opened again starts with an empty list (a send in flight is no longer shown). */
let openings = 0;
export const roomOpenings = () => openings;

export function openRoom(id: string) {
  if (roomId.value === id && roomLoad.value.status !== "error") return;
  unwatchRoom();
  clearTimeout(typingTimer);
  openings += 1;
  batch(() => {
    roomId.value = id;
    room.value = rooms.value.get(id) ?? null;
    roomLoad.value = { status: "loading", error: null };
    messageMap.value = new Map();
    older.value = { loading: false, hasMore: false, error: null };
    typingName.value = null;
    replyTo.value = null;
  });
  void load(id);
}

async function load(id: string) {
  try {
    const [record, page] = await Promise.all([api.room(id), api.messages(id, { limit: PAGE })]);
    if (roomId.value !== id) return;
    for (const message of page.messages) noteSeq(id, message.seq);
    batch(() => {
      applyRoom(record);
      upsertMessages(page.messages);
      older.value = { loading: false, hasMore: page.messages.length === PAGE, error: null };
      roomLoad.value = { status: "ready", error: null };
    });
    watchRoom(id, onEvent);
    if (record.unreadCount > 0 || record.markedUnread) scheduleRead();
  } catch (error) {
    if (roomId.value !== id) return;
    roomLoad.value = { status: "error", error: describeError(error) };
  }
}

export function closeRoom() {
  unwatchRoom();
  clearTimeout(typingTimer);
  clearTimeout(readTimer);
  batch(() => {
    roomId.value = null;
    room.value = null;
    messageMap.value = new Map();
    typingName.value = null;
    replyTo.value = null;
  });
}

export function retryRoom() {
  const id = roomId.value;
  if (!id) return;
  roomLoad.value = { status: "loading", error: null };
  void load(id);
}

function onEvent(event: RoomEvent) {
  if (event.type === "typing") {
    if (event.userId && event.userId === myId()) return;
    typingName.value = event.name ?? t("Someone");
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      typingName.value = null;
    }, 4_000);
    return;
  }
  if (event.type === "room.updated") {
    const current = room.value;
    if (current && current.id === event.room.roomId) {
      applyRoom(mergeSummary(current, event.room));
      if (event.room.unreadCount > 0) scheduleRead();
    }
    return;
  }
  const message = event.message;
  if (event.type === "message.created" && message.direction !== "in" && message.authorId === myId()) {
    // Our own message, possibly before the POST answered: it replaces its pending copy.
    const pending = [...messageMap.value.values()].find(
      (m) => m.local && !m.local.problem && m.kind === message.kind && m.text === message.text,
    );
    if (pending) removeMessage(pending.id);
  }
  if (message.direction === "in") typingName.value = null;
  upsertMessages([message]);
}

/** Marks the room read while the agent is looking at it. */
function scheduleRead() {
  clearTimeout(readTimer);
  readTimer = setTimeout(() => {
    const id = roomId.value;
    const current = room.value;
    // Issue 17: opening a room one marked unread reads it again (the mark goes).
    if (!id || !current || (current.unreadCount === 0 && !current.markedUnread)) return;
    if (document.visibilityState !== "visible") return;
    api.markRead(id).then(applyRoom, () => {});
  }, 300);
}

document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && room.value && room.value.unreadCount > 0) scheduleRead();
});

onRoomChange((changed) => {
  if (changed.id === roomId.value) room.value = changed;
});

export async function loadOlder(): Promise<void> {
  const id = roomId.value;
  const state = older.value;
  if (!id || state.loading || !state.hasMore) return;
  const first = messages.value.find((m) => !m.local);
  if (!first) return;
  older.value = { ...state, loading: true, error: null };
  try {
    const page = await api.messages(id, { before: first.seq, limit: PAGE });
    if (roomId.value !== id) return;
    batch(() => {
      upsertMessages(page.messages);
      older.value = { loading: false, hasMore: page.messages.length === PAGE, error: null };
    });
  } catch (error) {
    older.value = { ...older.value, loading: false, error: describeError(error) };
  }
}

// ---- room actions --------------------------------------------------------------------------------

async function act(call: (id: string) => Promise<Room>): Promise<void> {
  const id = roomId.value;
  if (!id) return;
  applyRoom(await call(id));
}

export const take = () => act(api.take);
export const resolve = () => act(api.resolve);
export const assign = (userId: string) => act((id) => api.assign(id, userId));

/** Blocks or unblocks the contact (rule I6), then shows the room as it is now. */
export async function setBlocked(blocked: boolean): Promise<void> {
  const current = room.value;
  if (!current) return;
  await (blocked ? api.block(current.contactId) : api.unblock(current.contactId));
  applyRoom(await api.room(current.id));
}
