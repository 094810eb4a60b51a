/** Pure rules of signing in: lockout, session lifetime, reset tokens. Times are ms since epoch. */
/** Wrong passwords for one email from one client address before that client is locked out of it. */
export const LOCKOUT_MAX_FAILURES = 10;
/**
 * Issue 11, finding 7: wrong passwords for one email from all clients together before the email is
 * locked for everyone. Far above the per-client bound, so one client can't lock the owner out; a
 * completed password reset lifts every lock of the email.
 */
export const LOCKOUT_MAX_FAILURES_PER_EMAIL = 100;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
export const SESSION_TTL_MS = 14 * 24 * 3_600_000;
/** A session is extended at most once per this interval, to spare D1 a write on every request. */
export const SESSION_REFRESH_MS = 60 * 60_000;
/** Rule A2: reset links live 30 minutes. Invitations of new users live longer. */
export const RESET_TOKEN_TTL_MS = 30 * 60_000;
export const INVITE_TOKEN_TTL_MS = 72 * 3_600_000;
/** Rule A1: a link confirming a new address an admin gave a person lives as long as an invitation. */
export const EMAIL_CHANGE_TOKEN_TTL_MS = INVITE_TOKEN_TTL_MS;
/** At most this many reset links are mailed to one identity within one link lifetime (30 min). */
export const RESET_MAILS_PER_TTL = 5;

/**
 * Forgot password must not flood a person's inbox: past the limit the request is still answered 202
 * (whether the email exists is never revealed) but nothing is mailed. `issuedAt` are the issue times
 * of the identity's reset links.
 */
export function mayMailResetLink(issuedAt: readonly number[], now: number): boolean {
  return issuedAt.filter((t) => t > now - RESET_TOKEN_TTL_MS).length < RESET_MAILS_PER_TTL;
}

export interface Lockout {
  locked: boolean;
  retryAfterSeconds: number;
}

/**
 * Ten failed attempts for one email within 15 minutes lock further attempts until the oldest of
 * those ten leaves the window. `failures` are the failure times inside the window, any order.
 */
export function lockoutState(failures: readonly number[], now: number, max = LOCKOUT_MAX_FAILURES): Lockout {
  const recent = failures.filter((t) => t > now - LOCKOUT_WINDOW_MS).sort((a, b) => b - a);
  if (recent.length < max) return { locked: false, retryAfterSeconds: 0 };
  const nth = recent[max - 1] as number;
  const unlockAt = nth + LOCKOUT_WINDOW_MS;
  return { locked: true, retryAfterSeconds: Math.max(1, Math.ceil((unlockAt - now) / 1000)) };
}

/**
 * Issue 11, finding 7: the lockout of one email as seen by one client address. That client is locked
 * after 10 failures of its own; everyone is locked only after 100 failures from all clients together.
 * So a stranger guessing from their address does not lock the owner out of their own account.
 */
export function clientLockoutState(
  failures: readonly { at: number; client: string }[],
  client: string,
  now: number,
): Lockout {
  const own = lockoutState(
    failures.filter((f) => f.client === client).map((f) => f.at),
    now,
  );
  const all = lockoutState(
    failures.map((f) => f.at),
    now,
    LOCKOUT_MAX_FAILURES_PER_EMAIL,
  );
  return own.retryAfterSeconds >= all.retryAfterSeconds ? own : all;
}

/** Sliding expiry: a used session is pushed to 14 days from now, written at most hourly. */
export function slidSessionExpiry(expiresAt: number, now: number): number | null {
  if (expiresAt <= now) return null;
  const renewed = now + SESSION_TTL_MS;
  return renewed - expiresAt >= SESSION_REFRESH_MS ? renewed : null;
}

export function isSessionLive(expiresAt: number, now: number): boolean {
  return expiresAt > now;
}

export function isResetTokenUsable(token: { expiresAt: number; usedAt: number | null }, now: number): boolean {
  return token.usedAt === null && token.expiresAt > now;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
