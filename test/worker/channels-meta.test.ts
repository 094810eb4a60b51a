/**
 * Issue 16, Messenger and Instagram (rules G3, G6, I2; seed 000): the GET hub.challenge handshake
 * with the channel's verify token, X-Hub-Signature-256 over the raw body accepted and refused over
 * non-ASCII bodies, mid dedupe, Instagram names (name, else username, else "n/a"), and the window:
 * 24 h, then HUMAN_AGENT for a person's reply up to 7 days; automation never tagged.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { instagramAdapter, messengerAdapter } from "../../worker/channels/meta-messaging/adapter";
import { injectProviderFetch } from "../../worker/channels/provider-fetch";
import { hmacSha256, MAX_PROVIDER_FILE_BYTES } from "../../worker/channels/provider-http";
import { toHex } from "../../worker/lib/crypto";
import { graphFetchFor } from "../../worker/sandbox/fetch";
import { call, expectProblem, json, ORIGIN, seed, signIn } from "./helpers";
import { messagesOf, reply, roomOfContact } from "./rooms-helpers";

let admin: string;
let agent: string;
type Account = { accountId: string; accessToken: string; appSecret: string };
let page: Account;
let insta: Account;

async function connect(kind: "messenger" | "instagram", verifyToken: string): Promise<Account> {
  const account = await json<Account>(await call("/sandbox/api/channels/meta/accounts", { body: { kind } }));
  const res = await call("/api/channels", {
    cookie: admin,
    body: {
      kind,
      name: `Store ${kind}`,
      accountId: account.accountId,
      accessToken: account.accessToken,
      appSecret: account.appSecret,
      verifyToken,
    },
  });
  expect(res.status).toBe(201);
  expect(await json(res)).toMatchObject({
    kind,
    accountId: account.accountId,
    webhookUrl: `${ORIGIN}/webhooks/${kind}/${account.accountId}`,
  });
  return account;
}

beforeAll(async () => {
  await seed();
  [admin, agent] = await Promise.all([signIn("admin@demo.test"), signIn("agent@demo.test")]);
  page = await connect("messenger", "page-verify-token");
  insta = await connect("instagram", "insta-verify-token");
});

let n = 0;
const psid = () => String(8_000_000_000_000_000 + ++n);
const customerSends = async (account: Account, body: Record<string, unknown>) =>
  json<{ status: number; answer: string }>(
    await call("/sandbox/api/channels/meta/messages", { body: { accountId: account.accountId, ...body } }),
  );

describe("Messenger and Instagram: handshake and signature (G3)", () => {
  it("echoes hub.challenge for the channel's verify token, 403 otherwise", async () => {
    const get = (kind: string, id: string, token: string) =>
      exports.default.fetch(
        new Request(
          `${ORIGIN}/webhooks/${kind}/${id}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=abc123`,
        ),
      );
    const ok = await get("messenger", page.accountId, "page-verify-token");
    expect([ok.status, await ok.text()]).toEqual([200, "abc123"]);
    await expectProblem(await get("messenger", page.accountId, "insta-verify-token"), 403, "forbidden");
    await expectProblem(await get("instagram", page.accountId, "page-verify-token"), 403, "forbidden");
  });

  it("accepts X-Hub-Signature-256 over the raw non-ASCII body and refuses a wrong one (401)", async () => {
    const user = psid();
    const text = "Olá! Ça va? 🙂 — ñandú";
    expect(
      (await customerSends(page, { userId: user, name: "Ana Lima", text, secretOverride: "not-the-secret" })).status,
    ).toBe(401);
    expect((await customerSends(page, { userId: user, name: "Ana Lima", text })).status).toBe(200);
    const room = await roomOfContact(admin, user);
    expect(room).toMatchObject({ channelKind: "messenger", contactName: "Ana Lima" });
    expect((await messagesOf(agent, room.id)).map((m) => m.text)).toEqual([text]);
    // Unit: re-serialised JSON (Meta escapes unicode) does not match the signature of the bytes sent.
    const raw = new TextEncoder().encode('{"object":"page","entry":[],"t":"é"}');
    const header = `sha256=${toHex(await hmacSha256("s3cret", raw))}`;
    const config = { accessToken: "", appSecret: "s3cret", verifyToken: "" };
    expect(
      await messengerAdapter.verify(raw.buffer as ArrayBuffer, new Headers({ "X-Hub-Signature-256": header }), config),
    ).toBe(true);
    const escaped = new TextEncoder().encode('{"object":"page","entry":[],"t":"\\u00e9"}');
    expect(
      await messengerAdapter.verify(
        escaped.buffer as ArrayBuffer,
        new Headers({ "X-Hub-Signature-256": header }),
        config,
      ),
    ).toBe(false);
  });

  it("applies a repeated delivery (same mid) once and fetches an image attachment into R2", async () => {
    const user = psid();
    await customerSends(page, { userId: user, text: "once" });
    expect((await customerSends(page, { userId: user, redeliver: true })).status).toBe(200);
    await customerSends(page, { userId: user, kind: "image" });
    const room = await roomOfContact(admin, user);
    let messages = await messagesOf(agent, room.id);
    for (let i = 0; i < 100 && !messages[1]?.media?.url; i++) {
      await new Promise((r) => setTimeout(r, 30));
      messages = await messagesOf(agent, room.id);
    }
    expect(messages.map((m) => m.kind)).toEqual(["text", "image"]);
  });

  it("parses texts, attachments and quick replies, and skips echoes (unit)", () => {
    const item = (message: object) => ({
      sender: { id: "u1" },
      recipient: { id: "p1" },
      timestamp: 1_700_000_000_000,
      message,
    });
    const parse = (message: object) =>
      instagramAdapter.parse(
        { object: "instagram", entry: [{ id: "p1", time: 1, messaging: [item(message)] }] },
        1_700_000_000_100,
      ).messages;
    expect(parse({ mid: "m1", text: "hi" })[0]).toMatchObject({
      kind: "text",
      text: "hi",
      providerMessageId: "m1",
      channelKey: "p1",
      contact: { externalId: "u1" },
    });
    const cdn = "https://scontent.xx.fbcdn.net/v/t1.15752-9/x.jpg?oh=1";
    expect(parse({ mid: "m2", attachments: [{ type: "image", payload: { url: cdn } }] })[0]).toMatchObject({
      kind: "image",
      media: { providerMediaId: cdn },
    });
    // A file link anywhere but Meta's CDN is never fetched (SSRF): the attachment is unsupported.
    for (const url of ["http://10.0.0.5/x.jpg", "https://cdn.example/x.jpg", "http://scontent.xx.fbcdn.net/x.jpg"]) {
      expect(parse({ mid: "m5", attachments: [{ type: "image", payload: { url } }] })[0]).toMatchObject({
        kind: "unsupported",
        media: null,
      });
    }
    expect(parse({ mid: "m3", text: "4", quick_reply: { payload: "csat:4" } })[0]?.details?.reply?.id).toBe("csat:4");
    expect(parse({ mid: "m4", text: "mine", is_echo: true })).toHaveLength(0);
    // A story reply has no `mid` to reply to; an opt-in has no sender: the first is kept, the second
    // skipped, and neither costs the other customers' messages of the same webhook (G6).
    const story = { mid: "m6", text: "nice!", reply_to: { story: { url: "https://lookaside.fbsbx.com/s", id: "9" } } };
    const mixed = instagramAdapter.parse(
      {
        object: "instagram",
        entry: [{ id: "p1", time: 1, messaging: [{ recipient: { id: "p1" }, timestamp: 1, optin: {} }, item(story)] }],
      },
      1_700_000_000_100,
    ).messages;
    expect(mixed).toHaveLength(1);
    expect(mixed[0]).toMatchObject({ providerMessageId: "m6", text: "nice!", replyToProviderId: null });
    expect(() => instagramAdapter.parse({ object: 1 }, 0)).toThrow();
  });
});

describe("Instagram names (seed 000)", () => {
  it("shows the name, else the username, else n/a", async () => {
    const named = psid();
    const userOnly = psid();
    const nothing = psid();
    await customerSends(insta, { userId: named, name: "Rina", username: "rina.shop", text: "a" });
    await customerSends(insta, { userId: userOnly, name: null, username: "budi_88", text: "b" });
    await customerSends(insta, { userId: nothing, name: null, username: null, text: "c" });
    expect((await roomOfContact(admin, named)).contactName).toBe("Rina");
    expect((await roomOfContact(admin, userOnly)).contactName).toBe("budi_88");
    expect((await roomOfContact(admin, nothing)).contactName).toBe("n/a");
    expect(await roomOfContact(admin, named)).toMatchObject({ channelKind: "instagram" });
  });
});

describe("the window: 24 h, then HUMAN_AGENT up to 7 days for people only (I2)", () => {
  const sentTo = async (user: string) =>
    (
      await json<{ sent: { text: string; method: string; tag: string | null }[] }>(
        await call(`/sandbox/api/channels/meta/accounts/${page.accountId}/sent?to=${user}`),
      )
    ).sent;

  it("replies inside 24 h as RESPONSE, after 24 h with HUMAN_AGENT, and refuses after 7 days", async () => {
    const fresh = psid();
    await customerSends(page, { userId: fresh, text: "now" });
    const inWindow = await roomOfContact(admin, fresh);
    expect((await json<{ status: string }>(await reply(agent, inWindow.id, "in time"))).status).toBe("sent");
    expect((await sentTo(fresh)).map((s) => [s.method, s.tag])).toEqual([["RESPONSE", null]]);

    const day2 = psid();
    await customerSends(page, { userId: day2, text: "yesterday", ageHours: 30 });
    const late = await roomOfContact(admin, day2);
    expect((await json<{ status: string }>(await reply(agent, late.id, "sorry for the wait"))).status).toBe("sent");
    expect((await sentTo(day2)).map((s) => [s.method, s.tag])).toEqual([["MESSAGE_TAG", "HUMAN_AGENT"]]);

    const week = psid();
    await customerSends(page, { userId: week, text: "last week", ageHours: 24 * 8 });
    const old = await roomOfContact(admin, week);
    await expectProblem(await reply(agent, old.id, "too late"), 422, "window_expired");
    expect(await sentTo(week)).toEqual([]);
  });

  it("never tags automation: an API key (no person) past 24 h is refused", async () => {
    const key = await json<{ secret: string }>(
      await call("/api/api-keys", { cookie: admin, body: { name: "bot", role: "agent" } }),
    );
    const user = psid();
    await customerSends(page, { userId: user, text: "hello?", ageHours: 30 });
    const room = await roomOfContact(admin, user);
    const res = await call(`/api/rooms/${room.id}/messages`, {
      bearer: key.secret,
      body: { type: "text", text: "auto" },
    });
    await expectProblem(res, 422, "window_expired");
  });

  it("maps Meta's send errors (unit)", async () => {
    const account = { id: "c", organizationId: "o", kind: "messenger" as const, providerKey: page.accountId };
    const revoked = await messengerAdapter.send(
      env,
      { ...account, config: { accessToken: "revoked", appSecret: "", verifyToken: "" } },
      { kind: "text", to: "1", text: "x" },
    );
    expect(revoked).toMatchObject({ ok: false, error: { code: "auth_failed" } });
    const unknown = await messengerAdapter.send(
      env,
      { ...account, config: { accessToken: page.accessToken, appSecret: "", verifyToken: "" } },
      { kind: "text", to: "123", text: "x" },
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: "recipient_unavailable" } });
  });
});

describe("attachment files come from Meta's CDN only (SSRF)", () => {
  it("follows a redirect only when it stays on Meta's CDN, and keeps nothing otherwise", async () => {
    const asked: string[] = [];
    injectProviderFetch(() => async (request) => {
      asked.push(request.url);
      const to = request.url.includes("first") ? "https://lookaside.fbsbx.com/second.jpg" : "http://10.0.0.5/admin";
      return new Response(null, { status: 302, headers: { location: to } });
    });
    try {
      const key = `media/test/${crypto.randomUUID()}`;
      const result = await messengerAdapter.fetchMedia(
        env,
        {} as never,
        "https://scontent.xx.fbcdn.net/first.jpg",
        key,
      );
      expect(result).toMatchObject({ ok: false, error: { code: "media_host_refused" } });
      expect(asked).toEqual(["https://scontent.xx.fbcdn.net/first.jpg", "https://lookaside.fbsbx.com/second.jpg"]);
      expect(await env.MEDIA.head(key)).toBeNull();
    } finally {
      injectProviderFetch(graphFetchFor);
    }
  });
});

describe("a provider file too large to keep (I10)", () => {
  it("is refused by its length before it is read, and nothing is kept", async () => {
    const big = MAX_PROVIDER_FILE_BYTES + 1;
    let cancelled = false;
    injectProviderFetch(() => async () => {
      const body = new ReadableStream({
        cancel: () => {
          cancelled = true;
        },
      });
      return new Response(body, { headers: { "content-length": String(big), "content-type": "video/mp4" } });
    });
    try {
      const key = `media/test/${crypto.randomUUID()}`;
      const result = await messengerAdapter.fetchMedia(env, {} as never, "https://scontent.xx.fbcdn.net/big.mp4", key);
      expect(result).toMatchObject({ ok: false, error: { code: "media_too_large" } });
      expect(cancelled).toBe(true);
      expect(await env.MEDIA.head(key)).toBeNull();
    } finally {
      injectProviderFetch(graphFetchFor);
    }
  });
});
