import type { Role } from "./types";

/**
 * Rule I12: agent availability and the automatic assignment of new rooms. Pure: the caller gives
 * what it read (choices, sockets, loads, turns) and the clock's `now`.
 *
 * Where the rule is silent, we chose:
 * - An agent's choice (`online`, `away`, `offline`) is kept per organization; signing in sets
 *   `online`, signing out `offline`, the header's menu anything in between.
 * - What supervisors see and what assignment uses is the choice only while the person has the inbox
 *   open (a socket), or closed it less than `PRESENCE_GRACE_MS` ago (a reload, a flaky network):
 *   a browser closed without signing out leaves a stale "online" that must not be given rooms.
 * - Only members with the `agent` role are assigned automatically; supervisors and admins take rooms
 *   by hand. There is no per-channel access rule: every agent works every channel's rooms.
 * - "In turn": the eligible agent whose last automatic assignment is the oldest (never first; then
 *   by id), so the turn passes round and an agent who comes online joins it at once. An agent at the
 *   cap of open (assigned, unresolved) rooms is skipped; nobody eligible leaves the room waiting.
 * - Waiting rooms catch up (oldest opened first, one at a time, in the same turn order, never above
 *   the cap) when an agent becomes available (availability -> online, or their first inbox socket)
 *   or has a place again (a room resolved or reassigned). Switching assignment on does not by itself
 *   sweep the backlog; a snoozed room waits until it wakes.
 */
export const AVAILABILITIES = ["online", "away", "offline"] as const;
export type Availability = (typeof AVAILABILITIES)[number];

/** A member who never chose: online (a sign-in also sets it). */
export const DEFAULT_AVAILABILITY: Availability = "online";

/** How long after the last socket closed the choice still counts (a reload must not lose the turn). */
export const PRESENCE_GRACE_MS = 60_000;

export const DEFAULT_MAX_OPEN_PER_AGENT = 5;
export const MAX_OPEN_PER_AGENT_LIMIT = 500;

export interface Presence {
  /** At least one inbox socket is open. */
  connected: boolean;
  /** When the last one closed; null when unknown (never connected since the inbox object started). */
  leftAt: number | null;
}

/** Rule I12: the availability others see: the choice, while the inbox is open (or was just now). */
export function effectiveAvailability(chosen: Availability, presence: Presence, now: number): Availability {
  if (chosen === "offline") return "offline";
  if (presence.connected) return chosen;
  if (presence.leftAt !== null && now - presence.leftAt < PRESENCE_GRACE_MS) return chosen;
  return "offline";
}

export interface AssignmentCandidate {
  userId: string;
  role: Role;
  chosen: Availability;
  presence: Presence;
  /** Assigned, unresolved rooms held now. */
  openRooms: number;
  /** The turn number of their last automatic assignment; null: never. */
  lastTurn: number | null;
}

/** Rule I12: who gets the next new room, or null (the room stays unassigned). */
export function nextAssignee(candidates: readonly AssignmentCandidate[], maxOpenPerAgent: number, now: number) {
  const eligible = candidates.filter(
    (c) =>
      c.role === "agent" &&
      c.openRooms < maxOpenPerAgent &&
      effectiveAvailability(c.chosen, c.presence, now) === "online",
  );
  eligible.sort((a, b) => (a.lastTurn ?? -1) - (b.lastTurn ?? -1) || (a.userId < b.userId ? -1 : 1));
  return eligible[0]?.userId ?? null;
}
