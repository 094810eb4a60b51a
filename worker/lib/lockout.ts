import type { Context } from "hono";
import type { Db } from "../db/client";
import { clearFailedLogins, recentFailures, recordFailedLogin } from "../db/identity";
import { clientLockoutState, LOCKOUT_WINDOW_MS } from "../domain/sign-in";
import { problems } from "./problem";

/**
 * The one password lockout (issue 11, finding 7): wrong passwords are counted per email and client
 * address. 10 within 15 minutes lock that client out of that email; 100 from all clients together lock
 * the email for everyone until they age out or a password reset lifts them. Counted alike at sign-in
 * and when a signed-in user changes their password (a stolen session must not guess without limit).
 */
export async function refuseWhileLockedOut(db: Db, email: string, client: string, now: number): Promise<void> {
  const failures = await recentFailures(db, email, now - LOCKOUT_WINDOW_MS);
  const lockout = clientLockoutState(failures, client, now);
  if (lockout.locked) {
    throw problems.tooManyRequests(
      "too_many_attempts",
      "Too many wrong passwords for this email. Try again later, or reset your password.",
      lockout.retryAfterSeconds,
    );
  }
}

export async function recordWrongPassword(db: Db, email: string, client: string, now: number): Promise<void> {
  await recordFailedLogin(db, email, client, now);
}

/** A right password clears that client's failures; a completed reset clears every client's (`client` null). */
export async function clearWrongPasswords(db: Db, email: string, client: string | null): Promise<void> {
  await clearFailedLogins(db, email, client);
}

/**
 * The client address the lockout counts by: Cloudflare's CF-Connecting-IP, which a client cannot set
 * through Cloudflare's edge. "" when absent (local tests), so all such clients count as one.
 */
export function clientAddress(c: Context): string {
  return (c.req.header("CF-Connecting-IP") ?? "").slice(0, 64);
}
