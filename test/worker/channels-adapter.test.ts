import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { adapterFor, adapterNamed } from "../../worker/channels/registry";
import { signWhatsAppBody } from "../../worker/channels/whatsapp/signature";
import { buildInboundWebhook } from "../../worker/channels/whatsapp/webhook-builders";
import { policyOf, WHATSAPP_POLICY } from "../../worker/domain/channel-policy";
import { checkUpload } from "../../worker/domain/media";
import { conversationNeeded, type Prices, planSend, type Wallets } from "../../worker/domain/pricing";
import { isWindowOpen, windowExpiresAt, windowState } from "../../worker/domain/window";
import { addWhatsAppNumber, call, expectProblem, json, ORIGIN, seed, signIn } from "./helpers";
import { seconds, wamid } from "./rooms-helpers";

let admin: string;
beforeAll(async () => {
  await seed();
  admin = await signIn("admin@demo.test");
  // Rule G3: Meta is asked about the number on connect (the sandbox plays it).
  await addWhatsAppNumber({ phoneNumberId: account.phoneNumberId, accessToken: "cached-access-token" });
});

const account = { phoneNumberId: "100000000000888", displayPhoneNumber: "6281100000888", wabaId: "200000000000888" };

async function postSigned(secret: string, text: string): Promise<Response> {
  const message = { id: wamid(), timestamp: seconds(Date.now()), type: "text" as const, text: { body: text } };
  const raw = JSON.stringify(buildInboundWebhook({ ...account, contact: { waId: "6281700000888" }, message }));
  const headers = { "content-type": "application/json", "x-hub-signature-256": await signWhatsAppBody(raw, secret) };
  return exports.default.fetch(new Request(`${ORIGIN}/webhooks/whatsapp`, { method: "POST", headers, body: raw }));
}

describe("the channel cache of the webhook (issue 10: invalidated by every channel write)", () => {
  it("uses an app secret changed through PATCH /api/channels/:id for the very next webhook", async () => {
    const created = await call("/api/channels", {
      cookie: admin,
      body: {
        name: "Cached number",
        phoneNumberId: account.phoneNumberId,
        displayPhoneNumber: "+62 811 0000 0888",
        wabaId: account.wabaId,
        accessToken: "cached-access-token",
        appSecret: "first-app-secret",
        verifyToken: "cached-verify-token",
      },
    });
    const { id } = await json<{ id: string }>(created);
    // The first webhook reads the channel and caches it in the isolate.
    expect((await postSigned("first-app-secret", "one")).status).toBe(200);
    const patched = await call(`/api/channels/${id}`, {
      method: "PATCH",
      cookie: admin,
      body: { appSecret: "second-app-secret" },
    });
    expect(patched.status).toBe(200);
    expect((await postSigned("second-app-secret", "two")).status).toBe(200);
    await expectProblem(await postSigned("first-app-secret", "three"), 401, "invalid_signature");
  });
});

describe("the registry of channel kinds", () => {
  it("lists WhatsApp (and issue 16's kinds), and a kind it does not list has no webhook", async () => {
    expect(adapterFor("whatsapp").kind).toBe("whatsapp");
    expect(adapterNamed("telegram")?.kind).toBe("telegram");
    // Issue 16: webchat is a kind now (its widget has routes of its own, no webhook); SMS is not.
    expect(adapterNamed("webchat")?.kind).toBe("webchat");
    expect(adapterNamed("sms")).toBeNull();
    expect(adapterNamed("toString")).toBeNull();
    const res = await exports.default.fetch(new Request(`${ORIGIN}/webhooks/sms`, { method: "POST", body: "{}" }));
    await expectProblem(res, 404, "not_found");
  });

  it("answers the handshake through the adapter, by the channel's verify token (G1)", async () => {
    const query = "hub.mode=subscribe&hub.verify_token=sandbox-verify-token&hub.challenge=1158201444";
    const res = await exports.default.fetch(new Request(`${ORIGIN}/webhooks/whatsapp?${query}`));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("1158201444");
  });
});

describe("the channel kind's policy (I2, I10, B2-B5)", () => {
  const now = Date.UTC(2026, 11, 4, 8);
  const hour = 3_600_000;
  const noWindow = { ...WHATSAPP_POLICY, label: "Webchat", replyWindowMs: null };
  const free = { ...WHATSAPP_POLICY, pricing: { model: "free" as const } };

  it("is looked up by kind; WhatsApp's is the default everywhere", () => {
    expect(policyOf("whatsapp")).toBe(WHATSAPP_POLICY);
    expect(windowExpiresAt(now)).toBe(now + 24 * hour);
    expect(isWindowOpen(now - 23 * hour, now)).toBe(true);
    expect(isWindowOpen(now - 24 * hour, now)).toBe(false);
  });

  it("I2: a kind's own window length, or none at all", () => {
    const short = { ...WHATSAPP_POLICY, replyWindowMs: hour };
    expect(isWindowOpen(now - 2 * hour, now, short)).toBe(false);
    expect(windowExpiresAt(now, short)).toBe(now + hour);
    expect(isWindowOpen(now - 48 * hour, now, noWindow)).toBe(true);
    expect(isWindowOpen(null, now, noWindow)).toBe(true);
    expect(windowExpiresAt(now, noWindow)).toBeNull();
    expect(windowState(null, now).state).toBe("none");
  });

  it("I10: a kind's media limits", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(checkUpload(png, 6 * 1024 * 1024)).toMatchObject({ ok: false, code: "media_too_large" });
    const bigger = { ...noWindow, mediaLimits: { ...WHATSAPP_POLICY.mediaLimits, image: 10 * 1024 * 1024 } };
    expect(checkUpload(png, 6 * 1024 * 1024, bigger)).toMatchObject({ ok: true, kind: "image" });
    const smaller = { ...noWindow, mediaLimits: { ...WHATSAPP_POLICY.mediaLimits, image: 1024 } };
    expect(checkUpload(png, 2048, smaller)).toMatchObject({
      ok: false,
      detail: "A image can be at most 0.0009765625 MB on Webchat.",
    });
  });

  it("B2-B5: WhatsApp prices conversations; a free kind never needs one and costs nothing", () => {
    expect(conversationNeeded("reply", [], now)).toBe("service");
    expect(conversationNeeded("reply", [], now, free)).toBeNull();
    expect(conversationNeeded("MARKETING", [], now, free)).toBeNull();
    const empty: Wallets = { conversationCredit: 0, muvQuota: 0, packageBalance: 0, topupBalance: 0, voiceBalance: 0 };
    const prices: Prices = { service: 100, MARKETING: 500, UTILITY: 200, AUTHENTICATION: 300, muv: 600 };
    const need = { conversation: "MARKETING" as const, uniqueVisitor: true };
    expect(planSend(need, empty, prices)).toBeNull();
    expect(planSend(need, empty, prices, free)).toEqual({ uniqueVisitor: [], conversation: [] });
  });
});
