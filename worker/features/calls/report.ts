/**
 * Rule C10: call activity for supervisors and admins: direction, Answered/Unanswered, agent (N/A
 * when none), start, duration and cost of every ended call started in the days asked (the
 * organization's time zone), newest first, as JSON or CSV.
 */

import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { organizationById, usersOf } from "../../db/identity";
import { contacts } from "../../db/schema";
import { startOfDay } from "../../domain/reports";
import { csvText } from "../../lib/csv";
import { endedCalls } from "./repo";

const DAY_MS = 86_400_000;
/** The most rows one report answers with (`truncated` says when there were more). */
export const CALL_REPORT_LIMIT = 5_000;

export interface CallReportQuery {
  from: string;
  to: string;
  direction?: "inbound" | "outbound" | undefined;
  status?: "answered" | "unanswered" | undefined;
}

export async function callActivity(db: Db, organizationId: string, q: CallReportQuery) {
  const timeZone = (await organizationById(db, organizationId))?.timeZone ?? "UTC";
  const from = startOfDay(timeZone, q.from);
  const nextDay = new Date(Date.parse(`${q.to}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  const to = startOfDay(timeZone, nextDay);
  const rows = await endedCalls(db, organizationId, {
    from,
    to,
    direction: q.direction,
    outcome: q.status,
    limit: CALL_REPORT_LIMIT + 1,
  });
  const page = rows.slice(0, CALL_REPORT_LIMIT);
  const names = new Map((await usersOf(db, organizationId)).map((u) => [u.id, u.name]));
  const contactIds = [...new Set(page.flatMap((r) => (r.contactId ? [r.contactId] : [])))];
  const contactNames = new Map<string, string>();
  for (let i = 0; i < contactIds.length; i += 90) {
    const found = await db
      .select({ id: contacts.id, name: contacts.name, externalId: contacts.externalId })
      .from(contacts)
      .where(inArray(contacts.id, contactIds.slice(i, i + 90)));
    for (const c of found) contactNames.set(c.id, c.name ?? c.externalId);
  }
  return {
    calls: page.map((r) => ({
      id: r.id,
      direction: r.direction,
      status: r.outcome === "answered" ? ("Answered" as const) : ("Unanswered" as const),
      agent: (r.agentId && names.get(r.agentId)) || "N/A",
      contact: r.contactId ? (contactNames.get(r.contactId) ?? null) : null,
      startedAt: r.startedAt,
      durationSeconds: r.durationSeconds,
      cost: r.cost,
    })),
    truncated: rows.length > CALL_REPORT_LIMIT,
  };
}

export function callActivityCsv(report: Awaited<ReturnType<typeof callActivity>>): string {
  return csvText([
    ["Direction", "Status", "Agent", "Contact", "Start", "Duration (s)", "Cost (Rp)"],
    ...report.calls.map((c) => [
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
