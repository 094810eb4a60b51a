// Tenant webhooks (rule G5): admins register endpoints; every subscribed event is delivered signed per
// the Standard Webhooks spec (verified here with the `standardwebhooks` library), retried with backoff,
// logged per attempt, disabled on 410 or after failing for days, replayed with the same webhook-id.
// The receiver is the sandbox's tenant server (worker/sandbox/receiver.ts), reached over HTTP.
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createDb } from "../../worker/db/client";
import { RETRY_DELAYS_S } from "../../worker/domain/webhooks";
import { webhookPayload } from "../../worker/events/listeners/tenant-webhooks";
import type { DomainEvent } from "../../worker/events/types";
import { attemptLimits } from "../../worker/features/webhooks/deliver";
import { recover } from "../../worker/features/webhooks/service";
import { runWebhooksBatch } from "../../worker/jobs/webhooks-queue";
import { call, json, ORIGIN, seedAndSignIn } from "./helpers";
import { deliverUntilAccepted, eventually, inboundBody, quietInfoLogs } from "./resilience-helpers";

let admin: string;
let agent: string;
let otherAdmin: string;
let restoreLogs: () => void;

beforeAll(async () => {
  restoreLogs = quietInfoLogs();
  [admin, agent, otherAdmin] = await seedAndSignIn("admin@demo.test", "agent@demo.test", "boss@other.test");
});
afterAll(() => restoreLogs());
afterEach(() => {
  attemptLimits.timeoutMs = 10_000;
  attemptLimits.retryDelaysS = RETRY_DELAYS_S;
});

interface Endpoint {
  id: string;
  url: string;
  enabled: boolean;
  disabledReason: string | null;
  secret?: string;
}
interface Delivery {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
  log: { statusCode: number | null; error: string | null; excerpt: string | null }[];
}
interface Received {
  headers: Record<string, string>;
  body: string;
}

const receiverUrl = (name: string) => `${ORIGIN}/sandbox/receiver/${name}`;

async function script(name: string, answers: (number | "hang")[]) {
  const res = await call(`/sandbox/api/receivers/${name}`, { method: "PUT", body: { answers } });
  expect(res.status).toBe(200);
}
async function receivedBy(name: string): Promise<Received[]> {
  return (await json<{ received: Received[] }>(await call(`/sandbox/api/receivers/${name}`))).received;
}
async function createEndpoint(name: string, events: string[], cookie = admin): Promise<Endpoint> {
  const res = await call("/api/webhook-endpoints", { cookie, body: { url: receiverUrl(name), events } });
  expect(res.status, await res.clone().text()).toBe(201);
  return json<Endpoint>(res);
}
async function deliveriesOf(endpointId: string): Promise<Delivery[]> {
  const res = await call(`/api/webhook-endpoints/${endpointId}/deliveries`, { cookie: admin });
  expect(res.status).toBe(200);
  return (await json<{ deliveries: Delivery[] }>(res)).deliveries;
}
let customers = 0;
async function customerWrites(text: string) {
  customers++;
  const waId = `62829900020${String(customers).padStart(2, "0")}`;
  await deliverUntilAccepted(
    inboundBody({ waId, id: `wamid.HOOK-${customers}-${Date.now()}`, at: Math.floor(Date.now() / 1000), text }),
  );
}
async function settle(endpointId: string, done: (d: Delivery[]) => boolean, ms = 15_000): Promise<Delivery[]> {
  let last: Delivery[] = [];
  await eventually(async () => {
    last = await deliveriesOf(endpointId);
    return done(last);
  }, ms);
  return last;
}

