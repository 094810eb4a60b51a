/** Months as the Finance page names them: "2026-07" in the URL, in the organization's time zone. */
import { computed } from "@preact/signals";
import { locale } from "../../i18n";
import { location } from "../../router";

export const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** "2026-07" in a time zone, for `now`. */
export function monthIn(timeZone: string, now = Date.now()): string {
  try {
    const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit" }).formatToParts(now);
    const year = parts.find((p) => p.type === "year")?.value;
    const month = parts.find((p) => p.type === "month")?.value;
    if (year && month) return `${year}-${month}`;
  } catch {
    // An unknown time zone: fall back to the browser's.
  }
  const d = new Date(now);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** Month and day names in the app's language (I13); the dates are calendar days, so UTC is exact. */
const monthFormat = computed(
  () => new Intl.DateTimeFormat(locale.value, { month: "long", year: "numeric", timeZone: "UTC" }),
);
export function monthLabel(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return monthFormat.value.format(Date.UTC(y, m - 1, 1));
}

const dayFormat = computed(
  () => new Intl.DateTimeFormat(locale.value, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }),
);
export function dayLabelOf(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return dayFormat.value.format(Date.UTC(y, m - 1, d));
}

/** Every day of a month, "2026-07-01" .. "2026-07-31". */
export function monthDays(month: string): string[] {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const length = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length }, (_, i) => `${month}-${String(i + 1).padStart(2, "0")}`);
}

export function selectedMonth(): string | undefined {
  const month = new URLSearchParams(location.value.search).get("month");
  return month && MONTH_RE.test(month) ? month : undefined;
}
