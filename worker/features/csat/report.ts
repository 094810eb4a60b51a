import type { Db } from "../../db/client";
import { organizationById, usersOf } from "../../db/identity";
import { csatFigures } from "../../domain/csat";
import { startOfDay } from "../../domain/reports";
import { csvText } from "../../lib/csv";
import { decodeCursor, encodeCursor, isKeyAndId } from "../../lib/cursor";
import { allRatedSurveys, ratedSurveys, type SurveyPeriod, type SurveyRow, surveyCounts } from "./repo";

export interface CsatQuery {
  from: string;
  to: string;
  channelId?: string | undefined;
  tz?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

const DAY_MS = 24 * 3600 * 1000;

/** The conversations resolved from `from`'s start to `to`'s end, on the asked clock (else the organization's). */
async function periodOf(db: Db, organizationId: string, q: CsatQuery): Promise<SurveyPeriod & { timeZone: string }> {
  const timeZone = q.tz ?? (await organizationById(db, organizationId))?.timeZone ?? "UTC";
  const next = new Date(Date.parse(`${q.to}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  return {
    organizationId,
    timeZone,
    from: startOfDay(timeZone, q.from),
    to: startOfDay(timeZone, next),
    channelId: q.channelId,
  };
}

async function agentNames(db: Db, organizationId: string) {
  return new Map((await usersOf(db, organizationId)).map((u) => [u.id, u.name]));
}

const responseOf = (names: Map<string, string | null>) => (s: SurveyRow) => ({
  roomId: s.roomId,
  channelId: s.channelId,
  rating: s.rating ?? 0,
  comment: s.comment,
  agentId: s.agentId,
  agentName: s.agentId ? (names.get(s.agentId) ?? null) : null,
  outcome: s.outcome ?? "asked",
  resolvedAt: s.resolvedAt,
  ratedAt: s.ratedAt ?? 0,
});

/**
 * Rule R3 (supervisors and admins): the surveys of the conversations resolved in the period, by
 * channel: satisfaction, response rate, the 1-5 distribution, and the responses, latest first, a page
 * at a time.
 */
export async function csatReport(db: Db, organizationId: string, q: CsatQuery) {
  const period = await periodOf(db, organizationId, q);
  const counts = await surveyCounts(db, period);
  const sent = counts.reduce((n, c) => n + Number(c.count), 0);
  const ratings = counts.flatMap((c) => (c.rating === null ? [] : Array<number>(Number(c.count)).fill(c.rating)));
  const position = decodeCursor(q.cursor, isKeyAndId);
  const after = position ? { ratedAt: position[0], roomId: position[1] } : undefined;
  const page = await ratedSurveys(db, period, q.limit + 1, after);
  const shown = page.slice(0, q.limit);
  const last = shown.at(-1);
  return {
    from: q.from,
    to: q.to,
    timeZone: period.timeZone,
    ...csatFigures(sent, ratings),
    responseList: shown.map(responseOf(await agentNames(db, organizationId))),
    nextCursor: page.length > q.limit && last?.ratedAt != null ? encodeCursor([last.ratedAt, last.roomId]) : null,
  };
}

/** The CSV: the figures, then every response of the period. */
export async function csatCsv(db: Db, organizationId: string, q: CsatQuery): Promise<string> {
  const report = await csatReport(db, organizationId, { ...q, cursor: undefined, limit: 1 });
  const period = await periodOf(db, organizationId, q);
  const responses = (await allRatedSurveys(db, period)).map(responseOf(await agentNames(db, organizationId)));
  return csvText([
    ["surveys_sent", "responses", "satisfaction_percent", "response_rate_percent"],
    [report.surveysSent, report.responses, report.satisfactionPercent, report.responseRatePercent],
    [],
    ["rating", "count"],
    ...report.distribution.map((d) => [d.rating, d.count]),
    [],
    ["rated_at", "room_id", "channel_id", "agent_id", "agent", "rating", "comment"],
    ...responses.map((r) => [
      new Date(r.ratedAt).toISOString(),
      r.roomId,
      r.channelId,
      r.agentId,
      r.agentName,
      r.rating,
      r.comment,
    ]),
  ]);
}
