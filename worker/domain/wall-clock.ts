/**
 * The wall clock of a time zone: what a clock on the wall there shows at an instant, and the instant
 * a wall time there is. The one place that reads Intl's zone data for the rules that depend on a
 * tenant's local time (office hours, package months, report days, scheduled campaigns). Pure.
 */

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Monday 0 ... Sunday 6. */
  weekday: number;
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
// A formatter is costly to make and the same for every instant of a zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall time in `timeZone` at `at` (ms since the epoch). Throws a RangeError for an unknown zone. */
export function wallTime(at: number, timeZone: string): WallTime {
  const parts = formatterOf(timeZone).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return {
    year: Number(get("year")),
    month: Number(get("month")),
    day: Number(get("day")),
    hour: Number(get("hour")),
    minute: Number(get("minute")),
    second: Number(get("second")),
    weekday: WEEKDAYS.indexOf(get("weekday")),
  };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-12-07": the date on the wall clock of `timeZone` at `at`. */
export function wallDate(at: number, timeZone: string): string {
  const w = wallTime(at, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** ms `timeZone` is ahead of UTC at `at`. */
export function zoneOffset(at: number, timeZone: string): number {
  const w = wallTime(at, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at / 1000) * 1000;
}

/**
 * The instant a wall time in `timeZone` is, the wall time given as if it were UTC (`Date.UTC(...)`).
 * The offset is read twice, the second time at the first answer, so a time just after a change of
 * offset (summer time) lands on the right side of it.
 */
export function instantOfWall(wallAsUtc: number, timeZone: string): number {
  const first = wallAsUtc - zoneOffset(wallAsUtc, timeZone);
  return wallAsUtc - zoneOffset(first, timeZone);
}
