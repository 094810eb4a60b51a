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
 * The I/O (codes in D1, the email) is `features/templates/otp-service.ts`.
 */
import type { OtpPurpose } from "./types";

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

/** The email that carries a code. */
export function otpEmail(code: string, purpose: OtpPurpose): { subject: string; text: string } {
  return {
    subject: "Your verification code",
    text: [
      `Your verification code is ${code}.`,
      "",
      `Enter it to ${PURPOSE_TEXT[purpose]}. It expires in ${OTP_TTL_MS / 60_000} minutes and works once.`,
      "If you did not ask for it, ignore this email; nothing changes without the code.",
    ].join("\n"),
  };
}

/** Whole seconds to wait, at least 1 (Retry-After). */
export const retryAfterSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** T4: when a lock set at `lockedAt` runs out. */
export const lockEndsAt = (lockedAt: number) => lockedAt + OTP_LOCK_MS;

/** T4: the rate limit; null when another code may be sent, else ms until the oldest recent code leaves the window. */
export function issueWaitMs(issuedInWindow: number, oldestIssuedAt: number, now: number): number | null {
  if (issuedInWindow < OTP_MAX_ISSUED_PER_WINDOW) return null;
  return oldestIssuedAt + OTP_ISSUE_WINDOW_MS - now;
}

/** T4: which categories need a code while the setting is on. */
export function needsOtp(category: string, enabled: boolean): boolean {
  return enabled && (category === "MARKETING" || category === "UTILITY");
}
