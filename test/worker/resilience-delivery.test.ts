// Resilience (G6, I1, I2): webhooks delivered twice and out of order, a room evicted in the middle of a
// burst, and a queue consumer that dies half-way through a batch. Nothing lost, nothing doubled.
import {
  createExecutionContext,
  createMessageBatch,
  evictDurableObject,
  getQueueResult,
  runInDurableObject,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../../worker/index";
import { clock } from "../../worker/lib/clock";
import { roomStub } from "../../worker/rooms/room-do";
import { setDeliveryTarget } from "../../worker/sandbox/deliver";
import { call, json } from "./helpers";
import {
  batchThatDies,
  type Delivery,
  deliverUntilAccepted,
  eventually,
  inboundBody,
  messageJob,
  postSigned,
  statusBody,
  useDemoTenant,
} from "./resilience-helpers";
import { type MessageJson, messagesOf, openSocket, type RoomJson, reply } from "./rooms-helpers";

const demo = useDemoTenant();

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The contact's rooms in the inbox index (D1), found by number whatever the size of the inbox. */
async function roomsOfContact(waId: string): Promise<RoomJson[]> {
  const res = await call(`/api/rooms?view=all&limit=100&q=${waId}`, { cookie: demo.supervisor });
  if (res.status !== 200) throw new Error(`rooms list ${res.status}: ${await res.text()}`);
  return (await json<{ rooms: RoomJson[] }>(res)).rooms.filter((r) => r.contactExternalId === waId);
}

async function onlyRoomOf(waId: string): Promise<RoomJson> {
  const rooms = await roomsOfContact(waId);
  if (rooms.length !== 1) throw new Error(`${waId} has ${rooms.length} rooms`);
  return rooms[0]!;
}

describe("every webhook delivered twice and in shuffled order (G6)", () => {
  const CONTACTS = 3;

  /**
   * One "world": CONTACTS customers who each wrote once and got two replies, then the webhooks under
   * test: four more customer messages (one a reaction, one a quoted reply) and the statuses of both
   * replies (the second one fails). `deliver` decides how those webhooks reach the Worker.
   */
  async function world(
    tag: string,
    { past, replies, future }: { past: number; replies: number; future: number },
    deliver: (bodies: string[]) => Promise<void>,
  ) {
    const waIds = Array.from({ length: CONTACTS }, (_, i) => `6282${tag}${i}`.padEnd(13, "0"));
    const id = (i: number, key: string) => `wamid.${tag}C${i}${key}`;
    for (const [i, waId] of waIds.entries()) {
      await deliverUntilAccepted(inboundBody({ waId, id: id(i, "M0"), at: past + i, text: `hello ${i}` }));
    }
    const bodies: string[] = [];
    for (const [i, waId] of waIds.entries()) {
      const room = await onlyRoomOf(waId);
      const out: MessageJson[] = [];
      // The replies are dated alike in both worlds (the clock pinned), between the customer's messages.
      const pinned = vi.spyOn(clock, "now").mockReturnValue(replies * 1000 + i);
      try {
        for (const text of [`answer ${i}`, `second answer ${i}`]) {
          const res = await reply(demo.agent, room.id, text);
          expect(res.status).toBe(201);
          out.push(await json<MessageJson>(res));
        }
      } finally {
        pinned.mockRestore();
      }
      const at = future + i * 10;
      bodies.push(
        inboundBody({ waId, id: id(i, "M1"), at: at + 1, text: `more ${i}` }),
        inboundBody({ waId, id: id(i, "M2"), at: at + 2, text: `and more ${i}` }),
        inboundBody({
          waId,
          id: id(i, "M3"),
          at: at + 3,
          content: { type: "reaction", reaction: { message_id: out[0]!.providerMessageId!, emoji: "👍" } },
        }),
        inboundBody({
          waId,
          id: id(i, "M4"),
          at: at + 4,
          content: { type: "text", text: { body: `about that ${i}` }, context: { id: id(i, "M0") } },
        }),
      );
      for (const status of ["sent", "delivered", "read"] as const) {
        bodies.push(statusBody({ id: out[0]!.providerMessageId!, status, at: at + 5, recipientId: waId }));
      }
      bodies.push(statusBody({ id: out[1]!.providerMessageId!, status: "sent", at: at + 5, recipientId: waId }));
      bodies.push(
        statusBody({
          id: out[1]!.providerMessageId!,
          status: "failed",
          at: at + 6,
          recipientId: waId,
          errors: [{ code: 131026, title: "Message undeliverable", error_data: { details: "Not on WhatsApp" } }],
        }),
      );
    }
    await deliver(bodies);
    return { waIds, tag };
  }

  /** What a world looks like, with its own ids (wamids, room and message ids) taken out. */
  async function finalState({ waIds, tag }: { waIds: string[]; tag: string }) {
    const state = [];
    for (const waId of waIds) {
      const rooms = await roomsOfContact(waId);
      expect(rooms).toHaveLength(1);
      const room = rooms[0]!;
      const messages = await messagesOf(demo.supervisor, room.id);
      const keyOf = new Map<string, string>();
      let out = 0;
      for (const m of messages) {
        keyOf.set(
          m.id,
          m.direction === "out" ? `OUT${out++}` : (m.providerMessageId ?? "").replace(`wamid.${tag}`, ""),
        );
      }
      const full = messages as (MessageJson & {
        replyToId: string | null;
        reactionToId: string | null;
        sentAt: number;
      })[];
      const normalized = full
        .map((m) => ({
          key: keyOf.get(m.id),
          direction: m.direction,
          kind: m.kind,
          text: m.text,
          status: m.status,
          error: m.error,
          replyTo: m.replyToId ? keyOf.get(m.replyToId) : null,
          reactionTo: m.reactionToId ? keyOf.get(m.reactionToId) : null,
          sentAt: m.direction === "in" ? m.sentAt : null,
        }))
        .sort((a, b) => String(a.key).localeCompare(String(b.key)));
      const rows = await env.DB.prepare(
        "SELECT count(*) AS n, count(DISTINCT provider_message_id) AS d FROM provider_messages WHERE room_id = ?",
      )
        .bind(room.id)
        .first<{ n: number; d: number }>();
      state.push({
        room: {
          status: room.status,
          assigneeId: room.assigneeId,
          unreadCount: room.unreadCount,
          lastMessagePreview: room.lastMessagePreview,
          windowExpiresAt: room.windowExpiresAt,
          lastMessageAt: (room as RoomJson & { lastMessageAt: number }).lastMessageAt,
        },
        providerMessageRows: rows,
        messages: normalized,
      });
    }
    return state;
  }

  beforeAll(() => {
    // The sandbox provider sends its own statuses for the replies a moment later; keep them out, so
    // the only webhooks are the ones this test delivers.
    setDeliveryTarget(async () => new Response("ok"));
  });
  afterAll(() => setDeliveryTarget(null));

  it("ends in the same state as one in-order delivery, for any shuffle", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (shuffleSeed) => {
        run++;
        // Both worlds use the same provider timestamps. The later ones are after the replies, so the
        // latest customer message decides the room's preview and window. All are in the past when
        // delivered: a timestamp ahead of its receive time is bounded by it (I2, issue 11), which would
        // make the two worlds differ by when they ran.
        const times = { past: nowSeconds() - 900, replies: nowSeconds() - 600, future: nowSeconds() - 300 };
        const once = await world(`${run}1`, times, async (bodies) => {
          for (const body of bodies) await deliverUntilAccepted(body);
        });
        let order: string[] = [];
        const twice = await world(`${run}2`, times, async (bodies) => {
          order = fc.sample(fc.shuffledSubarray([...bodies, ...bodies], { minLength: bodies.length * 2 }), {
            seed: shuffleSeed,
            numRuns: 1,
          })[0]!;
          for (const body of order) await deliverUntilAccepted(body);
        });
        expect(order).toHaveLength(2 * 9 * CONTACTS);
        const expected = await finalState(once);
        expect(await finalState(twice)).toEqual(expected);
        // And the expected state is the one the rules give (not merely the same mistake twice).
        for (const [i, s] of expected.entries()) {
          // Issue 12: the customer's reaction (M3) is shown on its message, not counted as unread.
          expect(s.room.unreadCount).toBe(3);
          expect(s.room.lastMessagePreview).toBe(`about that ${i}`);
          expect(s.providerMessageRows).toEqual({ n: 7, d: 7 });
          expect(s.messages.map((m) => `${m.key}:${m.status}`)).toEqual([
            `C${i}M0:received`,
            `C${i}M1:received`,
            `C${i}M2:received`,
            `C${i}M3:received`,
            `C${i}M4:received`,
            "OUT0:read",
            "OUT1:failed",
          ]);
          expect(s.messages.find((m) => m.key === `C${i}M4`)?.replyTo).toBe(`C${i}M0`);
          expect(s.messages.find((m) => m.key === `C${i}M3`)?.reactionTo).toBe("OUT0");
        }
      }),
      { numRuns: 4 },
    );
  }, 60_000); // 8 s alone; four property runs can take over 30 s on a loaded 2-core machine
});

