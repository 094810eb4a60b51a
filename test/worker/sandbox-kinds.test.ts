// Issue 12, item 5 / issue 13, item 8: the simulator sends each kind of customer message issue 12
// lists as a real signed webhook, and each lands in the room with what the customer sent; a
// customer's broadcasts received carry their campaign (the send's biz_opaque_callback_data).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { setDeliveryTarget } from "../../worker/sandbox/deliver";
import { sandboxStub } from "../../worker/sandbox/routes";
import { type CampaignJson, createCampaign, setBalance, waitFor } from "./campaigns-helpers";
import { call, json, seed, signIn } from "./helpers";
import { messagesOf, roomOfContact } from "./rooms-helpers";

let agent: string;
let admin: string;

beforeAll(async () => {
  setDeliveryTarget(null);
  await seed();
  [agent, admin] = await Promise.all([signIn("supervisor@demo.test"), signIn("admin@demo.test")]);
});

type Details = Record<string, unknown> & {
  referral?: { headline: string | null; ctwaClid: string | null };
  order?: { items: { productRetailerId: string; quantity: number }[] };
  reply?: {
    type: string;
    id: string | null;
    title: string | null;
    responseJson: string | null;
    payload: string | null;
  };
  unsupported?: { type: string | null; errors: { code: string }[] };
  edited?: boolean;
  revoked?: boolean;
};
type Message = {
  id: string;
  providerMessageId: string | null;
  kind: string;
  text: string | null;
  details: Details | null;
};

const sendAs = (waId: string, body: Record<string, unknown>) =>
  call(`/sandbox/api/customers/${waId}/messages`, { body: { name: "Kinds Customer", ...body } });

async function landed(waId: string, providerMessageId: string): Promise<Message> {
  for (let i = 0; i < 50; i++) {
    const room = await roomOfContact(agent, waId).catch(() => null);
    const found = room
      ? ((await messagesOf(agent, room.id)) as unknown as Message[]).find(
          (m) => m.providerMessageId === providerMessageId,
        )
      : undefined;
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`message ${providerMessageId} never landed`);
}

async function kind(waId: string, body: Record<string, unknown>): Promise<Message> {
  const res = await sendAs(waId, { type: "kind", ...body });
  expect(res.status, await res.clone().text()).toBe(201);
  const { message, delivery } = await json<{ message: { id: string }; delivery: { state: string } }>(res);
  expect(delivery.state).toBe("delivered");
  return landed(waId, message.id);
}

describe("the simulator's kinds of customer message (issue 12, item 3)", () => {
  it("each lands in the room with what the customer sent", async () => {
    const waId = "6285611110001";
    const ad = await kind(waId, { kind: "ad_referral", text: "Masih ada promonya?" });
    expect(ad.text).toBe("Masih ada promonya?");
    expect(ad.details?.referral?.headline).toBe("Ramadan sale: 30% off");
    expect(ad.details?.referral?.ctwaClid).toMatch(/^ARAkSandbox/);

    const order = await kind(waId, { kind: "order" });
    expect(order.kind).toBe("order");
    expect(order.details?.order?.items.map((i) => [i.productRetailerId, i.quantity])).toEqual([
      ["SKU-KAOS-01", 2],
      ["SKU-TOPI-02", 1],
    ]);

    const flow = await kind(waId, { kind: "flow_reply" });
    expect(JSON.parse(flow.details?.reply?.responseJson ?? "{}")).toMatchObject({ size: "L" });
    expect((await kind(waId, { kind: "button_reply" })).details?.reply).toMatchObject({
      id: "confirm-order",
      title: "Confirm",
    });
    expect((await kind(waId, { kind: "list_reply" })).details?.reply).toMatchObject({
      id: "ship-express",
      description: "Arrives tomorrow",
    });
    expect((await kind(waId, { kind: "quick_reply_button" })).text).toBe("Stop promotions");
    expect((await kind(waId, { kind: "contacts" })).kind).toBe("contacts");
    const unsupported = await kind(waId, { kind: "unsupported" });
    expect(unsupported.details?.unsupported).toMatchObject({ type: "poll", errors: [{ code: "131051" }] });
  });

  it("edit and revoke change the customer's own earlier message (and are refused for another's)", async () => {
    const waId = "6285611110002";
    const res = await sendAs(waId, { type: "text", text: "Saya pesan 2" });
    const original = (await json<{ message: { id: string } }>(res)).message.id;
    await landed(waId, original);
    expect((await sendAs(waId, { type: "kind", kind: "edit", text: "Saya pesan 3", targetId: original })).status).toBe(
      201,
    );
    const room = await roomOfContact(agent, waId);
    const find = async () =>
      ((await messagesOf(agent, room.id)) as unknown as Message[]).find((m) => m.providerMessageId === original);
    for (let i = 0; i < 50 && (await find())?.text !== "Saya pesan 3"; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await find()).toMatchObject({ text: "Saya pesan 3", details: { edited: true } });
    expect((await sendAs(waId, { type: "kind", kind: "revoke", targetId: original })).status).toBe(201);
    for (let i = 0; i < 50 && !(await find())?.details?.revoked; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await find())?.details?.revoked).toBe(true);
    expect((await sendAs("6285611110003", { type: "kind", kind: "revoke", targetId: original })).status).toBe(404);
    expect((await sendAs(waId, { type: "kind", kind: "nope" })).status).toBe(400);
  });
});

describe("broadcasts received (issue 13, item 8)", () => {
  it("a customer's campaign messages carry their campaign", async () => {
    await setBalance(100_000);
    const phone = "+6285611110009";
    const created = await json<CampaignJson>(
      await createCampaign(admin, { phone, variables: [{ value: "Ayu" }, { value: "A-1" }] }),
    );
    await waitFor(admin, created.id, (c) => c.status === "completed");
    const received = (await sandboxStub(env).conversation(phone.slice(1))).filter((m) =>
      m.callbackData?.startsWith("cmp:"),
    );
    expect(received).toHaveLength(1);
    // Campaign, recipient 1, its first attempt.
    expect(received[0]?.callbackData).toBe(`cmp:${created.id}:1:1`);
  });
});
