// Issue 11, finding 5 (rule G7): provider secrets at rest. Channel access tokens, app secrets and
// verify tokens are sealed (AES-GCM under SECRETS_KEYS, worker/lib/secret-box.ts) in D1, opened only
// for the provider call, never answered nor logged; rows left in plaintext by migration 0009 keep
// working and are sealed by the hourly cron; keys rotate; production refuses the development key.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env, exports, withEnv } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signWhatsAppBody } from "../../worker/channels/whatsapp/signature";
import { buildInboundWebhook } from "../../worker/channels/whatsapp/webhook-builders";
import { channelsByConfig, channelsByProviderKeys, invalidateChannelCache } from "../../worker/db/channels";
import {
  SANDBOX_ACCESS_TOKEN,
  SANDBOX_APP_SECRET,
  SANDBOX_DISPLAY_NUMBER,
  SANDBOX_PHONE_NUMBER_ID,
  SANDBOX_VERIFY_TOKEN,
  SANDBOX_WABA_ID,
} from "../../worker/db/demo-channel";
import worker from "../../worker/index";
import { DEV_SECRETS_KEYS } from "../../worker/lib/secret-box";
import { addWhatsAppNumber, call, db, expectProblem, json, ORIGIN, seed, signIn } from "./helpers";
import { customerWrites, reply, roomOfContact } from "./rooms-helpers";

const NEW_CHANNEL = {
  name: "Sealed number",
  phoneNumberId: "100000000000881",
  displayPhoneNumber: "+62 811 0000 0881",
  wabaId: "200000000000881",
  accessToken: "EAAG-sealed-access-token-881",
  appSecret: "sealed-app-secret-881",
  verifyToken: "sealed-verify-token-881",
};
const SECRETS = [
  NEW_CHANNEL.accessToken,
  NEW_CHANNEL.appSecret,
  NEW_CHANNEL.verifyToken,
  SANDBOX_ACCESS_TOKEN,
  SANDBOX_APP_SECRET,
  SANDBOX_VERIFY_TOKEN,
];
const randomKey = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));

let admin: string;
let agent: string;
let supervisor: string;
const logged: string[] = [];
beforeAll(async () => {
  for (const level of ["log", "warn", "error", "info", "debug"] as const) {
    const original = console[level].bind(console);
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(" "));
      original(...args);
    });
  }
  await seed();
  [admin, agent, supervisor] = await Promise.all([
    signIn("admin@demo.test"),
    signIn("agent@demo.test"),
    signIn("supervisor@demo.test"),
  ]);
  // Rule G3: Meta is asked about the number on connect (the sandbox plays it, as the admin typed it).
  const { phoneNumberId, accessToken, displayPhoneNumber } = NEW_CHANNEL;
  await addWhatsAppNumber({ phoneNumberId, accessToken, displayPhoneNumber });
});
afterAll(() => vi.restoreAllMocks());

async function rawConfig(id: string): Promise<string> {
  const row = await env.DB.prepare("SELECT config FROM channels WHERE id = ?").bind(id).first<{ config: string }>();
  if (!row) throw new Error(`no channel ${id}`);
  return row.config;
}

const handshake = (token: string) =>
  call(`/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=4242`);

async function signedWebhook(phoneNumberId: string, appSecret: string, waId: string) {
  const raw = JSON.stringify(
    buildInboundWebhook({
      phoneNumberId,
      displayPhoneNumber: "+62 811",
      wabaId: SANDBOX_WABA_ID,
      contact: { waId, name: "Sealed" },
      message: {
        id: `wamid.SEALED${waId}${Date.now()}`,
        timestamp: Math.floor(Date.now() / 1000),
        type: "text",
        text: { body: "hi" },
      },
    }),
  );
  const headers = { "content-type": "application/json", "x-hub-signature-256": await signWhatsAppBody(raw, appSecret) };
  return new Request(`${ORIGIN}/webhooks/whatsapp`, { method: "POST", headers, body: raw });
}

