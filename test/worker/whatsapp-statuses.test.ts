// Issue 12 item 4 (rules G1, G6): statuses keep what Meta will bill, a failed status shows Meta's error
// in the room, and a status for a message this platform never sent is recorded once and dropped.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { runInboundJob, UNKNOWN_STATUS_ATTEMPTS } from "../../worker/rooms/ingest";
import { db, seed, signIn } from "./helpers";
import { customerWrites, messagesOf, postWebhook, reply, roomOfContact } from "./rooms-helpers";
import { refresh } from "./whatsapp-corpus";

let agent: string;

beforeAll(async () => {
  await seed();
  agent = await signIn("supervisor@demo.test");
});

type Billing = Record<string, unknown>;
type Out = { id: string; providerMessageId: string; status: string; details: { billing?: Billing } | null };

async function sentReply(waId: string) {
  await customerWrites({ waId, text: "hi" });
  const room = await roomOfContact(agent, waId);
  const res = await reply(agent, room.id, "hello");
  expect(res.status).toBe(201);
  return { room, out: (await res.json()) as Out };
}

const post = async (raw: string) => {
  const res = await postWebhook(raw);
  expect(res.status, await res.clone().text()).toBe(200);
};

describe("statuses (issue 12)", () => {
  it("keeps conversation and pricing on the outbound message", async () => {
    const waId = "6285300000001";
    const { room, out } = await sentReply(waId);
    const payload = refresh("pywa/message_status#sent", { statusId: out.providerMessageId });
    await post(JSON.stringify(payload.body).split(payload.phone).join(waId));
    const message = (await messagesOf(agent, room.id)).find((m) => m.id === out.id) as unknown as Out;
    expect(message.status).toBe("sent");
    expect(message.details?.billing).toEqual({
      conversationId: "7270432eae37498234f4444b35ffc5",
      conversationOrigin: "service",
      conversationExpiresAt: expect.any(Number),
      billable: true,
      pricingModel: "CBP",
      category: "service",
    });
  });

  it("a failed status shows Meta's error title and details in the room", async () => {
    const waId = "6285300000002";
    const { room, out } = await sentReply(waId);
    const payload = refresh("pywa/message_status#failed", { statusId: out.providerMessageId });
    await post(JSON.stringify(payload.body).split(payload.phone).join(waId));
    const message = (await messagesOf(agent, room.id)).find((m) => m.id === out.id);
    expect(message?.status).toBe("failed");
    expect(message?.error).toEqual({
      code: "130472",
      title: "User's number is part of an experiment",
      detail: "Failed to send message because this user's phone number is part of an experiment",
    });
  });

  it("a status addressed to a user id only (no recipient_id) is accepted", async () => {
    const payload = refresh("meta/bsuid#delivered_to_username_user");
    await post(JSON.stringify(payload.body));
  });

  it("a status for a message never sent here is dropped by the queue, not retried into the DLQ", async () => {
    const channel = await env.DB.prepare("SELECT id FROM channels LIMIT 1").first<{ id: string }>();
    const job = {
      kind: "status" as const,
      channelId: channel?.id as string,
      status: {
        providerMessageId: "wamid.NEVER-SENT-HERE",
        channelKey: "100000000000001",
        recipientExternalId: "6285300000003",
        status: "delivered" as const,
        at: Date.now(),
        error: null,
      },
    };
    // The queue retries a job that throws: a few times (the send may still be being recorded), then
    // the status is recorded once and dropped.
    await expect(runInboundJob(env, db(), job, 1)).rejects.toThrow();
    await expect(runInboundJob(env, db(), job, UNKNOWN_STATUS_ATTEMPTS)).resolves.toBeUndefined();
  });
});
