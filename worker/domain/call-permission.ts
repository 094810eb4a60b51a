/**
 * Call permissions (rules C2-C4): request limits, what the customer's answer means and when it
 * ends, and what an outbound call needs. Pure: callers pass `now`.
 */
import type { PermissionState } from "./calls";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Rule C2: per contact, at most 1 request per 24 h and 2 per rolling 7 days. */
export const REQUEST_LIMITS = [
  { windowMs: DAY, max: 1 },
  { windowMs: 7 * DAY, max: 2 },
] as const;
/** Rule C3: a temporary grant lasts 168 h; an unanswered request expires after 72 h. */
export const TEMPORARY_GRANT_MS = 168 * HOUR;
export const REQUEST_EXPIRY_MS = 72 * HOUR;
/** Rule C4: connected outbound calls to one number per 24 h; unanswered in a row to warn and to revoke. */
export const MAX_CONNECTED_CALLS_PER_DAY = 10;
export const WARN_AFTER_UNANSWERED = 2;
export const REVOKE_AFTER_UNANSWERED = 4;
/** Rules B8, C4: the voice balance an outbound call needs to start, in rupiah. */
export const MIN_VOICE_BALANCE = 50_000;

/**
 * Rule C2: when the next request may be sent: null now, else the time it may. Requests sent before
 * the last connected call do not count (both limits reset when a call connects).
 */
export function nextRequestAllowedAt(sentAt: readonly number[], lastConnectedAt: number | null, now: number) {
  const counted = sentAt.filter((t) => lastConnectedAt === null || t > lastConnectedAt);
  let allowedAt: number | null = null;
  for (const limit of REQUEST_LIMITS) {
    const inWindow = counted.filter((t) => t > now - limit.windowMs).sort((a, b) => a - b);
    if (inWindow.length < limit.max) continue;
    // The oldest request that must leave the window before one more fits.
    const leaving = inWindow[inWindow.length - limit.max] as number;
    const at = leaving + limit.windowMs;
    allowedAt = allowedAt === null ? at : Math.max(allowedAt, at);
  }
  return allowedAt;
}

export interface PermissionRecord {
  state: PermissionState;
  expiresAt: number | null;
}

/**
 * Rule C3: the permission as it stands at `now`: a temporary grant past its 168 h is gone (no
 * webhook says so); a request unanswered for 72 h expires.
 */
export function currentPermission(p: PermissionRecord, lastRequestAt: number | null, now: number): PermissionState {
  if (p.state === "temporary" && p.expiresAt !== null && p.expiresAt <= now) return "none";
  if (p.state === "requested" && (lastRequestAt === null || lastRequestAt + REQUEST_EXPIRY_MS <= now)) return "none";
  return p.state;
}

/** Rule C3: the customer's answer; a temporary grant ends 168 h after approval unless the provider says when. */
export function permissionFromReply(
  reply: { accepted: boolean; permanent: boolean; expiresAt: number | null },
  now: number,
): PermissionRecord {
  if (!reply.accepted) return { state: "denied", expiresAt: null };
  if (reply.permanent) return { state: "permanent", expiresAt: null };
  return { state: "temporary", expiresAt: reply.expiresAt ?? now + TEMPORARY_GRANT_MS };
}

export type OutboundRefusal =
  | "call_permission_missing"
  | "outbound_calls_disabled"
  | "voice_balance_low"
  | "call_limit_reached";

/** Rule C4 (and B8): why an outbound call may not start, or null when it may. */
export function outboundRefusal(input: {
  permission: PermissionState;
  outboundEnabled: boolean;
  voiceBalance: number;
  connectedInLastDay: number;
}): OutboundRefusal | null {
  if (input.permission !== "temporary" && input.permission !== "permanent") return "call_permission_missing";
  if (!input.outboundEnabled) return "outbound_calls_disabled";
  if (input.voiceBalance < MIN_VOICE_BALANCE) return "voice_balance_low";
  if (input.connectedInLastDay >= MAX_CONNECTED_CALLS_PER_DAY) return "call_limit_reached";
  return null;
}

/** Rule C4: after an outbound call ends, the run of unanswered calls and what it leads to. */
export function afterOutboundCall(unansweredInARow: number, answered: boolean) {
  const run = answered ? 0 : unansweredInARow + 1;
  return { unansweredInARow: run, warn: run === WARN_AFTER_UNANSWERED, revoke: run >= REVOKE_AFTER_UNANSWERED };
}
