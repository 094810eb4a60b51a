// Rule T4: emailed one-time codes guard the template OTP setting and template submission:
// 6 digits, 10 minutes, single-use, stored hashed, locked after 5 bad tries.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../worker/lib/crypto";
import { call, expectProblem, json, seed, signIn } from "./helpers";

let admin: string;
let agent: string;
let apiKey: string;

beforeAll(async () => {
  await seed();
  [admin, agent] = await Promise.all([signIn("admin@demo.test"), signIn("agent@demo.test")]);
  const created = await json<{ secret: string }>(
    await call("/api/api-keys", { cookie: admin, body: { name: "otp test key", role: "admin" } }),
  );
  apiKey = created.secret;
});

const requestCode = (purpose: string, cookie = admin) => call("/api/otp", { cookie, body: { purpose } });

/** The newest code mailed to the address (dev outbox). */
async function lastCode(email = "admin@demo.test"): Promise<string> {
  const { messages } = await json<{ messages: { subject: string; text: string }[] }>(
    await call(`/api/dev/outbox?to=${encodeURIComponent(email)}`),
  );
  const code = messages[0]?.text.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no code mailed to ${email}`);
  return code;
}

async function freshCode(purpose: string): Promise<string> {
  const res = await requestCode(purpose);
  if (res.status !== 202) throw new Error(`POST /api/otp answered ${res.status}: ${await res.text()}`);
  return lastCode();
}

const setSecurity = (body: Record<string, unknown>, cookie = admin) =>
  call("/api/settings/security", { method: "PUT", cookie, body });

/** A wrong code that is surely not `code`. */
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

const clearOtp = () => env.DB.prepare("DELETE FROM otp_codes").run();

const template = (name: string, category: string, otpCode?: string) => ({
  channelId: "ch_demo_whatsapp",
  name,
  language: "id",
  category,
  components: [{ type: "BODY", text: "Terima kasih sudah berbelanja di toko kami." }],
  ...(otpCode !== undefined ? { otpCode } : {}),
});

async function turnOtp(on: boolean) {
  const res = await setSecurity({ templateOtp: on, otpCode: await freshCode("security_settings") });
  expect(res.status).toBe(200);
  await clearOtp();
}

describe("POST /api/otp", () => {
  it("emails a 6-digit code to the signed-in admin, valid 10 minutes; stores only a keyed digest", async () => {
    const before = Date.now();
    const res = await requestCode("security_settings");
    expect(res.status).toBe(202);
    const body = await json<{ purpose: string; sentTo: string; expiresAt: number }>(res);
    expect(body).toMatchObject({ purpose: "security_settings", sentTo: "a***@demo.test" });
    expect(body.expiresAt - before).toBeGreaterThanOrEqual(10 * 60_000 - 1000);
    expect(body.expiresAt - before).toBeLessThanOrEqual(10 * 60_000 + 5000);
    const code = await lastCode();
    expect(code).toMatch(/^\d{6}$/);
    const rows = await env.DB.prepare("SELECT * FROM otp_codes").all<Record<string, unknown>>();
    const stored = JSON.stringify(rows.results);
    expect(stored).not.toContain(`"${code}"`);
    // Keyed under SECRETS_KEYS (not in D1): a copy of the database cannot try the million codes.
    const row = rows.results[0] as { code_hash: string; salt: string };
    expect(row.code_hash).toMatch(/^[\w-]+:[0-9a-f]{64}$/);
    expect(row.code_hash).not.toContain(await sha256Hex(`${row.salt}:${code}`));
    await clearOtp();
  });

  it("is refused to agents (403), to API keys (no mailbox, 403), and for an unknown purpose (400)", async () => {
    await expectProblem(await requestCode("security_settings", agent), 403, "forbidden");
    await expectProblem(await requestCode("template_submit", agent), 403, "forbidden");
    await expectProblem(
      await call("/api/otp", { bearer: apiKey, body: { purpose: "template_submit" } }),
      403,
      "forbidden",
    );
    await expectProblem(await requestCode("launch_rockets"), 400, "validation_failed");
  });

  it("sends at most 5 codes per 10 minutes (otp_rate_limited)", async () => {
    for (let i = 0; i < 5; i++) expect((await requestCode("template_submit")).status).toBe(202);
    const limited = await requestCode("template_submit");
    await expectProblem(limited, 429, "otp_rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    await clearOtp();
  });
});

describe("PUT /api/settings/security: switching template OTP needs a valid code", () => {
  it("needs a code (otp_required), refuses a wrong one (otp_invalid), takes the right one once", async () => {
    expect(await json(await call("/api/settings/security", { cookie: admin }))).toEqual({ templateOtp: false });
    await expectProblem(await setSecurity({ templateOtp: true }), 422, "otp_required");
    const code = await freshCode("security_settings");
    await expectProblem(await setSecurity({ templateOtp: true, otpCode: wrong(code) }), 422, "otp_invalid");
    const ok = await setSecurity({ templateOtp: true, otpCode: code });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toEqual({ templateOtp: true });
    expect(await json(await call("/api/settings/security", { cookie: agent }))).toEqual({ templateOtp: true });
    // Single-use: the same code cannot switch it off.
    await expectProblem(await setSecurity({ templateOtp: false, otpCode: code }), 422, "otp_invalid");
    // Switching off needs a code too.
    await turnOtp(false);
    expect(await json(await call("/api/settings/security", { cookie: admin }))).toEqual({ templateOtp: false });
  });

  it("is admin only, and a signed-in admin only", async () => {
    await expectProblem(await setSecurity({ templateOtp: true, otpCode: "123456" }, agent), 403, "forbidden");
    await expectProblem(
      await call("/api/settings/security", { method: "PUT", bearer: apiKey, body: { templateOtp: true } }),
      403,
      "forbidden",
    );
  });

  it("a code for one purpose does not work for the other", async () => {
    const code = await freshCode("template_submit");
    await expectProblem(await setSecurity({ templateOtp: true, otpCode: code }), 422, "otp_invalid");
    await clearOtp();
  });

  it("an expired code does not work", async () => {
    const code = await freshCode("security_settings");
    await env.DB.prepare("UPDATE otp_codes SET expires_at = ?")
      .bind(Date.now() - 1)
      .run();
    await expectProblem(await setSecurity({ templateOtp: true, otpCode: code }), 422, "otp_invalid");
    await clearOtp();
  });

  it("a new code replaces the one before", async () => {
    const first = await freshCode("security_settings");
    const second = await freshCode("security_settings");
    if (first !== second) {
      await expectProblem(await setSecurity({ templateOtp: false, otpCode: first }), 422, "otp_invalid");
    }
    expect((await setSecurity({ templateOtp: false, otpCode: second })).status).toBe(200);
    await clearOtp();
  });
});

describe("lockout after 5 bad tries", () => {
  it("answers otp_invalid 4 times, otp_locked (429, Retry-After) at the 5th, then even for the right code", async () => {
    const code = await freshCode("security_settings");
    for (let i = 1; i <= 4; i++) {
      const res = await setSecurity({ templateOtp: true, otpCode: wrong(code) });
      const problem = await expectProblem(res, 422, "otp_invalid");
      expect(problem.detail).toContain(`${5 - i} ${5 - i === 1 ? "try" : "tries"} left`);
    }
    const fifth = await setSecurity({ templateOtp: true, otpCode: "000000" === code ? "111111" : "000000" });
    await expectProblem(fifth, 429, "otp_locked");
    expect(Number(fifth.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    await expectProblem(await setSecurity({ templateOtp: true, otpCode: code }), 429, "otp_locked");
    // No new code while locked either.
    await expectProblem(await requestCode("security_settings"), 429, "otp_locked");
    expect(await json(await call("/api/settings/security", { cookie: admin }))).toEqual({ templateOtp: false });
  });

  it("lifts the lock after 15 minutes: a new code works", async () => {
    await env.DB.prepare("UPDATE otp_codes SET locked_at = locked_at - ?, created_at = created_at - ?")
      .bind(15 * 60_000 + 1000, 15 * 60_000 + 1000)
      .run();
    const code = await freshCode("security_settings");
    expect((await setSecurity({ templateOtp: false, otpCode: code })).status).toBe(200);
    await clearOtp();
  });
});

describe("submitting templates while template OTP is on", () => {
  it("MARKETING and UTILITY need the submitter's code; AUTHENTICATION does not", async () => {
    await turnOtp(true);
    await expectProblem(
      await call("/api/templates", { cookie: admin, body: template("otp_promo", "MARKETING") }),
      422,
      "otp_required",
    );
    await expectProblem(
      await call("/api/templates", { cookie: admin, body: template("otp_utility", "UTILITY", "") }),
      422,
      "otp_required",
    );
    const code = await freshCode("template_submit");
    await expectProblem(
      await call("/api/templates", { cookie: admin, body: template("otp_promo", "MARKETING", wrong(code)) }),
      422,
      "otp_invalid",
    );
    const ok = await call("/api/templates", { cookie: admin, body: template("otp_promo", "MARKETING", code) });
    expect(ok.status).toBe(201);
    expect(await json(ok)).toMatchObject({ name: "otp_promo", status: "PENDING", submittedBy: "usr_demo_admin" });
    // Single-use.
    await expectProblem(
      await call("/api/templates", { cookie: admin, body: template("otp_promo_two", "MARKETING", code) }),
      422,
      "otp_invalid",
    );
    const auth = await call("/api/templates", { cookie: admin, body: template("otp_auth", "AUTHENTICATION") });
    expect(auth.status).toBe(201);
    await clearOtp();
  });

  it("answers the rule errors first without spending the code", async () => {
    const code = await freshCode("template_submit");
    const bad = { ...template("Bad Name", "MARKETING", code) };
    await expectProblem(await call("/api/templates", { cookie: admin, body: bad }), 400, "validation_failed");
    const ok = await call("/api/templates", { cookie: admin, body: template("otp_after_fix", "MARKETING", code) });
    expect(ok.status).toBe(201);
    await clearOtp();
  });

  it("an API key cannot receive a code, so it cannot submit MARKETING or UTILITY while OTP is on", async () => {
    await expectProblem(
      await call("/api/templates", { bearer: apiKey, body: template("otp_by_key", "UTILITY", "123456") }),
      422,
      "otp_required",
    );
  });

  // rule T4: the lockout guards template submission too, not only the settings code.
  it("locks template submission at the 5th bad try (429 otp_locked), then even the right code", async () => {
    const code = await freshCode("template_submit");
    for (let i = 1; i <= 4; i++) {
      await expectProblem(
        await call("/api/templates", { cookie: admin, body: template(`otp_lock_${i}`, "MARKETING", wrong(code)) }),
        422,
        "otp_invalid",
      );
    }
    const fifth = await call("/api/templates", {
      cookie: admin,
      body: template("otp_lock_5", "MARKETING", wrong(code)),
    });
    await expectProblem(fifth, 429, "otp_locked");
    expect(Number(fifth.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    await expectProblem(
      await call("/api/templates", { cookie: admin, body: template("otp_lock_right", "MARKETING", code) }),
      429,
      "otp_locked",
    );
    await expectProblem(await requestCode("template_submit"), 429, "otp_locked");
    await clearOtp();
  });

  // rule T4: bad tries count per user, organization and purpose, so new codes do not reset them.
  it("requesting new codes does not reset the bad tries: 2 + 2 + 1 wrong over three codes lock", async () => {
    const submitWith = (otpCode: string, name: string) =>
      call("/api/templates", { cookie: admin, body: template(name, "UTILITY", otpCode) });
    let code = await freshCode("template_submit");
    const tries: string[] = [];
    for (const round of [2, 2, 1]) {
      for (let i = 0; i < round; i++) {
        const res = await submitWith(wrong(code), `otp_reset_${tries.length}`);
        tries.push(((await res.json()) as { code: string }).code);
      }
      if (tries.length < 5) code = await freshCode("template_submit");
    }
    expect(tries).toEqual(["otp_invalid", "otp_invalid", "otp_invalid", "otp_invalid", "otp_locked"]);
    await expectProblem(await submitWith(code, "otp_reset_right"), 429, "otp_locked");
    // The settings code of the same user is its own purpose: not locked.
    expect((await requestCode("security_settings")).status).toBe(202);
    await clearOtp();
  });

  it("while OTP is off, no code is needed", async () => {
    await turnOtp(false);
    const ok = await call("/api/templates", { cookie: admin, body: template("no_otp_needed", "MARKETING") });
    expect(ok.status).toBe(201);
  });
});

describe("a code that cannot be mailed (T4)", () => {
  it("answers 503 mail_unavailable and leaves no code that works or counts against the limit", async () => {
    const { issueOtp } = await import("../../worker/features/templates/otp-service");
    const { createDb } = await import("../../worker/db/client");
    const { otpCodes } = await import("../../worker/db/schema-templates");
    const { Problem } = await import("../../worker/lib/problem");
    const db = createDb(env.DB);
    const owner = {
      organizationId: "org_demo",
      identityId: "usr_demo_supervisor",
      purpose: "template_submit" as const,
    };
    const broken = { send: () => Promise.reject(new Error("mail service down")) };
    for (let i = 0; i < 6; i++) {
      const failure = await issueOtp(db, broken, owner, "nobody@demo.test", Date.now()).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(Problem);
      expect((failure as InstanceType<typeof Problem>).status).toBe(503);
      expect((failure as InstanceType<typeof Problem>).code).toBe("mail_unavailable");
    }
    const { eq } = await import("drizzle-orm");
    expect(await db.select().from(otpCodes).where(eq(otpCodes.identityId, owner.identityId))).toEqual([]);
    // Six failures did not use up the five codes a person may ask for in the window.
    const sent: string[] = [];
    await issueOtp(db, { send: async (m) => void sent.push(m.to) }, owner, "nobody@demo.test", Date.now());
    expect(sent).toEqual(["nobody@demo.test"]);
  });
});
