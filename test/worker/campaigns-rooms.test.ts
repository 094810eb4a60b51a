// Rule I3 (issue 13): a broadcast opens a room. Each recipient's message shows in the recipient's
// unresolved room, which opens when there is none; its status follows the campaign's; R1's Total chat
// counts the rooms a broadcast opened as business-initiated chats. Told again (a queue re-delivery,
// an object evicted before it wrote what it told), a room keeps the message once and opens nothing new.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { DomainEvent } from "../../worker/events/types";
import { broadcastRooms } from "../../worker/features/campaigns/room-listener";
import { setDeliveryTarget } from "../../worker/sandbox/deliver";
import {
  type CampaignJson,
  campaign,
  createCampaign,
  insertList,
  ORG,
  phones,
  setBalance,
  waitFor,
} from "./campaigns-helpers";
import { call, json, seed, signIn } from "./helpers";
import { eventually } from "./resilience-helpers";
import { customerWrites, type MessageJson } from "./rooms-helpers";

let admin: string;
let agent: string;

beforeAll(async () => {
  setDeliveryTarget(null);
  await seed();
  [admin, agent] = await Promise.all([signIn("admin@demo.test"), signIn("agent@demo.test")]);
  await setBalance(100_000);
});

const digits = (phone: string) => phone.replace(/^\+/, "");
const settled = (c: CampaignJson) => !["running", "scheduled"].includes(c.status);

