/**
 * Rule T4's I/O: codes stored in D1 (`otp_codes`) and emailed. The rule itself (limits, lock, the
 * email's text) is `domain/otp.ts`.
 */
import { and, count, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { otpCodes } from "../../db/schema-templates";
import {
  generateOtpCode,
  issueWaitMs,
  lockEndsAt,
  OTP_ISSUE_WINDOW_MS,
  OTP_LOCK_MS,
  OTP_MAX_ATTEMPTS,
  OTP_TTL_MS,
  type OtpOwner,
  otpEmail,
  retryAfterSeconds,
} from "../../domain/otp";
import { randomToken, timingSafeEqual } from "../../lib/crypto";
import { errorForLog, log } from "../../lib/log";
import { Problem, problems } from "../../lib/problem";
import { lookupDigest, lookupDigests } from "../../lib/secret-box";
import type { Mailer } from "../../mail/mailer";

/**
 * A code is kept as a keyed digest (HMAC under the Worker's SECRETS_KEYS, not in D1): six digits
 * under a plain hash could be tried from a copy of the database within the code's life.
 */
const hashCode = (salt: string, code: string) => lookupDigest(code, `otp/${salt}`);
const matchesCode = async (salt: string, code: string, stored: string) => {
  const expected = new TextEncoder().encode(stored);
  let match = false;
  for (const digest of await lookupDigests(code, `otp/${salt}`)) {
    if (timingSafeEqual(new TextEncoder().encode(digest), expected)) match = true;
  }
  return match;
};
const ownerIs = (owner: OtpOwner) =>
  and(
    eq(otpCodes.organizationId, owner.organizationId),
    eq(otpCodes.identityId, owner.identityId),
    eq(otpCodes.purpose, owner.purpose),
  );

const locked = (retryAfterMs: number) =>
  problems.tooManyRequests(
    "otp_locked",
    "Too many wrong codes. Wait before trying again, then request a new code.",
    retryAfterSeconds(retryAfterMs),
  );

/** Throws 429 `otp_locked` while a lock of this user and purpose runs. */
async function assertNotLocked(db: Db, owner: OtpOwner, now: number): Promise<void> {
  const [row] = await db
    .select({ lockedAt: otpCodes.lockedAt })
    .from(otpCodes)
    .where(and(ownerIs(owner), gt(otpCodes.lockedAt, now - OTP_LOCK_MS)))
    .orderBy(desc(otpCodes.lockedAt))
    .limit(1);
  if (row?.lockedAt) throw locked(lockEndsAt(row.lockedAt) - now);
}

/** Creates a code for `owner` and emails it to `email`. Returns when it expires. */
export async function issueOtp(
  db: Db,
  mailer: Mailer,
  owner: OtpOwner,
  email: string,
  now: number,
): Promise<{ expiresAt: number }> {
  await assertNotLocked(db, owner, now);
  const [recent] = await db
    .select({ n: count(), oldest: sql<number>`min(${otpCodes.createdAt})` })
    .from(otpCodes)
    .where(and(ownerIs(owner), gt(otpCodes.createdAt, now - OTP_ISSUE_WINDOW_MS)));
  const waitMs = issueWaitMs(recent?.n ?? 0, recent?.oldest ?? now, now);
  if (waitMs !== null) {
    throw problems.tooManyRequests(
      "otp_rate_limited",
      "Too many codes requested. Use the last code sent, or wait a few minutes.",
      retryAfterSeconds(waitMs),
    );
  }
  const code = generateOtpCode();
  const salt = randomToken(16);
  const expiresAt = now + OTP_TTL_MS;
  const id = crypto.randomUUID();
  await db.batch([
    // The code before stops working.
    db
      .update(otpCodes)
      .set({ expiresAt: now })
      .where(and(ownerIs(owner), isNull(otpCodes.usedAt), gt(otpCodes.expiresAt, now))),
    db.insert(otpCodes).values({
      id,
      ...owner,
      salt,
      codeHash: await hashCode(salt, code),
      expiresAt,
      createdAt: now,
    }),
  ]);
  try {
    await mailer.send({ to: email, ...otpEmail(code, owner.purpose) });
  } catch (error) {
    // A code nobody received neither works nor counts against the person's limit.
    await db.delete(otpCodes).where(eq(otpCodes.id, id));
    log("error", "otp.mail_failed", { purpose: owner.purpose, error: errorForLog(error) });
    throw new Problem(503, "mail_unavailable", "The code could not be emailed. Try again in a moment.");
  }
  return { expiresAt };
}

/**
 * Checks and uses a code: returns when it is right (it cannot be used again), otherwise throws
 * 422 `otp_required`, 422 `otp_invalid` or 429 `otp_locked`.
 */
export async function verifyOtp(db: Db, owner: OtpOwner, code: string | undefined | null, now: number): Promise<void> {
  if (code === undefined || code === null || code.trim() === "") {
    throw new Problem(
      422,
      "otp_required",
      "This action needs the 6-digit code emailed to you. Request one with POST /api/otp.",
    );
  }
  await assertNotLocked(db, owner, now);
  const live = await db.query.otpCodes.findFirst({
    where: and(ownerIs(owner), isNull(otpCodes.usedAt), isNull(otpCodes.lockedAt), gt(otpCodes.expiresAt, now)),
    orderBy: desc(otpCodes.createdAt),
  });
  if (!live) {
    throw problems.unprocessable("otp_invalid", "The code has expired or was already used. Request a new one.");
  }
  const given = code.trim();
  const right = await matchesCode(live.salt, given, live.codeHash);
  if (right) {
    const [used] = await db
      .update(otpCodes)
      .set({ usedAt: now })
      .where(and(eq(otpCodes.id, live.id), isNull(otpCodes.usedAt), isNull(otpCodes.lockedAt)))
      .returning({ id: otpCodes.id });
    if (used) return;
    throw problems.unprocessable("otp_invalid", "The code was already used. Request a new one.");
  }
  const [tried] = await db
    .update(otpCodes)
    .set({ attempts: sql`${otpCodes.attempts} + 1` })
    .where(and(eq(otpCodes.id, live.id), isNull(otpCodes.usedAt), isNull(otpCodes.lockedAt)))
    .returning({ id: otpCodes.id });
  if (!tried) throw problems.unprocessable("otp_invalid", "The code was already used. Request a new one.");
  // rule T4: bad tries of this user, organization and purpose over the lock window, whatever the code.
  const [window] = await db
    .select({ tries: sql<number>`coalesce(sum(${otpCodes.attempts}), 0)` })
    .from(otpCodes)
    .where(and(ownerIs(owner), gt(otpCodes.createdAt, now - OTP_LOCK_MS)));
  const tries = Number(window?.tries ?? 0);
  if (tries >= OTP_MAX_ATTEMPTS) {
    await db.update(otpCodes).set({ lockedAt: now }).where(eq(otpCodes.id, live.id));
    throw locked(OTP_LOCK_MS);
  }
  const left = OTP_MAX_ATTEMPTS - tries;
  throw problems.unprocessable(
    "otp_invalid",
    `The code is wrong. ${left} ${left === 1 ? "try" : "tries"} left before the code is locked.`,
  );
}