/** The production entry, called with `vars` over the test bindings (the secret box reads the same). */
async function asWorker(vars: Record<string, string | undefined>, request: Request): Promise<Response> {
  const changed = { ...env, ...vars };
  return withEnv(changed, async () => {
    const ctx = createExecutionContext();
    const res = await worker.fetch(request, changed as Env, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }) as Promise<Response>;
}

const hourly = (vars: Record<string, string | undefined> = {}) =>
  withEnv({ ...env, ...vars }, () =>
    worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "0 * * * *" }), {
      ...env,
      ...vars,
    } as Env),
  ) as Promise<void>;

describe("channel secrets at rest (G7)", () => {
  it("stores a new channel's token, app secret and verify token sealed, never in plaintext", async () => {
    const res = await call("/api/channels", { cookie: admin, body: NEW_CHANNEL });
    expect(res.status).toBe(201);
    const { id } = await json<{ id: string }>(res);
    const stored = await rawConfig(id);
    for (const secret of [NEW_CHANNEL.accessToken, NEW_CHANNEL.appSecret, NEW_CHANNEL.verifyToken]) {
      expect(stored).not.toContain(secret);
    }
    const config = JSON.parse(stored) as Record<string, string>;
    for (const field of ["accessToken", "appSecret", "verifyToken"]) {
      expect(config[field]).toMatch(/^sealed:v1:dev:[\w-]{16}:[\w-]+$/);
    }
    // Sealing is randomized: the same secret sealed twice differs.
    expect(config.accessToken).not.toBe(config.appSecret);
    expect(config.displayPhoneNumber).toBe(NEW_CHANNEL.displayPhoneNumber);

    // ...and the channel works: Meta's handshake by verify token, a signed webhook by app secret.
    const ok = await handshake(NEW_CHANNEL.verifyToken);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("4242");
    await expectProblem(await handshake("sealed-verify-token-882"), 403, "forbidden");
    await expectProblem(await handshake(config.verifyToken as string), 403, "forbidden");
    const forged = await exports.default.fetch(
      await signedWebhook(NEW_CHANNEL.phoneNumberId, config.appSecret as string, "6281700000001"),
    );
    expect(forged.status).toBe(401);
    const signed = await exports.default.fetch(
      await signedWebhook(NEW_CHANNEL.phoneNumberId, NEW_CHANNEL.appSecret, "6281700000001"),
    );
    expect(signed.status).toBe(200);
  });

  it("rotating a secret through the API seals the new one, and only the new one works", async () => {
    const list = await json<{ channels: { id: string; phoneNumberId: string }[] }>(
      await call("/api/channels", { cookie: admin }),
    );
    const id = list.channels.find((c) => c.phoneNumberId === NEW_CHANNEL.phoneNumberId)?.id as string;
    const before = JSON.parse(await rawConfig(id)) as Record<string, string>;
    const patched = await call(`/api/channels/${id}`, {
      method: "PATCH",
      cookie: admin,
      body: { verifyToken: "rotated-verify-token-881", name: "Sealed number 2" },
    });
    expect(patched.status).toBe(200);
    const after = JSON.parse(await rawConfig(id)) as Record<string, string>;
    expect(JSON.stringify(after)).not.toContain("rotated-verify-token-881");
    expect(after.verifyToken).toMatch(/^sealed:v1:/);
    expect(after.verifyToken).not.toBe(before.verifyToken);
    expect(after.accessToken).toBe(before.accessToken); // untouched secrets are not re-sealed
    expect((await handshake("rotated-verify-token-881")).status).toBe(200);
    await expectProblem(await handshake(NEW_CHANNEL.verifyToken), 403, "forbidden");
  });

  it("never answers a secret, nor its ciphertext, from the channels API", async () => {
    const answers = [
      await call("/api/channels", { cookie: agent }),
      await call("/api/channels/ch_demo_whatsapp", { cookie: agent }),
      await call("/api/channels/ch_demo_whatsapp", {
        method: "PATCH",
        cookie: admin,
        body: { name: "Demo Store WhatsApp" },
      }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(200);
      const text = await res.text();
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      expect(text).not.toContain("sealed:v1:");
      expect(text).not.toContain("lookup");
    }
  });

  it("seals the demo seed's channel too, and opens it only to send (the sandbox checks the token)", async () => {
    const stored = await rawConfig("ch_demo_whatsapp");
    for (const secret of [SANDBOX_ACCESS_TOKEN, SANDBOX_APP_SECRET, SANDBOX_VERIFY_TOKEN]) {
      expect(stored).not.toContain(secret);
    }
    await customerWrites({ waId: "6281700000002", text: "sealed hello" });
    const room = await roomOfContact(supervisor, "6281700000002");
    expect(await json(await reply(agent, room.id, "sealed answer"))).toMatchObject({ status: "sent" });
  });
});

describe("a channel written in plaintext the way migration 0009 left it (G7)", () => {
  const plaintext = () =>
    env.DB.prepare(
      `UPDATE channels SET config = json_object('displayPhoneNumber', ?, 'wabaId', ?, 'accessToken', ?,
         'appSecret', ?, 'verifyToken', ?, 'metaAppId', NULL) WHERE id = 'ch_demo_whatsapp'`,
    )
      .bind(SANDBOX_DISPLAY_NUMBER, SANDBOX_WABA_ID, SANDBOX_ACCESS_TOKEN, SANDBOX_APP_SECRET, SANDBOX_VERIFY_TOKEN)
      .run();

  it("keeps working (handshake, webhook, send), and the hourly cron seals it", async () => {
    await plaintext();
    invalidateChannelCache();
    expect(await rawConfig("ch_demo_whatsapp")).toContain(SANDBOX_ACCESS_TOKEN);
    expect((await handshake(SANDBOX_VERIFY_TOKEN)).status).toBe(200);
    await customerWrites({ waId: "6281700000003", text: "from before sealing" });
    const room = await roomOfContact(supervisor, "6281700000003");
    expect(await json(await reply(agent, room.id, "plaintext answer"))).toMatchObject({ status: "sent" });

    await hourly();
    const stored = await rawConfig("ch_demo_whatsapp");
    for (const secret of [SANDBOX_ACCESS_TOKEN, SANDBOX_APP_SECRET, SANDBOX_VERIFY_TOKEN]) {
      expect(stored).not.toContain(secret);
    }
    expect(JSON.parse(stored)).toMatchObject({
      displayPhoneNumber: SANDBOX_DISPLAY_NUMBER,
      wabaId: SANDBOX_WABA_ID,
      metaAppId: null,
      accessToken: expect.stringMatching(/^sealed:v1:dev:/),
    });
    // The same channel, its rooms and its secrets: everything still works.
    expect((await handshake(SANDBOX_VERIFY_TOKEN)).status).toBe(200);
    await customerWrites({ waId: "6281700000003", text: "after sealing" });
    expect(await json(await reply(agent, room.id, "sealed answer"))).toMatchObject({ status: "sent" });
    // A second run has nothing left to do.
    const again = await rawConfig("ch_demo_whatsapp");
    await hourly();
    expect(await rawConfig("ch_demo_whatsapp")).toBe(again);
  });
});

describe("key rotation (G7)", () => {
  it("opens with every key, re-seals under the first, and then needs only the new key", async () => {
    const next = `k2:${randomKey()}`;
    const rotated = { SECRETS_KEYS: `${next},${DEV_SECRETS_KEYS}` };
    await withEnv({ ...env, ...rotated }, async () => {
      invalidateChannelCache();
      const [ch] = await channelsByProviderKeys(db(), "whatsapp", [SANDBOX_PHONE_NUMBER_ID]);
      expect((ch?.config as { appSecret?: string } | undefined)?.appSecret).toBe(SANDBOX_APP_SECRET);
    });
    await hourly(rotated);
    expect(JSON.parse(await rawConfig("ch_demo_whatsapp")).accessToken).toMatch(/^sealed:v1:k2:/);
    await withEnv({ ...env, SECRETS_KEYS: next }, async () => {
      invalidateChannelCache();
      const [ch] = await channelsByConfig(db(), "whatsapp", "verifyToken", [SANDBOX_VERIFY_TOKEN]);
      expect(ch?.config).toMatchObject({ accessToken: SANDBOX_ACCESS_TOKEN, verifyToken: SANDBOX_VERIFY_TOKEN });
    });
    // Without the key it was sealed under, a channel fails closed (500), never opens wrong.
    invalidateChannelCache();
    await expectProblem(await handshake(SANDBOX_VERIFY_TOKEN), 403, "forbidden");
    await expectProblem(
      await exports.default.fetch(await signedWebhook(SANDBOX_PHONE_NUMBER_ID, SANDBOX_APP_SECRET, "6281700000004")),
      500,
      "secret_unreadable",
    );
    // Back to the development key for the rest of this file.
    await hourly({ SECRETS_KEYS: `${DEV_SECRETS_KEYS},${next}` });
    invalidateChannelCache();
    expect(JSON.parse(await rawConfig("ch_demo_whatsapp")).accessToken).toMatch(/^sealed:v1:dev:/);
    expect((await handshake(SANDBOX_VERIFY_TOKEN)).status).toBe(200);
  });
});

describe("production refuses the development key (G7)", () => {
  const production = { ENVIRONMENT: "production" };

  it("answers 500 secrets_key_unusable on channel use with the public key, or with none", async () => {
    for (const keys of [DEV_SECRETS_KEYS, undefined, "prod:short", `p1:${randomKey()},${DEV_SECRETS_KEYS}`]) {
      invalidateChannelCache();
      const vars = { ...production, SECRETS_KEYS: keys };
      const res = await asWorker(
        vars,
        await signedWebhook(SANDBOX_PHONE_NUMBER_ID, SANDBOX_APP_SECRET, "6281700000005"),
      );
      await expectProblem(res, 500, "secrets_key_unusable");
      const shake = await asWorker(
        vars,
        new Request(
          `${ORIGIN}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${SANDBOX_VERIFY_TOKEN}&hub.challenge=1`,
        ),
      );
      await expectProblem(shake, 500, "secrets_key_unusable");
    }
    expect(logged.some((line) => line.includes("secrets.key_unusable"))).toBe(true);
  });

  it("writes no channel under the public key (nothing half-written)", async () => {
    const vars = { ...production, SECRETS_KEYS: DEV_SECRETS_KEYS };
    const body = JSON.stringify({ ...NEW_CHANNEL, name: "Refused", phoneNumberId: "100000000000889" });
    const res = await asWorker(
      vars,
      new Request(`${ORIGIN}/api/channels`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: `sid=${admin}`, origin: ORIGIN },
        body,
      }),
    );
    await expectProblem(res, 500, "secrets_key_unusable");
    const count = await env.DB.prepare(
      "SELECT count(*) AS n FROM channels WHERE provider_key = '100000000000889'",
    ).first();
    expect(count?.n).toBe(0);
  });

  it("runs in production with a key of its own", async () => {
    const vars = { ...production, SECRETS_KEYS: `prod1:${randomKey()}` };
    // The demo channel is sealed under the dev key: re-seal it under the production key first.
    await hourly({ ...vars, SECRETS_KEYS: `${vars.SECRETS_KEYS},${DEV_SECRETS_KEYS}`, ENVIRONMENT: "development" });
    invalidateChannelCache();
    const res = await asWorker(vars, await signedWebhook(SANDBOX_PHONE_NUMBER_ID, SANDBOX_APP_SECRET, "6281700000006"));
    expect(res.status).toBe(200);
  });
});

describe("logs (G7)", () => {
  it("carried no secret and no key in any line written by this file", () => {
    expect(logged.length).toBeGreaterThan(0);
    const key = DEV_SECRETS_KEYS.split(":")[1] as string;
    for (const line of logged) {
      for (const secret of [...SECRETS, "rotated-verify-token-881", key]) expect(line).not.toContain(secret);
    }
  });
});
