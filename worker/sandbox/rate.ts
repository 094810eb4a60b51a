/**
 * The sandbox number's throughput (issue 13, item 8): at most `limit` business sends in any one
 * second (a 1 s window per wall-clock second), above it Meta's 130429. Counts per second are kept
 * for the benchmark and tests (`GET /sandbox/api/rate`).
 */
import type { MetaGraphError } from "./graph";

export const DEFAULT_SANDBOX_RATE = 80;

export const throughputError = (): MetaGraphError => ({
  message: "(#130429) Rate limit hit",
  type: "OAuthException",
  code: 130429,
  error_data: { messaging_product: "whatsapp", details: "Cloud API message throughput has been reached." },
});

export interface RateStats {
  limit: number;
  admitted: number;
  rejected: number;
  /** Admitted sends per wall-clock second (ms of the second's start -> count), the last 600 seconds. */
  perSecond: Record<string, number>;
}

export class SendRate {
  private limit = DEFAULT_SANDBOX_RATE;
  private perSecond = new Map<number, number>();
  private admitted = 0;
  private rejected = 0;

  admit(now: number): boolean {
    const second = Math.floor(now / 1000) * 1000;
    const used = this.perSecond.get(second) ?? 0;
    if (used >= this.limit) {
      this.rejected++;
      return false;
    }
    this.perSecond.set(second, used + 1);
    this.admitted++;
    if (this.perSecond.size > 600) {
      for (const key of [...this.perSecond.keys()].slice(0, this.perSecond.size - 600)) this.perSecond.delete(key);
    }
    return true;
  }

  /** A new limit; the counts start again. */
  configure(limit: number): void {
    this.limit = limit;
    this.perSecond.clear();
    this.admitted = 0;
    this.rejected = 0;
  }

  stats(): RateStats {
    return {
      limit: this.limit,
      admitted: this.admitted,
      rejected: this.rejected,
      perSecond: Object.fromEntries([...this.perSecond].map(([k, v]) => [String(k), v])),
    };
  }
}
