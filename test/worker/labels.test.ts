// Issue 17 item 3, rule I11 (labels on rooms and the inbox filters), rule A3 (who manages labels).
import { beforeAll, describe, expect, it } from "vitest";
import { call, expectProblem, json, seedAndSignIn } from "./helpers";
import { expectDocumented } from "./openapi-helpers";
import { customerWrites, messagesOf, type RoomJson, roomOfContact } from "./rooms-helpers";

let admin: string;
let supervisor: string;
let agent: string;
let otherAdmin: string;

type Label = { id: string; name: string; colour: string };
type ListedRoom = RoomJson & { labels: Label[]; channelId: string };

beforeAll(async () => {
  [admin, supervisor, agent, otherAdmin] = await seedAndSignIn(
    "admin@demo.test",
    "supervisor@demo.test",
    "agent@demo.test",
    "boss@other.test",
  );
});

async function createLabel(cookie: string, name: string, colour = "#D97706") {
  return call("/api/labels", { cookie, body: { name, colour } });
}

async function list(cookie: string, query: string): Promise<ListedRoom[]> {
  const res = await call(`/api/rooms?${query}`, { cookie });
  expect(res.status).toBe(200);
  return (await json<{ rooms: ListedRoom[] }>(res)).rooms;
}

describe("labels (rule I11, A3)", () => {
  it("are managed by admins and supervisors; agents read and apply them", async () => {
    const res = await createLabel(supervisor, "Urgent");
    expect(res.status).toBe(201);
    const urgent = await json<Label>(res);
    expect(urgent).toMatchObject({ name: "Urgent", colour: "#d97706" });
    expectDocumented("createLabel", await expectProblem(await createLabel(admin, "Urgent"), 409, "label_exists"));
    await expectProblem(await createLabel(agent, "Mine"), 403, "forbidden");
    await expectProblem(await createLabel(admin, "Bad", "red"), 400, "validation_failed");

    const renamed = await call(`/api/labels/${urgent.id}`, {
      cookie: admin,
      method: "PATCH",
      body: { name: "Urgent!" },
    });
    expect(await json(renamed)).toMatchObject({ id: urgent.id, name: "Urgent!", colour: "#d97706" });
    await expectProblem(
      await call(`/api/labels/${urgent.id}`, { cookie: agent, method: "PATCH", body: { colour: "#000000" } }),
      403,
      "forbidden",
    );
    const listed = await json<{ labels: Label[] }>(await call("/api/labels", { cookie: agent }));
    expect(listed.labels.map((l) => l.name)).toContain("Urgent!");
  });

  it("of another tenant do not exist (404), and theirs are not listed", async () => {
    const mine = await json<Label>(await createLabel(admin, "Tenant A only"));
    const theirs = await json<{ labels: Label[] }>(await call("/api/labels", { cookie: otherAdmin }));
    expect(theirs.labels.map((l) => l.id)).not.toContain(mine.id);
    const patch = { cookie: otherAdmin, method: "PATCH", body: { name: "Taken over" } };
    await expectProblem(await call(`/api/labels/${mine.id}`, patch), 404, "not_found");
    await expectProblem(
      await call(`/api/labels/${mine.id}`, { cookie: otherAdmin, method: "DELETE" }),
      404,
      "not_found",
    );

    await customerWrites({ waId: "6281900000101", text: "Halo" });
    const room = await roomOfContact(admin, "6281900000101");
    const put = { cookie: otherAdmin, method: "PUT", body: { labelIds: [] } };
    await expectProblem(await call(`/api/rooms/${room.id}/labels`, put), 404, "not_found");
    // A label of another tenant put on one's own room is a 404 too.
    const other = await json<Label>(await createLabel(otherAdmin, "Theirs"));
    const foreign = { cookie: admin, method: "PUT", body: { labelIds: [other.id] } };
    await expectProblem(await call(`/api/rooms/${room.id}/labels`, foreign), 404, "not_found");
  });

  it("go on a room (by an agent), show on the list and the room, and the change is in its history", async () => {
    const vip = await json<Label>(await createLabel(admin, "VIP", "#16a34a"));
    const refund = await json<Label>(await createLabel(admin, "Refund", "#dc2626"));
    await customerWrites({ waId: "6281900000102", text: "Saya mau refund" });
    await customerWrites({ waId: "6281900000103", text: "Halo" });
    const room = await roomOfContact(admin, "6281900000102");

    const res = await call(`/api/rooms/${room.id}/labels`, {
      cookie: agent,
      method: "PUT",
      body: { labelIds: [vip.id, refund.id] },
    });
    expect(res.status).toBe(200);
    expect((await json<{ labels: Label[] }>(res)).labels.map((l) => l.name)).toEqual(["Refund", "VIP"]);
    const one = await json<ListedRoom>(await call(`/api/rooms/${room.id}`, { cookie: agent }));
    expect(one.labels.map((l) => [l.name, l.colour])).toEqual([
      ["Refund", "#dc2626"],
      ["VIP", "#16a34a"],
    ]);

    const put = { cookie: supervisor, method: "PUT", body: { labelIds: [vip.id] } };
    expect((await call(`/api/rooms/${room.id}/labels`, put)).status).toBe(200);
    const notes = (await messagesOf(agent, room.id)).filter((m) => m.direction === "note").map((m) => m.text);
    expect(notes).toEqual(["Label added: Refund, VIP", "Label removed: Refund"]);

    const byVip = await list(admin, `view=all&label=${vip.id}`);
    expect(byVip.map((r) => r.contactExternalId)).toEqual(["6281900000102"]);
    expect(byVip[0]?.labels.map((l) => l.name)).toEqual(["VIP"]);
    expect(await list(admin, `view=all&label=${refund.id}`)).toEqual([]);

    // Deleting a label takes it off the room.
    expect((await call(`/api/labels/${vip.id}`, { cookie: admin, method: "DELETE" })).status).toBe(204);
    expect((await json<ListedRoom>(await call(`/api/rooms/${room.id}`, { cookie: agent }))).labels).toEqual([]);
  });
});

