/**
 * Issue 11, findings 3, 4 and 7 (webhook parts): what a signed-or-not webhook can do to the rooms.
 * Rules I2 (the window), G1 (the webhook), G6 (nothing lost, nothing poisoned).
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { clockTime, dayLabel, fullTime, sameDay, shortTime } from "../../web/src/format";
import { signWhatsAppBody } from "../../worker/channels/whatsapp/signature";
import { buildInboundWebhook } from "../../worker/channels/whatsapp/webhook-builders";
import { extendWindow, windowExpiresAt } from "../../worker/domain/window";
import {
  SANDBOX_APP_SECRET,
  SANDBOX_DISPLAY_PHONE_NUMBER,
  SANDBOX_PHONE_NUMBER_ID,
  SANDBOX_WABA_ID,
} from "../../worker/sandbox/config";
import { call, expectProblem, json, ORIGIN, seed, signIn } from "./helpers";
import { messagesOf, postWebhook, roomOfContact, seconds, wamid } from "./rooms-helpers";

const account = {
  phoneNumberId: SANDBOX_PHONE_NUMBER_ID,
  displayPhoneNumber: SANDBOX_DISPLAY_PHONE_NUMBER,
  wabaId: SANDBOX_WABA_ID,
};
const HOUR = 3_600_000;
const FIVE_MINUTES = 5 * 60_000;

let agent: string;
let supervisor: string;
beforeAll(async () => {
  await seed();
  [agent, supervisor] = await Promise.all([signIn("agent@demo.test"), signIn("supervisor@demo.test")]);
});

const textFrom = (waId: string, timestamp: number | string, body = "Halo", name = "Customer") =>
  JSON.stringify(
    buildInboundWebhook({
      ...account,
      contact: { waId, name },
      message: { id: wamid(), timestamp, type: "text", text: { body } },
    }),
  );

/** One webhook carrying `count` messages, each from its own contact. */
function manyMessages(count: number, prefix: string) {
  const contacts = [];
  const messages = [];
  for (let i = 0; i < count; i++) {
    const waId = `${prefix}${String(i).padStart(4, "0")}`;
    contacts.push({ profile: { name: `C${i}` }, wa_id: waId });
    messages.push({
      from: waId,
      id: wamid(),
      timestamp: String(seconds(Date.now())),
      type: "text",
      text: { body: `m${i}` },
    });
  }
  const value = {
    messaging_product: "whatsapp",
    metadata: { phone_number_id: SANDBOX_PHONE_NUMBER_ID },
    contacts,
    messages,
  };
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{ id: SANDBOX_WABA_ID, changes: [{ field: "messages", value }] }],
  });
}

describe("finding 3: provider timestamps are bounded (I2, G6)", () => {
  it("a signed message dated a year ahead does not hold the window open for a year", async () => {
    const yearAhead = Date.now() + 365 * 24 * HOUR;
    expect((await postWebhook(textFrom("6281377000001", seconds(yearAhead)))).status).toBe(200);
    const room = await roomOfContact(supervisor, "6281377000001");
    // rule I2: the receive time is the ceiling of the window's start.
    expect(room.windowExpiresAt).not.toBeNull();
    expect(room.windowExpiresAt as number).toBeLessThanOrEqual(Date.now() + 24 * HOUR);
    const [message] = await messagesOf(agent, room.id);
    expect((message as unknown as { sentAt: number }).sentAt).toBeLessThanOrEqual(Date.now() + FIVE_MINUTES);
  });

  it("keeps a timestamp a little ahead (clock skew) as sent, but opens the window from the receive time", async () => {
    const skewed = Date.now() + 2 * 60_000;
    expect((await postWebhook(textFrom("6281377000004", seconds(skewed)))).status).toBe(200);
    const room = await roomOfContact(supervisor, "6281377000004");
    const [message] = await messagesOf(agent, room.id);
    expect((message as unknown as { sentAt: number }).sentAt).toBe(seconds(skewed) * 1000);
    expect(room.windowExpiresAt as number).toBeLessThanOrEqual(Date.now() + 24 * HOUR);
  });

  it("an absurd timestamp does not poison the room: its alarm runs and later messages are stored", async () => {
    const absurd = "99999999999999999999999";
    expect((await postWebhook(textFrom("6281377000002", absurd, "first"))).status).toBe(200);
    const room = await roomOfContact(supervisor, "6281377000002");
    expect(Number.isFinite(room.windowExpiresAt)).toBe(true);
    expect(room.windowExpiresAt as number).toBeLessThanOrEqual(Date.now() + 24 * HOUR);
    await runDurableObjectAlarm(env.ROOM.getByName(room.id));
    expect((await postWebhook(textFrom("6281377000002", seconds(Date.now()), "second"))).status).toBe(200);
    await runDurableObjectAlarm(env.ROOM.getByName(room.id));
    const texts = (await messagesOf(agent, room.id)).map((m) => m.text);
    expect(texts).toEqual(expect.arrayContaining(["first", "second"]));
  });

  it("the window math stays finite whatever the stored time (defence in the domain)", () => {
    const now = Date.now();
    expect(extendWindow(null, 1e23, now)).toBeLessThanOrEqual(now);
    expect(extendWindow(now - HOUR, Number.NaN, now)).toBe(now); // an unreadable date: the receive time
    for (const stored of [Number.POSITIVE_INFINITY, Number.NaN, 1e23]) {
      const end = windowExpiresAt(stored);
      expect(end === null || (Number.isFinite(end) && !Number.isNaN(new Date(end).getTime()))).toBe(true);
    }
  });

  it("the web app formats any number as a date without throwing", () => {
    for (const ms of [1e23, Number.NaN, Number.POSITIVE_INFINITY, -1e20, 8.64e15 + 1]) {
      for (const format of [shortTime, clockTime, fullTime, dayLabel]) expect(typeof format(ms)).toBe("string");
      expect(typeof sameDay(ms, Date.now())).toBe("boolean");
    }
  });
});

