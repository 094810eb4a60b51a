// Issue 17, rule I11 and I5: a room's labels and snooze, and a label's new name, colour or deletion,
// reach every open inbox of the organization on its feed, without a reload; Admin › Labels counts
// each label's open rooms (`GET /api/labels?count=open`).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, json, seed, signIn } from "./helpers";
import { customerWrites, openSocket, roomOfContact } from "./rooms-helpers";

type Label = { id: string; name: string; colour: string; openRooms?: number };
type FeedRoom = { id: string; labels?: Label[]; snoozedUntil?: number | null };
type FeedEvent = { type: string; room?: FeedRoom; label?: Label; labelId?: string };

let admin: string;
let agent: string;
let supervisor: string;
const sockets: { close(): void }[] = [];

beforeAll(async () => {
  await seed();
  [admin, agent, supervisor] = await Promise.all([
    signIn("admin@demo.test"),
    signIn("agent@demo.test"),
    signIn("supervisor@demo.test"),
  ]);
});
afterAll(() => {
  for (const s of sockets) s.close();
});

async function supervisorsFeed() {
  const socket = await openSocket("/api/inbox/ws", supervisor);
  await socket.waitFor((e) => e.type === "hello");
  sockets.push(socket);
  return socket as unknown as {
    events: FeedEvent[];
    waitFor(p: (e: FeedEvent) => boolean, ms?: number): Promise<FeedEvent>;
  };
}
async function newLabel(name: string, colour: string): Promise<Label> {
  const res = await call("/api/labels", { cookie: admin, body: { name, colour } });
  expect(res.status).toBe(201);
  return json<Label>(res);
}
async function labelCounts(): Promise<Label[]> {
  const res = await call("/api/labels?count=open", { cookie: admin });
  expect(res.status).toBe(200);
  return (await json<{ labels: Label[] }>(res)).labels;
}

describe("live label and snooze changes (I11, I5)", () => {
  it("a room's labels and snooze reach another open inbox on the room's room.updated", async () => {
    await customerWrites({ waId: "6281500000001", text: "Label me" });
    const room = await roomOfContact(admin, "6281500000001");
    const vip = await newLabel("Live VIP", "#16a34a");
    const feed = await supervisorsFeed();

    // The agent puts a label on the room: the supervisor's feed carries the room with its chip.
    const put = await call(`/api/rooms/${room.id}/labels`, {
      method: "PUT",
      cookie: agent,
      body: { labelIds: [vip.id] },
    });
    expect(put.status).toBe(200);
    const labelled = await feed.waitFor(
      (e) => e.type === "room.updated" && e.room?.id === room.id && (e.room.labels?.length ?? 0) > 0,
    );
    expect(labelled.room?.labels).toEqual([{ id: vip.id, name: "Live VIP", colour: "#16a34a" }]);

    // Snoozed: the room comes with its snooze time (the list drops it from the open tabs).
    const until = Date.now() + 3_600_000;
    const snoozed = await call(`/api/rooms/${room.id}/snooze`, { method: "POST", cookie: agent, body: { until } });
    expect(snoozed.status).toBe(200);
    const away = await feed.waitFor((e) => e.type === "room.updated" && e.room?.snoozedUntil === until);
    expect(away.room?.labels?.map((l) => l.id)).toEqual([vip.id]);

    // Woken by hand: the snooze is gone on the feed too.
    expect((await call(`/api/rooms/${room.id}/snooze`, { method: "DELETE", cookie: agent })).status).toBe(200);
    await feed.waitFor(
      (e) => e.type === "room.updated" && e.room?.id === room.id && e.room.snoozedUntil === null && e !== away,
    );

    // A customer's message also ends a snooze, and the labels the feed does not re-read are left out.
    await call(`/api/rooms/${room.id}/snooze`, { method: "POST", cookie: agent, body: { until } });
    const count = feed.events.length;
    await customerWrites({ waId: "6281500000001", text: "Back again" });
    const woken = await feed.waitFor(
      (e) => feed.events.indexOf(e) >= count && e.type === "room.updated" && e.room?.id === room.id,
    );
    expect(woken.room?.snoozedUntil).toBeNull();
  });

  it("a label renamed, recoloured or deleted reaches every open inbox; its open rooms are counted", async () => {
    const urgent = await newLabel("Live Urgent", "#dc2626");
    const feed = await supervisorsFeed();
    await customerWrites({ waId: "6281500000002", text: "Urgent one" });
    const room = await roomOfContact(admin, "6281500000002");
    await call(`/api/rooms/${room.id}/labels`, { method: "PUT", cookie: agent, body: { labelIds: [urgent.id] } });
    expect((await labelCounts()).find((l) => l.id === urgent.id)?.openRooms).toBe(1);
    // Without `count=open` the inbox's list stays as it was.
    const plain = await json<{ labels: Label[] }>(await call("/api/labels", { cookie: agent }));
    expect(plain.labels.find((l) => l.id === urgent.id)).toEqual({
      id: urgent.id,
      name: "Live Urgent",
      colour: "#dc2626",
    });

    const renamed = await call(`/api/labels/${urgent.id}`, {
      method: "PATCH",
      cookie: admin,
      body: { name: "Live Very Urgent", colour: "#7C3AED" },
    });
    expect(renamed.status).toBe(200);
    const updated = await feed.waitFor((e) => e.type === "label.updated" && e.label?.id === urgent.id);
    expect(updated.label).toEqual({ id: urgent.id, name: "Live Very Urgent", colour: "#7c3aed" });

    // A resolved room is not counted.
    expect((await call(`/api/rooms/${room.id}/resolve`, { method: "POST", cookie: admin })).status).toBe(200);
    expect((await labelCounts()).find((l) => l.id === urgent.id)?.openRooms).toBe(0);

    expect((await call(`/api/labels/${urgent.id}`, { method: "DELETE", cookie: admin })).status).toBe(204);
    const deleted = await feed.waitFor((e) => e.type === "label.deleted");
    expect(deleted.labelId).toBe(urgent.id);
  });
});
