/**
 * The one module that owns the app's two WebSockets (rule I5):
 * - the organization's inbox feed (`/api/inbox/ws`): rooms as they change, presence, renamed and
 *   removed members;
 * - the open room (`/api/rooms/:id/ws?after=<seq>`): its messages and state, resumed from the highest
 *   `seq` seen, so a reconnect replays exactly what was missed.
 *
 * Both are a LiveSocket (live-socket.ts), which reconnects on its own; this module also reconnects
 * them at once when the browser comes back online or the tab is shown again. The same-origin `sid` cookie
 * authenticates them. `connection` says what the user should see: online, reconnecting or offline.
 *
 * The server ends a socket on purpose with the codes of worker/schemas/realtime.ts (rule G7), and
 * those are never retried with backoff: 4401 (the session ended) stops both sockets and signs out;
 * 4403 (this person's access changed) stops the room's socket and says so in the room (`roomEnded`),
 * while the feed reconnects once at once, which reloads the lists and who is signed in.
 */
import { computed, signal } from "@preact/signals";
import type { RoomEvent as ServerRoomEvent, RoomSummary as ServerRoomSummary } from "../../../worker/rooms/types";
import type { Label, Room, TeamMember } from "../api";
import { LiveSocket, markOnline, online } from "./live-socket";

export { online, setSessionEndedHandler, setTroubleHandler } from "./live-socket";

/**
 * The open room's socket sends RoomDO's own events (worker/rooms/types.ts), imported as types: a
 * changed event on the server is a type error here. Its room is the room as the room keeps it: the
 * Room without channel name or block state, keyed `roomId`.
 */
export type RoomSummary = ServerRoomSummary;
export type RoomEvent = ServerRoomEvent;

/**
 * The organization's feed (InboxDO, worker/rooms/inbox-do.ts). That module is a Durable Object
 * (`cloudflare:workers`), which the browser's type program cannot load, so its events are typed here
 * from the API schemas it promises: rooms as GET /api/rooms/:id shows them (RoomSchema), members as
 * GET /api/team lists them (TeamSchema); `hello` and `presence` carry who is online.
 */
export type InboxEvent =
  | { type: "hello" | "presence"; online: string[] }
  | { type: "room.created" | "room.updated"; room: Room }
  | { type: "member.updated"; member: Pick<TeamMember, "id" | "name" | "role"> }
  | { type: "member.removed"; memberId: TeamMember["id"] }
  /** Rule I11: a label created, renamed or recoloured, or deleted (each room's chip follows). */
  | { type: "label.updated"; label: Label }
  | { type: "label.deleted"; labelId: Label["id"] };

// ---- the inbox feed ------------------------------------------------------------------------------

let inboxSocket: LiveSocket | null = null;

/** Other listeners of the inbox feed (the call widget hears `call.*` messages here, state/calls.ts). */
const inboxListeners = new Set<(message: unknown) => void>();
export function onInboxMessage(listener: (message: unknown) => void): () => void {
  inboxListeners.add(listener);
  return () => inboxListeners.delete(listener);
}

/** Listeners told each time the feed (re)connects (the call widget asks what rings now, state/calls.ts). */
const inboxOpenListeners = new Set<() => void>();
export function onInboxOpen(listener: () => void): () => void {
  inboxOpenListeners.add(listener);
  return () => inboxOpenListeners.delete(listener);
}

/**
 * Starts the organization's feed. `onOpen` runs every time it (re)connects: the feed has no sequence
 * numbers and does not replay, so whatever changed while it was not connected (including before its
 * very first connection, while the lists were being fetched) is caught up by reloading the lists.
 */
export function startInboxFeed(onEvent: (event: InboxEvent) => void, onOpen: (resumed: boolean) => void) {
  inboxSocket?.stop();
  inboxSocket = new LiveSocket(
    () => "/api/inbox/ws",
    (event) => {
      for (const listener of inboxListeners) listener(event);
      onEvent(event as InboxEvent);
    },
    (resumed) => {
      for (const listener of inboxOpenListeners) listener();
      onOpen(resumed);
    },
    // 4403: every role keeps the inbox, so the feed reconnects once, at once; `onOpen(true)` then
    // reloads the lists, the team and who is signed in (with the new role).
    (socket) => socket.reconnectNow(),
  );
  inboxSocket.start();
  inboxStatus.value = inboxSocket.status;
  inboxWasOpen.value = inboxSocket.wasOpen;
}