describe("a room evicted in the middle of a burst (G6)", () => {
  // The sandbox still has statuses on their way for the replies of the test before: keep them out, so
  // the faults below are timed by this burst alone.
  beforeAll(() => setDeliveryTarget(async () => new Response("ok")));
  afterAll(() => setDeliveryTarget(null));

  /** Crashes a Durable Object as a deploy or a machine failure would: in-flight calls to it fail. */
  async function crash(stub: DurableObjectStub): Promise<string> {
    try {
      await runInDurableObject(stub as DurableObjectStub<never>, (_o: unknown, state: DurableObjectState) => {
        state.abort("simulated crash");
      });
      return "not crashed";
    } catch (err) {
      if ((err as Error).message === "simulated crash") return "crashed";
      throw err;
    }
  }

  it("loses nothing and doubles nothing", { timeout: 30_000 }, async () => {
    const waId = "6282900000001";
    const base = nowSeconds() - 300;
    await deliverUntilAccepted(inboundBody({ waId, id: "wamid.EVICT-open", at: base, text: "open" }));
    const room = await onlyRoomOf(waId);
    const roomObject = env.ROOM.getByName(room.id);
    const queued: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].includes('"msg":"inbound.queued"')) queued.push(args[0]);
      else warn(...args);
    };

    // Two waves of 30 webhooks, each all at once, as a provider catching up after an outage sends
    // them. The faults are timed by the room's own events: a room socket sees `message.created` while
    // the room is still in the middle of that message (stored, now updating the inbox index and the
    // tenant feed). Wave 1: the room is evicted after 10 messages (gracefully: in-flight work drains,
    // in-memory state is gone). Wave 2: the tenant feed crashes after 5 messages and the room after
    // 6 (`ctx.abort()`, as a deploy or a lost machine would: in-flight calls fail, and workerd prints
    // one "uncaught exception ... simulated crash" line for each: expected).
    const faults: Promise<string>[] = [];
    let wave = 1;
    let seen = 0;
    let answered = 0;
    const unansweredAtFault: number[] = [];
    const watch = await openSocket(`/api/rooms/${room.id}/ws`, demo.agent);
    await watch.waitFor((e) => e.type === "room.updated", 10_000);
    watch.ws.addEventListener("message", (event) => {
      if ((JSON.parse(event.data as string) as { type: string }).type !== "message.created") return;
      seen++;
      if ((wave === 1 && seen === 10) || (wave === 2 && (seen === 5 || seen === 6))) {
        unansweredAtFault.push(30 * wave - answered);
      }
      if (wave === 1 && seen === 10) {
        faults.push(evictDurableObject(roomObject).then(() => "room evicted after 10 messages of wave 1"));
      }
      if (wave === 2 && seen === 5) {
        faults.push(crash(env.INBOX.getByName("org_demo")).then((r) => `feed ${r} after 5 messages of wave 2`));
      }
      if (wave === 2 && seen === 6) faults.push(crash(roomObject).then((r) => `room ${r} after 6 messages of wave 2`));
    });

    const burst = Array.from({ length: 60 }, (_, j) =>
      inboundBody({ waId, id: `wamid.EVICT-${j}`, at: base + 1 + j, text: `burst ${j}` }),
    );
    const post = (body: string) => postSigned(body).finally(() => answered++);
    const answers = await Promise.all(burst.slice(0, 30).map(post));
    await Promise.all(faults);
    wave = 2;
    seen = 0;
    answers.push(...(await Promise.all(burst.slice(30).map(post))));
    const happened = await Promise.all(faults);
    console.warn = warn;
    expect(happened.sort()).toEqual([
      "feed crashed after 5 messages of wave 2",
      "room crashed after 6 messages of wave 2",
      "room evicted after 10 messages of wave 1",
    ]);
    // Each fault came in the middle of its wave's burst: webhooks of that wave were still unanswered.
    expect(unansweredAtFault).toHaveLength(3);
    for (const unanswered of unansweredAtFault) expect(unanswered).toBeGreaterThan(0);
    // The crashes cut calls short: those messages were queued (and the queue applies them below).
    expect(queued.length).toBeGreaterThan(0);

    // Meta delivers again whatever was not acknowledged with a 200, then (at least once) everything again.
    for (const [j, res] of answers.entries()) {
      if (res.status !== 200) await deliverUntilAccepted(burst[j]!);
      else await res.body?.cancel();
    }
    for (const body of burst) await deliverUntilAccepted(body);

    const expected = ["open", ...burst.map((_, j) => `burst ${j}`)];
    // Messages that could not reach the room were queued: wait for the consumer.
    const complete = await eventually(async () => (await messagesOf(demo.agent, room.id)).length >= expected.length);
    expect(complete).toBe(true);
    const messages = await messagesOf(demo.agent, room.id);
    expect(messages.map((m) => m.text).sort()).toEqual([...expected].sort());
    expect(new Set(messages.map((m) => m.providerMessageId)).size).toBe(expected.length);
    for (let i = 1; i < messages.length; i++) expect(messages[i]!.seq).toBeGreaterThan(messages[i - 1]!.seq);

    // One room, one stored row per message, and each message counted once by the room itself.
    const rows = await env.DB.prepare(
      "SELECT count(*) AS n FROM provider_messages WHERE provider_message_id LIKE 'wamid.EVICT-%' AND room_id = ? AND stored_at IS NOT NULL",
    )
      .bind(room.id)
      .first<{ n: number }>();
    expect(rows?.n).toBe(expected.length);
    await onlyRoomOf(waId);
    expect((await roomStub(env, room.id).getSummary()).unreadCount).toBe(expected.length);

    // A socket may miss events across an eviction (it resumes by seq), but never gets one twice.
    const created = watch.events
      .filter((e) => e.type === "message.created")
      .map((e) => (e.message as MessageJson).providerMessageId);
    expect(created.length).toBe(new Set(created).size);
    watch.close();
  });
});

