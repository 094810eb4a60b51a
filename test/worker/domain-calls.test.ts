import { describe, expect, it } from "vitest";
import {
  callCost,
  chargeable,
  parseRates,
  ratePerMinute,
  startedMinutes,
  voiceHold,
} from "../../worker/domain/call-billing";
import {
  afterOutboundCall,
  currentPermission,
  nextRequestAllowedAt,
  outboundRefusal,
  permissionFromReply,
} from "../../worker/domain/call-permission";
import {
  fixAnswerSetup,
  mayTakeCall,
  nextInRotation,
  type RingGroupForRouting,
  ringTimeout,
  routeInboundCall,
} from "../../worker/domain/calls";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.parse("2026-12-07T10:00:00+07:00");

const rr = (id: string, members: string[], ringTimeoutSeconds = 45): RingGroupForRouting => ({
  id,
  mode: "round_robin",
  members,
  ringTimeoutSeconds,
});
const all = (id: string, members: string[], ringTimeoutSeconds = 45): RingGroupForRouting => ({
  id,
  mode: "ring_all",
  members,
  ringTimeoutSeconds,
});
const set = (...ids: string[]) => new Set(ids);

describe("inbound call routing (C5, C7)", () => {
  it("(a) rings only the assignee of the contact's unresolved room", () => {
    const routing = routeInboundCall({
      assigneeId: "budi",
      groups: [rr("g1", ["dewi", "sari"]), all("g2", ["ayu"])],
      online: set("budi", "dewi", "sari", "ayu"),
      busy: set(),
    });
    expect(routing).toEqual({ kind: "assignee", agents: ["budi"], ringTimeoutSeconds: 45 });
  });

  it("goes on to the groups when the assignee is offline or on a call (C7)", () => {
    const groups = [rr("g1", ["dewi", "sari"])];
    const offline = routeInboundCall({ assigneeId: "budi", groups, online: set("dewi"), busy: set() });
    expect(offline).toMatchObject({ kind: "round_robin", groupId: "g1", eligible: ["dewi"] });
    const busy = routeInboundCall({ assigneeId: "budi", groups, online: set("budi", "sari"), busy: set("budi") });
    expect(busy).toMatchObject({ kind: "round_robin", eligible: ["sari"] });
  });

  it("(b) round-robin before ring-to-all, only online agents not on a call", () => {
    const routing = routeInboundCall({
      assigneeId: null,
      groups: [all("g0", ["ayu"]), rr("g1", ["budi", "dewi", "sari"], 30)],
      online: set("ayu", "dewi", "sari"),
      busy: set("sari"),
    });
    expect(routing).toEqual({
      kind: "round_robin",
      groupId: "g1",
      eligible: ["dewi"],
      members: ["budi", "dewi", "sari"],
      ringTimeoutSeconds: 30,
    });
  });

  it("(c) ring-to-all rings every free online member when no round-robin member is free", () => {
    const routing = routeInboundCall({
      assigneeId: null,
      groups: [rr("g1", ["budi"]), all("g2", ["dewi", "sari", "ayu"], 60)],
      online: set("dewi", "sari", "ayu"),
      busy: set("ayu"),
    });
    expect(routing).toEqual({ kind: "ring_all", agents: ["dewi", "sari"], ringTimeoutSeconds: 60 });
  });

  it("(d) with no group, or nobody free, the call is not delivered", () => {
    expect(routeInboundCall({ assigneeId: null, groups: [], online: set("budi"), busy: set() })).toEqual({
      kind: "none",
    });
    expect(routeInboundCall({ assigneeId: null, groups: [all("g", ["budi"])], online: set(), busy: set() })).toEqual({
      kind: "none",
    });
  });

  it("rotates round-robin calls through the eligible members in order, wrapping around", () => {
    const members = ["budi", "dewi", "sari"];
    expect(nextInRotation(members, members, null)).toBe("budi");
    expect(nextInRotation(members, members, "budi")).toBe("dewi");
    expect(nextInRotation(members, members, "sari")).toBe("budi");
    // Dewi is on a call: the turn passes to Sari.
    expect(nextInRotation(members, ["budi", "sari"], "budi")).toBe("sari");
    // The last one rung left the group: start from the first eligible.
    expect(nextInRotation(members, ["dewi"], "gone")).toBe("dewi");
    expect(nextInRotation(members, [], "budi")).toBeNull();
  });

  it("keeps an agent on one call at a time (C7)", () => {
    expect(mayTakeCall(null, "c1")).toBe(true);
    expect(mayTakeCall("c1", "c1")).toBe(true);
    expect(mayTakeCall("c1", "c2")).toBe(false);
  });

  it("bounds the ring timeout to 30-60 s, 45 by default (C6)", () => {
    expect(ringTimeout(undefined)).toBe(45);
    expect(ringTimeout(10)).toBe(30);
    expect(ringTimeout(90)).toBe(60);
    expect(ringTimeout(40)).toBe(40);
  });

  it("turns an actpass setup in a provider's answer into active (C11)", () => {
    expect(fixAnswerSetup("v=0\r\na=setup:actpass\r\na=mid:0\r\n")).toBe("v=0\r\na=setup:active\r\na=mid:0\r\n");
    expect(fixAnswerSetup("v=0\na=setup:passive\n")).toBe("v=0\na=setup:passive\n");
  });
});

