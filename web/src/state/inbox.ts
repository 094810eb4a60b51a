/**
 * The inbox: every room the app knows of (`inbox-cache.ts`), kept current by the organization's feed
 * (rule I5, `inbox-feed.ts`), which carries whole rooms. Each tab (Assigned to me, Unassigned,
 * Resolved, All, Snoozed) is a filter over that cache, so a room moves between tabs the moment it
 * changes; the API pages fill the cache, and a reconnect reloads it.
 */
import { batch, computed, signal } from "@preact/signals";
import { api, type Room, type RoomView } from "../api";
import { describeError } from "../errors";
import { inboxClock } from "./clock";
import { filtering, filters, type InboxFilters, narrowing, setFilters } from "./filters";
import { applyRooms, rooms } from "./inbox-cache";
import { onFeed } from "./inbox-feed";
import { startInboxFeed, stopInboxFeed } from "./realtime";
import { me, refreshMe } from "./session";
import { loadTeam } from "./team";

export { applyRoom, mergeSummary, onRoomChange, rooms } from "./inbox-cache";

const VIEW_KEY = "edge-inbox.view";
function storedView(): RoomView | null {
  const value = sessionStorage.getItem(VIEW_KEY);
  return value === "mine" || value === "unassigned" || value === "resolved" || value === "all" || value === "snoozed"
    ? value
    : null;
}
export const view = signal<RoomView>(storedView() ?? "mine");
/** The search box; the URL's `q` once typing pauses (issue 17: a reload keeps it). */
export const search = signal(filters.value.q ?? "");

interface ListState {
  status: "loading" | "ready" | "error";
  error: string | null;
  nextCursor: string | null;
  loadingMore: boolean;
  /** The rooms of a search or a filtered list, in the API's order (issue 17: the API decides what matches). */
  ids: string[];
}
/** Loading state per view, search and filters, e.g. "mine||{}" or "all|budi|{"label":"…"}". */
export const lists = signal<Readonly<Record<string, ListState>>>({});
const listKey = (v: RoomView, q: string, f: InboxFilters = narrowing.value) =>
  `${v}|${q.trim().toLowerCase()}|${JSON.stringify(f)}`;
const emptyList: ListState = { status: "loading", error: null, nextCursor: null, loadingMore: false, ids: [] };
export const currentList = computed<ListState>(() => lists.value[listKey(view.value, search.value)] ?? emptyList);

/** A search (through every tab and the message history) or a filter: the list is the API's answer. */
export const answering = computed(() => search.value.trim() !== "" || filtering.value);

/** The inbox clock to 5 s: a snoozed room comes back in the list by itself (issue 17). */
const snoozeClock = computed(() => Math.floor(inboxClock.value / 5_000) * 5_000);
export const isSnoozed = (room: Room, now = snoozeClock.value) =>
  room.snoozedUntil !== null && room.snoozedUntil !== undefined && room.snoozedUntil > now;

const supervises = () => me.value?.organization.role !== "agent";
const myId = () => me.value?.user?.id ?? "";

/** The same rules as the API's list (worker/features/inbox/room-list.ts listRooms). */
export function inView(room: Room, v: RoomView): boolean {
  switch (v) {
    case "mine":
      return room.assigneeId === myId() && room.status !== "resolved" && !isSnoozed(room);
    case "unassigned":
      return room.status === "unassigned" && !isSnoozed(room);
    case "resolved":
      return room.status === "resolved" && (supervises() || room.assigneeId === myId());
    case "all":
      return supervises() && !isSnoozed(room);
    case "snoozed":
      return isSnoozed(room) && (supervises() || room.assigneeId === myId() || room.status === "unassigned");
  }
}

/** What the list can check itself of the filters (the rest the API decided when it answered). */
function keepsFilters(room: Room, f: InboxFilters): boolean {
  if (f.label && !room.labels?.some((l) => l.id === f.label)) return false;
  if (f.agent && (f.agent === "none" ? room.assigneeId !== null : room.assigneeId !== f.agent)) return false;
  if (f.channel && room.channelId !== f.channel) return false;
  return true;
}

function matches(room: Room, q: string): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [room.contactName, room.contactExternalId, room.lastMessagePreview].some((field) =>
    field?.toLowerCase().includes(needle),
  );
}

const newestFirst = (a: Room, b: Room) => b.lastMessageAt - a.lastMessageAt || (b.id < a.id ? -1 : 1);

export const visibleRooms = computed(() => {
  if (answering.value) {
    // A search looks through every tab one may see; a filtered list stays in its tab.
    const searching = search.value.trim() !== "";
    const f = narrowing.value;
    return currentList.value.ids
      .map((id) => rooms.value.get(id))
      .filter((r): r is Room => r !== undefined && (searching || inView(r, view.value)) && keepsFilters(r, f))
      .sort(newestFirst);
  }
  return [...rooms.value.values()].filter((r) => inView(r, view.value) && matches(r, search.value)).sort(newestFirst);
});

/** Rooms with unread customer messages, per tab: the badges of the tabs. */
export const unreadByView = computed(() => {
  const counts: Record<RoomView, number> = { mine: 0, unassigned: 0, resolved: 0, all: 0, snoozed: 0 };
  for (const room of rooms.value.values()) {
    if (room.unreadCount === 0) continue;
    for (const v of ["mine", "unassigned", "all"] as const) if (inView(room, v)) counts[v] += 1;
  }
  return counts;
});

