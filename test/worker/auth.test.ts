import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../worker/lib/crypto";
import { call, expectProblem, json, seed, seedOtherTenant, sessionCookie, signIn } from "./helpers";

beforeAll(async () => {
  await seed();
  await seedOtherTenant();
});

describe("sign in (A1, A3)", () => {
  it("signs the demo agent in and answers who they are", async () => {
    const res = await call("/api/auth/login", { body: { email: "Agent@Demo.Test", password: "demo-password-1" } });
    expect(res.status).toBe(200);
    const body = await json<{ user: { name: string; role: string }; organization: { name: string } }>(res);
    expect(body.user).toMatchObject({ name: "Budi Agent", role: "agent", email: "agent@demo.test" });
    expect(body.organization.name).toBe("Demo Store");
    const me = await call("/api/me", { cookie: sessionCookie(res) });
    expect(me.status).toBe(200);
    expect((await json<{ user: { email: string } }>(me)).user.email).toBe("agent@demo.test");
  });

  it("sets an HttpOnly SameSite=Lax cookie, Secure everywhere but localhost", async () => {
    const local = await call("/api/auth/login", { body: { email: "agent@demo.test", password: "demo-password-1" } });
    const cookie = local.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const { exports } = await import("cloudflare:workers");
    const remote = await exports.default.fetch(
      new Request("https://inbox.example.com/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "agent@demo.test", password: "demo-password-1" }),
      }),
    );
    expect(remote.headers.get("set-cookie")).toMatch(/Secure/);
  });

  it("stores only the hash of the session token", async () => {
    const token = await signIn("agent@demo.test");
    const row = await env.DB.prepare("SELECT count(*) AS n FROM sessions WHERE token_hash = ?").bind(token).first();
    expect(row?.n).toBe(0);
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits in base64url
  });

  it("refuses a wrong password and an unknown email alike", async () => {
    await expectProblem(
      await call("/api/auth/login", { body: { email: "agent@demo.test", password: "nope-nope-nope" } }),
      401,
      "invalid_credentials",
    );
    await expectProblem(
      await call("/api/auth/login", { body: { email: "ghost@demo.test", password: "nope-nope-nope" } }),
      401,
      "invalid_credentials",
    );
  });

  it("refuses a login posted from another site's page", async () => {
    const res = await call("/api/auth/login", {
      body: { email: "agent@demo.test", password: "demo-password-1" },
      origin: "https://evil.example",
    });
    await expectProblem(res, 403, "csrf_rejected");
  });

  it("signs out: the old cookie stops working", async () => {
    const token = await signIn("agent@demo.test");
    expect((await call("/api/auth/logout", { method: "POST", cookie: token })).status).toBe(204);
    await expectProblem(await call("/api/me", { cookie: token }), 401, "unauthenticated");
  });

  it("answers 401 without credentials and for a made-up cookie", async () => {
    await expectProblem(await call("/api/me"), 401, "unauthenticated");
    await expectProblem(await call("/api/me", { cookie: "forged" }), 401, "unauthenticated");
  });
});

describe("CSRF on cookie writes", () => {
  it("refuses a cookie-authenticated write without Origin or from another origin", async () => {
    const token = await signIn("agent@demo.test");
    await expectProblem(
      await call("/api/auth/logout", { method: "POST", cookie: token, origin: null }),
      403,
      "csrf_rejected",
    );
    await expectProblem(
      await call("/api/auth/logout", { method: "POST", cookie: token, origin: "https://evil.example" }),
      403,
      "csrf_rejected",
    );
    expect((await call("/api/me", { cookie: token })).status).toBe(200);
  });
});

describe("session expiry", () => {
  it("slides a used session to 14 days from now", async () => {
    const token = await signIn("agent@demo.test");
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE identity_id = 'usr_demo_agent'")
      .bind(Date.now() + 86_400_000)
      .run();
    const res = await call("/api/me", { cookie: token });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(/sid=/);
    const row = await env.DB.prepare("SELECT expires_at FROM sessions WHERE token_hash = ?")
      .bind(await sha256Hex(token))
      .first<{ expires_at: number }>();
    expect(row?.expires_at).toBeGreaterThan(Date.now() + 13.9 * 86_400_000);
  });

  it("refuses an expired session", async () => {
    const token = await signIn("agent2@demo.test");
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE identity_id = 'usr_demo_agent2'")
      .bind(Date.now() - 1)
      .run();
    await expectProblem(await call("/api/me", { cookie: token }), 401, "unauthenticated");
  });
});

describe("organizations (A1)", () => {
  it("lists every organization of the identity and switches between them", async () => {
    await env.DB.prepare(
      "INSERT OR IGNORE INTO memberships (organization_id, identity_id, role) VALUES ('org_other', 'usr_demo_supervisor', 'agent')",
    ).run();
    const token = await signIn("supervisor@demo.test");
    const me = await json<{ organizations: { id: string }[] }>(await call("/api/me", { cookie: token }));
    expect(me.organizations.map((o) => o.id).sort()).toEqual(["org_demo", "org_demo_bali", "org_other"]);
    const switched = await call("/api/auth/switch", { body: { organizationId: "org_other" }, cookie: token });
    expect(switched.status).toBe(200);
    const after = await json<{ organization: { id: string; role: string } }>(await call("/api/me", { cookie: token }));
    expect(after.organization).toMatchObject({ id: "org_other", role: "agent" });
  });

  it("will not switch into an organization one does not belong to (404)", async () => {
    const token = await signIn("agent@demo.test");
    await expectProblem(
      await call("/api/auth/switch", { body: { organizationId: "org_other" }, cookie: token }),
      404,
      "not_found",
    );
  });
});

describe("who is here, without a 401 (issue 17)", () => {
  it("answers me: null for a visitor, the signed-in user for a session, and null once signed out", async () => {
    const visitor = await call("/api/auth/session");
    expect(visitor.status).toBe(200);
    expect(await json(visitor)).toEqual({ me: null });
    expect(await json(await call("/api/auth/session", { cookie: "not-a-session" }))).toEqual({ me: null });

    const cookie = await signIn("agent@demo.test");
    const signed = await json<{ me: { user: { email: string }; via: string } }>(
      await call("/api/auth/session", { cookie }),
    );
    expect(signed.me).toMatchObject({ user: { email: "agent@demo.test" }, via: "session" });

    expect((await call("/api/auth/logout", { method: "POST", cookie })).status).toBe(204);
    expect(await json(await call("/api/auth/session", { cookie }))).toEqual({ me: null });
  });
});
