// Jobs by name (issue 10): queue consumers are chosen by queue name and cron tasks by cron string,
// each from one table; an unknown queue or cron is logged as an error and acknowledged, never run
// as something else. The events queue gives each listener each event once.
import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { LISTENERS, type Listener } from "../../worker/events/listeners";
import type { DomainEvent } from "../../worker/events/types";
import worker from "../../worker/index";
import { CRON_TASKS, QUEUE_CONSUMERS } from "../../worker/jobs";
import { LISTENER_RETRY_ATTEMPTS, runEventsBatch } from "../../worker/jobs/events-queue";
import { call, json, seed, signIn } from "./helpers";
import { deliverUntilAccepted, inboundBody, messageJob, quietInfoLogs } from "./resilience-helpers";
import type { RoomJson } from "./rooms-helpers";

const HOUR = 3_600_000;
let admin: string;
let restoreLogs: () => void;

beforeAll(async () => {
  restoreLogs = quietInfoLogs();
  await seed();
  admin = await signIn("admin@demo.test");
});
afterAll(() => restoreLogs());

function errorsLogged(spy: ReturnType<typeof vi.spyOn>): Record<string, unknown>[] {
  return spy.mock.calls
    .map((args: unknown[]) => JSON.parse(String(args[0])) as Record<string, unknown>)
    .filter((line: Record<string, unknown>) => line.level === "error");
}

async function roomsOf(waId: string): Promise<RoomJson[]> {
  const res = await call("/api/rooms?view=all&limit=100", { cookie: admin });
  return (await json<{ rooms: RoomJson[] }>(res)).rooms.filter((r) => r.contactExternalId === waId);
}

describe("queue consumers by queue name", () => {
  it("lists exactly the queues wrangler.toml consumes", () => {
    expect(Object.keys(QUEUE_CONSUMERS).sort()).toEqual([
      "edge-inbox-campaigns",
      "edge-inbox-events",
      "edge-inbox-inbound",
      "edge-inbox-webhooks",
    ]);
  });

  it("acknowledges a batch from an unknown queue with an error logged, and runs nothing", async () => {
    const job = messageJob({ waId: "6282990000001", id: "wamid.JOBS-1", at: Math.floor(Date.now() / 1000), text: "x" });
    const batch = createMessageBatch("edge-inbox-unknown", [
      { id: "c1", timestamp: new Date(), attempts: 1, body: job },
    ]);
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const ctx = createExecutionContext();
    await worker.queue(batch as MessageBatch<unknown>, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.ackAll || result.explicitAcks.includes("c1")).toBe(true);
    expect(result.retryMessages).toEqual([]);
    expect(errorsLogged(spy)).toEqual([expect.objectContaining({ msg: "queue.unknown", queue: "edge-inbox-unknown" })]);
    spy.mockRestore();
    // Not run as an inbound job: the customer has no room.
    expect(await roomsOf("6282990000001")).toEqual([]);

    // The same job on its own queue is applied.
    const inbound = createMessageBatch("edge-inbox-inbound", [
      { id: "i1", timestamp: new Date(), attempts: 1, body: job },
    ]);
    await worker.queue(inbound as MessageBatch<unknown>, env);
    expect(await roomsOf("6282990000001")).toHaveLength(1);
  });
});

describe("cron tasks by cron string", () => {
  it("lists exactly the crons wrangler.toml triggers", () => {
    expect(Object.keys(CRON_TASKS).sort()).toEqual(["* * * * *", "*/15 * * * *", "0 * * * *"]);
  });

  it("logs an unknown cron as an error and runs nothing; the 15-minute cron runs its task", async () => {
    expect(
      (await call("/api/settings", { method: "PUT", cookie: admin, body: { autoResolveExpired: true } })).status,
    ).toBe(200);
    const waId = "6282990000002";
    await deliverUntilAccepted(
      inboundBody({ waId, id: "wamid.JOBS-2", at: Math.floor((Date.now() - 25 * HOUR) / 1000), text: "old" }),
    );
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    await worker.scheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: Date.now() }), env);
    expect(errorsLogged(spy)).toEqual([expect.objectContaining({ msg: "cron.unknown", cron: "*/5 * * * *" })]);
    spy.mockRestore();
    // The hourly billing reset is not the 15-minute auto-resolve either.
    await worker.scheduled(createScheduledController({ cron: "0 * * * *", scheduledTime: Date.now() }), env);
    expect((await roomsOf(waId))[0]?.status).toBe("unassigned");

    await worker.scheduled(createScheduledController({ cron: "*/15 * * * *", scheduledTime: Date.now() }), env);
    expect((await roomsOf(waId))[0]?.status).toBe("resolved");
    await call("/api/settings", { method: "PUT", cookie: admin, body: { autoResolveExpired: false } });
  });
});

