// Issue 12 item 1 (rules I1, G1): nobody refused. Meta's business-scoped user ids (2026): a customer
// who hides their phone is named by `from_user_id` / `contacts[].user_id` / `profile.username` only.
// Contacts are identified by the phone or the user id, whichever Meta gives, and linked when both appear.
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { type CampaignJson, createCampaign, waitFor } from "./campaigns-helpers";
import { json, ORIGIN, seed, signIn } from "./helpers";
import { type MessageJson, messagesOf, postWebhook, reply, roomsOf } from "./rooms-helpers";
import { refresh } from "./whatsapp-corpus";

let agent: string;

beforeAll(async () => {
  await seed();
  agent = await signIn("supervisor@demo.test");
});

/** Posts a Meta reference example, refreshed, with the given user id and phone. */
async function post(name: string, userId: string, phone?: string) {
  const p = refresh(name);
  let raw = JSON.stringify(p.body).split(p.userId).join(userId);
  if (phone) raw = raw.split(p.phone).join(phone);
  const res = await postWebhook(raw);
  expect(res.status, await res.clone().text()).toBe(200);
  return p;
}

const contactsOf = (userId: string) =>
  env.DB.prepare("SELECT external_id AS externalId, user_id AS userId FROM contacts WHERE user_id = ?")
    .bind(userId)
    .all<{ externalId: string; userId: string }>();

describe("business-scoped user ids (issue 12)", () => {
  it("a customer who hides their phone reaches the inbox, known by the user id", async () => {
    await post("meta/bsuid#text_from_username_user", "ID.HIDDEN1");
    const room = (await roomsOf(agent)).find((r) => r.contactExternalId === "ID.HIDDEN1");
    expect(room, "a room for the user id").toBeDefined();
    expect(room?.contactName).toBe("Corpus Customer");
    const messages = await messagesOf(agent, room?.id as string);
    expect(messages.map((m) => [m.kind, m.text])).toEqual([["text", "Halo from meta/bsuid#text_from_username_user"]]);
  });

  it("a user id seen beside a phone reaches the phone's room when the phone is hidden later", async () => {
    await post("meta/bsuid#text_with_phone_and_bsuid", "ID.LINKED1", "6285400000001");
    await post("meta/bsuid#text_from_username_user", "ID.LINKED1");
    const rooms = (await roomsOf(agent)).filter((r) => ["6285400000001", "ID.LINKED1"].includes(r.contactExternalId));
    expect(rooms.map((r) => r.contactExternalId)).toEqual(["6285400000001"]);
    expect((await messagesOf(agent, rooms[0]?.id as string)).length).toBe(2);
    expect((await contactsOf("ID.LINKED1")).results).toEqual([{ externalId: "6285400000001", userId: "ID.LINKED1" }]);
  });

  it("a contact first known by its user id is linked to its phone when both appear", async () => {
    await post("meta/bsuid#text_from_username_user", "ID.LINKED2");
    await post("meta/bsuid#text_with_phone_and_bsuid", "ID.LINKED2", "6285400000002");
    const rooms = (await roomsOf(agent)).filter((r) => ["6285400000002", "ID.LINKED2"].includes(r.contactExternalId));
    expect(rooms).toHaveLength(1);
    expect((await messagesOf(agent, rooms[0]?.id as string)).length).toBe(2);
    expect((await contactsOf("ID.LINKED2")).results).toEqual([{ externalId: "6285400000002", userId: "ID.LINKED2" }]);
  });

  it("a reply to a customer known only by their user id reaches them, addressed by that id (Meta's `recipient`)", async () => {
    await post("meta/bsuid#text_from_username_user", "ID.REPLY1");
    const room = (await roomsOf(agent)).find((r) => r.contactExternalId === "ID.REPLY1");
    const res = await reply(agent, room?.id as string, "Terima kasih, pesanan diproses");
    expect(res.status).toBe(201);
    const sent = await json<MessageJson>(res);
    expect(sent).toMatchObject({ direction: "out", status: "sent", error: null });
    const phone = await exports.default.fetch(`${ORIGIN}/sandbox/api/customers/ID.REPLY1/messages`);
    const { messages } = (await phone.json()) as { messages: { direction: string; text: string }[] };
    expect(messages.map((m) => [m.direction, m.text])).toContainEqual(["out", "Terima kasih, pesanan diproses"]);
  });

  it("B6: a customer first known by their user id, whose phone is linked mid-month, is one unique visitor", async () => {
    await env.DB.prepare("UPDATE wallets SET package_balance = 100000 WHERE organization_id = 'org_demo'").run();
    const visitors = async () =>
      (
        await env.DB.prepare(
          "SELECT count(*) AS n FROM unique_visitors WHERE organization_id = 'org_demo' AND external_id IN ('ID.MUV1', '6285400000077')",
        ).first<{ n: number }>()
      )?.n;
    await post("meta/bsuid#text_from_username_user", "ID.MUV1");
    const before = (await roomsOf(agent)).find((r) => r.contactExternalId === "ID.MUV1");
    expect((await reply(agent, before?.id as string, "Halo, ada yang bisa dibantu?")).status).toBe(201);
    expect(await visitors()).toBe(1);
    await post("meta/bsuid#text_with_phone_and_bsuid", "ID.MUV1", "6285400000077");
    // A broadcast to the phone, now that it is known, finds the visit counted under the user id.
    const admin = await signIn("admin@demo.test");
    const created = await createCampaign(admin, {
      phone: "+6285400000077",
      variables: [{ value: "Ayu" }, { value: "A-1" }],
    });
    expect(created.status).toBe(201);
    const done = await waitFor(admin, (await json<CampaignJson>(created)).id, (c) => c.status === "completed");
    expect(done.cost).toBe(460);
    expect(await visitors()).toBe(1);
  });
});