export function stopInboxFeed() {
  inboxSocket?.stop();
  inboxSocket = null;
  inboxStatus.value = null;
  inboxWasOpen.value = null;
}

// ---- the open room -------------------------------------------------------------------------------

/** The highest event `seq` seen per room: where a reconnect resumes. */
const lastSeq = new Map<string, number>();
let roomSocket: LiveSocket | null = null;
let roomSocketId: string | null = null;

/**
 * Set when the server ended the open room's socket because this person's access changed (4403): the
 * room stops updating and says so; reopening it asks the server again what this person may see.
 */
export const roomEnded = signal<"access_changed" | null>(null);

/** Records that everything up to `seq` of the room is known (from a REST page or an event). */
export function noteSeq(roomId: string, seq: number) {
  if (seq > (lastSeq.get(roomId) ?? 0)) lastSeq.set(roomId, seq);
}

export function seqOf(roomId: string): number {
  return lastSeq.get(roomId) ?? 0;
}

/** Opens the live connection of one room (closing the previous one); events arrive in seq order. */
export function watchRoom(roomId: string, onEvent: (event: RoomEvent) => void) {
  unwatchRoom();
  roomSocketId = roomId;
  const socket = new LiveSocket(
    () => `/api/rooms/${encodeURIComponent(roomId)}/ws?after=${seqOf(roomId)}`,
    (raw) => {
      const event = raw as RoomEvent;
      if (event.type !== "typing") noteSeq(roomId, event.seq);
      onEvent(event);
    },
    undefined,
    (ended) => {
      ended.stop();
      if (roomSocket === ended) roomEnded.value = "access_changed";
    },
  );
  roomSocket = socket;
  roomStatus.value = socket.status;
  roomWasOpen.value = socket.wasOpen;
  socket.start();
}

export function unwatchRoom() {
  roomEnded.value = null;
  roomSocket?.stop();
  roomSocket = null;
  roomSocketId = null;
  roomStatus.value = null;
  roomWasOpen.value = null;
}

/** Tells the others in the open room that this user is typing. */
export function sendTyping(roomId: string): boolean {
  return roomSocketId === roomId && (roomSocket?.send({ type: "typing" }) ?? false);
}

// ---- what the user sees --------------------------------------------------------------------------

const inboxStatus = signal<LiveSocket["status"] | null>(null);
const inboxWasOpen = signal<LiveSocket["wasOpen"] | null>(null);
const roomStatus = signal<LiveSocket["status"] | null>(null);
const roomWasOpen = signal<LiveSocket["wasOpen"] | null>(null);

/**
 * "online": live; "connecting": the first connection is being made; "reconnecting": a connection
 * dropped and is being restored; "offline": the browser has no network.
 */
export const connection = computed<"online" | "connecting" | "reconnecting" | "offline">(() => {
  if (!online.value) return "offline";
  const sockets = [
    [inboxStatus.value?.value, inboxWasOpen.value?.value],
    [roomStatus.value?.value, roomWasOpen.value?.value],
  ] as const;
  let connecting = false;
  for (const [status, wasOpen] of sockets) {
    if (status === undefined || status === "idle" || status === "open") continue;
    if (wasOpen || status === "waiting") return "reconnecting";
    connecting = true;
  }
  return connecting ? "connecting" : "online";
});

window.addEventListener("offline", () => {
  online.value = false;
  inboxSocket?.suspend();
  roomSocket?.suspend();
});
window.addEventListener("online", () => {
  markOnline();
  inboxSocket?.reconnectNow();
  roomSocket?.reconnectNow();
});
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState !== "visible") return;
  // Back from a sleeping laptop or a background tab: do not wait for the backoff.
  if (inboxSocket?.status.value === "waiting") inboxSocket.reconnectNow();
  if (roomSocket?.status.value === "waiting") roomSocket.reconnectNow();
});
