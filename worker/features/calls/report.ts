/**
 * Rule C10: call activity for supervisors and admins: direction, Answered/Unanswered, agent (N/A
 * when none), start, duration and cost of every ended call started in the days asked (the
 * organization's time zone), newest first, a page at a time with the figures of them all, or as CSV.
 */

import { inArray } from "drizzle-orm";
import { chunksOf, type Db } from "../../db/client";
import { organizationById, usersOf } from "../../db/identity";
import { contacts } from "../../db/schema";
import { startOfDay } from "../../domain/reports";
import { csvText } from "../../lib/csv";
import { decodeCursor, encodeCursor, isKeyAndId } from "../../lib/cursor";
import { type CallLogFilter, type CallLogPosition, type CallRow, endedCalls, endedCallTotals } from "./repo";

const DAY_MS = 86_400_000;
/** The CSV reads the log this many calls at a time. */
const CSV_PAGE = 1_000;

export interface CallReportQuery {
  from: string;
  to: string;
  direction?: "inbound" | "outbound" | undefined;
  status?: "answered" | "unanswered" | undefined;
  cursor?: string | undefined;
  limit: number;
}

type CallReportRow = ReturnType<typeof rowView>;

/** The position after the last call shown (`[startedAt, id]`); none starts from the newest. */
function positionOf(cursor: string | undefined): CallLogPosition | undefined {
  const after = decodeCursor(cursor, isKeyAndId);
  return after ? { startedAt: after[0], id: after[1] } : undefined;
}

const rowView = (r: CallRow, agents: Map<string, string>, contactNames: Map<string, string>) => ({
  id: r.id,
  direction: r.direction,
  status: r.outcome === "answered" ? ("Answered" as const) : ("Unanswered" as const),
  agent: (r.agentId && agents.get(r.agentId)) || "N/A",
  contact: r.contactId ? (contactNames.get(r.contactId) ?? null) : null,
  startedAt: r.startedAt,
  durationSeconds: r.durationSeconds,
  cost: r.cost,
});

async function filterOf(db: Db, organizationId: string, q: CallReportQuery): Promise<CallLogFilter> {
  const timeZone = (await organizationById(db, organizationId))?.timeZone ?? "UTC";
  const nextDay = new Date(Date.parse(`${q.to}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  return {
    from: startOfDay(timeZone, q.from),
    to: startOfDay(timeZone, nextDay),
    direction: q.direction,
    outcome: q.status,
  };
}

async function namesOf(db: Db, rows: CallRow[]): Promise<Map<string, string>> {
  const contactIds = [...new Set(rows.flatMap((r) => (r.contactId ? [r.contactId] : [])))];
  const names = new Map<string, string>();
  for (const chunk of chunksOf(contactIds)) {
    const found = await db
      .select({ id: contacts.id, name: contacts.name, externalId: contacts.externalId })
      .from(contacts)
      .where(inArray(contacts.id, chunk));
    for (const c of found) names.set(c.id, c.name ?? c.externalId);
  }
  return names;
}

async function pageOf(db: Db, organizationId: string, filter: CallLogFilter, limit: number, cursor?: string) {
  const rows = await endedCalls(db, organizationId, filter, limit + 1, positionOf(cursor));
  const page = rows.slice(0, limit);
  const agents = new Map((await usersOf(db, organizationId)).map((u) => [u.id, u.name]));
  const contactNames = await namesOf(db, page);
  const last = page.at(-1);
  return {
    calls: page.map((r) => rowView(r, agents, contactNames)),
    nextCursor: rows.length > limit && last ? encodeCursor([last.startedAt, last.id]) : null,
  };
}

/** One page of the call log, newest first, with the figures of the whole filter (C10). */
export async function callActivity(db: Db, organizationId: string, q: CallReportQuery) {
  const filter = await filterOf(db, organizationId, q);
  const [page, totals] = await Promise.all([
    pageOf(db, organizationId, filter, q.limit, q.cursor),
    endedCallTotals(db, organizationId, filter),
  ]);
  return { ...page, totals };
}

/** Every call of the filter, read a page at a time. */
export async function allCallActivity(db: Db, organizationId: string, q: CallReportQuery) {
  const filter = await filterOf(db, organizationId, q);
  const calls: CallReportRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await pageOf(db, organizationId, filter, CSV_PAGE, cursor);
    calls.push(...page.calls);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return calls;
}

export function callActivityCsv(calls: CallReportRow[]): string {
  return csvText([
    ["Direction", "Status", "Agent", "Contact", "Start", "Duration (s)", "Cost (Rp)"],
    ...calls.map((c) => [
      c.direction,
      c.status,
      c.agent,
      c.contact,
      new Date(c.startedAt).toISOString(),
      c.durationSeconds,
      c.cost,
    ]),
  ]);
}
