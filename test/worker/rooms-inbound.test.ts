import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { signWhatsAppBody } from "../../worker/channels/whatsapp/signature";
import { buildInboundWebhook } from "../../worker/channels/whatsapp/webhook-builders";
import { call, expectProblem, seed, signIn } from "./helpers";
import { customerWrites, messagesOf, postWebhook, roomOfContact, roomsOf, seconds, wamid } from "./rooms-helpers";

let agent: string;
let supervisor: string;

beforeAll(async () => {
  await seed();
  [agent, supervisor] = await Promise.all([signIn("agent@demo.test"), signIn("supervisor@demo.test")]);
});

const count = async (sql: string) => (await env.DB.prepare(sql).first<{ n: number }>())?.n ?? 0;

describe("WhatsApp webhook (G1, G6)", () => {
  it("answers Meta's verify handshake with the challenge, and 403 for a wrong token", async () => {
    const ok = await call(
      "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=sandbox-verify-token&hub.challenge=12345",
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("12345");
    const bad = await call("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=12345");
    await expectProblem(bad, 403, "forbidden");
    // A handshake missing its fields is told which, as for every other input (zod at the edge).
    const partial = await expectProblem(
      await call("/webhooks/whatsapp?hub.mode=unsubscribe"),
      400,
      "validation_failed",
    );
    expect((partial as { errors?: { path: string }[] }).errors?.map((e) => e.path).sort()).toEqual([
      "hub.challenge",
      "hub.mode",
      "hub.verify_token",
    ]);
  });

  it("opens a room for a new contact and stores the message, listed in the inbox (I1)", async () => {
    const { id } = await customerWrites({ waId: "6281200000001", name: "Rina", text: "Halo, pesanan saya?" });
    const room = await roomOfContact(agent, "6281200000001", "unassigned");
    expect(room).toMatchObject({ status: "unassigned", unreadCount: 1, lastMessagePreview: "Halo, pesanan saya?" });
    const messages = await messagesOf(agent, room.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      direction: "in",
      kind: "text",
      text: "Halo, pesanan saya?",
      providerMessageId: id,
    });
  });

  it("checks the signature over the raw bytes, including non-ASCII text and emoji", async () => {
    const raw = JSON.stringify(
      buildInboundWebhook({
        phoneNumberId: "100000000000001",
        displayPhoneNumber: "6281100000001",
        wabaId: "200000000000001",
        contact: { waId: "6281200000002", name: "Café Ñoño" },
        message: { id: wamid(), timestamp: seconds(Date.now()), type: "text", text: { body: "Halo 👋 café — ñ" } },
      }),
    ).replace("Halo", "Halo\u00a0"); // bytes that a re-serialisation would not reproduce
    expect((await postWebhook(raw)).status).toBe(200);
    const room = await roomOfContact(supervisor, "6281200000002");
    expect((await messagesOf(agent, room.id))[0]?.text).toBe("Halo\u00a0 👋 café — ñ");
  });

  it("refuses a bad or missing signature with 401 and stores nothing", async () => {
    const before = await count("SELECT count(*) AS n FROM contacts");
    const raw = JSON.stringify(
      buildInboundWebhook({
        phoneNumberId: "100000000000001",
        displayPhoneNumber: "6281100000001",
        wabaId: "200000000000001",
        contact: { waId: "6281299999999", name: "Mallory" },
        message: { id: wamid(), timestamp: seconds(Date.now()), type: "text", text: { body: "forged" } },
      }),
    );
    await expectProblem(await postWebhook(raw, await signWhatsAppBody(raw, "wrong-secret")), 401, "invalid_signature");
    await expectProblem(await postWebhook(raw, null), 401, "invalid_signature");
    await expectProblem(
      await postWebhook(`${raw} `, await signWhatsAppBody(raw, "sandbox-app-secret")),
      401,
      "invalid_signature",
    );
    expect(await count("SELECT count(*) AS n FROM contacts")).toBe(before);
  });

  it("answers a phone number id that is not connected like a bad signature (401, issue 11), and stores nothing", async () => {
    const raw = JSON.stringify(
      buildInboundWebhook({
        phoneNumberId: "999999999999999",
        displayPhoneNumber: "6289999999999",
        wabaId: "1",
        contact: { waId: "6281288888888" },
        message: { id: wamid(), timestamp: seconds(Date.now()), type: "text", text: { body: "?" } },
      }),
    );
    await expectProblem(
      await postWebhook(raw, await signWhatsAppBody(raw, "sandbox-app-secret")),
      401,
      "invalid_signature",
    );
    expect(await count("SELECT count(*) AS n FROM contacts WHERE external_id = '6281288888888'")).toBe(0);
  });

  it("applies a repeated delivery once, even after the room was resolved (dedupe by wamid)", async () => {
    const first = await customerWrites({ waId: "6281200000003", text: "once" });
    expect((await postWebhook(first.raw)).status).toBe(200);
    const room = await roomOfContact(supervisor, "6281200000003");
    expect(await messagesOf(agent, room.id)).toHaveLength(1);
    expect((await call(`/api/rooms/${room.id}/resolve`, { method: "POST", cookie: supervisor })).status).toBe(200);
    expect((await postWebhook(first.raw)).status).toBe(200);
    const rooms = (await roomsOf(supervisor)).filter((r) => r.contactExternalId === "6281200000003");
    expect(rooms).toHaveLength(1);
  });

  it("keeps reordered deliveries in arrival order and the window at the latest timestamp (I2)", async () => {
    const now = Date.now();
    await customerWrites({ waId: "6281200000004", text: "second", at: now - 60_000 });
    await customerWrites({ waId: "6281200000004", text: "first", at: now - 120_000 });
    const room = await roomOfContact(supervisor, "6281200000004");
    expect(room.windowExpiresAt).toBe(seconds(now - 60_000) * 1000 + 24 * 3_600_000);
    const messages = await messagesOf(agent, room.id);
    expect(messages.map((m) => m.text)).toEqual(["second", "first"]);
    expect(messages[1]?.seq).toBeGreaterThan(messages[0]?.seq ?? Number.POSITIVE_INFINITY);
  });

  it("opens exactly one room when a new contact's first two messages arrive at the same instant (I1)", async () => {
    await Promise.all([
      customerWrites({ waId: "6281200000005", text: "a" }),
      customerWrites({ waId: "6281200000005", text: "b" }),
      customerWrites({ waId: "6281200000005", text: "c" }),
    ]);
    const rooms = (await roomsOf(supervisor)).filter((r) => r.contactExternalId === "6281200000005");
    expect(rooms).toHaveLength(1);
    expect((await messagesOf(agent, rooms[0]?.id ?? "")).map((m) => m.text).sort()).toEqual(["a", "b", "c"]);
  });

  it("opens a new room for a message after a resolve (I1)", async () => {
    await customerWrites({ waId: "6281200000006", text: "before" });
    const old = await roomOfContact(supervisor, "6281200000006");
    await call(`/api/rooms/${old.id}/resolve`, { method: "POST", cookie: supervisor });
    await customerWrites({ waId: "6281200000006", text: "after" });
    const rooms = (await roomsOf(supervisor)).filter((r) => r.contactExternalId === "6281200000006");
    expect(rooms).toHaveLength(2);
    const fresh = rooms.find((r) => r.status !== "resolved");
    expect(fresh?.id).not.toBe(old.id);
    expect((await messagesOf(agent, fresh?.id ?? "")).map((m) => m.text)).toEqual(["after"]);
  });

  it("keeps every kind of message: image, location, reaction, voice, contacts, document, sticker", async () => {
    const waId = "6281200000007";
    const text = await customerWrites({ waId, text: "look" });
    const kinds = [
      { type: "image", image: { id: "m-img", mime_type: "image/jpeg", caption: "the box" } },
      { type: "location", location: { latitude: -6.2, longitude: 106.8, name: "Monas" } },
      { type: "reaction", reaction: { message_id: text.id, emoji: "👍" } },
      { type: "audio", audio: { id: "m-voice", mime_type: "audio/ogg; codecs=opus", voice: true } },
      { type: "contacts", contacts: [{ name: { formatted_name: "Budi" }, phones: [{ phone: "+62 812" }] }] },
      { type: "document", document: { id: "m-doc", mime_type: "application/pdf", filename: "invoice.pdf" } },
      { type: "sticker", sticker: { id: "m-sticker", mime_type: "image/webp" } },
    ] as const;
    for (const content of kinds) {
      await customerWrites({ waId, message: { id: wamid(), timestamp: seconds(Date.now()), ...content } as never });
    }
    const room = await roomOfContact(supervisor, waId);
    const messages = await messagesOf(agent, room.id);
    expect(messages.map((m) => m.kind)).toEqual([
      "text",
      "image",
      "location",
      "reaction",
      "voice",
      "contacts",
      "document",
      "sticker",
    ]);
    const reaction = messages[3] as unknown as { reactionToId: string; text: string };
    expect(reaction.reactionToId).toBe(messages[0]?.id);
    expect(reaction.text).toBe("👍");
  });
});
