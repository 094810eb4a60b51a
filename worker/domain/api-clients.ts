import type { Permission } from "./access";
import type { Role } from "./types";

/**
 * Issue 18, rules T9 and A3: what an API key may do beside its role. `read` is every GET, `write`
 * every other method, `admin` the permissions that run the organization itself (people, integrations,
 * security, settings, money) whatever the method. A key needs both its role and the scope.
 */
export const API_SCOPES = ["read", "write", "admin"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

const ADMIN_SCOPE_PERMISSIONS: readonly Permission[] = [
  "users.manage",
  "integrations.manage",
  "security.manage",
  "settings.manage",
  "finance.manage",
];

/** The scopes a key gets when its creator names none: read and write, and admin for an admin key. */
export function defaultScopes(role: Role): ApiScope[] {
  return role === "admin" ? ["read", "write", "admin"] : ["read", "write"];
}

/** POSTs that change nothing: a realtime ticket (its socket only reads) and a campaign estimate. */
export const READ_ONLY_POSTS: readonly string[] = ["/api/realtime/tickets", "/api/campaigns/estimate"];

/** The scope a request's method needs (a POST that only opens a socket or reads counts as a read). */
export function scopeOfMethod(method: string, readOnlyWrite = false): ApiScope {
  return method === "GET" || method === "HEAD" || method === "OPTIONS" || readOnlyWrite ? "read" : "write";
}

/** The scope a permission needs beyond the method's, if any. */
export function scopeOfPermission(permission: Permission): ApiScope | null {
  return ADMIN_SCOPE_PERMISSIONS.includes(permission) ? "admin" : null;
}

/** Requests per minute a key may make when its creator names no limit. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
export const MAX_RATE_LIMIT_PER_MINUTE = 6_000;

/** A token bucket: `tokens` left as of `at`; it refills `limit` tokens a minute up to `limit`. */
export interface Bucket {
  tokens: number;
  at: number;
}

export interface Admission {
  allowed: boolean;
  bucket: Bucket;
  limit: number;
  /** Whole requests left now. */
  remaining: number;
  /** Seconds until the bucket is full again (RateLimit-Reset). */
  resetSeconds: number;
  /** Seconds until one more request is allowed (Retry-After); 0 when allowed. */
  retryAfterSeconds: number;
}

const MINUTE_MS = 60_000;

/** Takes one request from the bucket when it holds one (rate limits per key, 429 otherwise). */
export function admitRequest(previous: Bucket | null, limit: number, now: number): Admission {
  const perMs = limit / MINUTE_MS;
  const start = previous ?? { tokens: limit, at: now };
  const tokens = Math.min(limit, start.tokens + Math.max(0, now - start.at) * perMs);
  const allowed = tokens >= 1;
  const left = allowed ? tokens - 1 : tokens;
  return {
    allowed,
    bucket: { tokens: left, at: now },
    limit,
    remaining: Math.floor(left),
    resetSeconds: Math.ceil((limit - left) / perMs / 1000),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - left) / perMs / 1000)),
  };
}

/** How long a stored answer to an Idempotency-Key is kept. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
/** A request still running after this long is taken as lost: its key may be used again. */
export const IDEMPOTENCY_LOCK_MS = 60_000;

export type IdempotencyVerdict =
  | { kind: "proceed" }
  | { kind: "replay" }
  | { kind: "reused" }
  | { kind: "in_progress" };

/** What to do with a request carrying a key already seen (`record`) with this body's fingerprint. */
export function idempotencyVerdict(
  record: { fingerprint: string; completed: boolean; at: number } | null,
  fingerprint: string,
  now: number,
): IdempotencyVerdict {
  if (!record || now - record.at > IDEMPOTENCY_TTL_MS) return { kind: "proceed" };
  if (record.fingerprint !== fingerprint) return { kind: "reused" };
  if (record.completed) return { kind: "replay" };
  return now - record.at > IDEMPOTENCY_LOCK_MS ? { kind: "proceed" } : { kind: "in_progress" };
}
