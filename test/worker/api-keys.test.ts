import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, expectProblem, json, seed, seedOtherTenant, signIn } from "./helpers";

let admin: string;
beforeAll(async () => {
  await seed();
  await seedOtherTenant();
  admin = await signIn("admin@demo.test");
});

type Created = { apiKey: { id: string; role: string; prefix: string }; secret: string };
const createKey = async (cookie: string, role: string) =>
  json<Created>(await call("/api/api-keys", { cookie, body: { name: `${role} key`, role } }));

describe("API keys", () => {
  it("shows the secret once, stores only its hash, and acts with the chosen role", async () => {
    const created = await createKey(admin, "agent");
    expect(created.secret).toMatch(/^ek_/);
    const list = await json<{ apiKeys: Record<string, unknown>[] }>(await call("/api/api-keys", { cookie: admin }));
    expect(JSON.stringify(list)).not.toContain(created.secret);
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM api_keys WHERE secret_hash = ?")
      .bind(created.secret)
      .first();
    expect(stored?.n).toBe(0);
    const me = await json<{ user: null; organization: { id: string; role: string }; via: string }>(
      await call("/api/me", { bearer: created.secret }),
    );
    expect(me).toMatchObject({ user: null, via: "api_key", organization: { id: "org_demo", role: "agent" } });
    await expectProblem(await call("/api/users", { bearer: created.secret }), 403, "forbidden");
  });

  it("lets an admin key manage users without an Origin header (no cookie, no CSRF)", async () => {
    const { secret } = await createKey(admin, "admin");
    const res = await call("/api/users", {
      bearer: secret,
      origin: null,
      body: { email: "bot-made@demo.test", name: "Bot Made", role: "agent" },
    });
    expect(res.status).toBe(201);
  });

  it("stops working as soon as it is revoked", async () => {
    const { apiKey, secret } = await createKey(admin, "supervisor");
    expect((await call("/api/me", { bearer: secret })).status).toBe(200);
    expect((await call(`/api/api-keys/${apiKey.id}`, { method: "DELETE", cookie: admin })).status).toBe(204);
    await expectProblem(await call("/api/me", { bearer: secret }), 401, "unauthenticated");
    await expectProblem(
      await call(`/api/api-keys/${apiKey.id}`, { method: "DELETE", cookie: admin }),
      404,
      "not_found",
    );
  });

  it("is refused to agents and supervisors (403), and unknown keys are 401", async () => {
    for (const email of ["agent@demo.test", "supervisor@demo.test"]) {
      const cookie = await signIn(email);
      await expectProblem(await call("/api/api-keys", { cookie }), 403, "forbidden");
      await expectProblem(
        await call("/api/api-keys", { cookie, body: { name: "x", role: "admin" } }),
        403,
        "forbidden",
      );
    }
    await expectProblem(await call("/api/me", { bearer: "ek_made_up" }), 401, "unauthenticated");
  });

  it("cannot see or revoke another tenant's key (404)", async () => {
    const { apiKey } = await createKey(admin, "agent");
    const otherAdmin = await signIn("boss@other.test");
    const list = await json<{ apiKeys: unknown[] }>(await call("/api/api-keys", { cookie: otherAdmin }));
    expect(list.apiKeys).toHaveLength(0);
    await expectProblem(
      await call(`/api/api-keys/${apiKey.id}`, { method: "DELETE", cookie: otherAdmin }),
      404,
      "not_found",
    );
  });

  it("cannot change a password or sign out: those need a person's session", async () => {
    const { secret } = await createKey(admin, "admin");
    await expectProblem(
      await call("/api/me/password", {
        method: "PUT",
        bearer: secret,
        body: { currentPassword: "demo-password-1", newPassword: "whatever-secret" },
      }),
      403,
      "forbidden",
    );
  });
});
