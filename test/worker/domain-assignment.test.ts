// Rule I12: availability as others see it, and who gets the next new room (pure, with `now`).
import { describe, expect, it } from "vitest";
import {
  type AssignmentCandidate,
  effectiveAvailability,
  nextAssignee,
  PRESENCE_GRACE_MS,
} from "../../worker/domain/assignment";

const NOW = Date.UTC(2026, 11, 4, 9, 0, 0);
const here = { connected: true, leftAt: null };
const agent = (userId: string, extra: Partial<AssignmentCandidate> = {}): AssignmentCandidate => ({
  userId,
  role: "agent",
  chosen: "online",
  presence: here,
  openRooms: 0,
  lastTurn: null,
  ...extra,
});

describe("effective availability (I12)", () => {
  it("is the choice while the inbox is open", () => {
    expect(effectiveAvailability("online", here, NOW)).toBe("online");
    expect(effectiveAvailability("away", here, NOW)).toBe("away");
    expect(effectiveAvailability("offline", here, NOW)).toBe("offline");
  });

  it("keeps the choice a short while after the last socket closed, then is offline (no stale online)", () => {
    const left = (ago: number) => ({ connected: false, leftAt: NOW - ago });
    expect(effectiveAvailability("online", left(PRESENCE_GRACE_MS - 1), NOW)).toBe("online");
    expect(effectiveAvailability("online", left(PRESENCE_GRACE_MS), NOW)).toBe("offline");
    expect(effectiveAvailability("online", { connected: false, leftAt: null }, NOW)).toBe("offline");
  });
});

describe("the next assignee (I12)", () => {
  it("goes round: never-assigned first (by id), then the oldest turn", () => {
    expect(nextAssignee([agent("b"), agent("a")], 5, NOW)).toBe("a");
    expect(nextAssignee([agent("a", { lastTurn: 1 }), agent("b")], 5, NOW)).toBe("b");
    expect(nextAssignee([agent("a", { lastTurn: 3 }), agent("b", { lastTurn: 2 })], 5, NOW)).toBe("b");
    // Three rooms in a row with the turn recorded after each: a, b, c, a.
    const team = [agent("a"), agent("b"), agent("c")];
    const order: string[] = [];
    for (let turn = 1; turn <= 4; turn++) {
      const next = nextAssignee(team, 5, NOW) as string;
      order.push(next);
      const who = team.find((c) => c.userId === next) as AssignmentCandidate;
      who.lastTurn = turn;
    }
    expect(order).toEqual(["a", "b", "c", "a"]);
  });

  it("skips agents at the cap, away or offline, without a socket, and supervisors and admins", () => {
    const candidates = [
      agent("a", { openRooms: 2 }),
      agent("b", { chosen: "away" }),
      agent("c", { chosen: "offline" }),
      agent("d", { presence: { connected: false, leftAt: NOW - PRESENCE_GRACE_MS - 1 } }),
      agent("e", { role: "supervisor" }),
      agent("f", { role: "admin" }),
      agent("g", { openRooms: 1, lastTurn: 9 }),
    ];
    expect(nextAssignee(candidates, 2, NOW)).toBe("g");
    expect(nextAssignee(candidates, 1, NOW)).toBeNull();
  });

  it("leaves the room unassigned when nobody is eligible", () => {
    expect(nextAssignee([], 5, NOW)).toBeNull();
    expect(nextAssignee([agent("a", { chosen: "away" })], 5, NOW)).toBeNull();
  });
});
