import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createGraphClient } from "../../worker/channels/whatsapp/graph-client";
import { SANDBOX_ACCESS_TOKEN, SANDBOX_PHONE_NUMBER_ID } from "../../worker/sandbox/config";
import { setDeliveryTarget } from "../../worker/sandbox/deliver";
import { graphFetchFor } from "../../worker/sandbox/fetch";
import { sandboxStub } from "../../worker/sandbox/routes";
import type { CustomerSendResult } from "../../worker/sandbox/sandbox-do";
import { call, json, seed, signIn } from "./helpers";
import { sleep } from "./sandbox-helpers";

// The real path end to end: simulator -> signed webhook -> the platform's POST /webhooks/whatsapp
// (in-process) -> room; agent reply -> Graph client -> graphFetchFor -> sandbox -> status webhooks.
let admin: string;
beforeAll(async () => {
  setDeliveryTarget(null);
  await seed();
  admin = await signIn("admin@demo.test");
});

type Room = { id: string; contactExternalId: string; contactName: string | null };
type RoomMessage = {
  id: string;
  direction?: string;
  text: string | null;
  status: string;
  providerMessageId: string | null;
};

async function roomOf(waId: string): Promise<Room | undefined> {
  const { rooms } = await json<{ rooms: Room[] }>(await call("/api/rooms?view=all", { cookie: admin }));
  return rooms.find((r) => r.contactExternalId === waId);
}

async function messagesOf(roomId: string): Promise<RoomMessage[]> {
  return (await json<{ messages: RoomMessage[] }>(await call(`/api/rooms/${roomId}/messages`, { cookie: admin })))
    .messages;
}

describe("sandbox provider with the real platform", () => {
  it("delivers a customer's message into a room, once even when re-delivered, and carries the reply back", async () => {
    const waId = "6281250000001";
    const res = await call(`/sandbox/api/customers/${waId}/messages`, {
      body: { type: "text", text: "Halo dari simulator", name: "Rina" },
    });
    expect(res.status).toBe(201);
    const sent = await json<CustomerSendResult>(res);
    expect(sent.delivery).toMatchObject({ state: "delivered", lastStatus: 200 });
    expect(sent.message.status).toBe("delivered");

    // Meta retrying the same webhook: the platform applies it once (rule G6).
    const again = await call("/sandbox/api/redeliver", { method: "POST" });
    expect(await json(again)).toMatchObject({ delivery: { state: "delivered", lastStatus: 200 } });

    const room = await roomOf(waId);
    expect(room).toMatchObject({ contactName: "Rina" });
    if (!room) return;
    const inbound = (await messagesOf(room.id)).filter((m) => m.text === "Halo dari simulator");
    expect(inbound).toHaveLength(1);
    expect(inbound[0]?.providerMessageId).toBe(sent.message.id);

    const reply = await call(`/api/rooms/${room.id}/messages`, {
      cookie: admin,
      body: { type: "text", text: "Halo Rina, ada yang bisa dibantu?" },
    });
    expect(reply.status).toBe(201);
    const replied = await json<RoomMessage>(reply);
    expect(replied.providerMessageId).toMatch(/^wamid\./);

    const conversation = await sandboxStub(env).conversation(waId);
    expect(conversation.map((m) => [m.direction, m.text])).toEqual([
      ["in", "Halo dari simulator"],
      ["out", "Halo Rina, ada yang bisa dibantu?"],
    ]);

    // sent, delivered, read reach the platform's message.
    let status = replied.status;
    for (let i = 0; i < 40 && status !== "read"; i++) {
      await runDurableObjectAlarm(sandboxStub(env));
      await sleep(100);
      status = (await messagesOf(room.id)).find((m) => m.id === replied.id)?.status ?? status;
    }
    expect(status).toBe("read");
  }, 20_000);

  it("answers the platform's Graph client: media upload, info and download through graphFetchFor", async () => {
    const graph = createGraphClient({ baseUrl: env.GRAPH_API_URL, fetch: graphFetchFor(env) });
    const creds = { channelKey: SANDBOX_PHONE_NUMBER_ID, accessToken: SANDBOX_ACCESS_TOKEN };
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34]);
    const id = await graph.uploadMedia(creds, bytes, "application/pdf", "invoice.pdf");
    const info = await graph.mediaInfo(creds, id);
    expect(info).toMatchObject({ mimeType: "application/pdf", fileSize: bytes.length });
    const file = await graph.downloadMedia(creds, info.url);
    expect(new Uint8Array(file.bytes)).toEqual(bytes);
    expect(file.mimeType).toBe("application/pdf");

    const result = await graph.sendMessage(creds, { kind: "text", to: "6280099990000", text: "x" });
    expect(result).toMatchObject({ ok: false, error: { code: "131026" } });
  });
});