describe("a queue consumer that dies half-way through a batch (G6)", () => {
  it("applies each message once when the batch is retried, however often", async () => {
    const base = nowSeconds() - 120;
    const contacts = ["6282910000001", "6282910000002"];
    const jobs = Array.from({ length: 10 }, (_, i) => ({
      id: `q${i}`,
      body: messageJob({ waId: contacts[i % 2]!, id: `wamid.QUEUE-${i}`, at: base + i, text: `queued ${i}` }),
    }));

    // Attempt 1: message 4 is applied but its ack is lost; the consumer is killed reading message 5.
    const first = batchThatDies(
      "edge-inbox-inbound",
      jobs.map((j) => ({ ...j, attempts: 1 })),
      { dieAt: 5, ackLostAt: 4 },
    );
    await expect(worker.queue(first.batch, env)).rejects.toThrow("killed half-way");
    expect([...first.acked]).toEqual(["q0", "q1", "q2", "q3"]);

    // The runtime delivers again everything that was not acked.
    const again: Delivery[] = jobs.filter((j) => !first.acked.has(j.id)).map((j) => ({ ...j, attempts: 2 }));
    const second = createMessageBatch(
      "edge-inbox-inbound",
      again.map((d) => ({ id: d.id, timestamp: new Date(), attempts: d.attempts, body: d.body })),
    );
    const ctx2 = createExecutionContext();
    await worker.queue(second as MessageBatch<unknown>, env);
    expect((await getQueueResult(second, ctx2)).explicitAcks.sort()).toEqual(again.map((d) => d.id).sort());

    // At-least-once: the whole batch once more, as if the first acks had been lost too.
    const third = createMessageBatch(
      "edge-inbox-inbound",
      jobs.map((j) => ({ id: j.id, timestamp: new Date(), attempts: 3, body: j.body })),
    );
    const ctx3 = createExecutionContext();
    await worker.queue(third as MessageBatch<unknown>, env);
    expect((await getQueueResult(third, ctx3)).explicitAcks).toHaveLength(jobs.length);

    for (const [c, waId] of contacts.entries()) {
      const room = await onlyRoomOf(waId);
      const texts = (await messagesOf(demo.agent, room.id)).map((m) => m.text);
      expect(texts).toEqual([0, 2, 4, 6, 8].map((i) => `queued ${i + c}`));
      expect(room.unreadCount).toBe(5);
    }
  });
});
