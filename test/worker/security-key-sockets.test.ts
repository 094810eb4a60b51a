// Rule G7 (issue 11, outside its findings): a socket opened with a tenant API key lives no longer than
// the key. Revoking the key closes its inbox feed and room sockets, opened with the key itself or with
// a ticket the key asked for, with 4401; a ticket issued before the revoke opens nothing after it; the
// organization's other sockets stay open.
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { SOCKET_CLOSE } from "../../worker/schemas/realtime";
import { call, json, ORIGIN, seed, signIn } from "./helpers";
import { customerWrites, roomOfContact } from "./rooms-helpers";

let admin: string;
let roomId: string;
const WA_ID = "6281477000091";

beforeAll(async () => {
  await seed();
  admin = await signIn("admin@demo.test");
  await customerWrites({ waId: WA_ID, text: "hello keys" });
  roomId = (await roomOfContact(admin, WA_ID)).id;
});

async function newKey() {
  const res = await call("/api/api-keys", { cookie: admin, body: { name: "socket key", role: "agent" } });
  expect(res.status).toBe(201);
  return json<{ apiKey: { id: string }; secret: string }>(res);
}

async function ticketOf(secret: string): Promise<string> {
  const res = await call("/api/realtime/tickets", { method: "POST", bearer: secret });
  expect(res.status).toBe(201);
  return (await json<{ ticket: string }>(res)).ticket;
}

/** Opens a socket with the given headers; resolves with how it closed (or null while open after `ms`). */
async function socket(path: string, headers: Record<string, string>) {
  const res = await exports.default.fetch(
    new Request(`${ORIGIN}${path}`, { headers: { Upgrade: "websocket", origin: ORIGIN, ...headers } }),
  );
  const ws = res.webSocket;
  if (!ws) throw new Error(`no websocket: ${res.status} ${await res.text()}`);
  ws.accept();
  const first = new Promise<void>((r) => ws.addEventListener("message", () => r(), { once: true }));
  const closed = new Promise<{ code: number }>((r) => ws.addEventListener("close", (e) => r({ code: e.code })));
  await first;
  return {
    closedWithin: (ms = 1500) => Promise.race([closed, new Promise<null>((r) => setTimeout(() => r(null), ms))]),
    close: () => ws.close(1000, "done"),
  };
}

const revoke = async (id: string) =>
  expect((await call(`/api/api-keys/${id}`, { method: "DELETE", cookie: admin })).status).toBe(204);

describe("revoking an API key ends its sockets (G7)", () => {
  it("closes the feed and room sockets opened with the key and with its tickets, and no one else's", async () => {
    const { apiKey, secret } = await newKey();
    const bearer = { authorization: `Bearer ${secret}` };
    const feed = await socket("/api/inbox/ws", bearer);
    const room = await socket(`/api/rooms/${roomId}/ws?after=0`, bearer);
    const ticketFeed = await socket(`/api/inbox/ws?ticket=${await ticketOf(secret)}`, {});
    const ticketRoom = await socket(`/api/rooms/${roomId}/ws?ticket=${await ticketOf(secret)}&after=0`, {});
    const adminFeed = await socket("/api/inbox/ws", { cookie: `sid=${admin}` });

    await revoke(apiKey.id);

    for (const s of [feed, room, ticketFeed, ticketRoom]) {
      expect(await s.closedWithin()).toEqual({ code: SOCKET_CLOSE.sessionEnded });
    }
    expect(await adminFeed.closedWithin(300)).toBeNull();
    adminFeed.close();
  });

  it("refuses a ticket the key asked for before it was revoked", async () => {
    const { apiKey, secret } = await newKey();
    const ticket = await ticketOf(secret);
    await revoke(apiKey.id);
    const res = await exports.default.fetch(
      new Request(`${ORIGIN}/api/inbox/ws?ticket=${ticket}`, { headers: { Upgrade: "websocket", origin: ORIGIN } }),
    );
    expect(res.status).toBe(401);
  });

  it("leaves another key's sockets open", async () => {
    const [one, two] = [await newKey(), await newKey()];
    const kept = await socket("/api/inbox/ws", { authorization: `Bearer ${two.secret}` });
    await revoke(one.apiKey.id);
    expect(await kept.closedWithin(300)).toBeNull();
    kept.close();
  });
});

describe("a realtime ticket opens a socket and nothing else (issue 18, A3)", () => {
  it("is no credential on another route or method, so a read-only key's ticket writes nothing", async () => {
    const res = await call("/api/api-keys", {
      cookie: admin,
      body: { name: "read only", role: "admin", scopes: ["read"] },
    });
    expect(res.status).toBe(201);
    const { secret } = await json<{ secret: string }>(res);
    const upgrade = { Upgrade: "websocket", "content-type": "application/json" };
    // A write with the ticket, dressed as a socket opening: not authenticated, and no key is made.
    const write = await exports.default.fetch(
      new Request(`${ORIGIN}/api/api-keys?ticket=${await ticketOf(secret)}`, {
        method: "POST",
        headers: upgrade,
        body: JSON.stringify({ name: "escalated", role: "admin" }),
      }),
    );
    expect(write.status).toBe(401);
    const keys = await json<{ apiKeys: { name: string }[] }>(await call("/api/api-keys", { cookie: admin }));
    expect(keys.apiKeys.map((k) => k.name)).not.toContain("escalated");
    // A read the key's scopes do not allow (admin), through the ticket: not authenticated either.
    const read = await exports.default.fetch(
      new Request(`${ORIGIN}/api/users?ticket=${await ticketOf(secret)}`, { headers: upgrade }),
    );
    expect(read.status).toBe(401);
    // What the ticket is for still works.
    const feed = await socket(`/api/inbox/ws?ticket=${await ticketOf(secret)}`, {});
    feed.close();
  });
});
