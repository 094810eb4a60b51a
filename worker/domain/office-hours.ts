/**
 * Rule I9: office hours per weekday in the tenant's time zone. A customer message outside them gets
 * the away reply, at most once per room per closed period. Pure: callers pass `now`.
 */
import { wallDate, wallTime } from "./wall-clock";
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** "HH:MM" on the wall clock; `close` may be "24:00", and a close at or before the open runs past midnight. */
export interface OpenInterval {
  open: string;
  close: string;
}

export interface OfficeHours {
  enabled: boolean;
  awayMessage: string;
  days: Record<Weekday, OpenInterval[]>;
}

/** Open, or closed since the end of the last open interval: `period` names that closed period. */
export type OfficeState = { open: true } | { open: false; period: string };

const DAY = 1440;
const WEEK = 7 * DAY;

export const HOURS_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The week's open spans in minutes from Monday 00:00; an overnight span ends on the next day. */
function spansOf(days: OfficeHours["days"]): [number, number][] {
  return WEEKDAYS.flatMap((day, i) =>
    days[day].map(({ open, close }): [number, number] => {
      const start = i * DAY + minutesOf(open);
      const end = i * DAY + minutesOf(close);
      return [start, end > start ? end : end + DAY];
    }),
  );
}

/** What is wrong with a week of intervals: one that opens and closes at the same minute, or two that overlap. */
export function hoursProblems(days: OfficeHours["days"]): { day: Weekday; message: string }[] {
  const problems: { day: Weekday; message: string }[] = [];
  for (const day of WEEKDAYS) {
    for (const { open, close } of days[day]) {
      if (open === close) problems.push({ day, message: `${open}-${close} opens and closes at the same time.` });
    }
  }
  const spans = spansOf(days).sort((a, b) => a[0] - b[0]);
  for (let i = 0; i < spans.length; i++) {
    const [start, end] = spans[i] as [number, number];
    const next = spans[(i + 1) % spans.length] as [number, number];
    const nextStart = i + 1 < spans.length ? next[0] : next[0] + WEEK;
    if (spans.length > 1 && end > nextStart) {
      problems.push({ day: WEEKDAYS[Math.floor(start / DAY)] as Weekday, message: "Two intervals overlap." });
    }
  }
  return problems;
}

/** The wall clock in `timeZone` at `now`: the weekday index (Monday 0), minute of the day, and the date. */
export function wallClock(timeZone: string, now: number): { weekday: number; minute: number; date: string } {
  const w = wallTime(now, timeZone);
  return { weekday: w.weekday, minute: w.hour * 60 + w.minute, date: wallDate(now, timeZone) };
}

/**
 * Open or closed at `now` in `timeZone`. A closed period is named by the wall-clock time its last
 * open interval ended ("2026-12-04T17:00"), so each night, weekend or holiday gap has its own name;
 * with no open interval at all the whole time is one period, "always".
 */
export function officeState(hours: OfficeHours, timeZone: string, now: number): OfficeState {
  if (!hours.enabled) return { open: true };
  const clock = wallClock(timeZone, now);
  const at = clock.weekday * DAY + clock.minute;
  const spans = spansOf(hours.days);
  // Last week's spans too: Sunday night's overnight span reaches into Monday.
  const shifted = spans.flatMap(([s, e]): [number, number][] => [
    [s - WEEK, e - WEEK],
    [s, e],
  ]);
  if (shifted.some(([s, e]) => s <= at && at < e)) return { open: true };
  const ends = shifted.map(([, e]) => e).filter((e) => e <= at);
  if (ends.length === 0) return { open: false, period: "always" };
  const lastClose = Math.max(...ends);
  const midnight = Date.parse(`${clock.date}T00:00:00Z`);
  const closedAt = new Date(midnight + (clock.minute - (at - lastClose)) * 60_000);
  return { open: false, period: closedAt.toISOString().slice(0, 16) };
}