describe("call permission requests (C2, C3)", () => {
  it("allows 1 request per 24 h", () => {
    expect(nextRequestAllowedAt([], null, now)).toBeNull();
    expect(nextRequestAllowedAt([now - 2 * HOUR], null, now)).toBe(now - 2 * HOUR + DAY);
    expect(nextRequestAllowedAt([now - DAY - 1], null, now)).toBeNull();
  });

  it("allows 2 per rolling 7 days", () => {
    const sent = [now - 6 * DAY, now - 2 * DAY];
    expect(nextRequestAllowedAt(sent, null, now)).toBe(now - 6 * DAY + 7 * DAY);
    expect(nextRequestAllowedAt(sent, null, now + DAY)).toBeNull();
  });

  it("resets both limits when a call connects", () => {
    const sent = [now - 6 * DAY, now - 2 * HOUR];
    expect(nextRequestAllowedAt(sent, now - HOUR, now)).toBeNull();
    expect(nextRequestAllowedAt(sent, now - 3 * HOUR, now)).toBe(now - 2 * HOUR + DAY);
  });

  it("expires a temporary grant after 168 h and an unanswered request after 72 h", () => {
    const grant = permissionFromReply({ accepted: true, permanent: false, expiresAt: null }, now);
    expect(grant).toEqual({ state: "temporary", expiresAt: now + 168 * HOUR });
    expect(currentPermission(grant, null, now + 167 * HOUR)).toBe("temporary");
    expect(currentPermission(grant, null, now + 168 * HOUR)).toBe("none");
    const requested = { state: "requested" as const, expiresAt: null };
    expect(currentPermission(requested, now, now + 71 * HOUR)).toBe("requested");
    expect(currentPermission(requested, now, now + 72 * HOUR)).toBe("none");
  });

  it("reads permanent, provider-dated and declined answers", () => {
    expect(permissionFromReply({ accepted: true, permanent: true, expiresAt: null }, now)).toEqual({
      state: "permanent",
      expiresAt: null,
    });
    expect(permissionFromReply({ accepted: true, permanent: false, expiresAt: now + DAY }, now).expiresAt).toBe(
      now + DAY,
    );
    expect(permissionFromReply({ accepted: false, permanent: false, expiresAt: null }, now).state).toBe("denied");
  });
});

