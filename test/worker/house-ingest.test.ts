// One webhook, many customers (issue 10, rules G6, I1): the messages of one webhook are handled
// concurrently across contacts and in order within each contact.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, onTestFinished } from "vitest";
import type { InboundMessage } from "../../worker/channels/types";
import type { RoomDO } from "../../worker/rooms/room-do";
import type { RoomIdentity } from "../../worker/rooms/types";
import { deliverUntilAccepted, inboundBody, postSigned, useDemoTenant } from "./resilience-helpers";
import { messagesOf, roomOfContact } from "./rooms-helpers";

const demo = useDemoTenant();

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** One Meta body carrying several customers' messages (as Meta batches them under one phone number). */
function combined(bodies: string[]): string {
  const parsed = bodies.map((b) => JSON.parse(b));
  const value = parsed[0].entry[0].changes[0].value;
  value.messages = parsed.flatMap((p) => p.entry[0].changes[0].value.messages);
  value.contacts = parsed.flatMap((p) => p.entry[0].changes[0].value.contacts);
  return JSON.stringify(parsed[0]);
}

describe("a webhook carrying messages of several customers", () => {
  it("stores each customer's messages in their own room, in the order sent", async () => {
    const at = nowSeconds() - 30;
    const customers = ["6282970000001", "6282970000002", "6282970000003"];
    const bodies = customers.flatMap((waId, c) =>
      [0, 1, 2].map((i) => inboundBody({ waId, id: `wamid.MULTI-${c}-${i}`, at: at + i, text: `${waId} #${i}` })),
    );
    // Interleaved as Meta may send them: c0#0, c1#0, c2#0, c0#1 ...
    const order = [0, 3, 6, 1, 4, 7, 2, 5, 8].map((i) => bodies[i] as string);
    const res = await postSigned(combined(order));
    expect(res.status).toBe(200);
    for (const waId of customers) {
      const room = await roomOfContact(demo.supervisor, waId);
      expect((await messagesOf(demo.agent, room.id)).map((m) => m.text)).toEqual([0, 1, 2].map((i) => `${waId} #${i}`));
    }
  });

  it("does not hold one customer's message behind another customer's room", { timeout: 20_000 }, async () => {
    const slow = "6282970000011";
    const quick = "6282970000012";
    await deliverUntilAccepted(inboundBody({ waId: slow, id: "wamid.LANE-S0", at: nowSeconds() - 20, text: "s0" }));
    await deliverUntilAccepted(inboundBody({ waId: quick, id: "wamid.LANE-Q0", at: nowSeconds() - 20, text: "q0" }));
    const slowRoom = await roomOfContact(demo.supervisor, slow);
    const quickRoom = await roomOfContact(demo.supervisor, quick);
    // The slow customer's room takes the next message only once the quick customer's room has its
    // own (or after 5 s, had the webhook handled them one after another).
    // RPC calls the class's own methods: wrap the prototype's, for the slow room only, and put it back after.
    const proto = await runInDurableObject(env.ROOM.getByName(slowRoom.id), (instance: RoomDO) =>
      Object.getPrototypeOf(instance),
    );
    const original = proto.receiveInbound as RoomDO["receiveInbound"];
    proto.receiveInbound = async function (this: RoomDO, identity: RoomIdentity, message: InboundMessage) {
      if (identity.roomId !== slowRoom.id) return original.call(this, identity, message);
      const until = Date.now() + 5_000;
      let overlapped = false;
      while (Date.now() < until && !overlapped) {
        const theirs = (await env.ROOM.getByName(quickRoom.id).listMessages({ limit: 10 })) as {
          text: string | null;
        }[];
        overlapped = theirs.some((m) => m.text === "q1");
        if (!overlapped) await new Promise((r) => setTimeout(r, 20));
      }
      return original.call(this, identity, {
        ...message,
        text: overlapped ? "s1 (quick one was not held)" : "s1 (held)",
      });
    };
    onTestFinished(() => {
      proto.receiveInbound = original;
    });
    const res = await postSigned(
      combined([
        inboundBody({ waId: slow, id: "wamid.LANE-S1", at: nowSeconds(), text: "s1" }),
        inboundBody({ waId: quick, id: "wamid.LANE-Q1", at: nowSeconds(), text: "q1" }),
      ]),
    );
    expect(res.status).toBe(200);
    expect((await messagesOf(demo.agent, slowRoom.id)).map((m) => m.text)).toEqual([
      "s0",
      "s1 (quick one was not held)",
    ]);
    expect((await messagesOf(demo.agent, quickRoom.id)).map((m) => m.text)).toEqual(["q0", "q1"]);
  });
});
