import { env } from "cloudflare:workers";
import { OpenAPIHono } from "@hono/zod-openapi";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { app } from "../../worker/app";
import type { AppEnv } from "../../worker/lib/router";
import {
  SANDBOX_DISPLAY_PHONE_NUMBER,
  SANDBOX_PHONE_NUMBER_ID,
  SANDBOX_WABA_ID,
  TEMPLATE_REJECT_MARKER,
} from "../../worker/sandbox/config";
import { setDeliveryTarget } from "../../worker/sandbox/deliver";
import { graphFetchFor } from "../../worker/sandbox/fetch";
import { sandboxRoutes, sandboxStub } from "../../worker/sandbox/routes";
import type { CustomerSendResult } from "../../worker/sandbox/sandbox-do";
import { expectProblem } from "./helpers";
import {
  APP,
  type Captured,
  captureDeliveries,
  expectedSignature,
  graph,
  runAlarmsUntil,
  sandbox,
} from "./sandbox-helpers";

let captured: Captured[];
let answer = 200;
beforeEach(() => {
  answer = 200;
  captured = captureDeliveries(() => answer);
});
afterEach(() => setDeliveryTarget(null));

const postJson = (path: string, body: unknown) =>
  sandbox(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function customerSends(waId: string, body: unknown): Promise<CustomerSendResult> {
  const res = await postJson(`/api/customers/${waId}/messages`, body);
  expect(res.status).toBe(201);
  return (await res.json()) as CustomerSendResult;
}

const lastFor = (wamid: string) =>
  captured.filter((c) => c.json.entry[0]?.changes[0]?.value.messages?.[0]?.id === wamid);

describe("customer simulator API", () => {
  it("creates and lists customers by phone number and name", async () => {
    const res = await postJson("/api/customers", { phone: "+62 812 3000 0001", name: "Siti" });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ customer: { waId: "6281230000001", name: "Siti" } });
    const list = (await (await sandbox("/api/customers")).json()) as { customers: Array<{ waId: string }> };
    expect(list.customers.map((c) => c.waId)).toContain("6281230000001");

    await expectProblem(await postJson("/api/customers", { phone: "not a phone" }), 400, "validation_failed");
    await expectProblem(await sandbox("/api/customers/6281239999999/messages"), 404, "not_found");
  });

  it("turns a customer's text into a signed Meta webhook posted to /webhooks/whatsapp", async () => {
    const result = await customerSends("6281230000002", { type: "text", text: "Halo, stok ada?", name: "Budi" });
    expect(result.message).toMatchObject({
      direction: "in",
      type: "text",
      text: "Halo, stok ada?",
      status: "delivered",
    });
    expect(result.delivery).toMatchObject({ kind: "message", state: "delivered", attempts: 1, lastStatus: 200 });

    const [hook] = lastFor(result.message.id);
    expect(hook).toBeDefined();
    if (!hook) return;
    expect(hook.url).toBe(`${env.APP_URL}/webhooks/whatsapp`);
    expect(hook.method).toBe("POST");
    expect(hook.contentType).toBe("application/json");
    expect(hook.signature).toBe(await expectedSignature(hook.raw));
    expect(hook.signature).not.toBe(await expectedSignature(hook.raw, "another-secret"));
    const timestamp = hook.json.entry[0]?.changes[0]?.value.messages?.[0]?.timestamp;
    expect(timestamp).toMatch(/^\d{10}$/);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(hook.json).toEqual({
      object: "whatsapp_business_account",
      entry: [
        {
          id: SANDBOX_WABA_ID,
          changes: [
            {
              field: "messages",
              value: {
                messaging_product: "whatsapp",
                metadata: {
                  display_phone_number: SANDBOX_DISPLAY_PHONE_NUMBER,
                  phone_number_id: SANDBOX_PHONE_NUMBER_ID,
                },
                contacts: [{ profile: { name: "Budi" }, wa_id: "6281230000002" }],
                messages: [
                  {
                    from: "6281230000002",
                    id: result.message.id,
                    timestamp,
                    type: "text",
                    text: { body: "Halo, stok ada?" },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
  });

  it("sends an image as multipart; the platform can fetch it through the Graph API", async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 9, 8, 7]);
    const form = new FormData();
    form.append("file", new File([bytes], "photo.jpg", { type: "image/jpeg" }));
    form.append("caption", "Barang rusak");
    form.append("name", "Ani");
    const res = await sandbox("/api/customers/6281230000003/messages", { method: "POST", body: form });
    expect(res.status).toBe(201);
    const result = (await res.json()) as CustomerSendResult;
    const message = lastFor(result.message.id)[0]?.json.entry[0]?.changes[0]?.value.messages?.[0];
    const mediaId = result.message.mediaId as string;
    expect(message).toMatchObject({
      type: "image",
      image: {
        caption: "Barang rusak",
        mime_type: "image/jpeg",
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        id: mediaId,
      },
    });
    const info = (await (await graph(`/${mediaId}`)).json()) as { url: string };
    const download = await sandbox(info.url.slice(`${env.APP_URL}/sandbox`.length), {
      headers: { authorization: "Bearer sandbox-access-token" },
    });
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    // The simulator page shows it without a token.
    expect((await sandbox(`/api/media/${mediaId}`)).status).toBe(200);
  });

  it("sends a location, a reply and a reaction to the business's message", async () => {
    const waId = "6281230000004";
    const sent = await graph(`/${SANDBOX_PHONE_NUMBER_ID}/messages`, {
      json: { messaging_product: "whatsapp", to: waId, type: "text", text: { body: "Pesanan dikirim" } },
    });
    const wamid = ((await sent.json()) as { messages: Array<{ id: string }> }).messages[0]?.id as string;

    const location = await customerSends(waId, {
      type: "location",
      latitude: -6.2,
      longitude: 106.8,
      place: "Rumah",
      address: "Jl. Merdeka 1",
      name: "Sinta Lokasi",
    });
    expect(lastFor(location.message.id)[0]?.json.entry[0]?.changes[0]?.value.messages?.[0]).toMatchObject({
      type: "location",
      location: { latitude: -6.2, longitude: 106.8, name: "Rumah", address: "Jl. Merdeka 1" },
    });
    // Issue 17: the place's name is not the customer's: their profile name stays theirs.
    const profileName = (id: string) => {
      const value = lastFor(id)[0]?.json.entry[0]?.changes[0]?.value as
        | { contacts?: { profile?: { name?: string } }[] }
        | undefined;
      return value?.contacts?.[0]?.profile?.name;
    };
    expect(profileName(location.message.id)).toBe("Sinta Lokasi");
    const placeOnly = await customerSends(waId, { type: "location", latitude: 1, longitude: 2, place: "Monas" });
    expect(profileName(placeOnly.message.id)).toBe("Sinta Lokasi");

    const reply = await customerSends(waId, { type: "text", text: "Terima kasih", contextId: wamid });
    expect(lastFor(reply.message.id)[0]?.json.entry[0]?.changes[0]?.value.messages?.[0]).toMatchObject({
      context: { from: SANDBOX_DISPLAY_PHONE_NUMBER, id: wamid },
    });

    const reaction = await customerSends(waId, { type: "reaction", messageId: wamid, emoji: "👍" });
    expect(lastFor(reaction.message.id)[0]?.json.entry[0]?.changes[0]?.value.messages?.[0]).toMatchObject({
      type: "reaction",
      reaction: { message_id: wamid, emoji: "👍" },
    });
    await expectProblem(
      await postJson(`/api/customers/${waId}/messages`, { type: "reaction", messageId: "wamid.nope", emoji: "x" }),
      404,
      "not_found",
    );
    await expectProblem(await postJson(`/api/customers/${waId}/messages`, { type: "text" }), 400, "validation_failed");
  });

  it("shows the whole conversation both ways, oldest first, with statuses", async () => {
    const waId = "6281230000005";
    await customerSends(waId, { type: "text", text: "one", name: "Dewi" });
    await graph(`/${SANDBOX_PHONE_NUMBER_ID}/messages`, {
      json: { messaging_product: "whatsapp", to: waId, type: "text", text: { body: "two" } },
    });
    await customerSends(waId, { type: "text", text: "three" });
    const res = await sandbox(`/api/customers/${waId}/messages`);
    const body = (await res.json()) as {
      customer: { name: string };
      messages: Array<{ text: string; direction: string; status: string }>;
    };
    expect(body.customer.name).toBe("Dewi");
    expect(body.messages.map((m) => [m.text, m.direction])).toEqual([
      ["one", "in"],
      ["two", "out"],
      ["three", "in"],
    ]);
    expect(body.messages[0]?.status).toBe("delivered");
  });

  it("marks a customer's message read when the business says so", async () => {
    const result = await customerSends("6281230000006", { type: "text", text: "read me" });
    const res = await graph(`/${SANDBOX_PHONE_NUMBER_ID}/messages`, {
      json: { messaging_product: "whatsapp", status: "read", message_id: result.message.id },
    });
    expect(await res.json()).toEqual({ success: true });
    expect((await sandboxStub(env).message(result.message.id))?.status).toBe("read");
  });

  it("keeps a webhook the platform refuses and retries it by alarm until it is taken", async () => {
    answer = 500;
    const result = await customerSends("6281230000007", { type: "text", text: "are you there?" });
    expect(result.message.status).toBe("pending");
    expect(result.delivery).toMatchObject({ state: "pending", attempts: 1, lastStatus: 500 });
    answer = 200;
    await runAlarmsUntil(() => lastFor(result.message.id).length >= 2);
    const [first, second] = lastFor(result.message.id);
    expect(second?.raw).toBe(first?.raw);
    expect(second?.signature).toBe(first?.signature);
    expect((await sandboxStub(env).message(result.message.id))?.status).toBe("delivered");
  });

  it("re-delivers the last webhook byte for byte (Meta retrying)", async () => {
    const result = await customerSends("6281230000008", { type: "text", text: "duplicate me" });
    const res = await sandbox("/api/redeliver", { method: "POST" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ delivery: { kind: "redelivery", state: "delivered", lastStatus: 200 } });
    const copies = lastFor(result.message.id);
    expect(copies).toHaveLength(2);
    expect(copies[1]?.raw).toBe(copies[0]?.raw);
    expect(copies[1]?.signature).toBe(copies[0]?.signature);
  });
});

describe("customer simulator page", () => {
  it("is a self-contained page with labelled controls and stable test ids", async () => {
    const res = await sandbox("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    for (const id of [
      "sim-phone",
      "sim-name",
      "sim-start",
      "sim-text",
      "sim-send",
      "sim-message",
      "sim-conversation",
    ]) {
      expect(html).toContain(`"${id}"`);
    }
    for (const id of ["sim-phone", "sim-name", "sim-text"]) expect(html).toContain(`<label for="${id}">`);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
    expect(html).toMatch(/setInterval\(refresh, [1-4]\d\d\)/);
  });
});

// rule T3: the page documents the reject marker word and offers the lower-quality action.
describe("customer simulator page: templates", () => {
  it("names the reject marker word and has a Lower quality action per template", async () => {
    const html = await (await sandbox("/")).text();
    expect(html).toContain('data-testid="sim-templates-help"');
    expect(html).toContain(`<code>${TEMPLATE_REJECT_MARKER}</code>`);
    expect(html).toContain("sim-template-lower");
    expect(html).toContain("Lower quality");
    expect(html).toContain('"templates/" + encodeURIComponent(t.id) + "/quality"');
  });
});

describe("development only", () => {
  const production = { ...env, ENVIRONMENT: "production" };
  const routes: Array<[string, string]> = [
    ["GET", "/"],
    ["GET", "/api/config"],
    ["GET", "/api/customers"],
    ["POST", "/api/customers"],
    ["GET", "/api/customers/6281230000002/messages"],
    ["POST", "/api/customers/6281230000002/messages"],
    ["POST", "/api/redeliver"],
    ["GET", "/api/deliveries"],
    ["GET", "/api/media/1234"],
    ["POST", `/graph/v21.0/${SANDBOX_PHONE_NUMBER_ID}/messages`],
    ["POST", `/graph/v21.0/${SANDBOX_PHONE_NUMBER_ID}/media`],
    ["GET", `/graph/v21.0/${SANDBOX_PHONE_NUMBER_ID}`],
    ["DELETE", "/graph/v21.0/1234"],
    ["GET", "/media/1234"],
    ["GET", "/no-such-route"],
  ];

  it("answers every sandbox route with 404 problem+json, like an unknown route, outside development", async () => {
    for (const [method, path] of routes) {
      const res = await sandbox(
        path,
        {
          method,
          headers: { authorization: "Bearer sandbox-access-token", "content-type": "application/json" },
          ...(method === "POST" ? { body: "{}" } : {}),
        },
        production,
      );
      const body = await expectProblem(res, 404, "not_found");
      expect(body).toEqual({
        type: "urn:edge-inbox:problem:not_found",
        title: "Not Found",
        status: 404,
        code: "not_found",
        detail: "No such route.",
      });
    }
  });

  it("answers 404 through the whole app too, page and Graph API alike", async () => {
    const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} } as unknown as ExecutionContext;
    for (const path of [
      "/sandbox",
      "/sandbox/",
      `/sandbox/graph/v21.0/${SANDBOX_PHONE_NUMBER_ID}`,
      "/sandbox/api/customers",
    ]) {
      const res = await app.fetch(
        new Request(`${APP}${path}`, { headers: { authorization: "Bearer sandbox-access-token" } }),
        production,
        ctx,
      );
      await expectProblem(res, 404, "not_found");
    }
  });

  it("graphFetchFor answers the sandbox in-process in development and is the global fetch otherwise", async () => {
    expect(graphFetchFor(production)).toBe(fetch);

    const devFetch = graphFetchFor(env);
    const res = await devFetch(`${APP}/sandbox/graph/v21.0/${SANDBOX_PHONE_NUMBER_ID}?fields=id`, {
      headers: { authorization: "Bearer sandbox-access-token" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: SANDBOX_PHONE_NUMBER_ID });

    const send = await devFetch(new Request(`${env.GRAPH_API_URL}/${SANDBOX_PHONE_NUMBER_ID}/messages`), {
      method: "POST",
      headers: { authorization: "Bearer sandbox-access-token", "content-type": "application/json" },
      body: JSON.stringify({ messaging_product: "whatsapp", to: "6281230000009", type: "text", text: { body: "hi" } }),
    });
    expect(send.status).toBe(200);

    const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("elsewhere"));
    try {
      const other = await devFetch("https://graph.facebook.com/v21.0/me");
      expect(await other.text()).toBe("elsewhere");
      const lookalike = await devFetch(`${APP}/sandboxed/graph`);
      expect(await lookalike.text()).toBe("elsewhere");
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("mounted with app.route('/sandbox', sandboxRoutes)", () => {
  it("serves the page at /sandbox and /sandbox/ and the APIs below it", async () => {
    const host = new OpenAPIHono<AppEnv>();
    host.route("/sandbox", sandboxRoutes);
    const get = (path: string, headers: Record<string, string> = {}) =>
      host.fetch(new Request(`${APP}${path}`, { headers }), env);
    for (const path of ["/sandbox", "/sandbox/"]) {
      const page = await get(path);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('data-testid="sim-conversation"');
    }
    expect((await get("/sandbox/api/customers")).status).toBe(200);
    const phone = await get(`/sandbox/graph/v21.0/${SANDBOX_PHONE_NUMBER_ID}`, {
      authorization: "Bearer sandbox-access-token",
    });
    expect(await phone.json()).toMatchObject({ id: SANDBOX_PHONE_NUMBER_ID });
    await expectProblem(await get("/sandbox/api/customers/not-a-phone/messages"), 400, "validation_failed");
  });
});