describe("outbound calls (C4, B8)", () => {
  const ok = { permission: "temporary" as const, outboundEnabled: true, voiceBalance: 50_000, connectedInLastDay: 9 };

  it("needs a permission, outbound on, Rp 50,000 and fewer than 10 connected calls in 24 h", () => {
    expect(outboundRefusal(ok)).toBeNull();
    expect(outboundRefusal({ ...ok, permission: "denied" })).toBe("call_permission_missing");
    expect(outboundRefusal({ ...ok, permission: "none" })).toBe("call_permission_missing");
    expect(outboundRefusal({ ...ok, outboundEnabled: false })).toBe("outbound_calls_disabled");
    expect(outboundRefusal({ ...ok, voiceBalance: 49_999 })).toBe("voice_balance_low");
    expect(outboundRefusal({ ...ok, connectedInLastDay: 10 })).toBe("call_limit_reached");
  });

  it("warns after 2 unanswered calls in a row and revokes after 4; an answered call resets the run", () => {
    expect(afterOutboundCall(0, false)).toEqual({ unansweredInARow: 1, warn: false, revoke: false });
    expect(afterOutboundCall(1, false)).toEqual({ unansweredInARow: 2, warn: true, revoke: false });
    expect(afterOutboundCall(3, false)).toEqual({ unansweredInARow: 4, warn: false, revoke: true });
    expect(afterOutboundCall(3, true)).toEqual({ unansweredInARow: 0, warn: false, revoke: false });
  });

  it("bills per started minute at the destination country's rate; inbound is free", () => {
    expect(startedMinutes(0)).toBe(0);
    expect(startedMinutes(1)).toBe(1);
    expect(startedMinutes(60)).toBe(1);
    expect(startedMinutes(61)).toBe(2);
    expect(ratePerMinute("6281234567890")).toBe(1_000);
    expect(ratePerMinute("+60 12-345 6789")).toBe(1_500);
    expect(ratePerMinute("4915112345678")).toBe(2_500);
    expect(callCost("outbound", 61, 1_000)).toBe(2_000);
    // Picked up and hung up within the same second (rounded to 0 s): the first minute has started.
    expect(callCost("outbound", 0, 1_000)).toBe(1_000);
    expect(callCost("inbound", 600, 1_000)).toBe(0);
  });

  it("takes a configured rate table, longest prefix first", () => {
    const rates = parseRates('{"62": 900, "6281": 800, "default": 3000, "bad": 1}');
    expect(ratePerMinute("6281234567890", rates)).toBe(800);
    expect(ratePerMinute("6221234567", rates)).toBe(900);
    expect(ratePerMinute("4412345", rates)).toBe(3_000);
    expect(parseRates("not json")).toBe(parseRates(undefined));
  });

  it("holds each minute as it starts and cuts the call off where the free balance ends, never charging below zero", () => {
    const minute = 60_000;
    // At the connect, the first minute; a minute later, the second (B8: paid as it starts).
    expect(voiceHold(now, 1_000, 0, 50_000, now)).toEqual({ held: 1_000, cutOffAt: now + minute });
    expect(voiceHold(now, 1_000, 1_000, 49_000, now + minute)).toEqual({ held: 2_000, cutOffAt: now + 2 * minute });
    // An alarm that comes late holds every minute started meanwhile, as far as the free balance pays.
    expect(voiceHold(now, 1_000, 1_000, 49_000, now + 10 * minute + 5)).toEqual({
      held: 11_000,
      cutOffAt: now + 11 * minute,
    });
    expect(voiceHold(now, 1_000, 1_000, 1_500, now + 10 * minute)).toEqual({ held: 2_000, cutOffAt: now + 2 * minute });
    // Nothing free (another call of the organization holds the rest): cut off where its minutes end.
    expect(voiceHold(now, 1_000, 3_000, 999, now + 3 * minute)).toEqual({ held: 3_000, cutOffAt: now + 3 * minute });
    expect(voiceHold(now, 1_000, 0, 0, now)).toEqual({ held: 0, cutOffAt: now });
    expect(voiceHold(now, 0, 0, 50_000, now)).toBeNull();
    expect(chargeable(3_000, 2_500)).toBe(2_500);
    expect(chargeable(3_000, 10_000)).toBe(3_000);
  });
});
