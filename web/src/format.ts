/** Times, durations, numbers and names as people read them. */

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dayFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: "short" });
const longDayFormat = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long" });

/**
 * Formatting is total (issue 11, finding 3): a time the browser cannot represent (NaN, infinite,
 * or beyond ±8.64e15 ms) formats as "—" instead of throwing and breaking the list it is in.
 */
const UNKNOWN_TIME = "—";
const isDate = (ms: number): boolean => Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;
const formatWith = (format: Intl.DateTimeFormat, ms: number): string => (isDate(ms) ? format.format(ms) : UNKNOWN_TIME);

function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** "14:05" today, "Tue" this week, "3 Mar" before. */
export function shortTime(ms: number, now = Date.now()): string {
  const today = startOfDay(now);
  if (ms >= today) return formatWith(timeFormat, ms);
  if (ms >= today - 6 * 86_400_000) return formatWith(weekdayFormat, ms);
  return formatWith(dayFormat, ms);
}

export function clockTime(ms: number): string {
  return formatWith(timeFormat, ms);
}

export function fullTime(ms: number): string {
  return formatWith(fullFormat, ms);
}

/** The machine-readable time of a `<time dateTime>`; "" when there is none. */
export function isoTime(ms: number): string {
  return isDate(ms) ? new Date(ms).toISOString() : "";
}

/** "Today", "Yesterday" or "Monday 3 March": the separators of a conversation. */
export function dayLabel(ms: number, now = Date.now()): string {
  const day = startOfDay(ms);
  const today = startOfDay(now);
  if (day === today) return "Today";
  if (day === today - 86_400_000) return "Yesterday";
  return formatWith(longDayFormat, ms);
}

export function sameDay(a: number, b: number): boolean {
  return startOfDay(a) === startOfDay(b);
}

/** "23 h 5 min", "12 min", "45 s": time left in the 24-hour window. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return UNKNOWN_TIME;
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
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

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
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
