/**
 * Rule T4: one-time codes emailed to a user, for one purpose in one organization.
 *
 * - 6 digits, uniformly random; only a salted SHA-256 is stored; valid 10 minutes; single-use.
 * - A new code for the same user and purpose replaces the one before (it stops working).
 * - Every wrong code entered against the live code is a bad try. Bad tries are counted per user,
 *   organization and purpose over the lock window (every code issued in the last 15 minutes), not
 *   per code: the 5th bad try in that window locks the user and purpose for 15 minutes (429
 *   `otp_locked` with Retry-After), however many new codes were asked for meanwhile; no code is
 *   checked and none is sent while locked.
 * - At most 5 codes per user and purpose are sent per 10 minutes (429 `otp_rate_limited`).
 * - Errors: 422 `otp_required` (no code given), 422 `otp_invalid` (wrong, expired or used code).
 * Purposes: `template_submit` (submitting a MARKETING or UTILITY template while the tenant's
 * setting is on) and `security_settings` (switching that setting, either way).
 */
import { and, count, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { type OtpPurpose, otpCodes } from "../db/schema-templates";
import { randomToken, sha256Hex, timingSafeEqual } from "../lib/crypto";
import { Problem, problems } from "../lib/problem";
import type { Mailer } from "../mail/mailer";

export const OTP_DIGITS = 6;
export const OTP_TTL_MS = 10 * 60_000;
export const OTP_MAX_ATTEMPTS = 5;
export const OTP_LOCK_MS = 15 * 60_000;
export const OTP_ISSUE_WINDOW_MS = 10 * 60_000;
export const OTP_MAX_ISSUED_PER_WINDOW = 5;

export interface OtpOwner {
  organizationId: string;
  identityId: string;
  purpose: OtpPurpose;
}

const PURPOSE_TEXT: Record<OtpPurpose, string> = {
  template_submit: "submit a message template",
  security_settings: "change the template OTP security setting",
};

/** A uniformly random string of `OTP_DIGITS` digits. */
export function generateOtpCode(): string {
  const range = 10 ** OTP_DIGITS;
  const limit = Math.floor(0x1_0000_0000 / range) * range;
  const buffer = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buffer);
    const value = buffer[0] ?? limit;
    if (value < limit) return String(value % range).padStart(OTP_DIGITS, "0");
  }
}

const hashCode = (salt: string, code: string) => sha256Hex(`${salt}:${code}`);
const ownerIs = (owner: OtpOwner) =>
  and(
    eq(otpCodes.organizationId, owner.organizationId),
    eq(otpCodes.identityId, owner.identityId),
    eq(otpCodes.purpose, owner.purpose),
  );

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

const locked = (retryAfterMs: number) =>
  problems.tooManyRequests(
    "otp_locked",
    "Too many wrong codes. Wait before trying again, then request a new code.",
    seconds(retryAfterMs),
  );

/** Throws 429 `otp_locked` while a lock of this user and purpose runs. */
async function assertNotLocked(db: Db, owner: OtpOwner, now: number): Promise<void> {
  const [row] = await db
    .select({ lockedAt: otpCodes.lockedAt })
    .from(otpCodes)
    .where(and(ownerIs(owner), gt(otpCodes.lockedAt, now - OTP_LOCK_MS)))
    .orderBy(desc(otpCodes.lockedAt))
    .limit(1);
  if (row?.lockedAt) throw locked(row.lockedAt + OTP_LOCK_MS - now);
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
  if ((recent?.n ?? 0) >= OTP_MAX_ISSUED_PER_WINDOW) {
    throw problems.tooManyRequests(
      "otp_rate_limited",
      "Too many codes requested. Use the last code sent, or wait a few minutes.",
      seconds((recent?.oldest ?? now) + OTP_ISSUE_WINDOW_MS - now),
    );
  }
  const code = generateOtpCode();
  const salt = randomToken(16);
  const expiresAt = now + OTP_TTL_MS;
  await db.batch([
    // The code before stops working.
    db
      .update(otpCodes)
      .set({ expiresAt: now })
      .where(and(ownerIs(owner), isNull(otpCodes.usedAt), gt(otpCodes.expiresAt, now))),
    db.insert(otpCodes).values({
      id: crypto.randomUUID(),
      ...owner,
      salt,
      codeHash: await hashCode(salt, code),
      expiresAt,
      createdAt: now,
    }),
  ]);
  await mailer.send({
    to: email,
    subject: "Your verification code",
    text: [
      `Your verification code is ${code}.`,
      "",
      `Enter it to ${PURPOSE_TEXT[owner.purpose]}. It expires in ${OTP_TTL_MS / 60_000} minutes and works once.`,
      "If you did not ask for it, ignore this email; nothing changes without the code.",
    ].join("\n"),
  });
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
  const expected = new TextEncoder().encode(live.codeHash);
  const right = timingSafeEqual(new TextEncoder().encode(await hashCode(live.salt, given)), expected);
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
