import type { Db } from "../db/client";
import { recentFailures, recordFailedLogin } from "../db/identity";
import { LOCKOUT_WINDOW_MS, lockoutState } from "../domain/sign-in";
import { problems } from "./problem";

/**
 * The one password lockout: 10 wrong passwords for one email within 15 minutes, counted alike at
 * sign-in and when a signed-in user changes their password (a stolen session must not guess the
 * current password without limit either).
 */
export async function refuseWhileLockedOut(db: Db, email: string, now: number): Promise<void> {
  const lockout = lockoutState(await recentFailures(db, email, now - LOCKOUT_WINDOW_MS), now);
  if (lockout.locked) {
    throw problems.tooManyRequests(
      "too_many_attempts",
      "Too many wrong passwords for this email. Try again later.",
      lockout.retryAfterSeconds,
    );
  }
}

export async function recordWrongPassword(db: Db, email: string, now: number): Promise<void> {
  await recordFailedLogin(db, email, now);
}