describe("finding 4: bodies are bounded (G1, G6)", () => {
  it("refuses a webhook body over the limit by its declared length with 413 body_too_large", async () => {
    const big = "x".repeat(4 * 1024 * 1024);
    const raw = textFrom("6281377000010", seconds(Date.now()), big);
    await expectProblem(await postWebhook(raw, `sha256=${"0".repeat(64)}`), 413, "body_too_large");
  });

  it("refuses a streamed webhook body (no length) once it passes the limit, with 413", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 80) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await exports.default.fetch(
      new Request(`${ORIGIN}/webhooks/whatsapp`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hub-signature-256": `sha256=${"0".repeat(64)}` },
        body,
        duplex: "half",
      } as RequestInit),
    );
    await expectProblem(res, 413, "body_too_large");
    expect(sent).toBeLessThan(80); // stopped reading early
  });

  it("refuses an API JSON body over 64 KiB with 413 before reading it as JSON", async () => {
    const res = await call("/api/quick-replies", {
      cookie: agent,
      rawBody: JSON.stringify({ title: "big", text: "y".repeat(70 * 1024) }),
    });
    await expectProblem(res, 413, "body_too_large");
  });

  it("caps inbound text at WhatsApp's 4096 characters and the profile name at its limit", async () => {
    const raw = textFrom("6281377000011", seconds(Date.now()), "z".repeat(20_000), "N".repeat(5_000));
    expect((await postWebhook(raw)).status).toBe(200);
    const room = await roomOfContact(supervisor, "6281377000011");
    const [message] = await messagesOf(agent, room.id);
    expect(message?.text?.length).toBe(4096);
    expect(((room as unknown as { contactName: string }).contactName ?? "").length).toBeLessThanOrEqual(100);
  });

  it("answers a webhook with very many messages in bounded time and loses none of them", async () => {
    // Calibrate on this machine, now: a webhook of 20 messages (what is worked inline at most).
    const started = Date.now();
    expect((await postWebhook(manyMessages(20, "62813781"))).status).toBe(200);
    const twenty = Date.now() - started;
    const count = 200;
    const before = Date.now();
    const res = await postWebhook(manyMessages(count, "62813780"));
    const took = Date.now() - before;
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ received: count });
    // Ten times the messages must not take ten times as long: the rest is queued (G6).
    expect(took).toBeLessThan(twenty * 3 + 500);
    const until = Date.now() + 80_000;
    let stored = 0;
    while (Date.now() < until) {
      const row = await env.DB.prepare("SELECT count(*) AS n FROM contacts WHERE external_id LIKE '62813780%'").first<{
        n: number;
      }>();
      stored = row?.n ?? 0;
      if (stored === count) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(stored).toBe(count);
  }, 100_000);
});

describe("finding 7: the webhook tells nothing about which numbers are connected", () => {
  it("answers an unknown phone number id exactly as a bad signature: 401 invalid_signature", async () => {
    const raw = JSON.stringify(
      buildInboundWebhook({
        phoneNumberId: "999999999999999",
        displayPhoneNumber: "6289999999999",
        wabaId: "1",
        contact: { waId: "6281377000020" },
        message: { id: wamid(), timestamp: seconds(Date.now()), type: "text", text: { body: "?" } },
      }),
    );
    const unknown = await expectProblem(
      await postWebhook(raw, await signWhatsAppBody(raw, SANDBOX_APP_SECRET)),
      401,
      "invalid_signature",
    );
    const known = textFrom("6281377000021", seconds(Date.now()));
    const forged = await expectProblem(await postWebhook(known, `sha256=${"0".repeat(64)}`), 401, "invalid_signature");
    expect(unknown).toEqual(forged);
  });

  it("counts as received only what it stored or queued, not messages for channels the signature does not cover", async () => {
    const mine = JSON.parse(textFrom("6281377000030", seconds(Date.now()))) as {
      entry: { changes: { value: { metadata: { phone_number_id: string } } }[] }[];
    };
    const other = JSON.parse(textFrom("6281377000031", seconds(Date.now()))) as typeof mine;
    const otherChange = other.entry[0]?.changes[0];
    if (!otherChange) throw new Error("fixture");
    otherChange.value.metadata.phone_number_id = "999999999999998";
    mine.entry.push(...other.entry);
    const res = await postWebhook(JSON.stringify(mine));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ received: 1 });
  });
});
