import { describe, expect, it } from "vitest";
import {
  DISABLE_AFTER_MS,
  endpointUrlProblem,
  failingTooLong,
  RETRY_DELAYS_S,
  retryDelayAfter,
  verdictOf,
} from "../../worker/domain/webhooks";

describe("tenant webhook rules (G5)", () => {
  it("retry after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, then 12 h steps for about 3 days", () => {
    expect(RETRY_DELAYS_S.slice(0, 6)).toEqual([5, 300, 1800, 7200, 18000, 36000]);
    const total = RETRY_DELAYS_S.reduce((a, b) => a + b, 0) / 3600;
    expect(total).toBeGreaterThan(70);
    expect(total).toBeLessThan(80);
    expect(Math.max(...RETRY_DELAYS_S)).toBeLessThanOrEqual(12 * 3600); // Queues' longest delay
    expect(retryDelayAfter(1)).toBe(5);
    expect(retryDelayAfter(RETRY_DELAYS_S.length + 1)).toBeNull();
  });
  it("count 2xx as delivered, 410 as gone, everything else (and no answer) as failed", () => {
    expect([200, 204, 299].map(verdictOf)).toEqual(["delivered", "delivered", "delivered"]);
    expect(verdictOf(410)).toBe("gone");
    expect([301, 400, 404, 500, null].map(verdictOf)).toEqual(["failed", "failed", "failed", "failed", "failed"]);
  });
  it("give up on an endpoint failing for 5 days", () => {
    expect(failingTooLong(null, 10 * DISABLE_AFTER_MS)).toBe(false);
    expect(failingTooLong(0, DISABLE_AFTER_MS - 1)).toBe(false);
    expect(failingTooLong(0, DISABLE_AFTER_MS)).toBe(true);
  });
  it("accept only https URLs on the public internet; 127.0.0.1 and localhost only in development", () => {
    expect(endpointUrlProblem("https://hooks.example.com/x", false)).toBeNull();
    expect(endpointUrlProblem("https://203.0.113.9/x", false)).toBeNull();
    expect(endpointUrlProblem("https://[64:ff9b::cb00:7109]/x", false)).toBeNull(); // 203.0.113.9 by NAT64
    expect(endpointUrlProblem("https://[2606:4700::1111]/x", false)).toBeNull();
    for (const url of [
      "http://hooks.example.com/x",
      "https://127.0.0.1/x",
      "https://10.0.0.1/x",
      "https://172.16.5.4/x",
      "https://192.168.1.1/x",
      "https://169.254.169.254/x",
      "https://100.64.0.1/x",
      "https://0.0.0.0/x",
      "https://[::1]/x",
      "https://[fe80::1]/x",
      "https://[::ffff:10.0.0.1]/x",
      // IPv4 inside IPv6 in every form: compatible, translated, NAT64.
      "https://[::7f00:1]/x",
      "https://[::127.0.0.1]/x",
      "https://[::ffff:0:a00:1]/x",
      "https://[64:ff9b::a9fe:a9fe]/x",
      "https://printer.local/x",
      "https://db.internal/x",
      "https://localhost/x",
      "ftp://example.com/x",
    ]) {
      expect(endpointUrlProblem(url, false), url).not.toBeNull();
    }
    expect(endpointUrlProblem("http://127.0.0.1:8787/hook", true)).toBeNull();
    expect(endpointUrlProblem("http://localhost:3000/hook", true)).toBeNull();
    expect(endpointUrlProblem("http://10.0.0.1/hook", true)).not.toBeNull();
    expect(endpointUrlProblem("https://192.168.1.1/hook", true)).not.toBeNull();
  });
});
