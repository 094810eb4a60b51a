// Resilience (G6, I5): a room that crashes after storing a message but before updating the inbox
// index and the tenant feed. The provider's delivery is queued and applied again; the message is
// found as a duplicate. The inbox must still catch up with the room.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { roomStub } from "../../worker/rooms/room-do";
import { call, json } from "./helpers";
import { deliverUntilAccepted, eventually, inboundBody, postSigned, useDemoTenant } from "./resilience-helpers";
import { type MessageJson, messagesOf, openSocket, type RoomJson } from "./rooms-helpers";

const demo = useDemoTenant();

async function indexRow(waId: string): Promise<RoomJson> {
  const res = await call(`/api/rooms?view=all&q=${waId}`, { cookie: demo.supervisor });
  const rooms = (await json<{ rooms: RoomJson[] }>(res)).rooms.filter((r) => r.contactExternalId === waId);
  expect(rooms).toHaveLength(1);
  return rooms[0]!;
}

describe("a room that crashes between storing a message and publishing it", () => {
  it("still brings the inbox index and the tenant feed up to date", { timeout: 20_000 }, async () => {
    const waId = "6282950000001";
    const at = Math.floor(Date.now() / 1000) - 60;
    await deliverUntilAccepted(inboundBody({ waId, id: "wamid.IDX-0", at, text: "first" }));
    const room = await indexRow(waId);
    const stub = env.ROOM.getByName(room.id);
    const watch = await openSocket(`/api/rooms/${room.id}/ws`, demo.agent);
    await watch.waitFor((e) => e.type === "room.updated");
    const feed = await openSocket("/api/inbox/ws", demo.agent);
    // The room socket sees message.created before the room has written the index and told the feed:
    // crash it right then.
    let crashed: Promise<unknown> | null = null;
    watch.ws.addEventListener("message", (event) => {
      const e = JSON.parse(event.data as string) as { type: string; message?: MessageJson };
      if (e.type === "message.created" && e.message?.text === "second" && !crashed) {
        crashed = runInDurableObject(stub as DurableObjectStub<never>, (_o: unknown, state: DurableObjectState) => {
          state.abort("simulated crash");
        }).catch(() => undefined);
      }
    });
    const res = await postSigned(inboundBody({ waId, id: "wamid.IDX-1", at: at + 1, text: "second" }));
    expect(res.status).toBe(200); // acknowledged: the Worker queued it when the room call failed
    expect(crashed).not.toBeNull();
    await crashed;
    // The queue applies it (a duplicate by now), and Meta may deliver it again too.
    await deliverUntilAccepted(inboundBody({ waId, id: "wamid.IDX-1", at: at + 1, text: "second" }));
    expect((await messagesOf(demo.agent, room.id)).map((m) => m.text)).toEqual(["first", "second"]);
    expect((await roomStub(env, room.id).getSummary()).unreadCount).toBe(2);

    // The room has both messages: the inbox list and the tenant feed must say so too.
    await eventually(async () => (await indexRow(waId)).lastMessagePreview === "second", 5_000);
    expect(await indexRow(waId)).toMatchObject({ lastMessagePreview: "second", unreadCount: 2 });
    expect(
      feed.events.some(
        (e) => e.type === "room.updated" && (e.room as RoomJson | undefined)?.lastMessagePreview === "second",
      ),
    ).toBe(true);
    watch.close();
    feed.close();
  });

  it("brings the inbox index up to date after a crash in the middle of a burst", { timeout: 20_000 }, async () => {
    const waId = "6282950000002";
    const at = Math.floor(Date.now() / 1000) - 60;
    await deliverUntilAccepted(inboundBody({ waId, id: "wamid.IDX-B-open", at, text: "open" }));
    const room = await indexRow(waId);
    const stub = env.ROOM.getByName(room.id);
    const watch = await openSocket(`/api/rooms/${room.id}/ws`, demo.agent);
    await watch.waitFor((e) => e.type === "room.updated");
    let seen = 0;
    let answered = 0;
    let answeredAtCrash = -1;
    let crashed: Promise<unknown> = Promise.resolve();
    watch.ws.addEventListener("message", (event) => {
      if ((JSON.parse(event.data as string) as { type: string }).type !== "message.created") return;
      if (++seen === 15) {
        answeredAtCrash = answered;
        crashed = runInDurableObject(stub as DurableObjectStub<never>, (_o: unknown, state: DurableObjectState) => {
          state.abort("simulated crash");
        }).catch(() => undefined);
      }
    });
    const burst = Array.from({ length: 30 }, (_, j) =>
      inboundBody({ waId, id: `wamid.IDX-B-${j}`, at: at + 1 + j, text: `burst ${j}` }),
    );
    await Promise.all(burst.map((body) => postSigned(body).finally(() => answered++)));
    await crashed;
    // The crash really came, and in the middle of the burst: webhooks were still unanswered.
    expect(answeredAtCrash).toBeGreaterThanOrEqual(0);
    expect(answeredAtCrash).toBeLessThan(burst.length);
    for (const body of burst) await deliverUntilAccepted(body);
    await eventually(async () => (await messagesOf(demo.agent, room.id)).length === 31);
    expect((await messagesOf(demo.agent, room.id)).length).toBe(31);
    expect((await roomStub(env, room.id).getSummary()).unreadCount).toBe(31);

    await eventually(async () => (await indexRow(waId)).unreadCount === 31, 5_000);
    expect(await indexRow(waId)).toMatchObject({ lastMessagePreview: "burst 29", unreadCount: 31 });
    watch.close();
  });
});
