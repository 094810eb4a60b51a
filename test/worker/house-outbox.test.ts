// The room's outbox (issue 10, rules G6, I1, I5): a change and its events commit together; the room
// answers, then drains to the tenant feed, the D1 index and the events queue. Eviction between the
// commit and the drain loses nothing and doubles nothing; a wamid delivered again after its room
// was resolved, before the outbox drained, is applied once.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import type { RoomDO } from "../../worker/rooms/room-do";
import { roomStub } from "../../worker/rooms/room-stub";
import type { RoomIdentity } from "../../worker/rooms/types";
import { call } from "./helpers";
import { deliverUntilAccepted, eventually, inboundBody, useDemoTenant } from "./resilience-helpers";
import { messagesOf, type RoomJson, roomOfContact } from "./rooms-helpers";

const demo = useDemoTenant();

const nowSeconds = () => Math.floor(Date.now() / 1000);
const roomObject = (id: string) => env.ROOM.getByName(id) as unknown as DurableObjectStub<RoomDO>;

async function indexRow(roomId: string) {
  return env.DB.prepare("SELECT status, last_message_preview, unread_count FROM rooms WHERE id = ?")
    .bind(roomId)
    .first<{ status: string; last_message_preview: string | null; unread_count: number }>();
}

async function storedIds(wamid: string) {
  const { results } = await env.DB.prepare("SELECT room_id FROM provider_messages WHERE provider_message_id = ?")
    .bind(wamid)
    .all<{ room_id: string }>();
  return results.map((r) => r.room_id);
}

async function loggedEvents(type: string, roomId: string) {
  const { results } = await env.DB.prepare("SELECT id, payload FROM domain_events WHERE type = ? AND room_id = ?")
    .bind(type, roomId)
    .all<{ id: string; payload: string }>();
  return results;
}

async function outboxSize(roomId: string): Promise<number> {
  return runInDurableObject(roomObject(roomId), (instance: RoomDO) => instance.outbox.size());
}

/** A customer's message handed to the room as the webhook would, but the room is stopped before it drains. */
async function commitWithoutDrain(roomId: string, waId: string, wamid: string, text: string) {
  return runInDurableObject(roomObject(roomId), async (instance: RoomDO, state) => {
    (instance as unknown as { kick(): void }).kick = () => undefined;
    const identity = instance.store.record() as RoomIdentity;
    const outcome = await instance.receiveInbound(identity, {
      providerMessageId: wamid,
      channelKey: "100000000000001",
      contact: { externalId: waId, name: "Customer" },
      sentAt: Date.now(),
      kind: "text",
      text,
      media: null,
      location: null,
      contacts: null,
      replyToProviderId: null,
      reactionToProviderId: null,
    });
    // The commit armed the alarm that drains it; it is moved an hour out so that only the test's run
    // fires it (on a slow machine its 2 s could pass before the test looks at the outbox).
    expect(await state.storage.getAlarm()).not.toBeNull();
    await state.storage.setAlarm(Date.now() + 3_600_000);
    return outcome;
  });
}

describe("a room evicted between committing a message and draining its outbox", () => {
  it("delivers the message's events once, from the alarm, and a redelivery changes nothing", async () => {
    const waId = "6282980000001";
    await deliverUntilAccepted(inboundBody({ waId, id: "wamid.OUTBOX-1", at: nowSeconds() - 5, text: "first" }));
    const room = await roomOfContact(demo.supervisor, waId);
    const outcome = await commitWithoutDrain(room.id, waId, "wamid.OUTBOX-2", "second");
    expect(outcome.outcome).toBe("stored");
    await evictDurableObject(roomObject(room.id));

    // Committed in the room, not yet anywhere else.
    expect(await outboxSize(room.id)).toBe(1);
    expect((await indexRow(room.id))?.last_message_preview).toBe("first");
    expect(await storedIds("wamid.OUTBOX-2")).toEqual([]);

    // The alarm armed with the commit drains it.
    expect(await runDurableObjectAlarm(roomObject(room.id))).toBe(true);
    expect(await outboxSize(room.id)).toBe(0);
    expect(await indexRow(room.id)).toMatchObject({ last_message_preview: "second", unread_count: 2 });
    expect(await storedIds("wamid.OUTBOX-2")).toEqual([room.id]);
    expect(await eventually(async () => (await loggedEvents("message.created", room.id)).length === 2)).toBe(true);

    // Meta delivers it again, and the alarm runs again: still one message, one event.
    await deliverUntilAccepted(inboundBody({ waId, id: "wamid.OUTBOX-2", at: nowSeconds(), text: "second" }));
    await runDurableObjectAlarm(roomObject(room.id));
    expect((await messagesOf(demo.agent, room.id)).map((m) => m.text)).toEqual(["first", "second"]);
    await new Promise((r) => setTimeout(r, 1_500)); // a second events batch, had there been one
    const created = await loggedEvents("message.created", room.id);
    expect(created).toHaveLength(2);
    expect(created.map((e) => JSON.parse(e.payload).message.text).sort()).toEqual(["first", "second"]);
  });
});

