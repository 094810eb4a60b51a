import { describe, expect, it } from "vitest";
import { byAgent, dayIn, durations, overview, startOfDay } from "../../worker/domain/reports";

const room = (roomId: string, openedAt: number, extra = {}) => ({
  roomId,
  channelId: "ch1",
  openedAt,
  assigneeId: null,
  assignedAt: null,
  resolvedAt: null,
  ...extra,
});

describe("report figures (R1, R2)", () => {
  it("averages and medians durations, odd and even counts", () => {
    expect(durations([])).toEqual({ count: 0, averageMs: null, medianMs: null });
    expect(durations([3, 1, 2])).toEqual({ count: 3, averageMs: 2, medianMs: 2 });
    expect(durations([1, 2, 3, 10])).toEqual({ count: 4, averageMs: 4, medianMs: 3 });
  });

  it("tells inbound conversations from business-initiated ones (a template first), and times only a person's reply", () => {
    const rooms = [room("in", 1000), room("biz", 2000, { assigneeId: "u1", assignedAt: 2000, resolvedAt: 5000 })];
    const messages = [
      { roomId: "in", direction: "in" as const, authorId: null, at: 1000 },
      { roomId: "in", direction: "out" as const, authorId: null, at: 1500 }, // the away reply: no person
      { roomId: "in", direction: "out" as const, authorId: "u1", at: 4000 },
      { roomId: "biz", direction: "out" as const, authorId: "u1", at: 2000 },
      { roomId: "biz", direction: "in" as const, authorId: null, at: 3000 },
    ];
    const { totals, days } = overview(rooms, messages, "UTC");
    expect(totals).toMatchObject({ chats: 2, inbound: 1, business: 1, resolved: 1, messagesIn: 2, messagesOut: 3 });
    expect(totals.firstResponse).toEqual({ count: 1, averageMs: 3000, medianMs: 3000 });
    expect(totals.resolution).toEqual({ count: 1, averageMs: 3000, medianMs: 3000 });
    expect(days).toEqual([{ day: "1970-01-01", channelId: "ch1", chats: 2, inbound: 1, business: 1 }]);
    expect(byAgent(rooms, messages).map((a) => [a.agentId, a.chats])).toEqual([["u1", 1]]);
  });

  it("cuts days on the asked clock, also across a daylight saving change", () => {
    expect(startOfDay("Asia/Jakarta", "2026-12-08")).toBe(Date.parse("2026-12-07T17:00:00Z"));
    expect(startOfDay("UTC", "2026-12-08")).toBe(Date.parse("2026-12-08T00:00:00Z"));
    // New York moves to summer time at 02:00 on 8 March 2026: that day starts at 05:00 UTC, the next at 04:00.
    expect(startOfDay("America/New_York", "2026-03-08")).toBe(Date.parse("2026-03-08T05:00:00Z"));
    expect(startOfDay("America/New_York", "2026-03-09")).toBe(Date.parse("2026-03-09T04:00:00Z"));
    expect(dayIn("Asia/Jakarta", Date.parse("2026-12-07T17:00:00Z"))).toBe("2026-12-08");
  });
});
