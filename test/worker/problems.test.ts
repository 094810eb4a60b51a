import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../worker/app";
import { call, expectProblem, json, seed, signIn } from "./helpers";

let admin: string;
beforeAll(async () => {
  await seed();
  admin = await signIn("admin@demo.test");
});

type Problem = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: { path: string }[];
};

describe("one error format: application/problem+json", () => {
  it("answers malformed JSON with 400 malformed_json and writes nothing", async () => {
    const before = await env.DB.prepare("SELECT count(*) AS n FROM memberships").first();
    const res = await call("/api/users", { cookie: admin, rawBody: '{"email": "broken@demo.test",' });
    const body = await expectProblem(res, 400, "malformed_json");
    expect(body).toMatchObject({ type: "urn:edge-inbox:problem:malformed_json", title: "Bad Request", status: 400 });
    expect(await env.DB.prepare("SELECT count(*) AS n FROM memberships").first()).toEqual(before);
  });

  it("lists every missing or mistyped field at once", async () => {
    const res = await call("/api/users", { cookie: admin, body: { email: 42, role: "owner" } });
    const body = (await expectProblem(res, 400, "validation_failed")) as Problem;
    expect(body.errors?.map((e) => e.path).sort()).toEqual(["email", "name", "role"]);
  });

  it("rejects an empty login body field by field", async () => {
    const body = (await expectProblem(
      await call("/api/auth/login", { body: {} }),
      400,
      "validation_failed",
    )) as Problem;
    expect(body.errors?.map((e) => e.path).sort()).toEqual(["email", "password"]);
  });

  it("names a body that is not JSON by a stable code, never an HTTP number", async () => {
    const res = await call("/api/quick-replies", {
      cookie: admin,
      rawBody: "title=x&text=y",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const body = await json<Problem>(res);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(body.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(body.code).not.toMatch(/^http_/);
  });

  it("answers an unknown route with 404 in the same format", async () => {
    await expectProblem(await call("/api/no-such-thing", { cookie: admin }), 404, "not_found");
    await expectProblem(await call("/webhooks/nothing-here"), 404, "not_found");
  });

  it("answers without credentials with 401 on every protected route", async () => {
    for (const [method, path] of [
      ["GET", "/api/me"],
      ["GET", "/api/users"],
      ["POST", "/api/users"],
      ["PATCH", "/api/users/x"],
      ["DELETE", "/api/users/x"],
      ["GET", "/api/api-keys"],
      ["POST", "/api/api-keys"],
      ["DELETE", "/api/api-keys/x"],
      ["POST", "/api/auth/logout"],
      ["POST", "/api/auth/switch"],
      ["PUT", "/api/me/password"],
    ] as const) {
      await expectProblem(await call(path, { method }), 401, "unauthenticated");
    }
  });

  it("adds a request id to every answer", async () => {
    const res = await call("/api/me", { cookie: admin });
    expect(res.headers.get("x-request-id")).toMatch(/\S{8,}/);
  });
});

describe("API description", () => {
  it("publishes an OpenAPI 3.1 document generated from the route schemas", async () => {
    const res = await call("/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = await json<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: object };
    }>(res);
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/auth/login",
        "/api/auth/logout",
        "/api/auth/switch",
        "/api/auth/password/forgot",
        "/api/auth/password/reset",
        "/api/me",
        "/api/me/password",
        "/api/users",
        "/api/users/{id}",
        "/api/api-keys",
        "/api/api-keys/{id}",
      ]),
    );
    expect(doc.components.schemas).toHaveProperty("Problem");
    expect(doc.components.schemas).toHaveProperty("CreateUser");
  });

  it("serves a browsable reference at /api/docs", async () => {
    const res = await call("/api/docs");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("/api/openapi.json");
  });
});

describe("development-only routes", () => {
  it("exist only when ENVIRONMENT=development", async () => {
    const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
    const production = { ...env, ENVIRONMENT: "production" };
    const outbox = await app.fetch(new Request("http://127.0.0.1:8787/api/dev/outbox"), production, ctx);
    await expectProblem(outbox, 404, "not_found");
    const seedRes = await app.fetch(
      new Request("http://127.0.0.1:8787/api/dev/seed", { method: "POST" }),
      production,
      ctx,
    );
    await expectProblem(seedRes, 404, "not_found");
  });

  it("seeds the demo tenant idempotently", async () => {
    const first = await call("/api/dev/seed", { method: "POST" });
    const second = await call("/api/dev/seed", { method: "POST" });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const n = await env.DB.prepare("SELECT count(*) AS n FROM memberships WHERE organization_id = 'org_demo'").first();
    expect(n?.n).toBe(4);
  });
});
