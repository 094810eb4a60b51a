/**
 * Issue 16, the website widget (rules G2, G7, I1, I2, I5, I10, B6): the domain rules of a webchat
 * channel (422 `domain_trailing_slash` / `domain_invalid`), the origin check before anything else on
 * every route under /widget/<id>/ (HTTP and WebSocket upgrade), the frame's frame-ancestors, the
 * visitor token kept across reloads, HMAC identity (a wrong hash refused, a verified user on another
 * browser reaching the same room), and the conversation live both ways.
 */
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { hmacSha256 } from "../../worker/channels/provider-http";
import { channelById } from "../../worker/db/channels";
import { policyOf } from "../../worker/domain/channel-policy";
import { visitorAddressGroup } from "../../worker/domain/widget";
import { VISITOR_WRITES_PER_MINUTE } from "../../worker/features/webchat/routes";
import { clock } from "../../worker/lib/clock";
import { toHex } from "../../worker/lib/crypto";
import { call, db, expectProblem, json, ORIGIN, seed, signIn } from "./helpers";
import { messagesOf, openSocket, reply } from "./rooms-helpers";

const SITE = "https://shop.example";
const EVIL = "https://evil.example";
let admin: string;
let agent: string;
let widget: { id: string; widgetId: string; domain: string; embedSnippet: string; identitySecret: string };

interface Session {
  visitorToken: string;
  verified: boolean;
  roomId: string | null;
  messages: { id: string; from: string; text: string | null; authorName: string | null }[];
  agentsOnline: boolean;
}

/** A request of the widget app (or anyone) to /widget/<id>/<path>, from `origin`. */
function widgetCall(
  path: string,
  init: { origin?: string | null; body?: unknown; token?: string; method?: string } = {},
) {
  const headers: Record<string, string> = {};
  const origin = init.origin === undefined ? SITE : init.origin;
  if (origin) headers.origin = origin;
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const method = init.method ?? (init.body !== undefined ? "POST" : "GET");
  const body =
    init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body);
  return exports.default.fetch(new Request(`${ORIGIN}/widget/${widget.widgetId}/${path}`, { method, headers, body }));
}

const session = async (body: Record<string, unknown> = {}) => {
  const res = await widgetCall("session", { body });
  expect(res.status).toBe(200);
  return json<Session>(res);
};
let n = 0;
const visitorWrites = async (token: string, text: string) => {
  const clientMessageId = `m${Date.now()}${++n}`;
  const res = await widgetCall("messages", { token, body: { clientMessageId, text } });
  expect(res.status).toBe(201);
  const answer = await json<{
    roomId: string;
    message: { id: string; text: string; from: string; clientMessageId: string };
  }>(res);
  // The widget's echo: its pending bubble becomes the stored message.
  expect(answer.message.clientMessageId).toBe(clientMessageId);
  return answer;
};

function visitorSocket(token: string, origin: string | null = SITE, after = 0) {
  const headers: Record<string, string> = {
    Upgrade: "websocket",
    "Sec-WebSocket-Protocol": `edge-inbox-widget, ${token}`,
  };
  if (origin) headers.origin = origin;
  return exports.default.fetch(new Request(`${ORIGIN}/widget/${widget.widgetId}/live?after=${after}`, { headers }));
}