describe("the inbox filters (rule I11)", () => {
  it("by agent, window state, channel and day of last activity", async () => {
    await customerWrites({ waId: "6281900000201", text: "Open window" });
    await customerWrites({ waId: "6281900000202", text: "Old one", at: Date.now() - 3 * 86_400_000 });
    const open = (await roomOfContact(admin, "6281900000201")) as ListedRoom;
    const old = await roomOfContact(admin, "6281900000202");
    const assign = { cookie: supervisor, body: { userId: "usr_demo_agent2" } };
    expect((await call(`/api/rooms/${open.id}/assign`, assign)).status).toBe(200);

    const ids = (rooms: ListedRoom[]) => rooms.map((r) => r.id);
    expect(ids(await list(admin, "view=all&agent=usr_demo_agent2"))).toContain(open.id);
    expect(ids(await list(admin, "view=all&agent=usr_demo_agent2"))).not.toContain(old.id);
    expect(ids(await list(admin, "view=all&agent=none"))).toContain(old.id);
    expect(ids(await list(admin, "view=all&agent=none"))).not.toContain(open.id);

    const windowOpen = ids(await list(admin, "view=all&window=open&limit=100"));
    const windowClosed = ids(await list(admin, "view=all&window=closed&limit=100"));
    expect(windowOpen).toContain(open.id);
    expect(windowOpen).not.toContain(old.id);
    expect(windowClosed).toContain(old.id);
    expect(windowClosed).not.toContain(open.id);

    expect(ids(await list(admin, `view=all&channel=${open.channelId}`))).toContain(open.id);
    expect(await list(admin, "view=all&channel=ch_nobody")).toEqual([]);
    expect(ids(await list(admin, "view=all&channelKind=whatsapp"))).toContain(open.id);

    const day = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10); // Jakarta's day
    const today = day(Date.now());
    const threeDaysAgo = day(Date.now() - 3 * 86_400_000);
    const recent = ids(await list(admin, `view=all&from=${today}&to=${today}&limit=100`));
    expect(recent).toContain(open.id);
    expect(recent).not.toContain(old.id);
    const older = ids(await list(admin, `view=all&from=${threeDaysAgo}&to=${threeDaysAgo}`));
    expect(older).toEqual([old.id]);
    await expectProblem(await call("/api/rooms?from=yesterday", { cookie: admin }), 400, "validation_failed");
  });

  it("keep an agent to their own tab: `all` stays refused", async () => {
    await expectProblem(await call("/api/rooms?view=all&agent=usr_demo_agent2", { cookie: agent }), 403, "forbidden");
  });
});
