import { describe, expect, it } from "vitest";
import { can, mayEditIdentity, wouldLoseLastAdmin } from "../../worker/domain/access";
import {
  clientLockoutState,
  isResetTokenUsable,
  LOCKOUT_WINDOW_MS,
  lockoutState,
  mayMailResetLink,
  RESET_TOKEN_TTL_MS,
  SESSION_TTL_MS,
  slidSessionExpiry,
} from "../../worker/domain/sign-in";
import { hashPassword, timingSafeEqual, verifyPassword } from "../../worker/lib/crypto";

const NOW = Date.UTC(2026, 10, 21, 10, 0, 0);

describe("lockout", () => {
  it("is open below ten failures in the window", () => {
    const nine = Array.from({ length: 9 }, (_, i) => NOW - i * 1000);
    expect(lockoutState(nine, NOW).locked).toBe(false);
  });
  it("locks at ten, until the tenth most recent failure leaves the window", () => {
    const ten = Array.from({ length: 10 }, (_, i) => NOW - i * 60_000);
    const state = lockoutState(ten, NOW);
    expect(state.locked).toBe(true);
    expect(state.retryAfterSeconds).toBe((LOCKOUT_WINDOW_MS - 9 * 60_000) / 1000);
    expect(lockoutState(ten, NOW + LOCKOUT_WINDOW_MS - 9 * 60_000).locked).toBe(false);
  });
  it("ignores failures older than 15 minutes", () => {
    const old = Array.from({ length: 20 }, (_, i) => NOW - LOCKOUT_WINDOW_MS - i);
    expect(lockoutState(old, NOW).locked).toBe(false);
  });
  // Issue 11, finding 7: a stranger's guesses lock the stranger's address, not the owner's.
  it("locks one client after ten of its own failures, and every client only past a hundred", () => {
    const fromOne = Array.from({ length: 10 }, (_, i) => ({ at: NOW - i * 1000, client: "203.0.113.9" }));
    expect(clientLockoutState(fromOne, "203.0.113.9", NOW).locked).toBe(true);
    expect(clientLockoutState(fromOne, "198.51.100.7", NOW).locked).toBe(false);
    const spread = Array.from({ length: 99 }, (_, i) => ({ at: NOW - i * 1000, client: `192.0.2.${i}` }));
    expect(clientLockoutState(spread, "198.51.100.7", NOW).locked).toBe(false);
    const hundred = [...spread, { at: NOW, client: "192.0.2.200" }];
    expect(clientLockoutState(hundred, "198.51.100.7", NOW)).toMatchObject({ locked: true });
  });
});

describe("sessions and reset tokens", () => {
  it("slides a session to 14 days, at most once an hour", () => {
    expect(slidSessionExpiry(NOW + SESSION_TTL_MS - 30 * 60_000, NOW)).toBeNull();
    expect(slidSessionExpiry(NOW + SESSION_TTL_MS - 2 * 3_600_000, NOW)).toBe(NOW + SESSION_TTL_MS);
    expect(slidSessionExpiry(NOW - 1, NOW)).toBeNull();
  });
  it("uses a reset token once and only before it expires (A2)", () => {
    expect(isResetTokenUsable({ expiresAt: NOW + 1, usedAt: null }, NOW)).toBe(true);
    expect(isResetTokenUsable({ expiresAt: NOW, usedAt: null }, NOW)).toBe(false);
    expect(isResetTokenUsable({ expiresAt: NOW + 1, usedAt: NOW - 5 }, NOW)).toBe(false);
  });
});

describe("roles (A3)", () => {
  it("gives users, integrations, security and finance to admins only", () => {
    for (const p of ["users.manage", "integrations.manage", "security.manage", "finance.manage"] as const) {
      expect([can("admin", p), can("supervisor", p), can("agent", p)]).toEqual([true, false, false]);
    }
  });
  it("gives ring groups and reports to supervisors and admins, the inbox to everyone", () => {
    expect([can("admin", "reports.view"), can("supervisor", "reports.view"), can("agent", "reports.view")]).toEqual([
      true,
      true,
      false,
    ]);
    expect(can("agent", "inbox.use")).toBe(true);
  });
  it("never leaves an organization without an admin", () => {
    expect(wouldLoseLastAdmin(1, "admin", "agent")).toBe(true);
    expect(wouldLoseLastAdmin(1, "admin", null)).toBe(true);
    expect(wouldLoseLastAdmin(2, "admin", null)).toBe(false);
    expect(wouldLoseLastAdmin(1, "agent", null)).toBe(false);
  });
});

describe("passwords", () => {
  it("hashes with PBKDF2-SHA256 at 100,000 iterations and a fresh salt", async () => {
    const a = await hashPassword("correct horse");
    const b = await hashPassword("correct horse");
    expect(a).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse", a)).toBe(true);
    expect(await verifyPassword("correct horsf", a)).toBe(false);
  });
  it("compares in constant time regardless of length", () => {
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
  });
});

describe("reset mail limit (A2)", () => {
  it("mails five links per 30 minutes, then waits for the oldest to leave that span", () => {
    const four = [0, 1, 2, 3].map((i) => NOW - i * 60_000);
    expect(mayMailResetLink(four, NOW)).toBe(true);
    const five = [...four, NOW - 29 * 60_000];
    expect(mayMailResetLink(five, NOW)).toBe(false);
    expect(mayMailResetLink(five, NOW - 29 * 60_000 + RESET_TOKEN_TTL_MS)).toBe(true);
  });
});

describe("who may change a person's name and email (A1, I7)", () => {
  it("an admin of every organization the person is in, and nobody else", () => {
    expect(mayEditIdentity(["org_a"], ["org_a"])).toBe(true);
    expect(mayEditIdentity(["org_a", "org_b"], ["org_a", "org_b", "org_c"])).toBe(true);
    expect(mayEditIdentity(["org_a", "org_b"], ["org_a"])).toBe(false);
  });
});
