// Issue 13, item 3: a number's sends are given evenly spaced times from one shared budget, so no
// second holds more than the budget, and nothing is given further ahead than the horizon; a 130429
// backs the whole number off, 1 s and then doubling while they keep coming (research §1.5).
import { describe, expect, it } from "vitest";
import { BACK_OFF_RESET_MS, backOffAfterThrottle, paceSends, sendTimeOf } from "../../worker/domain/throughput";

const perWallSecond = (slots: number[]) => {
  const counts = new Map<number, number>();
  for (const at of slots) counts.set(Math.floor(at / 1000), (counts.get(Math.floor(at / 1000)) ?? 0) + 1);
  return Math.max(...counts.values());
};

describe("paceSends (item 3)", () => {
  it("spaces a batch evenly at the budget, starting now", () => {
    const { slots, nextFree } = paceSends(0, 10_000, 5, 10, 10_000);
    expect(slots).toEqual([10_000, 10_100, 10_200, 10_300, 10_400]);
    expect(nextFree).toBe(10_500);
  });

  it("starts a second batch after the first one's times, so batches together keep the budget", () => {
    const first = paceSends(0, 50_300, 72, 72, 10_000);
    const second = paceSends(first.nextFree, 50_310, 72, 72, 10_000);
    const all = [...first.slots, ...second.slots];
    expect(second.slots[0]).toBeGreaterThanOrEqual((first.slots.at(-1) ?? 0) + 13);
    expect(perWallSecond(all)).toBeLessThanOrEqual(72);
  });

  it("gives nothing beyond the horizon: the rest waits for a later claim", () => {
    const busy = paceSends(0, 0, 80, 8, 3_000);
    expect(busy.slots).toHaveLength(25);
    expect(busy.slots.at(-1)).toBe(3_000);
    const none = paceSends(busy.nextFree, 0, 5, 8, 3_000);
    expect(none.slots).toEqual([]);
    expect(none.nextFree).toBe(busy.nextFree);
  });

  it("does not hand out time that has passed: an idle number starts at now", () => {
    expect(paceSends(1_000, 90_000, 2, 4, 10_000).slots).toEqual([90_000, 90_250]);
  });
});

describe("sendTimeOf (item 3): a late batch catches up within the budget", () => {
  const windowMax = (times: number[]) =>
    Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));

  it("sends on time when timers are on time", () => {
    const { slots } = paceSends(0, 10_000, 10, 10, 10_000);
    const sent: number[] = [];
    for (const slot of slots) sent.push(sendTimeOf(slot, sent, 10));
    expect(sent).toEqual(slots);
  });

  it("never sends before its slot", () => {
    expect(sendTimeOf(5_000, [1_000, 1_100], 10)).toBe(5_000);
  });

  it("after a stall, catches up on the slots missed but never sends more than the budget in any second", () => {
    const perSecond = 10;
    const { slots } = paceSends(0, 10_000, 40, perSecond, 10_000);
    const sent: number[] = [];
    let now = 10_000;
    for (const [i, slot] of slots.entries()) {
      // Every timer fires 30 ms late, and one stall of 1.5 s after the fifth send.
      now = Math.max(now, sendTimeOf(slot, sent, perSecond)) + 30 + (i === 5 ? 1_500 : 0);
      sent.push(now);
    }
    expect(windowMax(sent)).toBeLessThanOrEqual(perSecond);
    expect(perWallSecond(sent)).toBeLessThanOrEqual(perSecond);
    // One per gap from the last real send would end 40 × 30 ms + 1.5 s = 2.7 s after the last slot.
    expect((sent.at(-1) as number) - (slots.at(-1) as number)).toBeLessThan(1_600);
  });
});

describe("backOffAfterThrottle (research §1.5)", () => {
  it("backs the number off 1 s, then 2, 4, 8 s while 130429s keep coming, never more than 8 s", () => {
    let state = { nextFree: 0, backOff: null as ReturnType<typeof backOffAfterThrottle>["backOff"] | null };
    const delays: number[] = [];
    for (let k = 0; k < 5; k++) {
      const now = 100_000 + k * 500;
      const next = backOffAfterThrottle(state.nextFree, state.backOff, now);
      delays.push(next.nextFree - now);
      state = next;
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
  });

  it("starts again at 1 s once a while has passed without one, and never gives back time already given out", () => {
    const earlier = { streak: 4, at: 0 };
    expect(backOffAfterThrottle(0, earlier, BACK_OFF_RESET_MS).nextFree).toBe(BACK_OFF_RESET_MS + 1_000);
    expect(backOffAfterThrottle(90_000, null, 50_000).nextFree).toBe(90_000);
  });
});