describe("endpoints", () => {
  it("are managed by admins; the secret is answered once; another organization's is not found", async () => {
    const created = await createEndpoint("manage", ["message.created"]);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const read = await json<Endpoint>(await call(`/api/webhook-endpoints/${created.id}`, { cookie: admin }));
    expect(read).not.toHaveProperty("secret");
    const stored = await env.DB.prepare("SELECT secret FROM webhook_endpoints WHERE id = ?")
      .bind(created.id)
      .first<{ secret: string }>();
    expect(stored?.secret).not.toContain(created.secret?.slice(6));
    expect((await call("/api/webhook-endpoints", { cookie: agent })).status).toBe(403);
    expect((await call(`/api/webhook-endpoints/${created.id}`, { cookie: otherAdmin })).status).toBe(404);
    const patched = await call(`/api/webhook-endpoints/${created.id}`, {
      method: "PATCH",
      cookie: admin,
      body: { enabled: false },
    });
    expect(await json<Endpoint>(patched)).toMatchObject({ enabled: false, disabledReason: "Disabled by an admin." });
    expect((await call(`/api/webhook-endpoints/${created.id}`, { method: "DELETE", cookie: otherAdmin })).status).toBe(
      404,
    );
    expect((await call(`/api/webhook-endpoints/${created.id}`, { method: "DELETE", cookie: admin })).status).toBe(204);
  });

  it("refuse URLs that are not https or point inside a network (SSRF), except 127.0.0.1 in development", async () => {
    for (const url of [
      "http://example.com/hook",
      "https://10.1.2.3/hook",
      "https://192.168.0.10/hook",
      "https://169.254.169.254/latest/meta-data",
      "https://[::1]/hook",
      "https://[fd00::1]/hook",
      "https://localhost.localdomain.local/hook",
      "https://intranet/hook",
      "https://user:pw@example.com/hook",
      "http://10.0.0.1/hook",
      "not a url",
    ]) {
      const res = await call("/api/webhook-endpoints", { cookie: admin, body: { url, events: ["room.created"] } });
      expect(res.status, url).toBe(422);
      expect((await json<{ code: string }>(res)).code, url).toBe("webhook_url_refused");
    }
    const ok = await call("/api/webhook-endpoints", {
      cookie: admin,
      body: { url: "https://hooks.example.com/edge", events: ["room.created"] },
    });
    expect(ok.status).toBe(201);
    await call(`/api/webhook-endpoints/${(await json<Endpoint>(ok)).id}`, { method: "DELETE", cookie: admin });
  });
});