describe("a wamid delivered again after its room was resolved, before the outbox drained (G6, I1)", () => {
  it("is applied once, and the customer's next message opens a new room", async () => {
    const waId = "6282980000002";
    await deliverUntilAccepted(inboundBody({ waId, id: "wamid.LATE-1", at: nowSeconds() - 10, text: "one" }));
    const first = await roomOfContact(demo.supervisor, waId);
    // The index cannot be written for a while: the room keeps its outbox.
    await env.DB.prepare(
      `CREATE TRIGGER hold_index BEFORE UPDATE ON rooms WHEN OLD.id = '${first.id}' BEGIN SELECT RAISE(ABORT, 'index unavailable'); END`,
    ).run();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await deliverUntilAccepted(inboundBody({ waId, id: "wamid.LATE-2", at: nowSeconds() - 5, text: "two" }));
      expect((await call(`/api/rooms/${first.id}/resolve`, { method: "POST", cookie: demo.supervisor })).status).toBe(
        200,
      );
      expect((await roomStub(env, first.id).getSummary()).status).toBe("resolved");
      expect(await outboxSize(first.id)).toBeGreaterThan(0);
      expect(await storedIds("wamid.LATE-2")).toEqual([]);
      // Meta delivers "two" again while the index still shows the room open.
      await deliverUntilAccepted(inboundBody({ waId, id: "wamid.LATE-2", at: nowSeconds() - 5, text: "two" }));
    } finally {
      await env.DB.prepare("DROP TRIGGER hold_index").run();
      warn.mockRestore();
    }
    // The room's alarm drains: the index says resolved and knows "two".
    await runDurableObjectAlarm(roomObject(first.id));
    expect((await indexRow(first.id))?.status).toBe("resolved");
    expect(await storedIds("wamid.LATE-2")).toEqual([first.id]);
    // Once more after the drain, then the customer writes again.
    await deliverUntilAccepted(inboundBody({ waId, id: "wamid.LATE-2", at: nowSeconds() - 5, text: "two" }));
    await deliverUntilAccepted(inboundBody({ waId, id: "wamid.LATE-3", at: nowSeconds(), text: "three" }));

    expect((await messagesOf(demo.agent, first.id)).map((m) => m.text)).toEqual(["one", "two"]);
    const { results } = await env.DB.prepare(
      "SELECT r.id FROM rooms r JOIN contacts c ON c.id = r.contact_id WHERE c.external_id = ? ORDER BY r.opened_at",
    )
      .bind(waId)
      .all<{ id: string }>();
    expect(results).toHaveLength(2);
    const next = results.find((r) => r.id !== first.id) as RoomJson | undefined;
    expect((await messagesOf(demo.agent, next?.id ?? "")).map((m) => m.text)).toEqual(["three"]);
  });
});

describe("the room answers the webhook before the index is written", () => {
  it("acknowledges with the message committed while the D1 index is unavailable, and catches up after", async () => {
    const waId = "6282980000003";
    await deliverUntilAccepted(inboundBody({ waId, id: "wamid.FAST-1", at: nowSeconds() - 10, text: "hello" }));
    const room = await roomOfContact(demo.supervisor, waId);
    await env.DB.prepare(
      `CREATE TRIGGER hold_index_2 BEFORE UPDATE ON rooms WHEN OLD.id = '${room.id}' BEGIN SELECT RAISE(ABORT, 'index unavailable'); END`,
    ).run();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await deliverUntilAccepted(inboundBody({ waId, id: "wamid.FAST-2", at: nowSeconds() - 5, text: "anyone?" }));
      // Acknowledged and in the room (the agents' sockets have it), though the index could not be written.
      expect((await messagesOf(demo.agent, room.id)).map((m) => m.text)).toEqual(["hello", "anyone?"]);
      expect((await indexRow(room.id))?.last_message_preview).toBe("hello");
    } finally {
      await env.DB.prepare("DROP TRIGGER hold_index_2").run();
      warn.mockRestore();
    }
    await runDurableObjectAlarm(roomObject(room.id));
    expect((await indexRow(room.id))?.last_message_preview).toBe("anyone?");
  });
});
