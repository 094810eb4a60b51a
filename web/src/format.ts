/** Times, durations, numbers and names as people read them. */
import { computed } from "@preact/signals";
import { language, locale, t, timeZone } from "./i18n";

/**
 * Rule I13: every date and time in the current language's locale and the ORGANIZATION's time zone
 * (not the browser's); full timestamps name the zone ("WIB", "GMT+7").
 */
function formatter(options: Intl.DateTimeFormatOptions) {
  return computed(() => {
    try {
      return new Intl.DateTimeFormat(locale.value, { ...options, timeZone: timeZone.value });
    } catch {
      return new Intl.DateTimeFormat(locale.value, options);
    }
  });
}
const timeFormat = formatter({ hour: "2-digit", minute: "2-digit" });
const dayFormat = formatter({ day: "numeric", month: "short" });
const fullFormat = formatter({ dateStyle: "medium", timeStyle: "short" });
const zoneFormat = formatter({ timeZoneName: "short" });
const weekdayFormat = formatter({ weekday: "short" });
const longDayFormat = formatter({ weekday: "long", day: "numeric", month: "long" });

/**
 * Formatting is total (issue 11, finding 3): a time the browser cannot represent (NaN, infinite,
 * or beyond ±8.64e15 ms) formats as "—" instead of throwing and breaking the list it is in.
 */
const UNKNOWN_TIME = "—";
const isDate = (ms: number): boolean => Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;
const formatWith = (format: { value: Intl.DateTimeFormat }, ms: number): string =>
  isDate(ms) ? format.value.format(ms) : UNKNOWN_TIME;

/** The organization's calendar day of `ms`, as a day number (days since 1970) for comparisons. */
function dayNumber(ms: number): number {
  return Math.round(Date.parse(dayIn(timeZone.value ?? "UTC", ms)) / 86_400_000);
}

/** "14:05" today, "Tue" this week, "3 Mar" before (days of the organization's calendar). */
export function shortTime(ms: number, now = Date.now()): string {
  if (!isDate(ms)) return UNKNOWN_TIME;
  const age = dayNumber(now) - dayNumber(ms);
  if (age <= 0) return formatWith(timeFormat, ms);
  if (age <= 6) return formatWith(weekdayFormat, ms);
  return formatWith(dayFormat, ms);
}

export function clockTime(ms: number): string {
  return formatWith(timeFormat, ms);
}

/** A date and time with its zone named ("4 Des 2026 14.05 WIB"): the organization's wall clock. */
export function fullTime(ms: number): string {
  if (!isDate(ms)) return UNKNOWN_TIME;
  const zone = zoneFormat.value.formatToParts(ms).find((part) => part.type === "timeZoneName")?.value;
  const text = fullFormat.value.format(ms);
  return zone ? `${text} ${zone}` : text;
}

/** The machine-readable time of a `<time dateTime>`; "" when there is none. */
export function isoTime(ms: number): string {
  return isDate(ms) ? new Date(ms).toISOString() : "";
}

/** "Today", "Yesterday" or "Monday 3 March": the separators of a conversation. */
export function dayLabel(ms: number, now = Date.now()): string {
  if (!isDate(ms)) return UNKNOWN_TIME;
  const age = dayNumber(now) - dayNumber(ms);
  if (age === 0) return t("Today");
  if (age === 1) return t("Yesterday");
  return formatWith(longDayFormat, ms);
}

export function sameDay(a: number, b: number): boolean {
  return isDate(a) && isDate(b) && dayNumber(a) === dayNumber(b);
}

/** "23 h 5 min", "12 min", "45 s" ("23 jam 5 menit", "12 menit", "45 detik"): time left in the 24-hour window. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return UNKNOWN_TIME;
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return t("{count} s", { count: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t("{count} min", { count: minutes });
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? t("{hours} h {minutes} min", { hours, minutes: rest }) : t("{count} h", { count: hours });
}

/** The 24-hour customer-service window (rule I2) as the inbox shows it. */
export type WindowInfo =
  | { state: "open"; msLeft: number; expiresAt: number }
  | { state: "expired"; expiresAt: number }
  | { state: "none" };

export function windowOf(windowExpiresAt: number | null, now: number): WindowInfo {
  if (windowExpiresAt === null) return { state: "none" };
  return now < windowExpiresAt
    ? { state: "open", msLeft: windowExpiresAt - now, expiresAt: windowExpiresAt }
    : { state: "expired", expiresAt: windowExpiresAt };
}

/** "+62 812 3456 7890" from "6281234567890" (Indonesian numbers), otherwise "+<digits>". */
export function phone(digits: string): string {
  if (!/^\d+$/.test(digits)) return digits;
  if (digits.startsWith("62") && digits.length >= 10) {
    const rest = digits.slice(2);
    return `+62 ${rest.slice(0, 3)} ${rest.slice(3, 7)} ${rest.slice(7)}`.trim();
  }
  return `+${digits}`;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return (
    letters
      .map((p) => (p ? Array.from(p)[0] : ""))
      .join("")
      .toUpperCase() || "?"
  );
}

const megabytes = computed(
  () => new Intl.NumberFormat(locale.value, { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false }),
);

/** "512 B", "12 KB", "1.5 MB" ("1,5 MB" in Indonesian). */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${megabytes.value.format(bytes / (1024 * 1024))} MB`;
}

/**
 * "1 message", "3 messages". Rule I13: Indonesian nouns do not change with the count, so there the
 * singular's own words are used ("3 pesan"); give the singular's English as a key in a dictionary.
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  if (language.value === "id") return `${count} ${t(one)}`;
  return `${count} ${count === 1 ? one : many}`;
}

/** Whole numbers the Indonesian way: 100000 -> "100.000". */
const idNumber = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 0 });
export function count(n: number): string {
  return idNumber.format(n);
}

/** Rupiah the Indonesian way: 100000 -> "Rp 100.000"; negative amounts with a minus sign. */
export function rupiah(amount: number): string {
  const text = `Rp ${idNumber.format(Math.abs(amount))}`;
  return amount < 0 ? `−${text}` : text;
}

/** The calendar day ("YYYY-MM-DD") of `ms` on the wall clock of `timeZone` (the organization's). */
export function dayIn(timeZone: string, ms = Date.now()): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(ms);
  } catch {
    return new Date(ms).toISOString().slice(0, 10);
  }
}
