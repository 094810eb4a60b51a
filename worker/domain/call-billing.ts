/**
 * Rule B8: outbound calls are billed per started minute at the destination country's rate and cut
 * off when the voice balance runs out (calls at the same time share it); inbound calls are free.
 * Pure: money in integer rupiah.
 */

/**
 * Rupiah per started minute by the callee's country calling code (longest prefix wins), with a
 * default for every other country. Configurable per deployment (`CALL_RATES` JSON var overrides it).
 */
export const DEFAULT_CALL_RATES: Readonly<Record<string, number>> = {
  "62": 1_000, // Indonesia
  "60": 1_500, // Malaysia
  "65": 1_500, // Singapore
  "91": 600, // India
  "1": 1_200, // United States, Canada
  default: 2_500,
};

/** The destination's per-minute rate: the longest country-code prefix of the digits that has one. */
export function ratePerMinute(phoneDigits: string, rates: Readonly<Record<string, number>> = DEFAULT_CALL_RATES) {
  const digits = phoneDigits.replace(/\D/g, "");
  for (let len = Math.min(4, digits.length); len >= 1; len--) {
    const rate = rates[digits.slice(0, len)];
    if (rate !== undefined) return rate;
  }
  return rates.default ?? DEFAULT_CALL_RATES.default ?? 0;
}

/** Started minutes of a call that lasted `seconds` (0 s: nothing; 1-60 s: one minute; 61 s: two). */
export const startedMinutes = (seconds: number) => (seconds <= 0 ? 0 : Math.ceil(seconds / 60));

/**
 * Rule B8: what an answered call costs; an inbound call is free. The first minute starts at the
 * pickup, so an answered call is at least one minute even when it lasted under a second.
 */
export function callCost(direction: "inbound" | "outbound", seconds: number, rate: number): number {
  return direction === "inbound" ? 0 : Math.max(1, startedMinutes(seconds)) * rate;
}

const MINUTE_MS = 60_000;

/** What a connected outbound call holds of the voice balance (B8), and where its held minutes end. */
export interface VoiceHold {
  /** Rupiah held: its started minutes at its rate, paid from the balance when it settles. */
  held: number;
  /** Where the held minutes end: the call is cut off there unless it holds another minute by then. */
  cutOffAt: number;
}

/**
 * Rule B8 for calls running at the same time: they share the voice balance, each started minute
 * paid as it starts. A call holds the minutes it has started; at `now` it holds every minute started
 * by then (the one starting now included) out of `free`, the balance less what every active outbound
 * call of the organization holds (its own included). When `free` pays for fewer, it holds what it
 * can, and its cut-off is where those minutes end (at or before `now`: cut off). Null when the rate
 * is zero (nothing held, never cut off).
 */
export function voiceHold(
  connectedAt: number,
  rate: number,
  held: number,
  free: number,
  now: number,
): VoiceHold | null {
  if (rate <= 0) return null;
  const heldMinutes = Math.floor(held / rate);
  const started = Math.floor(Math.max(0, now - connectedAt) / MINUTE_MS) + 1;
  const more = Math.max(0, Math.min(started - heldMinutes, Math.floor(Math.max(0, free) / rate)));
  const minutes = heldMinutes + more;
  return { held: minutes * rate, cutOffAt: connectedAt + minutes * MINUTE_MS };
}

/** The charge taken: never more than the balance (B7: a balance never goes below zero). */
export const chargeable = (cost: number, voiceBalance: number) => Math.max(0, Math.min(cost, voiceBalance));

/** Reads a configured rate table (JSON object of prefix -> rupiah), falling back to the default. */
export function parseRates(json: string | undefined | null): Readonly<Record<string, number>> {
  if (!json) return DEFAULT_CALL_RATES;
  try {
    const parsed = JSON.parse(json) as unknown;
    if (!parsed || typeof parsed !== "object") return DEFAULT_CALL_RATES;
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(parsed)) {
      if ((/^\d{1,4}$/.test(k) || k === "default") && Number.isInteger(v) && (v as number) >= 0) out[k] = v as number;
    }
    return Object.keys(out).length > 0 ? { ...DEFAULT_CALL_RATES, ...out } : DEFAULT_CALL_RATES;
  } catch {
    return DEFAULT_CALL_RATES;
  }
}