async function openVisitorSocket(token: string) {
  const res = await visitorSocket(token);
  const ws = res.webSocket;
  if (!ws) throw new Error(`no websocket: ${res.status} ${await res.text()}`);
  expect(res.headers.get("Sec-WebSocket-Protocol")).toBe("edge-inbox-widget");
  ws.accept();
  const events: { type: string; message?: { text: string | null; from: string } }[] = [];
  ws.addEventListener("message", (e) => events.push(JSON.parse(e.data as string)));
  const waitFor = async (predicate: (e: (typeof events)[number]) => boolean) => {
    for (let i = 0; i < 200; i++) {
      const hit = events.find(predicate);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no matching event in ${JSON.stringify(events)}`);
  };
  return { events, waitFor, close: () => ws.close(1000, "done") };
}

const identityHash = async (userId: string) => toHex(await hmacSha256(widget.identitySecret, userId));

beforeAll(async () => {
  await seed();
  [admin, agent] = await Promise.all([signIn("admin@demo.test"), signIn("agent@demo.test")]);
  const res = await call("/api/channels", {
    cookie: admin,
    body: { kind: "webchat", name: "Shop chat", domain: SITE },
  });
  expect(res.status).toBe(201);
  widget = await json(res);
});

describe("Webchat: the channel's domain (G2)", () => {
  it("refuses a trailing slash and a path with their own codes, and stores nothing", async () => {
    const add = (domain: string) =>
      call("/api/channels", { cookie: admin, body: { kind: "webchat", name: "W", domain } });
    await expectProblem(await add("https://chat.qontak.com/"), 422, "domain_trailing_slash");
    await expectProblem(await add("https://shop.example/contact"), 422, "domain_invalid");
    await expectProblem(await add("https://shop.example/contact/"), 422, "domain_invalid");
    await expectProblem(await add("shop.example"), 422, "domain_invalid");
    await expectProblem(await add("http://shop.example"), 422, "domain_invalid");
    await expectProblem(await add("https://shop.example?x=1"), 422, "domain_invalid");
    const listed = await json<{ channels: { kind: string }[] }>(await call("/api/channels", { cookie: admin }));
    expect(listed.channels.filter((c) => c.kind === "webchat")).toHaveLength(1);
    const patched = await call(`/api/channels/${widget.id}`, {
      method: "PATCH",
      cookie: admin,
      body: { domain: `${SITE}/` },
    });
    await expectProblem(patched, 422, "domain_trailing_slash");
  });

  it("answers the snippet to paste and the identity secret once; the secret is sealed and never listed (G7)", async () => {
    expect(widget.domain).toBe(SITE);
    expect(widget.embedSnippet).toBe(`<script src="${ORIGIN}/widget/${widget.widgetId}/loader.js" async></script>`);
    expect(widget.identitySecret).toMatch(/^whs_/);
    const listed = await (await call("/api/channels", { cookie: admin })).text();
    expect(listed).toContain(widget.widgetId);
    expect(listed).not.toContain(widget.identitySecret);
    const row = await channelById(db(), widget.id);
    expect(JSON.stringify(row?.config)).not.toContain(widget.identitySecret);
  });

  it("an agent may not add one (A3: integrations are the admin's)", async () => {
    await expectProblem(
      await call("/api/channels", { cookie: agent, body: { kind: "webchat", name: "W", domain: SITE } }),
      403,
      "forbidden",
    );
  });

  it("replies are always allowed and each visitor is a unique visitor a month (I2, B6)", () => {
    expect(policyOf("webchat").replyWindowMs).toBeNull();
    expect(policyOf("webchat").pricing).toEqual({ model: "visitor" });
  });
});

describe("Webchat: only the channel's domain may use the widget (G2)", () => {
  it("refuses another origin with 403 before reading the request (even a malformed one)", async () => {
    await expectProblem(await widgetCall("session", { origin: EVIL, body: {} }), 403, "origin_not_allowed");
    await expectProblem(await widgetCall("session", { origin: EVIL, body: "{not json" }), 403, "origin_not_allowed");
    await expectProblem(
      await widgetCall("messages", { origin: EVIL, token: "v1.forged.token", body: { text: "hi" } }),
      403,
      "origin_not_allowed",
    );
    await expectProblem(await widgetCall("frame", { origin: EVIL }), 403, "origin_not_allowed");
    await expectProblem(await widgetCall("loader.js", { origin: EVIL }), 403, "origin_not_allowed");
    // The domain with a different scheme or port is another origin.
    await expectProblem(
      await widgetCall("session", { origin: "http://shop.example", body: {} }),
      403,
      "origin_not_allowed",
    );
  });

  it("refuses a request without Origin except a GET of the loader, the frame or the app", async () => {
    await expectProblem(await widgetCall("session", { origin: null, body: {} }), 403, "origin_not_allowed");
    const frame = await widgetCall("frame", { origin: null });
    expect(frame.status).toBe(200);
    expect(frame.headers.get("content-security-policy")).toContain(`frame-ancestors ${SITE}`);
    expect(await frame.text()).toContain(`/widget/${widget.widgetId}/app.js`);
  });

  it("refuses a WebSocket upgrade from another origin, or without one, with 403", async () => {
    const { visitorToken } = await session();
    for (const origin of [EVIL, null]) {
      const res = await visitorSocket(visitorToken, origin);
      expect(res.webSocket).toBeNull();
      await expectProblem(res, 403, "origin_not_allowed");
    }
  });

  it("has no provider webhook: a body posted to /webhooks/webchat reaches no room", async () => {
    const res = await exports.default.fetch(new Request(`${ORIGIN}/webhooks/webchat`, { method: "POST", body: "{}" }));
    // No such route for a kind without a provider webhook (its adapter says so: providerWebhook false).
    await expectProblem(res, 404, "not_found");
  });

  it("an unknown or disconnected widget is 404", async () => {
    const res = await exports.default.fetch(
      new Request(`${ORIGIN}/widget/wc_nope/session`, { method: "POST", headers: { origin: SITE }, body: "{}" }),
    );
    await expectProblem(res, 404, "not_found");
    // Disconnected (G4): the widget stops answering; its rooms stay.
    const other = await json<{ id: string; widgetId: string }>(
      await call("/api/channels", { cookie: admin, body: { kind: "webchat", name: "Old site", domain: SITE } }),
    );
    const before = await exports.default.fetch(
      new Request(`${ORIGIN}/widget/${other.widgetId}/session`, {
        method: "POST",
        headers: { origin: SITE },
        body: "{}",
      }),
    );
    expect(before.status).toBe(200);
    expect((await call(`/api/channels/${other.id}`, { method: "DELETE", cookie: admin })).status).toBe(204);
    const after = await exports.default.fetch(
      new Request(`${ORIGIN}/widget/${other.widgetId}/session`, {
        method: "POST",
        headers: { origin: SITE },
        body: "{}",
      }),
    );
    await expectProblem(after, 404, "not_found");
  });
});

describe("Webchat: the conversation, live both ways (I1, I5)", () => {
  it("a visitor's message reaches the agents live; the reply reaches the visitor live; notes never do", async () => {
    const visitor = await session();
    expect(visitor.roomId).toBeNull();
    const first = await visitorWrites(visitor.visitorToken, "Halo, is the blue bag in stock?");
    expect(first.message).toMatchObject({ from: "visitor", text: "Halo, is the blue bag in stock?" });
    const inbox = await messagesOf(agent, first.roomId);
    expect(inbox.map((m) => m.text)).toContain("Halo, is the blue bag in stock?");

    const agentSocket = await openSocket(`/api/rooms/${first.roomId}/ws?after=0`, agent);
    const visitorLive = await openVisitorSocket(visitor.visitorToken);
    await visitorWrites(visitor.visitorToken, "Size M please");
    await agentSocket.waitFor(
      (e) => e.type === "message.created" && (e.message as { text: string }).text === "Size M please",
    );

    const note = await call(`/api/rooms/${first.roomId}/notes`, {
      cookie: agent,
      body: { text: "internal: check stock" },
    });
    expect(note.status).toBe(201);
    await agentSocket.waitFor(
      (e) => e.type === "message.created" && (e.message as { text: string }).text === "internal: check stock",
    );
    expect((await reply(agent, first.roomId, "Yes, size M is in stock")).status).toBe(201);
    const heard = await visitorLive.waitFor(
      (e) => e.type === "message" && e.message?.text === "Yes, size M is in stock",
    );
    expect(heard.message?.from).toBe("agent");
    expect(JSON.stringify(visitorLive.events)).not.toContain("internal: check stock");
    agentSocket.close();
    visitorLive.close();
  });

  it("keeps the visitor across reloads: the same token finds the same room and its history", async () => {
    const visitor = await session();
    const { roomId } = await visitorWrites(visitor.visitorToken, "First visit");
    const reloaded = await session({ visitorToken: visitor.visitorToken });
    expect(reloaded.roomId).toBe(roomId);
    expect(reloaded.messages.map((m) => m.text)).toContain("First visit");
    // Another visitor (no token) is someone else.
    const stranger = await session();
    expect(stranger.roomId).toBeNull();
    // A tampered token is no one's: messages are refused, a session makes a new visitor.
    const tampered = `${visitor.visitorToken.slice(0, -2)}xx`;
    await expectProblem(
      await widgetCall("messages", { token: tampered, body: { clientMessageId: "tampered1", text: "hi" } }),
      401,
      "visitor_unknown",
    );
    expect((await session({ visitorToken: tampered })).roomId).toBeNull();
  });

  it("keeps a visitor 30 days after their last visit; an older token is no one's (G2)", async () => {
    const first = await session();
    await visitorWrites(first.visitorToken, "still there?");
    const start = Date.now();
    const later = (days: number) => vi.spyOn(clock, "now").mockReturnValue(start + days * 86_400_000);
    try {
      // Coming back after 29 days: the same conversation, and a fresh token good for another 30.
      later(29);
      const again = await session({ visitorToken: first.visitorToken });
      expect(again.roomId).not.toBeNull();
      later(58);
      expect((await session({ visitorToken: again.visitorToken })).roomId).toBe(again.roomId);
      // The first token, unused for 58 days, is worth nothing: refused, and a session makes a new visitor.
      await expectProblem(
        await widgetCall("messages", { token: first.visitorToken, body: { clientMessageId: "expiry2", text: "hi" } }),
        401,
        "visitor_unknown",
      );
      expect((await session({ visitorToken: first.visitorToken })).roomId).toBeNull();
    } finally {
      vi.restoreAllMocks();
    }
  });

  it("tells the widget whether anyone is online to answer (offline messages, G2)", async () => {
    expect((await session()).agentsOnline).toBe(false);
    const inbox = await openSocket("/api/inbox/ws", agent);
    await inbox.waitFor((e) => e.type === "hello");
    expect((await session()).agentsOnline).toBe(true);
    inbox.close();
    // Nobody online: the visitor can still write; the message waits in the room.
    const visitor = await session();
    const { roomId } = await visitorWrites(visitor.visitorToken, "Anyone there?");
    expect((await messagesOf(agent, roomId)).map((m) => m.text)).toContain("Anyone there?");
  });

  it("a repeated send (same client message id) is stored once (G6)", async () => {
    const visitor = await session();
    const body = { clientMessageId: "repeat-0001", text: "Once only" };
    const a = await json<{ roomId: string }>(await widgetCall("messages", { token: visitor.visitorToken, body }));
    await widgetCall("messages", { token: visitor.visitorToken, body });
    const texts = (await messagesOf(agent, a.roomId)).filter((m) => m.text === "Once only");
    expect(texts).toHaveLength(1);
  });
});

describe("Webchat: HMAC identity (G2)", () => {
  it("a verified user is the same visitor on another browser; a wrong hash is refused 403", async () => {
    const user = { id: "customer-42", hash: await identityHash("customer-42"), name: "Rina" };
    const laptop = await session({ user });
    expect(laptop.verified).toBe(true);
    const { roomId } = await visitorWrites(laptop.visitorToken, "From my laptop");
    const phone = await session({ user });
    expect(phone.roomId).toBe(roomId);
    expect(phone.messages.map((m) => m.text)).toContain("From my laptop");

    const wrong = await widgetCall("session", {
      body: { user: { id: "customer-42", hash: await identityHash("customer-43") } },
    });
    await expectProblem(wrong, 403, "identity_invalid");
    // A verified user's token alone (without the hash) does not make a visitor that user.
    expect((await session({ visitorToken: laptop.visitorToken })).roomId).toBeNull();
  });

  it("a new identity secret is shown once and the old one no longer verifies", async () => {
    const old = await identityHash("customer-77");
    const res = await call(`/api/channels/${widget.id}`, {
      method: "PATCH",
      cookie: admin,
      body: { rotateIdentitySecret: true },
    });
    expect(res.status).toBe(200);
    const rotated = await json<{ identitySecret: string }>(res);
    expect(rotated.identitySecret).not.toBe(widget.identitySecret);
    widget.identitySecret = rotated.identitySecret;
    await expectProblem(
      await widgetCall("session", { body: { user: { id: "customer-77", hash: old } } }),
      403,
      "identity_invalid",
    );
    expect((await session({ user: { id: "customer-77", hash: await identityHash("customer-77") } })).verified).toBe(
      true,
    );
  });
});

describe("Webchat: files (I10)", () => {
  it("takes a visitor's image into R2 and the room; refuses what it cannot show", async () => {
    const visitor = await session();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
    const upload = await exports.default.fetch(
      new Request(`${ORIGIN}/widget/${widget.widgetId}/files`, {
        method: "POST",
        headers: { origin: SITE, authorization: `Bearer ${visitor.visitorToken}`, "x-filename": "bag.png" },
        body: png,
      }),
    );
    expect(upload.status).toBe(201);
    const { fileId } = await json<{ fileId: string }>(upload);
    const sent = await widgetCall("messages", {
      token: visitor.visitorToken,
      body: { clientMessageId: `file${Date.now()}`, fileId },
    });
    expect(sent.status).toBe(201);
    const { roomId } = await json<{ roomId: string }>(sent);
    const [image] = await messagesOf(agent, roomId);
    expect(image).toMatchObject({ kind: "image" });

    const script = await exports.default.fetch(
      new Request(`${ORIGIN}/widget/${widget.widgetId}/files`, {
        method: "POST",
        headers: { origin: SITE, authorization: `Bearer ${visitor.visitorToken}` },
        body: "<script>alert(1)</script>",
      }),
    );
    await expectProblem(script, 415, "unsupported_media_type");
  });
});

describe("Webchat: a script cannot write without end (G7, B6)", () => {
  it("meters each address's writes to a widget: past the minute's budget 429 rate_limited, another address still writes", async () => {
    const sessionFrom = (address: string) =>
      exports.default.fetch(
        new Request(`${ORIGIN}/widget/${widget.widgetId}/session`, {
          method: "POST",
          headers: { origin: SITE, "content-type": "application/json", "CF-Connecting-IP": address },
          body: "{}",
        }),
      );
    const address = "198.51.100.23";
    // The clock stands still, so the bucket does not refill while the budget is spent (a slow machine).
    const at = clock.now();
    const real = clock.now;
    clock.now = () => at;
    try {
      for (let i = 0; i < VISITOR_WRITES_PER_MINUTE; i++) expect((await sessionFrom(address)).status).toBe(200);
      const refused = await sessionFrom(address);
      expect(refused.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
      await expectProblem(refused, 429, "rate_limited");
      expect((await sessionFrom("203.0.113.77")).status).toBe(200);
    } finally {
      clock.now = real;
    }
  });

  it("meters an IPv6 address with its /64: one phone holds all of it (unit)", () => {
    expect(visitorAddressGroup("2001:db8:abcd:12:1:2:3:4")).toBe("2001:db8:abcd:12::/64");
    expect(visitorAddressGroup("2001:0db8:abcd:0012::9")).toBe("2001:db8:abcd:12::/64");
    expect(visitorAddressGroup("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(visitorAddressGroup("::1")).toBe("0:0:0:0::/64");
    expect(visitorAddressGroup("198.51.100.23")).toBe("198.51.100.23");
    expect(visitorAddressGroup(undefined)).toBe("unknown");
  });
});
