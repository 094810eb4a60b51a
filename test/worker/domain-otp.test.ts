import { describe, expect, it } from "vitest";
import {
  generateOtpCode,
  issueWaitMs,
  lockEndsAt,
  needsOtp,
  OTP_ISSUE_WINDOW_MS,
  OTP_LOCK_MS,
  OTP_MAX_ISSUED_PER_WINDOW,
  otpEmail,
  retryAfterSeconds,
} from "../../worker/domain/otp";

const NOW = Date.UTC(2026, 11, 4, 7, 0, 0);

describe("rule T4, pure parts", () => {
  it("a code is 6 digits", () => {
    for (let i = 0; i < 50; i++) expect(generateOtpCode()).toMatch(/^\d{6}$/);
  });

  it("sends up to 5 codes per 10 minutes, then waits for the oldest to leave the window", () => {
    expect(issueWaitMs(OTP_MAX_ISSUED_PER_WINDOW - 1, NOW - 60_000, NOW)).toBeNull();
    expect(issueWaitMs(OTP_MAX_ISSUED_PER_WINDOW, NOW - 60_000, NOW)).toBe(OTP_ISSUE_WINDOW_MS - 60_000);
  });

  it("a lock runs 15 minutes; Retry-After is whole seconds, at least 1", () => {
    expect(lockEndsAt(NOW)).toBe(NOW + OTP_LOCK_MS);
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(0)).toBe(1);
    expect(retryAfterSeconds(1_001)).toBe(2);
  });

  it("only MARKETING and UTILITY need a code, and only while the setting is on", () => {
    expect(needsOtp("MARKETING", true)).toBe(true);
    expect(needsOtp("UTILITY", true)).toBe(true);
    expect(needsOtp("AUTHENTICATION", true)).toBe(false);
    expect(needsOtp("MARKETING", false)).toBe(false);
  });

  it("the email names the code, the purpose and the 10 minutes", () => {
    const mail = otpEmail("123456", "security_settings");
    expect(mail.subject).toBe("Your verification code");
    expect(mail.text).toContain("Your verification code is 123456.");
    expect(mail.text).toContain("change the template OTP security setting");
    expect(mail.text).toContain("expires in 10 minutes");
  });
});
