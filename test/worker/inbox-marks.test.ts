// Issue 17 item 3: snooze until a time (back by itself, or when the customer writes), mark unread
// per agent, bulk resolve / assign / label from the list with each room's outcome.
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../../worker/index";
import { EVERY_MINUTE } from "../../worker/jobs/cron-tasks";
import { call, expectProblem, json, seedAndSignIn } from "./helpers";
import { customerWrites, messagesOf, openSocket, type RoomJson, roomOfContact } from "./rooms-helpers";

let supervisor: string;
let agent: string;
let agent2: string;
let otherAdmin: string;

type Listed = RoomJson & { markedUnread: boolean; snoozedUntil: number | null; labels: { name: string }[] };

beforeAll(async () => {
  [supervisor, agent, agent2, otherAdmin] = await seedAndSignIn(
    "supervisor@demo.test",
    "agent@demo.test",
    "agent2@demo.test",
    "boss@other.test",
  );
});

async function list(cookie: string, view: string): Promise<Listed[]> {
  const res = await call(`/api/rooms?view=${view}&limit=100`, { cookie });
  expect(res.status).toBe(200);
  return (await json<{ rooms: Listed[] }>(res)).rooms;
}
const ids = (rooms: Listed[]) => rooms.map((r) => r.id);
const snooze = (cookie: string, roomId: string, until: number) =>
  call(`/api/rooms/${roomId}/snooze`, { cookie, body: { until } });

describe("snooze (issue 17)", () => {
  it("takes the room out of the list until its time, then it is back by itself and the open inboxes hear of it", async () => {
    await customerWrites({ waId: "6281400000001", text: "Besok saja" });
    const room = await roomOfContact(supervisor, "6281400000001");
    const res = await snooze(agent, room.id, Date.now() + 2_500);
    expect(res.status).toBe(200);
    expect((await json<Listed>(res)).snoozedUntil).toBeGreaterThan(Date.now());
    expect(ids(await list(agent, "unassigned"))).not.toContain(room.id);
    expect(ids(await list(supervisor, "all"))).not.toContain(room.id);
    expect(ids(await list(agent, "snoozed"))).toContain(room.id);

    const feed = await openSocket("/api/inbox/ws", agent);
    await feed.waitFor((e) => e.type === "hello");
    await new Promise((r) => setTimeout(r, 2_600));
    // Back in the list at its time, whether or not the cron has run yet.
    expect(ids(await list(agent, "unassigned"))).toContain(room.id);
    expect(ids(await list(agent, "snoozed"))).not.toContain(room.id);
    await worker.scheduled(createScheduledController({ cron: EVERY_MINUTE, scheduledTime: Date.now() }), env);
    await feed.waitFor((e) => e.type === "room.updated" && (e.room as { id: string }).id === room.id);
    feed.close();
    const left = await env.DB.prepare("SELECT count(*) AS n FROM room_snoozes WHERE room_id = ?").bind(room.id).first();
    expect(left).toEqual({ n: 0 });
  });

  it("ends when the customer writes", async () => {
    await customerWrites({ waId: "6281400000002", text: "Nanti saya kabari" });
    const room = await roomOfContact(supervisor, "6281400000002");
    expect((await snooze(agent, room.id, Date.now() + 3_600_000)).status).toBe(200);
    expect(ids(await list(agent, "unassigned"))).not.toContain(room.id);
    await customerWrites({ waId: "6281400000002", text: "Sudah siap" });
    await vi.waitFor(async () => expect(ids(await list(agent, "unassigned"))).toContain(room.id), { timeout: 5_000 });
  });

  it("is refused in the past, far ahead, on a resolved room, and on another tenant's room", async () => {
    await customerWrites({ waId: "6281400000003", text: "Halo" });
    const room = await roomOfContact(supervisor, "6281400000003");
    await expectProblem(await snooze(agent, room.id, Date.now() - 1_000), 422, "snooze_time");
    await expectProblem(await snooze(agent, room.id, Date.now() + 40 * 86_400_000), 422, "snooze_time");
    await expectProblem(await snooze(otherAdmin, room.id, Date.now() + 60_000), 404, "not_found");
    expect((await call(`/api/rooms/${room.id}/resolve`, { method: "POST", cookie: supervisor })).status).toBe(200);
    await expectProblem(await snooze(supervisor, room.id, Date.now() + 60_000), 422, "room_resolved");
  });
});

