import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { call, expectProblem, json, ORIGIN, seed, signIn } from "./helpers";
import { inboundBody, postSigned } from "./resilience-helpers";

// Issue 18, item 3 (rules T9, A3): API key scopes, rate limits, Idempotency-Key, X-Request-Id.

let admin: string;
beforeAll(async () => {
  await seed();
  admin = await signIn("admin@demo.test");
});

type Created = { apiKey: { id: string; scopes: string[]; rateLimitPerMinute: number }; secret: string };
async function newKey(body: Record<string, unknown>): Promise<Created> {
  const res = await call("/api/api-keys", { cookie: admin, body: { name: "integration", ...body } });
  expect(res.status).toBe(201);
  return json<Created>(res);
}

describe("API key scopes", () => {
  it("default to read and write, and admin for an admin key", async () => {
    expect((await newKey({ role: "agent" })).apiKey.scopes).toEqual(["read", "write"]);
    expect((await newKey({ role: "admin" })).apiKey.scopes).toEqual(["read", "write", "admin"]);
  });

  it("a read key reads, opens sockets, and is refused every write with 403 insufficient_scope", async () => {
    const { secret } = await newKey({ role: "admin", scopes: ["read"] });
    expect((await call("/api/rooms", { bearer: secret })).status).toBe(200);
    expect((await call("/api/realtime/tickets", { bearer: secret, method: "POST" })).status).toBe(201);
    const write = await call("/api/contacts", { bearer: secret, body: { phone: "+6281299990001" } });
    await expectProblem(write, 403, "insufficient_scope");
    const contacts = await env.DB.prepare("SELECT count(*) AS n FROM contacts WHERE external_id = ?")
      .bind("6281299990001")
      .first<{ n: number }>();
    expect(contacts?.n).toBe(0);
  });

  it("an admin key without the admin scope cannot touch the organization's settings, keys or people", async () => {
    const { secret } = await newKey({ role: "admin", scopes: ["read", "write"] });
    await expectProblem(
      await call("/api/settings", { bearer: secret, method: "PUT", body: { autoResolveExpired: true } }),
      403,
      "insufficient_scope",
    );
    await expectProblem(await call("/api/api-keys", { bearer: secret }), 403, "insufficient_scope");
    // The finance figures need what the ledger needs: the usage answer shows only whether the balance is low.
    await expectProblem(await call("/api/billing/ledger", { bearer: secret }), 403, "insufficient_scope");
    const usage = await call("/api/billing/usage", { bearer: secret });
    expect(usage.status).toBe(200);
    expect(await json(usage)).toMatchObject({ remaining: null, package: null, lowBalance: expect.any(Boolean) });
    // Checked before the body is read (rule A3 first): a bad body is still 403, not 400.
    await expectProblem(await call("/api/users", { bearer: secret, body: {} }), 403, "insufficient_scope");
    expect((await call("/api/contacts", { bearer: secret, body: { phone: "+6281299990002" } })).status).toBe(201);
  });

  it("keys made before scopes existed keep every power (the migration's default)", async () => {
    await env.DB.prepare(
      `INSERT INTO api_keys (id, organization_id, name, role, prefix, secret_hash, created_by)
       VALUES ('key_old', 'org_demo', 'old', 'admin', 'old', 'hash-of-old', 'usr_demo_admin')`,
    ).run();
    const row = await env.DB.prepare(
      "SELECT scopes, rate_limit_per_minute AS rate FROM api_keys WHERE id = 'key_old'",
    ).first<{ scopes: string; rate: number }>();
    expect(JSON.parse(row?.scopes ?? "[]")).toEqual(["read", "write", "admin"]);
    expect(row?.rate).toBe(600);
  });
});

describe("rate limits per API key", () => {
  it("answer 429 rate_limited with Retry-After past the key's limit, with RateLimit-* headers throughout", async () => {
    const { secret } = await newKey({ role: "agent", rateLimitPerMinute: 3 });
    const other = await newKey({ role: "agent", rateLimitPerMinute: 3 });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call("/api/rooms", { bearer: secret });
      expect(res.status).toBe(200);
      expect(res.headers.get("RateLimit-Limit")).toBe("3");
      remaining.push(res.headers.get("RateLimit-Remaining") ?? "");
      await res.body?.cancel();
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const refused = await call("/api/rooms", { bearer: secret });
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get("RateLimit-Remaining")).toBe("0");
    await expectProblem(refused, 429, "rate_limited");
    // Another key has its own budget; a signed-in user has none.
    expect((await call("/api/rooms", { bearer: other.secret })).status).toBe(200);
    expect((await call("/api/rooms", { cookie: admin })).headers.get("RateLimit-Limit")).toBeNull();
  });

  it("refuses a limit outside 1..6000 per minute", async () => {
    const res = await call("/api/api-keys", {
      cookie: admin,
      body: { name: "x", role: "agent", rateLimitPerMinute: 0 },
    });
    await expectProblem(res, 400, "validation_failed");
  });
});