function setList(key: string, patch: Partial<ListState>) {
  const previous = lists.value[key] ?? emptyList;
  lists.value = { ...lists.value, [key]: { ...previous, ...patch } };
}

let requestCounter = 0;
const latestRequest: Record<string, number> = {};

/** Loads the first page of a view (with the current search and filters), or the next page with `more`. */
export async function loadList(v: RoomView = view.value, q: string = search.value, more = false): Promise<void> {
  const f = narrowing.value;
  const key = listKey(v, q, f);
  const state = lists.value[key];
  if (more && (!state?.nextCursor || state.loadingMore)) return;
  const id = ++requestCounter;
  latestRequest[key] = id;
  if (more) setList(key, { loadingMore: true, error: null });
  else if (state?.status !== "ready") setList(key, { status: "loading", error: null });
  try {
    const page = await api.rooms({
      view: v,
      q: q.trim() || undefined,
      ...f,
      cursor: more ? (state?.nextCursor ?? undefined) : undefined,
      limit: 30,
    });
    if (latestRequest[key] !== id) return;
    const ids = page.rooms.map((r) => r.id);
    batch(() => {
      applyRooms(page.rooms);
      setList(key, {
        status: "ready",
        error: null,
        nextCursor: page.nextCursor,
        loadingMore: false,
        ids: more ? [...(lists.value[key]?.ids ?? []), ...ids] : ids,
      });
    });
  } catch (error) {
    if (latestRequest[key] !== id) return;
    setList(
      key,
      more ? { loadingMore: false, error: describeError(error) } : { status: "error", error: describeError(error) },
    );
  }
}

export function setView(v: RoomView) {
  sessionStorage.setItem(VIEW_KEY, v);
  view.value = v;
  void loadList(v, search.value);
}

let searchTimer: ReturnType<typeof setTimeout> | undefined;
export function setSearch(q: string) {
  search.value = q;
  clearTimeout(searchTimer);
  // The URL follows (a reload keeps the search); its change loads the list (`filtersChanged`).
  searchTimer = setTimeout(() => setFilters({ q: q.trim() }), 250);
}

/** The filters changed (the filter bar, a link, back and forward): load the list they ask for. */
export function filtersChanged() {
  const q = filters.value.q ?? "";
  if (q.trim() !== search.value.trim()) search.value = q;
  void loadList(view.value, search.value);
}

/** A room left the list by an action here (snoozed, marked unread elsewhere): show it as the API says. */
export function forgetFromLists(roomId: string) {
  const next: Record<string, ListState> = {};
  for (const [key, state] of Object.entries(lists.value)) {
    next[key] = { ...state, ids: state.ids.filter((id) => id !== roomId) };
  }
  lists.value = next;
}

/** Reloads every tab from scratch: after a reconnect the cache may hold rooms that changed meanwhile. */
let reloadTimer: ReturnType<typeof setTimeout> | undefined;
async function reloadAll(attempt = 0) {
  clearTimeout(reloadTimer);
  const fresh = new Map<string, Room>();
  const views: RoomView[] = supervises() ? ["mine", "unassigned", "all", "snoozed"] : ["mine", "unassigned", "snoozed"];
  if (!views.includes(view.value)) views.push(view.value);
  const pages = await Promise.allSettled(views.map((v) => api.rooms({ view: v, limit: 30 })));
  pages.forEach((page, index) => {
    const v = views[index] as RoomView;
    if (page.status === "fulfilled") {
      for (const room of page.value.rooms) fresh.set(room.id, room);
      setList(listKey(v, "", {}), {
        status: "ready",
        error: null,
        nextCursor: page.value.nextCursor,
        loadingMore: false,
        ids: page.value.rooms.map((r) => r.id),
      });
    }
  });
  // Right after a reconnect a request can still fail: try again shortly, a few times.
  if (pages.some((p) => p.status === "rejected") && attempt < 5) {
    reloadTimer = setTimeout(() => void reloadAll(attempt + 1), 1_000);
  }
  if (pages.every((p) => p.status === "rejected")) return;
  // Rooms only another view or a search brought in are kept; they are refreshed when shown again.
  applyRooms([...fresh.values()]);
  if (answering.value) void loadList(view.value, search.value);
}

/** Signed in: load the tabs and open the feed. */
export function startInbox() {
  void loadList(view.value, search.value);
  const others: RoomView[] = (["mine", "unassigned"] as const).filter((v) => v !== view.value);
  // Snoozed rooms too (issue 17): each comes back in its tab by the inbox clock when its time comes.
  const background = [...others, "snoozed" as const].filter((v) => v !== view.value);
  for (const v of background) if (!filtering.value) void loadList(v, "");
  void loadTeam();
  startInboxFeed(onFeed, (resumed) => {
    // Rooms created between the first fetch and this connection sent events nobody heard: reload.
    void reloadAll();
    // Names, roles and members may have changed while the feed was down.
    if (resumed) {
      void loadTeam();
      void refreshMe();
    }
  });
}

/** Signed out or switched organization: forget everything. */
export function stopInbox() {
  stopInboxFeed();
  clearTimeout(reloadTimer);
  batch(() => {
    rooms.value = new Map();
    lists.value = {};
    search.value = "";
  });
}

export function ensureViewAllowed() {
  if (view.value === "all" && !supervises()) view.value = "mine";
}
