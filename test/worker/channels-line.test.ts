/**
 * Issue 16, LINE (rules G3, G6, G7): channel secret + access token checked with GET /v2/bot/info
 * and the webhook endpoint set by the platform; x-line-signature (base64 HMAC-SHA256 of the raw body)
 * accepted and refused over non-ASCII bodies; the empty `events` ping answered 200; text, image,
 * file and audio in (content API into R2); webhookEventId dedupe; replies by push.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { lineAdapter } from "../../worker/channels/line/adapter";
import { hmacSha256, toBase64 } from "../../worker/channels/provider-http";
import { call, expectProblem, json, ORIGIN, seed, signIn } from "./helpers";
import { messagesOf, reply, roomOfContact } from "./rooms-helpers";

let admin: string;
let agent: string;
let line: { botUserId: string; channelSecret: string; accessToken: string };
let channel: { id: string; webhookUrl: string; botUserId: string };

beforeAll(async () => {
  await seed();
  [admin, agent] = await Promise.all([signIn("admin@demo.test"), signIn("agent@demo.test")]);
  line = await json(await call("/sandbox/api/channels/line/channels", { body: {} }));
  const res = await call("/api/channels", {
    cookie: admin,
    body: { kind: "line", name: "Store LINE", channelSecret: line.channelSecret, accessToken: line.accessToken },
  });
  expect(res.status).toBe(201);
  channel = await json(res);
});

let n = 0;
const userId = () => `U${String(++n).padStart(32, "0")}`;
const customerSends = async (body: Record<string, unknown>) =>
  json<{ status: number; answer: string }>(
    await call("/sandbox/api/channels/line/events", { body: { botUserId: line.botUserId, ...body } }),
  );

describe("LINE (G3)", () => {
  it("connects with the secret and token: the bot's user id is the key, the webhook is set; a bad token is 422", async () => {
    expect(channel.botUserId).toBe(line.botUserId);
    expect(channel.webhookUrl).toBe(`${ORIGIN}/webhooks/line/${line.botUserId}`);
    expect(await (await call("/api/channels", { cookie: admin })).text()).not.toContain(line.channelSecret);
    const bad = await call("/api/channels", {
      cookie: admin,
      body: { kind: "line", name: "Bad", channelSecret: "0123456789abcdef", accessToken: "not-a-line-token" },
    });
    await expectProblem(bad, 422, "provider_refused");
  });

  it("verifies x-line-signature over the raw non-ASCII body, refuses a wrong one (401), answers the empty ping 200", async () => {
    const u = userId();
    const text = "สวัสดีค่ะ 👋 こんにちは";
    expect((await customerSends({ userId: u, text, secretOverride: "wrong-secret" })).status).toBe(401);
    await expect(roomOfContact(admin, u)).rejects.toThrow();
    expect((await customerSends({ userId: u, text, displayName: "Somchai" })).status).toBe(200);
    const room = await roomOfContact(admin, u);
    // The name comes from LINE's profile API (the webhook carries none).
    expect(room).toMatchObject({ channelKind: "line", windowExpiresAt: null, contactName: "Somchai" });
    expect((await messagesOf(agent, room.id)).map((m) => m.text)).toEqual([text]);
    const ping = await customerSends({ userId: u, kind: "ping" });
    expect(ping).toMatchObject({ status: 200 });
    expect(JSON.parse(ping.answer)).toEqual({ received: 0 });
  });

  it("checks the signature in constant form against the exact bytes (unit)", async () => {
    const raw = new TextEncoder().encode('{"destination":"U1","events":[],"note":"ñ 😀"}');
    const good = toBase64(await hmacSha256("secret-1", raw));
    const config = { botName: "", channelSecret: "secret-1", accessToken: "" };
    expect(await lineAdapter.verify(raw.buffer as ArrayBuffer, new Headers({ "x-line-signature": good }), config)).toBe(
      true,
    );
    const reencoded = new TextEncoder().encode('{"destination":"U1","events":[],"note":"\\u00f1 😀"}');
    expect(
      await lineAdapter.verify(reencoded.buffer as ArrayBuffer, new Headers({ "x-line-signature": good }), config),
    ).toBe(false);
    expect(await lineAdapter.verify(raw.buffer as ArrayBuffer, new Headers(), config)).toBe(false);
  });

  it("applies a redelivery (same webhookEventId) once, and fetches image, file and audio into R2", async () => {
    const u = userId();
    await customerSends({ userId: u, text: "first" });
    expect((await customerSends({ userId: u, redeliver: true })).status).toBe(200);
    await customerSends({ userId: u, kind: "image" });
    await customerSends({ userId: u, kind: "file", fileName: "receipt.pdf" });
    await customerSends({ userId: u, kind: "audio" });
    const room = await roomOfContact(admin, u);
    let messages = await messagesOf(agent, room.id);
    for (let i = 0; i < 100 && !messages.slice(1).every((m) => m.media?.url); i++) {
      await new Promise((r) => setTimeout(r, 30));
      messages = await messagesOf(agent, room.id);
    }
    expect(messages.map((m) => m.kind)).toEqual(["text", "image", "document", "audio"]);
    const file = await exports.default.fetch(
      new Request(`${ORIGIN}${messages[2]?.media?.url}`, { headers: { cookie: `sid=${agent}` } }),
    );
    expect(await file.text()).toBe("sandbox file");
  });

  it("parses each event kind (unit); group events and unknown bodies are left out or refused", () => {
    const event = (message: object, source = { type: "user", userId: "Uabc" }) => ({
      type: "message",
      webhookEventId: "01EVENT",
      timestamp: 1_700_000_000_000,
      source,
      message,
    });
    const parse = (e: object) =>
      lineAdapter.parse({ destination: "Ubot", events: [e] }, 1_700_000_000_100, "Ubot").messages;
    expect(parse(event({ id: "1", type: "text", text: "hi" }))[0]).toMatchObject({
      kind: "text",
      text: "hi",
      providerMessageId: "01EVENT",
      contact: { externalId: "Uabc" },
    });
    expect(parse(event({ id: "2", type: "image" }))[0]).toMatchObject({
      kind: "image",
      media: { providerMediaId: "2" },
    });
    expect(parse(event({ id: "3", type: "file", fileName: "a.pdf" }))[0]).toMatchObject({
      kind: "document",
      media: { filename: "a.pdf" },
    });
    expect(parse(event({ id: "4", type: "audio" }))[0]).toMatchObject({ kind: "audio" });
    expect(parse(event({ id: "5", type: "text", text: "x" }, { type: "group", userId: "Uabc" }))).toHaveLength(0);
    expect(() => lineAdapter.parse({ events: "no" }, 0, "Ubot")).toThrow();
  });

  it("replies by push; a refused token is the message's error", async () => {
    const u = userId();
    await customerSends({ userId: u, text: "help" });
    const room = await roomOfContact(admin, u);
    expect((await json<{ status: string }>(await reply(agent, room.id, "On it 👍"))).status).toBe("sent");
    const sent = await json<{ sent: { text: string; method: string }[] }>(
      await call(`/sandbox/api/channels/line/channels/${line.botUserId}/sent?to=${u}`),
    );
    expect(sent.sent.map((s) => [s.method, s.text])).toEqual([["push", "On it 👍"]]);
    const account = { id: "c", organizationId: "o", kind: "line" as const, providerKey: line.botUserId };
    const refused = await lineAdapter.send(
      env,
      { ...account, config: { botName: "", channelSecret: "s", accessToken: "revoked-token" } },
      { kind: "text", to: u, text: "x" },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: "auth_failed" } });
    const file = await lineAdapter.uploadMedia(
      env,
      { ...account, config: { botName: "", channelSecret: "s", accessToken: line.accessToken } },
      { bytes: new Uint8Array([1]), mimeType: "image/png", filename: "a.png" },
    );
    expect(file).toMatchObject({ ok: false, error: { code: "media_missing" } });
  });

  it("sends an image as an image message from a signed link, a document as a text with its link", async () => {
    const u = userId();
    await customerSends({ userId: u, text: "photo please" });
    const room = await roomOfContact(admin, u);
    const upload = async (bytes: Uint8Array, name: string, type: string) => {
      const form = new FormData();
      form.append("file", new File([bytes], name, { type }));
      const res = await exports.default.fetch(
        new Request(`${ORIGIN}/api/media`, {
          method: "POST",
          body: form,
          headers: { cookie: `sid=${agent}`, origin: ORIGIN },
        }),
      );
      return (await json<{ id: string }>(res)).id;
    };
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const image = await upload(png, "shirt.png", "image/png");
    const sentImage = await call(`/api/rooms/${room.id}/messages`, {
      cookie: agent,
      body: { type: "image", mediaId: image },
    });
    expect((await json<{ status: string }>(sentImage)).status).toBe("sent");
    const pdf = await upload(new TextEncoder().encode("%PDF-1.7\n"), "invoice.pdf", "application/pdf");
    const sentPdf = await call(`/api/rooms/${room.id}/messages`, {
      cookie: agent,
      body: { type: "document", mediaId: pdf, text: "Your invoice" },
    });
    expect((await json<{ status: string }>(sentPdf)).status).toBe("sent");

    const { sent } = await json<{ sent: { text: string | null; url?: string }[] }>(
      await call(`/sandbox/api/channels/line/channels/${line.botUserId}/sent?to=${u}`),
    );
    const link = sent[0]?.url ?? "";
    expect(link).toMatch(/\/files\/.+\?exp=\d+&sig=/);
    // LINE fetches the link without a session: it answers the file; a changed signature does not.
    const fetched = await exports.default.fetch(new Request(link));
    expect(fetched.status).toBe(200);
    expect(new Uint8Array(await fetched.arrayBuffer())).toEqual(png);
    const forged = await exports.default.fetch(new Request(link.replace(/sig=[^&]+/, "sig=dev%3A00")));
    expect(forged.status).toBe(404);
    const expired = await exports.default.fetch(new Request(link.replace(/exp=\d+/, `exp=${Date.now() - 1}`)));
    expect(expired.status).toBe(404);
    // A key that is not even valid percent-encoding is a link nobody made: 404, not a crash.
    const garbled = await exports.default.fetch(new Request(link.replace(/\/files\/[^?]+/, "/files/%25")));
    expect(garbled.status).toBe(404);
    expect(sent[1]?.text).toMatch(/^Your invoice\ninvoice\.pdf: http.+\/files\/.+sig=/);
  });
});