describe("mark unread (issue 17)", () => {
  it("is one agent's own mark, gone when they read the room again", async () => {
    await customerWrites({ waId: "6281400000011", text: "Tolong dibalas" });
    const room = await roomOfContact(supervisor, "6281400000011");
    expect((await call(`/api/rooms/${room.id}/read`, { method: "POST", cookie: agent })).status).toBe(200);
    const marked = await call(`/api/rooms/${room.id}/unread`, { method: "POST", cookie: agent });
    expect(await json(marked)).toMatchObject({ id: room.id, markedUnread: true });
    const mine = (await list(agent, "unassigned")).find((r) => r.id === room.id);
    const theirs = (await list(agent2, "unassigned")).find((r) => r.id === room.id);
    expect([mine?.markedUnread, theirs?.markedUnread]).toEqual([true, false]);
    expect((await call(`/api/rooms/${room.id}/read`, { method: "POST", cookie: agent })).status).toBe(200);
    expect((await list(agent, "unassigned")).find((r) => r.id === room.id)?.markedUnread).toBe(false);
  });
});

describe("bulk actions from the list (issue 17)", () => {
  const bulk = (cookie: string, body: unknown) => call("/api/rooms/bulk", { cookie, body });
  type Results = { results: { roomId: string; ok: boolean; code: string | null }[] };

  it("resolve every room it can, and say which one it could not and why", async () => {
    for (const waId of ["6281400000021", "6281400000022", "6281400000023"])
      await customerWrites({ waId, text: "Halo" });
    const [a, b, c] = await Promise.all(
      ["6281400000021", "6281400000022", "6281400000023"].map((w) => roomOfContact(supervisor, w)),
    );
    expect((await call(`/api/rooms/${c?.id}/resolve`, { method: "POST", cookie: supervisor })).status).toBe(200);
    const res = await bulk(supervisor, { action: "resolve", roomIds: [a?.id, "no-such-room", b?.id, c?.id] });
    expect(res.status).toBe(200);
    const { results } = await json<Results>(res);
    expect(results.map((r) => [r.roomId, r.ok, r.code])).toEqual([
      [a?.id, true, null],
      ["no-such-room", false, "not_found"],
      [b?.id, true, null],
      [c?.id, false, expect.any(String)],
    ]);
    const resolved = ids(await list(supervisor, "resolved"));
    expect(resolved).toEqual(expect.arrayContaining([a?.id, b?.id]));
  });

  it("label rooms (noted in each room's history) and assign them; another tenant's rooms are not found", async () => {
    const label = await json<{ id: string }>(
      await call("/api/labels", { cookie: supervisor, body: { name: "Bulk", colour: "#2563eb" } }),
    );
    for (const waId of ["6281400000031", "6281400000032"]) await customerWrites({ waId, text: "Halo" });
    const [a, b] = await Promise.all(["6281400000031", "6281400000032"].map((w) => roomOfContact(supervisor, w)));
    const labelled = await json<Results>(
      await bulk(agent, { action: "label", labelId: label.id, roomIds: [a?.id, b?.id] }),
    );
    expect(labelled.results.every((r) => r.ok)).toBe(true);
    expect((await list(agent, "unassigned")).find((r) => r.id === a?.id)?.labels.map((l) => l.name)).toEqual(["Bulk"]);
    expect(
      (await messagesOf(agent, a?.id ?? "")).some((m) => m.direction === "note" && m.text === "Label added: Bulk"),
    ).toBe(true);

    const assigned = await json<Results>(
      await bulk(supervisor, { action: "assign", userId: "usr_demo_agent", roomIds: [a?.id, b?.id] }),
    );
    expect(assigned.results.map((r) => r.ok)).toEqual([true, true]);
    expect(ids(await list(agent, "mine"))).toEqual(expect.arrayContaining([a?.id, b?.id]));

    const foreign = await json<Results>(await bulk(otherAdmin, { action: "resolve", roomIds: [a?.id] }));
    expect(foreign.results).toEqual([{ roomId: a?.id, ok: false, code: "not_found", detail: "No such room." }]);
    await expectProblem(
      await bulk(otherAdmin, { action: "label", labelId: label.id, roomIds: [a?.id] }),
      404,
      "not_found",
    );
    await expectProblem(
      await bulk(supervisor, { action: "assign", userId: "usr_other_admin", roomIds: [a?.id] }),
      404,
      "not_found",
    );
  });
});
