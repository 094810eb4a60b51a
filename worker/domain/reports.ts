/**
 * Rules R1, R2: the figures of a report, from the reporting records (pure: rows in, figures out).
 * R1 counts every conversation by day (in the asked time zone) and channel, inbound (the customer
 * wrote first) or business-initiated (a template or broadcast went first). R2: resolution time runs
 * from the first assignment to the resolve; first response time from the customer's first message to
 * the first reply a person sent after it.
 */
import { instantOfWall, wallDate } from "./wall-clock";
export interface ReportRoom {
  roomId: string;
  channelId: string;
  openedAt: number;
  assigneeId: string | null;
  assignedAt: number | null;
  resolvedAt: number | null;
}
export interface ReportMessage {
  roomId: string;
  direction: "in" | "out";
  authorId: string | null;
  at: number;
}

export interface Durations {
  count: number;
  averageMs: number | null;
  medianMs: number | null;
}

export function durations(values: number[]): Durations {
  if (values.length === 0) return { count: 0, averageMs: null, medianMs: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    count: values.length,
    averageMs: Math.round(values.reduce((a, b) => a + b, 0) / values.length),
    medianMs: Math.round(median),
  };
}

/** "2026-12-07" for `at` on the wall clock of `timeZone`. */
export function dayIn(timeZone: string, at: number): string {
  return wallDate(at, timeZone);
}

interface RoomFigures {
  room: ReportRoom;
  origin: "inbound" | "business";
  firstResponseMs: number | null;
  resolutionMs: number | null;
  messagesIn: number;
  messagesOut: number;
}

/** Each room's figures; the messages are grouped by room once (not scanned once per room). */
function figuresOfRooms(rooms: ReportRoom[], messages: ReportMessage[]): RoomFigures[] {
  const byRoom = new Map<string, ReportMessage[]>();
  for (const m of messages) {
    const list = byRoom.get(m.roomId);
    if (list) list.push(m);
    else byRoom.set(m.roomId, [m]);
  }
  return rooms.map((room) => figuresOf(room, byRoom.get(room.roomId) ?? []));
}

function figuresOf(room: ReportRoom, own: ReportMessage[]): RoomFigures {
  const ordered = [...own].sort((a, b) => a.at - b.at);
  const firstIn = ordered.find((m) => m.direction === "in");
  const firstReply = firstIn && ordered.find((m) => m.direction === "out" && m.authorId !== null && m.at >= firstIn.at);
  return {
    room,
    origin: ordered[0]?.direction === "out" ? "business" : "inbound",
    firstResponseMs: firstIn && firstReply ? firstReply.at - firstIn.at : null,
    resolutionMs:
      room.assignedAt !== null && room.resolvedAt !== null ? Math.max(0, room.resolvedAt - room.assignedAt) : null,
    messagesIn: ordered.filter((m) => m.direction === "in").length,
    messagesOut: ordered.filter((m) => m.direction === "out").length,
  };
}

function summary(figures: RoomFigures[]) {
  return {
    chats: figures.length,
    inbound: figures.filter((f) => f.origin === "inbound").length,
    business: figures.filter((f) => f.origin === "business").length,
    resolved: figures.filter((f) => f.room.resolvedAt !== null).length,
    messagesIn: figures.reduce((n, f) => n + f.messagesIn, 0),
    messagesOut: figures.reduce((n, f) => n + f.messagesOut, 0),
    firstResponse: durations(figures.flatMap((f) => (f.firstResponseMs === null ? [] : [f.firstResponseMs]))),
    resolution: durations(figures.flatMap((f) => (f.resolutionMs === null ? [] : [f.resolutionMs]))),
  };
}

/** R1 + R2 for rooms opened in the range: totals, and chats by day and channel. */
export function overview(rooms: ReportRoom[], messages: ReportMessage[], timeZone: string) {
  const figures = figuresOfRooms(rooms, messages);
  const byDay = new Map<string, { day: string; channelId: string; chats: number; inbound: number; business: number }>();
  for (const f of figures) {
    const day = wallDate(f.room.openedAt, timeZone);
    const key = `${day} ${f.room.channelId}`;
    const row = byDay.get(key) ?? { day, channelId: f.room.channelId, chats: 0, inbound: 0, business: 0 };
    row.chats += 1;
    row[f.origin] += 1;
    byDay.set(key, row);
  }
  const days = [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day) || a.channelId.localeCompare(b.channelId));
  return { totals: summary(figures), days };
}

/** The same figures per agent holding the room (unassigned rooms are left out). */
export function byAgent(rooms: ReportRoom[], messages: ReportMessage[]) {
  const figures = figuresOfRooms(rooms, messages);
  const agents = [...new Set(figures.flatMap((f) => (f.room.assigneeId ? [f.room.assigneeId] : [])))].sort();
  return agents.map((agentId) => ({ agentId, ...summary(figures.filter((f) => f.room.assigneeId === agentId)) }));
}

/** The instant `day` (YYYY-MM-DD) begins on the wall clock of `timeZone`. */
export function startOfDay(timeZone: string, day: string): number {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return instantOfWall(Date.UTC(y, m - 1, d), timeZone);
}