describe("Idempotency-Key on writes", () => {
  const invite = (email: string, key: string, cookie = admin) =>
    call("/api/users", {
      cookie,
      headers: { "Idempotency-Key": key },
      body: { email, name: "Retried Invite", role: "agent" },
    });

  it("a retry gets the first answer again instead of doing it twice", async () => {
    const first = await invite("retry-1@demo.test", "key-retry-1");
    expect(first.status).toBe(201);
    const firstBody = await first.text();
    const again = await invite("retry-1@demo.test", "key-retry-1");
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.text()).toBe(firstBody);
    // Without the key the same invite is a conflict: the retry above really was not run again.
    expect(
      (await call("/api/users", { cookie: admin, body: { email: "retry-1@demo.test", name: "R", role: "agent" } }))
        .status,
    ).toBe(409);
  });

  it("keeps a secret of a kept answer sealed at rest, and its retry still gets the secret (G7)", async () => {
    const create = () =>
      call("/api/api-keys", {
        cookie: admin,
        headers: { "Idempotency-Key": "key-sealed-secret" },
        body: { name: "retried key", role: "agent", scopes: ["read"] },
      });
    const first = await create();
    expect(first.status).toBe(201);
    const { secret } = await json<{ secret: string }>(first);
    const again = await create();
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await json<{ secret: string }>(again)).secret).toBe(secret);
    const stored = await runInDurableObject(env.API_CLIENT.getByName("org_demo:usr_demo_admin"), (_, state) =>
      state.storage.sql.exec<{ body: string }>("SELECT body FROM idempotency WHERE key = ?", "key-sealed-secret").one(),
    );
    expect(stored.body.length).toBeGreaterThan(secret.length);
    expect(stored.body).not.toContain(secret);
  });

  it("a large upload is known by its type and length, not read twice: its retry gets the first answer", async () => {
    const form = new FormData();
    const pdf = new Uint8Array(2 * 1024 * 1024).fill(32);
    pdf.set(new TextEncoder().encode("%PDF-1.4\n"));
    form.append("file", new File([pdf], "big.pdf", { type: "application/pdf" }));
    // A retry sends the same bytes (the same multipart boundary).
    const encoded = new Response(form);
    const [type, bytes] = [encoded.headers.get("content-type") ?? "", await encoded.arrayBuffer()];
    const upload = () =>
      exports.default.fetch(
        new Request(`${ORIGIN}/api/media`, {
          method: "POST",
          headers: {
            cookie: `sid=${admin}`,
            origin: ORIGIN,
            "Idempotency-Key": "key-big-upload",
            "content-type": type,
            "content-length": String(bytes.byteLength),
          },
          body: bytes,
        }),
      );
    const first = await upload();
    expect(first.status).toBe(201);
    const firstBody = await first.text();
    const again = await upload();
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.text()).toBe(firstBody);
  });

  it("the same key with another body is 409 idempotency_key_reused, and nothing is done", async () => {
    expect((await invite("retry-2@demo.test", "key-retry-2")).status).toBe(201);
    await expectProblem(await invite("retry-3@demo.test", "key-retry-2"), 409, "idempotency_key_reused");
    const users = await json<{ users: { email: string }[]; invitations?: { email: string }[] }>(
      await call("/api/users", { cookie: admin }),
    );
    expect(JSON.stringify(users)).not.toContain("retry-3@demo.test");
  });

  it("keys are per client: another person's identical key runs their own request", async () => {
    expect((await invite("retry-4@demo.test", "shared-key")).status).toBe(201);
    const keyed = await newKey({ role: "admin" });
    const res = await call("/api/contacts", {
      bearer: keyed.secret,
      headers: { "Idempotency-Key": "shared-key" },
      body: { phone: "+6281299990004" },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("Idempotent-Replayed")).toBeNull();
  });
});

describe("X-Request-Id", () => {
  it("is on every answer, a problem too, and echoes the caller's own id", async () => {
    const ok = await call("/api/me", { cookie: admin });
    expect(ok.headers.get("X-Request-Id")).toMatch(/^[\w-]{8,}$/);
    const missing = await call("/api/rooms/no-such-room", { cookie: admin });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("X-Request-Id")).toMatch(/^[\w-]{8,}$/);
    const mine = await call("/api/me", { cookie: admin, headers: { "X-Request-Id": "crm-trace-42" } });
    expect(mine.headers.get("X-Request-Id")).toBe("crm-trace-42");
  });

  it("is in the log lines a request writes deep inside, so a quoted id finds them", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "warn").mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      const res = await call("/webhooks/telegram/no-such-bot", {
        body: { update_id: 1 },
        headers: { "X-Request-Id": "crm-trace-77" },
      });
      expect(res.status).toBe(401);
    } finally {
      spy.mockRestore();
    }
    const line = lines.map((l) => JSON.parse(l)).find((l) => l.msg === "webhook.unknown_channel");
    expect(line).toMatchObject({ requestId: "crm-trace-77", kind: "telegram" });
  });
});

describe("cursor paging of a room's messages", () => {
  it("walks the history with cursor and nextCursor, oldest page last, each message once", async () => {
    const waId = "6281299997001";
    const at = Math.floor(Date.now() / 1000) - 600;
    for (let i = 0; i < 5; i++) {
      const res = await postSigned(inboundBody({ waId, id: `wamid.PAGE-${i}`, at: at + i, text: `page #${i}` }));
      expect(res.status).toBe(200);
    }
    const rooms = await json<{ rooms: { id: string; contactExternalId: string }[] }>(
      await call("/api/rooms?view=all", { cookie: admin }),
    );
    const room = rooms.rooms.find((r) => r.contactExternalId === waId);
    expect(room).toBeDefined();
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const query: string = cursor ? `limit=2&cursor=${cursor}` : "limit=2";
      const body: { messages: { text: string }[]; nextCursor: string | null } = await json(
        await call(`/api/rooms/${room?.id}/messages?${query}`, { cookie: admin }),
      );
      seen.unshift(...body.messages.map((m) => m.text));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(["page #0", "page #1", "page #2", "page #3", "page #4"]);
  });
});
