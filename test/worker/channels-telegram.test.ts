/**
 * Issue 16, Telegram (rules G3, G4, G6, G7, I2): connect with a bot token (getMe, setWebhook with a
 * secret_token, against the sandbox Bot API), updates refused 401 without the matching
 * X-Telegram-Bot-Api-Secret-Token, text/photo/document/voice in (files into R2), a redelivered
 * update applied once, replies through the Bot API with its errors mapped (429 retry_after, 403).
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { telegramAdapter } from "../../worker/channels/telegram/adapter";
import { channelById, openChannel } from "../../worker/db/channels";
import { call, db, expectProblem, json, ORIGIN, seed, signIn } from "./helpers";
import { expectDocumented } from "./openapi-helpers";
import { type MessageJson, messagesOf, reply, roomOfContact } from "./rooms-helpers";

let admin: string;
let agent: string;
let bot: { botId: string; token: string; username: string };
let channel: { id: string; webhookUrl: string; botId: string; botUsername: string; kind: string };

beforeAll(async () => {
  await seed();
  [admin, agent] = await Promise.all([signIn("admin@demo.test"), signIn("agent@demo.test")]);
  bot = await json(await call("/sandbox/api/channels/telegram/bots", { body: {} }));
  const res = await call("/api/channels", {
    cookie: admin,
    body: { kind: "telegram", name: "Store bot", botToken: bot.token },
  });
  expect(res.status).toBe(201);
  channel = await json(res);
});

const customerSends = async (body: Record<string, unknown>) =>
  json<{ status: number; answer: string; update: { update_id: number } }>(
    await call("/sandbox/api/channels/telegram/updates", { body: { botId: bot.botId, ...body } }),
  );
const sentTo = async (chatId: string) =>
  (
    await json<{ sent: { text: string | null; method: string; file: { name: string } | null }[] }>(
      await call(`/sandbox/api/channels/telegram/bots/${bot.botId}/sent?chat=${chatId}`),
    )
  ).sent;
let chat = 500_000_000;
const nextChat = () => String(++chat);

async function waitFor<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error(`${what} never happened`);
}

describe("Telegram: connecting (G3, G7)", () => {
  it("checks the token with getMe, registers the webhook, and never returns the token", async () => {
    expect(channel).toMatchObject({ kind: "telegram", botId: bot.botId, botUsername: bot.username });
    expect(channel.webhookUrl).toBe(`${ORIGIN}/webhooks/telegram/${bot.botId}`);
    const listed = await (await call("/api/channels", { cookie: admin })).text();
    expect(listed).not.toContain(bot.token);
    // Rule G7: sealed at rest.
    const row = await channelById(db(), channel.id);
    expect(JSON.stringify(row?.config)).not.toContain(bot.token);
  });

  it("refuses a token Telegram does not know (422) and stores nothing", async () => {
    const before = (await json<{ channels: unknown[] }>(await call("/api/channels", { cookie: admin }))).channels
      .length;
    const res = await call("/api/channels", {
      cookie: admin,
      body: { kind: "telegram", name: "Unknown", botToken: "123456789:AAunknownunknownunknownunknown" },
    });
    await expectProblem(res, 422, "provider_refused");
    const after = (await json<{ channels: unknown[] }>(await call("/api/channels", { cookie: admin }))).channels.length;
    expect(after).toBe(before);
    await expectProblem(
      await call("/api/channels", { cookie: admin, body: { kind: "telegram", name: "Bad", botToken: "not-a-token" } }),
      400,
      "validation_failed",
    );
  });

  it("is one bot per platform: the same token again is 409", async () => {
    const res = await call("/api/channels", {
      cookie: admin,
      body: { kind: "telegram", name: "Again", botToken: bot.token },
    });
    await expectProblem(res, 409, "bot_taken");
  });
});

describe("Telegram: the webhook secret (G3)", () => {
  it("accepts a non-ASCII update with the matching secret and refuses a wrong or missing one with 401", async () => {
    const chatId = nextChat();
    const text = "Halo kak 👋, pesanan ñ #12 — sudah sampai?";
    const wrong = await customerSends({ chatId, text, secretOverride: "not-the-secret" });
    expect(wrong.status).toBe(401);
    const missing = await customerSends({ chatId, text, secretOverride: "" });
    expect(missing.status).toBe(401);
    await expect(roomOfContact(admin, chatId)).rejects.toThrow();
    const right = await customerSends({ chatId, text, firstName: "Sari" });
    expect(right.status).toBe(200);
    const room = await roomOfContact(admin, chatId);
    expect(room).toMatchObject({ channelKind: "telegram", contactName: "Sari", windowExpiresAt: null });
    expect((await messagesOf(agent, room.id)).map((m) => m.text)).toEqual([text]);
  });

  it("refuses a body for a bot that is not connected here, the same way", async () => {
    const res = await exports.default.fetch(
      new Request(`${ORIGIN}/webhooks/telegram/999999999`, {
        method: "POST",
        headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "x" },
        body: JSON.stringify({ update_id: 1 }),
      }),
    );
    expectDocumented("receiveChannelWebhook", await expectProblem(res, 401, "invalid_signature"));
  });
});

describe("Telegram: what customers send (G3, G6)", () => {
  it("applies a redelivered update (same update_id) once", async () => {
    const chatId = nextChat();
    await customerSends({ chatId, text: "once" });
    const again = await customerSends({ chatId, redeliver: true });
    expect(again.status).toBe(200);
    const room = await roomOfContact(admin, chatId);
    expect((await messagesOf(agent, room.id)).filter((m) => m.direction === "in")).toHaveLength(1);
  });

  it("parses photos (the largest size), documents and voice notes, and fetches each file into R2", async () => {
    const chatId = nextChat();
    await customerSends({
      chatId,
      kind: "photo",
      text: "the box",
      fileBase64: btoa("photo-bytes"),
      mimeType: "image/jpeg",
    });
    await customerSends({ chatId, kind: "document", fileName: "invoice.pdf", fileBase64: btoa("%PDF-1.4") });
    await customerSends({ chatId, kind: "voice", fileBase64: btoa("OggS") });
    const room = await roomOfContact(admin, chatId);
    const messages = await waitFor(async () => {
      const all = await messagesOf(agent, room.id);
      return all.length === 3 && all.every((m) => m.media?.url) ? all : undefined;
    }, "three files stored");
    expect(messages.map((m) => m.kind)).toEqual(["image", "document", "voice"]);
    expect(messages[0]?.text).toBe("the box");
    expect((messages[1]?.media as { filename?: string } | null)?.filename).toBe("invoice.pdf");
    const photo = await call((messages[0] as MessageJson).media?.url ?? "", { cookie: agent });
    expect(await photo.text()).toBe("photo-bytes");
  });

  it("parses each update kind in the common shape (unit)", () => {
    const base = {
      message_id: 7,
      from: { id: 42, first_name: "Budi", username: "budi" },
      chat: { id: 42, type: "private" },
      date: 1_700_000_000,
    };
    const parse = (message: object) =>
      telegramAdapter.parse({ update_id: 1, message: { ...base, ...message } }, 1_700_000_100_000, "bot1").messages[0];
    expect(parse({ text: "hi" })).toMatchObject({
      kind: "text",
      text: "hi",
      providerMessageId: "42:7",
      channelKey: "bot1",
      contact: { externalId: "42", name: "Budi", username: "budi" },
      sentAt: 1_700_000_000_000,
    });
    expect(parse({ photo: [{ file_id: "small" }, { file_id: "big" }], caption: "c" })).toMatchObject({
      kind: "image",
      text: "c",
      media: { providerMediaId: "big" },
    });
    expect(parse({ document: { file_id: "d", file_name: "a.pdf", mime_type: "application/pdf" } })).toMatchObject({
      kind: "document",
      media: { providerMediaId: "d", filename: "a.pdf", mimeType: "application/pdf" },
    });
    expect(parse({ voice: { file_id: "v" } })).toMatchObject({
      kind: "voice",
      media: { providerMediaId: "v", mimeType: "audio/ogg" },
    });
    // Groups are not conversations here.
    const group = telegramAdapter.parse(
      { update_id: 2, message: { ...base, chat: { id: -5, type: "group" }, text: "x" } },
      0,
      "bot1",
    );
    expect(group.messages).toHaveLength(0);
    expect(() => telegramAdapter.parse({ nope: true }, 0, "bot1")).toThrow();
  });
});

describe("Telegram: replies through the Bot API (G3, I2)", () => {
  let chatId: string;
  let roomId: string;
  beforeAll(async () => {
    chatId = nextChat();
    await customerSends({ chatId, text: "Can I get help?" });
    roomId = (await roomOfContact(admin, chatId)).id;
  });

  it("sends an agent's reply with sendMessage, at any time (no window)", async () => {
    const res = await reply(agent, roomId, "Of course! 😊");
    expect(res.status).toBe(201);
    expect((await json<{ status: string }>(res)).status).toBe("sent");
    expect((await sentTo(chatId)).map((s) => [s.method, s.text])).toEqual([["sendMessage", "Of course! 😊"]]);
    // Rule B6: one account id per channel per month is one unique visitor; no conversation is opened.
    expect((await json<{ status: string }>(await reply(agent, roomId, "More?"))).status).toBe("sent");
    const visitors = await env.DB.prepare(
      "SELECT count(*) AS n FROM unique_visitors WHERE channel_id = ? AND external_id = ?",
    )
      .bind(channel.id, chatId)
      .first<{ n: number }>();
    expect(visitors?.n).toBe(1);
    const conversations = await env.DB.prepare("SELECT count(*) AS n FROM conversations WHERE channel_id = ?")
      .bind(channel.id)
      .first<{ n: number }>();
    expect(conversations?.n).toBe(0);
  });

  it("waits out a short 429 retry_after once, and maps a long one and a block to the message's error", async () => {
    const fail = (body: object) => call(`/sandbox/api/channels/telegram/bots/${bot.botId}/failures`, { body });
    await fail({ errorCode: 429, description: "Too Many Requests: retry after 1", retryAfter: 1 });
    const waited = await json<{ status: string }>(await reply(agent, roomId, "after a pause"));
    expect(waited.status).toBe("sent");
    await fail({ errorCode: 429, description: "Too Many Requests: retry after 30", retryAfter: 30 });
    const limited = await json<{ status: string; error: { code: string; detail: string } }>(
      await reply(agent, roomId, "flood"),
    );
    expect(limited).toMatchObject({ status: "failed", error: { code: "rate_limited", detail: "retry after 30 s" } });
    await fail({ errorCode: 403, description: "Forbidden: bot was blocked by the user" });
    const blocked = await json<{ status: string; error: { code: string } }>(await reply(agent, roomId, "hello?"));
    expect(blocked).toMatchObject({ status: "failed", error: { code: "recipient_blocked" } });
    expect((await sentTo(chatId)).map((s) => s.text)).toEqual(["Of course! 😊", "More?", "after a pause"]);
  });

  it("sends a photo as a multipart sendPhoto", async () => {
    const form = new FormData();
    form.append("file", new File([new Uint8Array([0xff, 0xd8, 0xff])], "shirt.jpg", { type: "image/jpeg" }));
    const uploaded = await exports.default.fetch(
      new Request(`${ORIGIN}/api/media`, {
        method: "POST",
        body: form,
        headers: { cookie: `sid=${agent}`, origin: ORIGIN },
      }),
    );
    const { id: mediaId } = await json<{ id: string }>(uploaded);
    const res = await call(`/api/rooms/${roomId}/messages`, {
      cookie: agent,
      body: { type: "image", mediaId, text: "this one" },
    });
    expect((await json<{ status: string }>(res)).status).toBe("sent");
    const last = (await sentTo(chatId)).at(-1);
    expect(last).toMatchObject({ method: "sendPhoto", text: "this one", file: { name: "shirt.jpg" } });
  });

  it("keeps the rooms across disconnect and reconnect (G4); a disconnected bot sends nothing", async () => {
    const patch = (body: object) => call(`/api/channels/${channel.id}`, { method: "PATCH", cookie: admin, body });
    expect((await patch({ connected: false })).status).toBe(200);
    const refused = await json<{ status: string; error: { code: string } }>(await reply(agent, roomId, "while off"));
    expect(refused).toMatchObject({ status: "failed", error: { code: "channel_disconnected" } });
    expect((await patch({ connected: true })).status).toBe(200);
    expect((await roomOfContact(admin, chatId)).id).toBe(roomId);
    expect((await json<{ status: string }>(await reply(agent, roomId, "back"))).status).toBe("sent");
  });

  it("fetches a file with getFile into R2 through the adapter", async () => {
    const opened = await openChannel((await channelById(db(), channel.id))!);
    const sent = await customerSends({
      chatId,
      kind: "document",
      fileBase64: btoa("abc"),
      fileName: "a.txt",
      mimeType: "text/plain",
    });
    const fileId = (sent.update as unknown as { message: { document: { file_id: string } } }).message.document.file_id;
    const out = await telegramAdapter.fetchMedia(env, opened as never, fileId, "test/telegram-file");
    expect(out).toMatchObject({ ok: true, size: 3 });
    expect(await (await env.MEDIA.get("test/telegram-file"))?.text()).toBe("abc");
    const missing = await telegramAdapter.fetchMedia(env, opened as never, "no-such-file", "test/none");
    expect(missing.ok).toBe(false);
  });
});

describe("Telegram: what is WhatsApp's only", () => {
  it("has no templates (T1): submitting one is 422 templates_unsupported and stores nothing", async () => {
    const res = await call("/api/templates", {
      cookie: admin,
      body: {
        channelId: channel.id,
        name: "telegram_hello",
        language: "en",
        category: "UTILITY",
        components: [{ type: "BODY", text: "Hello there" }],
      },
    });
    await expectProblem(res, 422, "templates_unsupported");
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM templates WHERE channel_id = ?")
      .bind(channel.id)
      .first<{ n: number }>();
    expect(stored?.n).toBe(0);
  });

  it("does not start a Telegram contact's conversation on a WhatsApp number (I3, 422 channel_kind_mismatch)", async () => {
    const chatId = nextChat();
    await customerSends({ chatId, text: "Hi from Telegram" });
    const room = await roomOfContact(admin, chatId);
    const { channels } = await json<{ channels: { id: string; kind: string }[] }>(
      await call("/api/channels", { cookie: admin }),
    );
    const whatsapp = channels.find((c) => c.kind === "whatsapp");
    const res = await call(`/api/contacts/${room.contactId}/template-messages`, {
      cookie: agent,
      body: { channelId: whatsapp?.id, templateName: "order_update", language: "en", variables: ["Budi", "A-1"] },
    });
    await expectProblem(res, 422, "channel_kind_mismatch");
    const rooms = await env.DB.prepare("SELECT count(*) AS n FROM rooms WHERE contact_id = ? AND channel_id = ?")
      .bind(room.contactId, whatsapp?.id)
      .first<{ n: number }>();
    expect(rooms?.n).toBe(0);
  });
});

describe("Telegram rooms in the inbox filters (I11, I2)", () => {
  it("count as open to free replies, never as closed: the kind has no reply window", async () => {
    const chatId = nextChat();
    expect((await customerSends({ chatId, text: "Filter me", firstName: "Wina" })).status).toBe(200);
    const room = await roomOfContact(admin, chatId);
    const listed = async (window: string) =>
      (
        await json<{ rooms: { id: string }[] }>(
          await call(`/api/rooms?view=all&window=${window}&channel=${channel.id}&limit=100`, { cookie: admin }),
        )
      ).rooms.map((r) => r.id);
    expect(await listed("open")).toContain(room.id);
    expect(await listed("closed")).not.toContain(room.id);
  });
});
