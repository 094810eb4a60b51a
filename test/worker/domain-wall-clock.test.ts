// The wall clock of a time zone (worker/domain/wall-clock.ts), which office hours (I9), package
// months (B1), report days (R1) and scheduled campaigns (T6) all read: each zone has its own clock,
// whichever zone was read before, and a wall time maps back to its instant across a summer-time change.
import { describe, expect, it } from "vitest";
import { instantOfWall, wallDate, wallTime, zoneOffset } from "../../worker/domain/wall-clock";

const HOUR = 3_600_000;

describe("the wall clock of a time zone", () => {
  it("reads the same instant on each zone's own clock, Monday first", () => {
    const at = Date.UTC(2026, 11, 6, 18, 30, 15); // Sunday 18:30:15 UTC
    expect(wallTime(at, "UTC")).toEqual({
      year: 2026,
      month: 12,
      day: 6,
      hour: 18,
      minute: 30,
      second: 15,
      weekday: 6,
    });
    // Jakarta is 7 h ahead: already Monday; read after UTC, it is not UTC's clock again.
    expect(wallTime(at, "Asia/Jakarta")).toMatchObject({ day: 7, hour: 1, weekday: 0 });
    expect(wallDate(at, "Asia/Jakarta")).toBe("2026-12-07");
    expect(wallDate(at, "UTC")).toBe("2026-12-06");
    expect(zoneOffset(at, "Asia/Jakarta")).toBe(7 * HOUR);
  });

  it("maps a wall time back to its instant, on both sides of a summer-time change", () => {
    expect(instantOfWall(Date.UTC(2026, 11, 7), "Asia/Jakarta")).toBe(Date.UTC(2026, 11, 6, 17));
    // New York moves from UTC-5 to UTC-4 at 02:00 on 8 March 2026.
    expect(instantOfWall(Date.UTC(2026, 2, 8, 1, 30), "America/New_York")).toBe(Date.UTC(2026, 2, 8, 6, 30));
    expect(instantOfWall(Date.UTC(2026, 2, 8, 12), "America/New_York")).toBe(Date.UTC(2026, 2, 8, 16));
    expect(wallTime(instantOfWall(Date.UTC(2026, 2, 8, 12), "America/New_York"), "America/New_York").hour).toBe(12);
  });

  it("refuses a zone that does not exist", () => {
    expect(() => wallTime(0, "Mars/Olympus_Mons")).toThrow(RangeError);
  });
});
