/**
 * WhatsApp calls (rules C5-C8): who rings for an inbound call, round-robin rotation, one call per
 * agent, the ring timeout. Pure: callers pass who is online and who is on a call.
 */
export const CALL_DIRECTIONS = ["inbound", "outbound"] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

export const CALL_OUTCOMES = ["answered", "unanswered"] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const CALL_STATES = ["ringing", "accepting", "active", "ended"] as const;
export type CallState = (typeof CALL_STATES)[number];

export const RING_MODES = ["round_robin", "ring_all"] as const;
export type RingMode = (typeof RING_MODES)[number];

export const PERMISSION_STATES = ["none", "requested", "temporary", "permanent", "denied"] as const;
export type PermissionState = (typeof PERMISSION_STATES)[number];

/** Rule C6: the ring timeout's bounds and default, in seconds. */
export const RING_TIMEOUT = { min: 30, max: 60, default: 45 } as const;

export interface RingGroupForRouting {
  id: string;
  mode: RingMode;
  ringTimeoutSeconds: number;
  /** Member agent ids in the group's order. */
  members: readonly string[];
}

export interface RoutingInput {
  /** The assignee of the contact's unresolved room on this number, if any. */
  assigneeId: string | null;
  /** The number's groups, oldest first. */
  groups: readonly RingGroupForRouting[];
  /** Agents with an open inbox socket. */
  online: ReadonlySet<string>;
  /** Agents on a call (C7). */
  busy: ReadonlySet<string>;
}

export type Routing =
  | { kind: "assignee"; agents: [string]; ringTimeoutSeconds: number }
  /** Which group turns; the group's RingGroupDO picks the agent among `eligible` (rotation). */
  | { kind: "round_robin"; groupId: string; eligible: string[]; members: string[]; ringTimeoutSeconds: number }
  | { kind: "ring_all"; agents: string[]; ringTimeoutSeconds: number }
  | { kind: "none" };

const free = (input: RoutingInput) => (agent: string) => input.online.has(agent) && !input.busy.has(agent);

/**
 * Rule C5, in order: (a) the assignee of the contact's unresolved room, only them; (b) the first
 * round-robin group of the number with an online member not on a call; (c) every online member not
 * on a call of the ring-to-all groups; (d) nobody: the call is logged Unanswered.
 * Where the rule is silent: an assignee who is offline or on a call (C7) cannot answer, so routing
 * goes on to (b) rather than ringing nobody; agents offline or on a call are never rung.
 */
export function routeInboundCall(input: RoutingInput): Routing {
  const isFree = free(input);
  if (input.assigneeId && isFree(input.assigneeId)) {
    return { kind: "assignee", agents: [input.assigneeId], ringTimeoutSeconds: RING_TIMEOUT.default };
  }
  for (const group of input.groups) {
    if (group.mode !== "round_robin") continue;
    const eligible = group.members.filter(isFree);
    if (eligible.length > 0) {
      return {
        kind: "round_robin",
        groupId: group.id,
        eligible,
        members: [...group.members],
        ringTimeoutSeconds: ringTimeout(group.ringTimeoutSeconds),
      };
    }
  }
  const ringAll = input.groups.filter((g) => g.mode === "ring_all");
  const agents = [...new Set(ringAll.flatMap((g) => g.members.filter(isFree)))];
  if (agents.length > 0) {
    return {
      kind: "ring_all",
      agents,
      ringTimeoutSeconds: Math.max(...ringAll.map((g) => ringTimeout(g.ringTimeoutSeconds))),
    };
  }
  return { kind: "none" };
}

/**
 * Rule C5 (b) rotation: the eligible member after the one rung last, in the group's order, wrapping
 * around; the first eligible member when nobody was rung yet (or the last one left the group).
 */
export function nextInRotation(members: readonly string[], eligible: readonly string[], lastRung: string | null) {
  if (eligible.length === 0) return null;
  const start = lastRung === null ? -1 : members.indexOf(lastRung);
  for (let step = 1; step <= members.length; step++) {
    const candidate = members[(start + step + members.length) % members.length] as string;
    if (eligible.includes(candidate)) return candidate;
  }
  return eligible[0] ?? null;
}

/** Rule C6: a ring timeout inside 30-60 s (default 45). */
export function ringTimeout(seconds: number | null | undefined): number {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return RING_TIMEOUT.default;
  return Math.min(RING_TIMEOUT.max, Math.max(RING_TIMEOUT.min, Math.round(seconds)));
}

/** Rule C7: whether an agent may take a call, given the call they are on (if any). */
export function mayTakeCall(currentCallId: string | null, callId: string): boolean {
  return currentCallId === null || currentCallId === callId;
}

/**
 * Rule C11: a provider's SDP answer sometimes says `a=setup:actpass`, which is not valid in an
 * answer (browsers refuse it); it becomes `active`, as in Meta's own sample answer. Offers are left alone.
 */
export const fixAnswerSetup = (sdp: string) => sdp.replace(/a=setup:actpass(?=\r?\n|$)/g, "a=setup:active");

/** A connect older than this is stale (Meta's accept window is about 30-60 s): never rung. */
export const STALE_CONNECT_MS = 60_000;
