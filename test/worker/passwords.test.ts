import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { clock } from "../../worker/lib/clock";
import { addUser, call, expectProblem, json, seed, signIn } from "./helpers";

beforeAll(seed);

const login = (email: string, password: string) => call("/api/auth/login", { body: { email, password } });

async function resetLinkFor(email: string): Promise<string> {
  const res = await call(`/api/dev/outbox?to=${encodeURIComponent(email)}`);
  const { messages } = await json<{ messages: { text: string }[] }>(res);
  const token = messages[0]?.text.match(/reset-password\?token=([\w-]+)/)?.[1];
  if (!token) throw new Error(`no reset link mailed to ${email}`);
  return token;
}

describe("login lockout", () => {
  it("locks an email after 10 failures in 15 minutes, with Retry-After, even for the right password", async () => {
    for (let i = 0; i < 10; i++) {
      await expectProblem(await login("agent2@demo.test", `wrong-password-${i}`), 401, "invalid_credentials");
    }
    const locked = await login("agent2@demo.test", "demo-password-1");
    await expectProblem(locked, 429, "too_many_attempts");
    const retryAfter = Number(locked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Another email is not affected.
    expect((await login("agent@demo.test", "demo-password-1")).status).toBe(200);
  });

  it("lets the email in again once the failures leave the 15-minute window", async () => {
    await env.DB.prepare("UPDATE failed_logins SET at = at - ? WHERE email = 'agent2@demo.test'")
      .bind(15 * 60_000 + 1000)
      .run();
    expect((await login("agent2@demo.test", "demo-password-1")).status).toBe(200);
  });
});

describe("changing one's password (A1)", () => {
  it("changes it everywhere and signs out the identity's other sessions", async () => {
    const here = await signIn("supervisor@demo.test");
    const elsewhere = await signIn("supervisor@demo.test");
    const res = await call("/api/me/password", {
      method: "PUT",
      cookie: here,
      body: { currentPassword: "demo-password-1", newPassword: "a-brand-new-secret" },
    });
    expect(res.status).toBe(204);
    expect((await call("/api/me", { cookie: here })).status).toBe(200);
    await expectProblem(await call("/api/me", { cookie: elsewhere }), 401, "unauthenticated");
    await expectProblem(await login("supervisor@demo.test", "demo-password-1"), 401, "invalid_credentials");
    expect((await login("supervisor@demo.test", "a-brand-new-secret")).status).toBe(200);
  });

  it("refuses a wrong current password and a too-short new one", async () => {
    const token = await signIn("agent@demo.test");
    await expectProblem(
      await call("/api/me/password", {
        method: "PUT",
        cookie: token,
        body: { currentPassword: "not-my-password", newPassword: "another-new-secret" },
      }),
      422,
      "current_password_wrong",
    );
    const short = await call("/api/me/password", {
      method: "PUT",
      cookie: token,
      body: { currentPassword: "demo-password-1", newPassword: "short" },
    });
    const body = await expectProblem(short, 400, "validation_failed");
    expect(JSON.stringify(body)).toContain("newPassword");
  });

  it("counts wrong current passwords toward the sign-in lockout: a stolen session can't guess on", async () => {
    const admin = await signIn("admin@demo.test");
    await addUser(admin, { email: "guesser@demo.test", name: "Guesser", role: "agent" }, "the-real-secret-1");
    const session = await signIn("guesser@demo.test", "the-real-secret-1");
    const change = (currentPassword: string) =>
      call("/api/me/password", {
        method: "PUT",
        cookie: session,
        body: { currentPassword, newPassword: "taken-over-1" },
      });
    for (let i = 0; i < 10; i++) await expectProblem(await change(`guess-${i}`), 422, "current_password_wrong");
    const locked = await expectProblem(await change("the-real-secret-1"), 429, "too_many_attempts");
    expect(locked.detail).toMatch(/try again later/i);
    await expectProblem(await login("guesser@demo.test", "the-real-secret-1"), 429, "too_many_attempts");
  });
});

describe("forgot and reset password (A2)", () => {
  it("answers 202 for an unknown email and mails nothing", async () => {
    const res = await call("/api/auth/password/forgot", { body: { email: "nobody@demo.test" } });
    expect(res.status).toBe(202);
    const outbox = await json<{ messages: unknown[] }>(await call("/api/dev/outbox?to=nobody@demo.test"));
    expect(outbox.messages).toHaveLength(0);
  });

  it("mails a single-use link that sets a new password and signs out every session", async () => {
    const session = await signIn("admin@demo.test");
    expect((await call("/api/auth/password/forgot", { body: { email: "ADMIN@demo.test" } })).status).toBe(202);
    const token = await resetLinkFor("admin@demo.test");
    const reset = await call("/api/auth/password/reset", { body: { token, newPassword: "reset-secret-123" } });
    expect(reset.status).toBe(204);
    await expectProblem(await call("/api/me", { cookie: session }), 401, "unauthenticated");
    expect((await login("admin@demo.test", "reset-secret-123")).status).toBe(200);
    const again = await call("/api/auth/password/reset", { body: { token, newPassword: "second-try-secret" } });
    await expectProblem(again, 400, "reset_token_invalid");
    expect((await login("admin@demo.test", "reset-secret-123")).status).toBe(200);
  });

  it("refuses a link older than 30 minutes", async () => {
    await call("/api/auth/password/forgot", { body: { email: "agent@demo.test" } });
    const token = await resetLinkFor("agent@demo.test");
    await env.DB.prepare("UPDATE password_reset_tokens SET expires_at = ? WHERE used_at IS NULL")
      .bind(Date.now() - 1)
      .run();
    await expectProblem(
      await call("/api/auth/password/reset", { body: { token, newPassword: "too-late-secret" } }),
      400,
      "reset_token_invalid",
    );
    expect((await login("agent@demo.test", "demo-password-1")).status).toBe(200);
  });

  it("keeps a link for exactly 30 minutes from the request, by the one clock (A2)", async () => {
    const requestedAt = Date.parse("2026-12-01T10:00:00Z");
    const now = vi.spyOn(clock, "now");
    try {
      now.mockReturnValue(requestedAt);
      await call("/api/auth/password/forgot", { body: { email: "agent2@demo.test" } });
      const first = await resetLinkFor("agent2@demo.test");
      now.mockReturnValue(requestedAt + 30 * 60_000 - 1_000);
      const inTime = await call("/api/auth/password/reset", {
        body: { token: first, newPassword: "in-time-secret-1" },
      });
      expect(inTime.status).toBe(204);

      now.mockReturnValue(requestedAt + 60 * 60_000);
      await call("/api/auth/password/forgot", { body: { email: "agent2@demo.test" } });
      const second = await resetLinkFor("agent2@demo.test");
      now.mockReturnValue(requestedAt + 90 * 60_000);
      await expectProblem(
        await call("/api/auth/password/reset", { body: { token: second, newPassword: "too-late-secret-1" } }),
        400,
        "reset_token_invalid",
      );
    } finally {
      now.mockRestore();
    }
    expect((await login("agent2@demo.test", "in-time-secret-1")).status).toBe(200);
  });

  it("spends every other open link of the identity when one of them resets the password", async () => {
    await call("/api/auth/password/forgot", { body: { email: "supervisor@demo.test" } });
    const older = await resetLinkFor("supervisor@demo.test");
    await call("/api/auth/password/forgot", { body: { email: "supervisor@demo.test" } });
    const newer = await resetLinkFor("supervisor@demo.test");
    expect(newer).not.toBe(older);
    const used = await call("/api/auth/password/reset", { body: { token: newer, newPassword: "newest-secret-1" } });
    expect(used.status).toBe(204);
    // A leaked older link must not undo the change.
    await expectProblem(
      await call("/api/auth/password/reset", { body: { token: older, newPassword: "leaked-link-secret" } }),
      400,
      "reset_token_invalid",
    );
    expect((await login("supervisor@demo.test", "newest-secret-1")).status).toBe(200);
  });

  it("mails at most 5 links to one person per 30 minutes, still answering 202", async () => {
    const start = Date.parse("2030-01-06T08:00:00Z");
    const now = vi.spyOn(clock, "now").mockReturnValue(start);
    const mailed = async () =>
      (await json<{ messages: unknown[] }>(await call("/api/dev/outbox?to=admin@demo.test"))).messages.length;
    try {
      const before = await mailed();
      for (let i = 0; i < 7; i++) {
        expect((await call("/api/auth/password/forgot", { body: { email: "admin@demo.test" } })).status).toBe(202);
      }
      expect((await mailed()) - before).toBe(5);
      now.mockReturnValue(start + 30 * 60_000 + 1);
      expect((await call("/api/auth/password/forgot", { body: { email: "admin@demo.test" } })).status).toBe(202);
      expect((await mailed()) - before).toBe(6);
    } finally {
      now.mockRestore();
    }
  });

  it("stores reset tokens hashed", async () => {
    await call("/api/auth/password/forgot", { body: { email: "agent@demo.test" } });
    const token = await resetLinkFor("agent@demo.test");
    const row = await env.DB.prepare("SELECT count(*) AS n FROM password_reset_tokens WHERE token_hash = ?")
      .bind(token)
      .first();
    expect(row?.n).toBe(0);
  });
});