/** The contact's rooms on the demo number, straight from the inbox index. */
async function roomsOfPhone(phone: string, unresolvedOnly = true): Promise<string[]> {
  const { results } = await env.DB.prepare(
    `SELECT r.id FROM rooms r JOIN contacts c ON c.id = r.contact_id
     WHERE c.organization_id = ? AND c.external_id = ? ${unresolvedOnly ? "AND r.status <> 'resolved'" : ""}`,
  )
    .bind(ORG, digits(phone))
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

async function messagesOf(roomId: string, cookie = agent): Promise<(MessageJson & { authorName: string | null })[]> {
  const res = await call(`/api/rooms/${roomId}/messages`, { cookie });
  expect(res.status).toBe(200);
  return (await json<{ messages: (MessageJson & { authorName: string | null })[] }>(res)).messages;
}

const templatesIn = async (roomId: string) => (await messagesOf(roomId)).filter((m) => m.kind === "template");

/** The recipients of a campaign by phone, as the campaign's report shows them. */
async function recipientsOf(id: string) {
  const body = await json<{ recipients: { phone: string; state: string; providerMessageId: string | null }[] }>(
    await call(`/api/campaigns/${id}/recipients`, { cookie: admin }),
  );
  return new Map(body.recipients.map((r) => [r.phone, r]));
}

/** The `campaign.message` events the event log kept for this campaign, in the order they were told. */
async function toldEvents(campaignId: string): Promise<DomainEvent[]> {
  const { results } = await env.DB.prepare(
    `SELECT payload FROM domain_events WHERE type = 'campaign.message' AND json_extract(payload, '$.campaignId') = ?
     ORDER BY at`,
  )
    .bind(campaignId)
    .all<{ payload: string }>();
  return results.map((r) => JSON.parse(r.payload) as DomainEvent);
}

interface Totals {
  totals: { chats: number; business: number; inbound: number };
}
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const totalChat = async () =>
  (
    await json<Totals>(
      await call(`/api/reports/overview?from=${today()}&to=${today()}&tz=Asia/Jakarta`, { cookie: admin }),
    )
  ).totals;

describe("a broadcast opens a room (I3)", () => {
  it("shows each recipient's message in its room: a new room without one, the open room with one; Total chat counts the new ones (R1)", async () => {
    const [first, second, talking] = phones(3) as [string, string, string];
    // `talking` is in a conversation already: the broadcast joins that room instead of opening one.
    await customerWrites({ waId: digits(talking), text: "Halo, pesanan saya?" });
    expect(await eventually(async () => (await roomsOfPhone(talking)).length === 1)).toBe(true);
    const [openRoom] = await roomsOfPhone(talking);
    const counted = env.DB.prepare("SELECT 1 FROM report_rooms WHERE room_id = ?").bind(openRoom as string);
    expect(await eventually(async () => (await counted.first()) !== null)).toBe(true);
    const before = await totalChat();

    const listId = await insertList([first, second, talking]);
    const { id } = await json<CampaignJson>(await createCampaign(admin, { listId, name: "Desember" }));
    expect((await waitFor(admin, id, settled)).status).toBe("completed");
    const recipients = await recipientsOf(id);

    for (const [row, phone] of [first, second, talking].entries()) {
      expect(await eventually(async () => (await roomsOfPhone(phone)).length === 1)).toBe(true);
      const [roomId] = (await roomsOfPhone(phone)) as [string];
      expect(await eventually(async () => (await templatesIn(roomId)).length === 1)).toBe(true);
      const [message] = (await templatesIn(roomId)) as [MessageJson & { authorName: string | null }];
      expect(message.direction).toBe("out");
      expect(message.text).toBe(`Hi Customer ${row}, your order A-${1000 + row} has shipped.`);
      expect(message.authorName).toBe("Broadcast · Desember");
      expect(message.providerMessageId).toBe(recipients.get(phone)?.providerMessageId);
      // The message's ticks follow the recipient's statuses (the sandbox reports delivered and read).
      const state = async () => (await recipientsOf(id)).get(phone)?.state;
      const followed = async () => {
        const now = await state();
        return (now === "delivered" || now === "read") && (await templatesIn(roomId))[0]?.status === now;
      };
      expect(await eventually(followed, 15_000)).toBe(true);
    }
    // The customer already talking keeps one room, holding both the question and the broadcast.
    expect(await roomsOfPhone(talking)).toEqual([openRoom]);
    const talk = await messagesOf(openRoom as string);
    expect(talk.map((m) => m.direction)).toEqual(["in", "out"]);

    // R1: two conversations more, both started by the business; the one already open is not counted again.
    expect(
      await eventually(async () => {
        const after = await totalChat();
        return after.chats === before.chats + 2 && after.business === before.business + 2;
      }),
    ).toBe(true);
  }, 40_000);

  it("keeps the message once when its events come again, also after the room was resolved (G6)", async () => {
    const [phone] = phones(1) as [string];
    const { id } = await json<CampaignJson>(
      await createCampaign(admin, { phone, variables: [{ value: "Ayu" }, { value: "B-7" }] }),
    );
    expect((await waitFor(admin, id, settled)).status).toBe("completed");
    expect(await eventually(async () => (await roomsOfPhone(phone)).length === 1)).toBe(true);
    const [roomId] = (await roomsOfPhone(phone)) as [string];
    expect(await eventually(async () => (await templatesIn(roomId)).length === 1)).toBe(true);
    const told = await toldEvents(id);
    expect(told.length).toBeGreaterThan(0);

    // A queue delivering the same events again, twice, and all at once: one room, one message.
    await broadcastRooms.applyAll(env, told);
    await Promise.all([broadcastRooms.applyAll(env, told), broadcastRooms.applyAll(env, [...told].reverse())]);
    expect(await roomsOfPhone(phone)).toEqual([roomId]);
    expect((await templatesIn(roomId)).length).toBe(1);

    // Resolved, then told again: the message is found where it is; no new room opens for it.
    const resolved = await call(`/api/rooms/${roomId}/resolve`, { cookie: admin, body: {} });
    expect(resolved.status).toBe(200);
    await broadcastRooms.applyAll(env, told);
    expect(await roomsOfPhone(phone)).toEqual([]);
    expect(await roomsOfPhone(phone, false)).toEqual([roomId]);
    expect((await templatesIn(roomId)).length).toBe(1);
  }, 40_000);

  it("opens no room for a blocked contact (I6)", async () => {
    const [phone] = phones(1) as [string];
    await customerWrites({ waId: digits(phone), text: "spam" });
    expect(await eventually(async () => (await roomsOfPhone(phone)).length === 1)).toBe(true);
    const [roomId] = (await roomsOfPhone(phone)) as [string];
    const room = await json<{ contactId: string }>(await call(`/api/rooms/${roomId}`, { cookie: admin }));
    expect((await call(`/api/contacts/${room.contactId}/block`, { cookie: admin, body: {} })).status).toBe(200);
    expect((await call(`/api/rooms/${roomId}/resolve`, { cookie: admin, body: {} })).status).toBe(200);

    const { id } = await json<CampaignJson>(
      await createCampaign(admin, { phone, variables: [{ value: "Ayu" }, { value: "B-8" }] }),
    );
    expect((await waitFor(admin, id, settled)).status).toBe("completed");
    expect(await eventually(async () => (await toldEvents(id)).length > 0)).toBe(true);
    await broadcastRooms.applyAll(env, await toldEvents(id));
    expect(await roomsOfPhone(phone)).toEqual([]);
    expect((await templatesIn(roomId)).length).toBe(0);
  }, 40_000);
});

describe("the campaign tells a recipient's room its settled state (I3)", () => {
  it("tells the latest state once it settles: sent, delivered and read a moment apart go as one event", async () => {
    const [phone] = phones(1) as [string];
    const { id } = await json<CampaignJson>(
      await createCampaign(admin, { phone, variables: [{ value: "Ayu" }, { value: "B-9" }] }),
    );
    const done = await waitFor(admin, id, (c) => settled(c) && c.counts.read === 1, 20_000);
    expect(done.counts.read).toBe(1);
    const toldRead = async () => (await toldEvents(id)).some((e) => "status" in e && e.status === "read");
    expect(await eventually(toldRead)).toBe(true);
    const told = (await toldEvents(id)) as Extract<DomainEvent, { type: "campaign.message" }>[];
    // The sandbox reports sent, delivered and read within a second: not three events, one (two on a slow machine).
    expect(told.length).toBeLessThanOrEqual(2);
    expect(new Set(told.map((e) => e.id)).size).toBe(told.length);
    expect(told.every((e) => e.recipientId === 1 && e.phone === phone)).toBe(true);
    expect((await campaign(admin, id)).status).toBe("completed");
  }, 40_000);
});