describe("the events queue", () => {
  it("applies an event once, however often the queue delivers it", async () => {
    const event: DomainEvent = {
      id: "evt-house-jobs-1",
      organizationId: "org_demo",
      at: Date.now(),
      type: "contact.blocked",
      contactId: "contact-x",
    };
    for (const attempt of [1, 2, 3]) {
      const batch = createMessageBatch("edge-inbox-events", [
        { id: `e${attempt}a`, timestamp: new Date(), attempts: attempt, body: event },
        { id: `e${attempt}b`, timestamp: new Date(), attempts: attempt, body: event },
      ]);
      const ctx = createExecutionContext();
      await worker.queue(batch as MessageBatch<unknown>, env);
      const result = await getQueueResult(batch, ctx);
      expect(result.ackAll).toBe(true);
      expect(result.retryBatch.retry).toBe(false);
    }
    const logged = await env.DB.prepare("SELECT type, organization_id FROM domain_events WHERE id = ?")
      .bind(event.id)
      .all();
    expect(logged.results).toEqual([{ type: "contact.blocked", organization_id: "org_demo" }]);
  });
});

describe("a listener's own retries (events queue)", () => {
  /** Runs one events batch of these bodies; answers what it queued again and whether it acked. */
  async function runBatch(bodies: unknown[]) {
    const queued: { body: unknown; delaySeconds?: number }[] = [];
    const send = vi.spyOn(env.EVENTS_QUEUE, "sendBatch").mockImplementation(async (messages) => {
      for (const m of messages) queued.push({ body: m.body, delaySeconds: m.delaySeconds });
      return { metadata: {} } as QueueSendBatchResponse;
    });
    let acked = false;
    const batch = {
      queue: "edge-inbox-events",
      messages: bodies.map((body, i) => ({
        id: `m${i}`,
        timestamp: new Date(),
        attempts: 1,
        body,
        ack() {},
        retry() {},
      })),
      ackAll() {
        acked = true;
      },
      retryAll() {},
    };
    try {
      await runEventsBatch(batch as unknown as MessageBatch<unknown>, env);
    } finally {
      send.mockRestore();
    }
    return { queued, acked };
  }

  it("sends an event a listener hands back to that listener alone, later, and gives up after 5 tries", async () => {
    const event = {
      type: "contact.blocked",
      organizationId: "org_demo",
      contactId: "c-retry",
      id: `evt-retry-${Date.now()}`,
      at: Date.now(),
    } as DomainEvent;
    const seen = { flaky: 0, steady: 0 };
    let failures = 1;
    const flaky: Listener = {
      name: "test-flaky",
      wants: (e) => e.id === event.id,
      async applyAll(_env, events) {
        seen.flaky += events.length;
        return failures-- > 0 ? { retry: events } : undefined;
      },
    };
    const steady: Listener = {
      name: "test-steady",
      wants: (e) => e.id === event.id,
      async applyAll(_env, events) {
        seen.steady += events.length;
      },
    };
    LISTENERS.push(flaky, steady);
    try {
      const first = await runBatch([event]);
      expect(first.acked).toBe(true);
      expect(first.queued).toEqual([
        { body: { listenerRetry: { name: "test-flaky", attempt: 1 }, event }, delaySeconds: 30 },
      ]);
      const second = await runBatch([first.queued[0]?.body]);
      expect(second).toEqual({ queued: [], acked: true });
      expect(seen).toEqual({ flaky: 2, steady: 1 });

      // A listener that keeps handing the event back is given up after LISTENER_RETRY_ATTEMPTS tries.
      failures = Number.POSITIVE_INFINITY;
      const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
      let bodies: unknown[] = [event];
      let tries = 0;
      while (bodies.length > 0 && tries < 10) {
        bodies = (await runBatch(bodies)).queued.map((q) => q.body);
        tries++;
      }
      expect(tries).toBe(LISTENER_RETRY_ATTEMPTS);
      expect(errorsLogged(spy)).toEqual([expect.objectContaining({ msg: "events.listener_gave_up" })]);
      spy.mockRestore();
    } finally {
      LISTENERS.splice(LISTENERS.indexOf(flaky), 2);
    }
  });
});
