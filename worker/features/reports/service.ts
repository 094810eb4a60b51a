import type { Db } from "../../db/client";
import { organizationById, usersOf } from "../../db/identity";
import { byAgent, type Durations, overview, startOfDay } from "../../domain/reports";
import { csvText } from "../../lib/csv";
import { messagesOfRooms, roomsOpened } from "./repo";

export interface ReportQuery {
  from: string;
  to: string;
  channelId?: string | undefined;
  tz?: string | undefined;
}

const DAY_MS = 24 * 3600 * 1000;

/** The rooms opened from `from`'s start to `to`'s end on the asked clock, with their messages. */
async function records(db: Db, organizationId: string, q: ReportQuery) {
  const timeZone = q.tz ?? (await organizationById(db, organizationId))?.timeZone ?? "UTC";
  const start = startOfDay(timeZone, q.from);
  const end = startOfDay(timeZone, new Date(Date.parse(`${q.to}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10));
  const rooms = await roomsOpened(db, organizationId, start, end, q.channelId);
  const messages = await messagesOfRooms(
    db,
    rooms.map((r) => r.roomId),
  );
  return { timeZone, rooms, messages };
}

export async function overviewReport(db: Db, organizationId: string, q: ReportQuery) {
  const { timeZone, rooms, messages } = await records(db, organizationId, q);
  return { from: q.from, to: q.to, timeZone, ...overview(rooms, messages, timeZone) };
}

export async function agentsReport(db: Db, organizationId: string, q: ReportQuery) {
  const { timeZone, rooms, messages } = await records(db, organizationId, q);
  const names = new Map((await usersOf(db, organizationId)).map((u) => [u.id, u.name]));
  const agents = byAgent(rooms, messages).map((a) => ({ ...a, name: names.get(a.agentId) ?? null }));
  return { from: q.from, to: q.to, timeZone, agents };
}

const minutes = (d: Durations, key: "averageMs" | "medianMs") =>
  d[key] === null ? "" : (Math.round((d[key] as number) / 600) / 100).toString();

export function overviewCsv(report: Awaited<ReturnType<typeof overviewReport>>): string {
  const t = report.totals;
  return csvText([
    ["day", "channel_id", "chats", "inbound", "business"],
    ...report.days.map((d) => [d.day, d.channelId, d.chats, d.inbound, d.business]),
    [],
    [
      "total_chats",
      "resolved",
      "messages_in",
      "messages_out",
      "first_response_avg_min",
      "first_response_median_min",
      "resolution_avg_min",
      "resolution_median_min",
    ],
    [
      t.chats,
      t.resolved,
      t.messagesIn,
      t.messagesOut,
      minutes(t.firstResponse, "averageMs"),
      minutes(t.firstResponse, "medianMs"),
      minutes(t.resolution, "averageMs"),
      minutes(t.resolution, "medianMs"),
    ],
  ]);
}

export function agentsCsv(report: Awaited<ReturnType<typeof agentsReport>>): string {
  return csvText([
    [
      "agent_id",
      "agent",
      "chats",
      "resolved",
      "messages_out",
      "first_response_avg_min",
      "first_response_median_min",
      "resolution_avg_min",
      "resolution_median_min",
    ],
    ...report.agents.map((a) => [
      a.agentId,
      a.name ?? "",
      a.chats,
      a.resolved,
      a.messagesOut,
      minutes(a.firstResponse, "averageMs"),
      minutes(a.firstResponse, "medianMs"),
      minutes(a.resolution, "averageMs"),
      minutes(a.resolution, "medianMs"),
    ]),
  ]);
}