describe("deliveries", () => {
  it("are signed per Standard Webhooks and only for subscribed events", async () => {
    await script("signed", []);
    const endpoint = await createEndpoint("signed", ["message.created"]);
    await customerWrites("is my order shipped?");
    const [delivery] = await settle(endpoint.id, (d) => d.some((x) => x.status === "delivered"));
    const received = await receivedBy("signed");
    expect(received).toHaveLength(1);
    const { headers, body } = received[0] as Received;
    const payload = new Webhook(endpoint.secret as string).verify(body, headers) as {
      type: string;
      data: { message: { text: string; direction: string }; organizationId?: string };
    };
    expect(payload.type).toBe("message.created");
    expect(payload.data.message).toMatchObject({ text: "is my order shipped?", direction: "in" });
    expect(payload.data).not.toHaveProperty("organizationId");
    expect(headers["webhook-id"]).toBe(delivery?.id);
    expect(() => new Webhook(`whsec_${btoa("x".repeat(32))}`).verify(body, headers)).toThrow();
    expect((await deliveriesOf(endpoint.id)).map((d) => d.eventType)).toEqual(["message.created"]);
    await call(`/api/webhook-endpoints/${endpoint.id}`, { method: "DELETE", cookie: admin });
  }, 30_000);

  it("show a message's file as the API does, by its url, never where it is stored", () => {
    const message = { id: "msg-1", text: null, media: { key: "media/org_demo/room-1/msg-1", mimeType: "image/jpeg" } };
    const event = { type: "message.created", organizationId: "org_demo", id: "e1", at: 0, roomId: "room-1", message };
    const body = webhookPayload(event as unknown as DomainEvent);
    expect(body).not.toContain("media/org_demo");
    expect(JSON.parse(body).data.message.media).toEqual({
      mimeType: "image/jpeg",
      url: "/api/rooms/room-1/messages/msg-1/media",
    });
  });

  it("page by page, deliveries of the same millisecond are each listed once; a cursor not given is 400", async () => {
    const endpoint = await createEndpoint("paged", ["message.created"]);
    const at = Date.now();
    const ids = ["d-a", "d-b", "d-c", "d-d", "d-e"].map((d) => `${endpoint.id}-${d}`);
    await env.DB.batch(
      ids.map((id, i) =>
        env.DB.prepare(
          `INSERT INTO webhook_deliveries (id, organization_id, endpoint_id, event_id, event_type, payload, status,
             attempts, event_at, created_at, updated_at)
           VALUES (?, 'org_demo', ?, ?, 'message.created', '{}', 'delivered', 1, ?, ?, ?)`,
        ).bind(id, endpoint.id, `evt-${id}`, at, i < 4 ? at : at - 1, at),
      ),
    );
    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const res = await call(`/api/webhook-endpoints/${endpoint.id}/deliveries?limit=2${query}`, { cookie: admin });
      expect(res.status).toBe(200);
      const page = await json<{ deliveries: Delivery[]; nextCursor: string | null }>(res);
      listed.push(...page.deliveries.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(listed).toEqual([...ids.slice(0, 4)].reverse().concat(ids[4] as string));
    // The endpoints' own pages go on past an endpoint deleted after its page was shown.
    const spare = await createEndpoint("paged-spare", ["message.created"]);
    const first = await json<{ endpoints: Endpoint[]; nextCursor: string | null }>(
      await call("/api/webhook-endpoints?limit=1", { cookie: admin }),
    );
    expect(first.endpoints.map((e) => e.id)).toEqual([spare.id]);
    await call(`/api/webhook-endpoints/${spare.id}`, { method: "DELETE", cookie: admin });
    const next = await call(`/api/webhook-endpoints?limit=1&cursor=${first.nextCursor}`, { cookie: admin });
    expect(next.status).toBe(200);
    expect((await json<{ endpoints: Endpoint[] }>(next)).endpoints.map((e) => e.id)).toEqual([endpoint.id]);
    for (const path of [
      `/api/webhook-endpoints/${endpoint.id}/deliveries?cursor=${at}`,
      "/api/webhook-endpoints?cursor=no-such-endpoint",
    ]) {
      const res = await call(path, { cookie: admin });
      expect(res.status, path).toBe(400);
      const problem = (await res.json()) as { errors: { code: string }[] };
      expect(problem.errors.map((e) => e.code)).toEqual(["invalid_cursor"]);
    }
    await call(`/api/webhook-endpoints/${endpoint.id}`, { method: "DELETE", cookie: admin });
  });

  it("are retried after 500s: 3 attempts logged, one event, the same webhook-id each time", async () => {
    attemptLimits.retryDelaysS = [0, 0, 0];
    await script("flaky", [500, 500, 200]);
    const endpoint = await createEndpoint("flaky", ["message.created"]);
    await customerWrites("third time lucky");
    const [delivery] = await settle(endpoint.id, (d) => d[0]?.status === "delivered");
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3 });
    expect(delivery?.log.map((a) => a.statusCode).sort()).toEqual([200, 500, 500]);
    const received = await receivedBy("flaky");
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.headers["webhook-id"]))).toEqual(new Set([delivery?.id]));
    await call(`/api/webhook-endpoints/${endpoint.id}`, { method: "DELETE", cookie: admin });
  }, 30_000);

  /**
   * One `webhooks` queue message for a delivery, run by the consumer: whether it was acknowledged, and
   * the messages it queued instead (held here, not sent, so the test decides when they arrive).
   */
  async function consume(deliveryId: string) {
    const outcome = { acked: false, retried: false, queued: [] as { deliveryId: string; delaySeconds?: number }[] };
    const message = {
      id: `msg-${crypto.randomUUID()}`,
      timestamp: new Date(),
      attempts: 1,
      body: { deliveryId },
      ack: () => {
        outcome.acked = true;
      },
      retry: () => {
        outcome.retried = true;
      },
    };
    const batch = { queue: "edge-inbox-webhooks", messages: [message], ackAll() {}, retryAll() {} };
    const sendBatch = vi.spyOn(env.WEBHOOKS_QUEUE, "sendBatch").mockImplementation(async (messages) => {
      for (const m of messages) {
        outcome.queued.push({ ...(m.body as { deliveryId: string }), delaySeconds: m.delaySeconds });
      }
      return { metadata: {} } as QueueSendBatchResponse;
    });
    try {
      await runWebhooksBatch(batch as unknown as MessageBatch<unknown>, env);
    } finally {
      sendBatch.mockRestore();
    }
    return outcome;
  }

  it("are not lost when the attempt holding one was cut off: a message comes when the hold ends", async () => {
    await script("cutoff", [200]);
    const endpoint = await createEndpoint("cutoff", ["message.created"]);
    // A delivery an attempt claimed 2 s ahead before its consumer died, and the queue's message again.
    const id = crypto.randomUUID();
    const now = Date.now();
    await env.DB.prepare(
      `INSERT INTO webhook_deliveries (id, organization_id, endpoint_id, event_id, event_type, payload, status,
        attempts, claimed_until, event_at, updated_at) VALUES (?, 'org_demo', ?, ?, 'message.created', '{}', 'pending', 0, ?, ?, ?)`,
    )
      .bind(id, endpoint.id, `evt-${id}`, now + 2_000, now, now)
      .run();
    const held = await consume(id);
    // Acknowledged, with a new message for when the hold ends (a retry would count toward the DLQ).
    expect(held).toMatchObject({ acked: true, retried: false });
    expect(held.queued).toHaveLength(1);
    expect(held.queued[0]?.deliveryId).toBe(id);
    expect(held.queued[0]?.delaySeconds).toBeGreaterThanOrEqual(2);
    expect(held.queued[0]?.delaySeconds).toBeLessThanOrEqual(4);
    expect(await receivedBy("cutoff")).toHaveLength(0);
    // The hold has ended when that message comes: the delivery is made, once.
    await env.DB.prepare("UPDATE webhook_deliveries SET claimed_until = ? WHERE id = ?")
      .bind(now - 1, id)
      .run();
    const after = await consume(id);
    expect(after).toEqual({ acked: true, retried: false, queued: [] });
    expect(await receivedBy("cutoff")).toHaveLength(1);
    expect((await deliveriesOf(endpoint.id)).find((d) => d.id === id)?.status).toBe("delivered");
    await call(`/api/webhook-endpoints/${endpoint.id}`, { method: "DELETE", cookie: admin });
  }, 30_000);

  it("are not tried early by a stray message while the next attempt waits for its time", async () => {
    attemptLimits.retryDelaysS = [60];
    await script("patient", [500, 200]);
    const endpoint = await createEndpoint("patient", ["message.created"]);
    await customerWrites("one at a time");
    const [delivery] = await settle(endpoint.id, (d) => d[0]?.attempts === 1);
    expect(delivery?.status).toBe("pending");
    // The events batch delivered again queues the delivery a second time: it waits about a minute.
    const stray = await consume(delivery?.id as string);
    expect(stray).toMatchObject({ acked: true, retried: false });
    expect(stray.queued[0]?.delaySeconds).toBeGreaterThan(50);
    expect(await receivedBy("patient")).toHaveLength(1);
    await call(`/api/webhook-endpoints/${endpoint.id}`, { method: "DELETE", cookie: admin });
  }, 30_000);

  it("time out when the server never answers, and are tried again", async () => {
    attemptLimits.timeoutMs = 300;
    attemptLimits.retryDelaysS = [0];
    await script("slow", ["hang", 200]);
    const endpoint = await createEndpoint("slow", ["message.created"]);
    await customerWrites("anyone there?");
    // Only the first attempt (reading 0.3 s when it started) is cut short: the retry that should
    // get through has the usual time, however slow the machine.
    expect(await eventually(async () => (await receivedBy("slow")).length >= 1, 10_000)).toBe(true);
    attemptLimits.timeoutMs = 10_000;
    const [delivery] = await settle(endpoint.id, (d) => d[0]?.status === "delivered");
    expect(delivery?.log.map((a) => a.error).filter(Boolean)).toEqual(["No answer within 0.3 s."]);
    await call(`/api/webhook-endpoints/${endpoint.id}`, { method: "DELETE", cookie: admin });
  }, 30_000);

  it("stop at 410 Gone: the endpoint is disabled and its admins are told", async () => {
    await script("gone", [410]);
    const endpoint = await createEndpoint("gone", ["message.created"]);
    await customerWrites("hello?");
    const [delivery] = await settle(endpoint.id, (d) => d[0]?.status === "failed");
    expect(delivery?.attempts).toBe(1);
    const after = await json<Endpoint>(await call(`/api/webhook-endpoints/${endpoint.id}`, { cookie: admin }));
    expect(after).toMatchObject({ enabled: false, disabledReason: "The endpoint answered 410 Gone." });
    const mail = await json<{ messages: { subject: string; text: string }[] }>(
      await call(`/api/dev/outbox?to=${encodeURIComponent("admin@demo.test")}`),
    );
    expect(
      mail.messages.some((m) => m.subject === "A webhook endpoint was disabled" && m.text.includes(endpoint.url)),
    ).toBe(true);
    const since = Date.now();
    await customerWrites("still there?");
    // Not sent while it is off, but kept as failed: once fixed and enabled, Recover sends it (G5).
    const kept = await settle(endpoint.id, (d) => d.length === 2);
    expect(kept.map((d) => [d.status, d.attempts])).toEqual([
      ["failed", 0],
      ["failed", 1],
    ]);
    expect(await receivedBy("gone")).toHaveLength(1);
    const enable = await call(`/api/webhook-endpoints/${endpoint.id}`, {
      method: "PATCH",
      cookie: admin,
      body: { enabled: true },
    });
    expect(enable.status).toBe(200);
    const recovered = await call(`/api/webhook-endpoints/${endpoint.id}/recover`, { cookie: admin, body: { since } });
    expect(await json(recovered)).toEqual({ queued: 1 });
    await settle(endpoint.id, (d) => d[0]?.status === "delivered");
    expect((await receivedBy("gone")).map((r) => JSON.parse(r.body).data.message.text)).toEqual([
      "hello?",
      "still there?",
    ]);
    // An endpoint an admin turned off records nothing.
    await call(`/api/webhook-endpoints/${endpoint.id}`, { method: "PATCH", cookie: admin, body: { enabled: false } });
    await customerWrites("and now?");
    await new Promise((r) => setTimeout(r, 1000));
    expect(await deliveriesOf(endpoint.id)).toHaveLength(2);
    await call(`/api/webhook-endpoints/${endpoint.id}`, { method: "DELETE", cookie: admin });
  }, 30_000);

  it("land in the dead-letter list when retries run out, and recover sends them again with their webhook-id", async () => {
    attemptLimits.retryDelaysS = [0];
    await script("dead", [503, 503, 200]);
    const endpoint = await createEndpoint("dead", ["message.created"]);
    const since = Date.now() - 1000;
    await customerWrites("are you open?");
    const [dead] = await settle(endpoint.id, (d) => d[0]?.status === "dead");
    expect(dead?.attempts).toBe(2);
    const recovered = await call(`/api/webhook-endpoints/${endpoint.id}/recover`, { cookie: admin, body: { since } });
    expect(await json(recovered)).toEqual({ queued: 1 });
    const [delivered] = await settle(endpoint.id, (d) => d[0]?.status === "delivered");
    expect(delivered?.id).toBe(dead?.id);
    const ids = (await receivedBy("dead")).map((r) => r.headers["webhook-id"]);
    expect(ids).toEqual([dead?.id, dead?.id, dead?.id]);

    // Replay: once more, on purpose, still the same webhook-id.
    const replayed = await call(`/api/webhook-deliveries/${dead?.id}/replay`, { cookie: admin, body: {} });
    expect(replayed.status).toBe(202);
    expect((await call(`/api/webhook-deliveries/${dead?.id}/replay`, { cookie: otherAdmin, body: {} })).status).toBe(
      404,
    );
    await eventually(async () => (await receivedBy("dead")).length === 4);
    expect((await receivedBy("dead")).map((r) => r.headers["webhook-id"])).toEqual([
      dead?.id,
      dead?.id,
      dead?.id,
      dead?.id,
    ]);
    await call(`/api/webhook-endpoints/${endpoint.id}`, { method: "DELETE", cookie: admin });
  }, 40_000);

  it("stay given up when recover cannot reach the queue, so recovering again sends them (none stuck pending)", async () => {
    attemptLimits.retryDelaysS = [0];
    await script("requeue", [503, 503, 200]);
    const endpoint = await createEndpoint("requeue", ["message.created"]);
    const since = Date.now() - 1000;
    await customerWrites("anyone there?");
    const [dead] = await settle(endpoint.id, (d) => d[0]?.status === "dead");
    const queueDown = {
      ...env,
      WEBHOOKS_QUEUE: { sendBatch: () => Promise.reject(new Error("queue unavailable")) },
    } as unknown as Env;
    await expect(recover(queueDown, createDb(env.DB), "org_demo", endpoint.id, since)).rejects.toThrow(
      "queue unavailable",
    );
    expect((await deliveriesOf(endpoint.id))[0]).toMatchObject({ id: dead?.id, status: "dead", attempts: 2 });
    const recovered = await call(`/api/webhook-endpoints/${endpoint.id}/recover`, { cookie: admin, body: { since } });
    expect(await json(recovered)).toEqual({ queued: 1 });
    const [delivered] = await settle(endpoint.id, (d) => d[0]?.status === "delivered");
    expect(delivered?.id).toBe(dead?.id);
    expect(await receivedBy("requeue")).toHaveLength(3);
    await call(`/api/webhook-endpoints/${endpoint.id}`, { method: "DELETE", cookie: admin });
  }, 40_000);

  it("are disabled after failing for 5 days", async () => {
    await script("failing", [500]);
    const endpoint = await createEndpoint("failing", ["message.created"]);
    const sixDaysAgo = Date.now() - 6 * 24 * 3600 * 1000;
    await env.DB.prepare("UPDATE webhook_endpoints SET failing_since = ? WHERE id = ?")
      .bind(sixDaysAgo, endpoint.id)
      .run();
    await customerWrites("one more try");
    await settle(endpoint.id, (d) => d[0]?.status === "failed");
    const after = await json<Endpoint>(await call(`/api/webhook-endpoints/${endpoint.id}`, { cookie: admin }));
    expect(after).toMatchObject({ enabled: false, disabledReason: "Every delivery failed for 5 days." });
    await call(`/api/webhook-endpoints/${endpoint.id}`, { method: "DELETE", cookie: admin });
  }, 30_000);

  it("are signed with both secrets for 24 h after a rotation; a test event reaches the endpoint", async () => {
    await script("rotate", []);
    const endpoint = await createEndpoint("rotate", ["room.created"]);
    const rotated = await json<Endpoint>(
      await call(`/api/webhook-endpoints/${endpoint.id}/rotate-secret`, { cookie: admin, body: {} }),
    );
    expect(rotated.secret).not.toBe(endpoint.secret);
    const test = await call(`/api/webhook-endpoints/${endpoint.id}/test`, { cookie: admin, body: {} });
    expect(test.status).toBe(202);
    await eventually(async () => (await receivedBy("rotate")).length === 1);
    const [{ headers, body }] = (await receivedBy("rotate")) as [Received];
    expect(headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect((new Webhook(endpoint.secret as string).verify(body, headers) as { type: string }).type).toBe(
      "webhook.test",
    );
    expect((new Webhook(rotated.secret as string).verify(body, headers) as { type: string }).type).toBe("webhook.test");
    await call(`/api/webhook-endpoints/${endpoint.id}`, { method: "DELETE", cookie: admin });
  }, 30_000);
});
