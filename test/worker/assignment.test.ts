// Rule I12: availability (PUT /api/me/availability), the team's loads for supervisors, automatic
// assignment of new rooms to online agents in turn with a cap (PUT /api/settings/assignment), and its
// race: two rooms at once with cap 1 and two agents give one each.
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { broadcastRooms } from "../../worker/features/campaigns/room-listener";
import { broadcastSent } from "./campaigns-helpers";
import { call, expectProblem, json, seedAndSignIn, signIn } from "./helpers";
import { autoAssignmentListenerOff, eventually, quietInfoLogs } from "./resilience-helpers";
import { customerWrites, messagesOf, openSocket, type RoomJson, roomOfContact } from "./rooms-helpers";

const ORG = "org_demo";
const BUDI = "usr_demo_agent";
const DEWI = "usr_demo_agent2";
let admin: string;
let supervisor: string;
let budi: string;
let dewi: string;
let otherAdmin: string;
let restoreLogs: () => void;
const sockets: { close(): void }[] = [];

interface LoadJson {
  members: {
    id: string;
    name: string;
    role: string;
    availability: string;
    chosen: string;
    connected: boolean;
    openRooms: number;
  }[];
}

beforeAll(async () => {
  restoreLogs = quietInfoLogs();
  [admin, supervisor, budi, dewi, otherAdmin] = await seedAndSignIn(
    "admin@demo.test",
    "supervisor@demo.test",
    "agent@demo.test",
    "agent2@demo.test",
    "boss@other.test",
  );
});
afterAll(() => {
  for (const s of sockets) s.close();
  restoreLogs();
});

const setAvailability = (cookie: string, availability: unknown) =>
  call("/api/me/availability", { method: "PUT", cookie, body: { availability } });
const putSettings = (cookie: string, body: unknown) =>
  call("/api/settings/assignment", { method: "PUT", cookie, body });
async function load(cookie = supervisor) {
  const res = await call("/api/team/availability", { cookie });
  expect(res.status).toBe(200);
  return (await json<LoadJson>(res)).members;
}
const memberOf = async (id: string) => (await load()).find((m) => m.id === id);
async function goOnline(cookie: string) {
  const socket = await openSocket("/api/inbox/ws", cookie);
  await socket.waitFor((e) => e.type === "hello");
  sockets.push(socket);
  return socket;
}
/** A new customer writes; answers their room once it is assigned. */
async function newRoom(waId: string): Promise<RoomJson> {
  await customerWrites({ waId, text: `hello from ${waId}` });
  let room: RoomJson | null = null;
  await eventually(async () => {
    room = await roomOfContact(admin, waId).catch(() => null);
    return room?.assigneeId != null;
  }, 10_000);
  if (!room) throw new Error(`no room for ${waId}`);
  return room;
}
async function resolveOpenRoomsOf(...userIds: string[]) {
  const res = await call("/api/rooms?view=all&limit=100", { cookie: admin });
  const { rooms } = await json<{ rooms: RoomJson[] }>(res);
  for (const r of rooms) {
    if (r.status === "assigned" && r.assigneeId && userIds.includes(r.assigneeId)) {
      expect((await call(`/api/rooms/${r.id}/resolve`, { method: "POST", cookie: admin })).status).toBe(200);
    }
  }
}

describe("availability (I12)", () => {
  it("is checked at the edge and kept per member; without an open inbox others see offline", async () => {
    await expectProblem(await setAvailability(budi, "busy"), 400, "validation_failed");
    await expectProblem(
      await call("/api/me/availability", { method: "PUT", cookie: budi, body: { availability: "away", extra: 1 } }),
      400,
      "validation_failed",
    );
    const res = await setAvailability(budi, "away");
    expect(res.status).toBe(200);
    // Chosen away, but no browser has the inbox open: a stale choice is not what supervisors see.
    expect(await json(res)).toEqual({ availability: "away", effective: "offline" });
    expect((await json<{ availability: string }>(await call("/api/me", { cookie: budi }))).availability).toBe("away");
    expect(await memberOf(BUDI)).toMatchObject({ chosen: "away", availability: "offline", connected: false });
  });

  it("shows supervisors each member's availability and open rooms once the inbox is open; agents get 403", async () => {
    await goOnline(budi);
    expect(await memberOf(BUDI)).toMatchObject({ chosen: "away", availability: "away", connected: true });
    expect((await setAvailability(budi, "online")).status).toBe(200);
    expect(await memberOf(BUDI)).toMatchObject({ availability: "online", openRooms: expect.any(Number) });
    await expectProblem(await call("/api/team/availability", { cookie: budi }), 403, "forbidden");
    // Another tenant's admin sees their own members only.
    const theirs = await load(otherAdmin);
    expect(theirs.map((m) => m.id)).toEqual(["usr_other_admin"]);
  });

  it("signing out sets offline and signing in sets online", async () => {
    const extra = await signIn("agent2@demo.test");
    expect((await call("/api/auth/logout", { method: "POST", cookie: extra })).status).toBe(204);
    expect((await memberOf(DEWI))?.chosen).toBe("offline");
    dewi = await signIn("agent2@demo.test");
    expect((await memberOf(DEWI))?.chosen).toBe("online");
  });
});

describe("assignment settings (I12, A3)", () => {
  it("are read by supervisors and changed by admins only; agents get 403 before validation", async () => {
    expect(await json(await call("/api/settings/assignment", { cookie: supervisor }))).toEqual({
      enabled: false,
      maxOpenPerAgent: 5,
    });
    await expectProblem(await call("/api/settings/assignment", { cookie: budi }), 403, "forbidden");
    await expectProblem(await putSettings(budi, { enabled: "yes" }), 403, "forbidden");
    await expectProblem(await putSettings(supervisor, { enabled: true, maxOpenPerAgent: 2 }), 403, "forbidden");
    for (const bad of [
      { enabled: true, maxOpenPerAgent: 0 },
      { enabled: true, maxOpenPerAgent: 1.5 },
      { enabled: true },
    ]) {
      await expectProblem(await putSettings(admin, bad), 400, "validation_failed");
    }
  });

  it("are kept per organization", async () => {
    expect((await putSettings(otherAdmin, { enabled: true, maxOpenPerAgent: 9 })).status).toBe(200);
    expect(await json(await call("/api/settings/assignment", { cookie: admin }))).toEqual({
      enabled: false,
      maxOpenPerAgent: 5,
    });
    expect(await json(await call("/api/settings/assignment", { cookie: otherAdmin }))).toEqual({
      enabled: true,
      maxOpenPerAgent: 9,
    });
  });
});

describe("automatic assignment (I12)", () => {
  it("gives new rooms to online agents in turn, says so in the room's history, and skips an away agent", async () => {
    await goOnline(dewi);
    await resolveOpenRoomsOf(BUDI, DEWI);
    expect((await putSettings(admin, { enabled: true, maxOpenPerAgent: 5 })).status).toBe(200);
    const first = await newRoom("6281300000001");
    const second = await newRoom("6281300000002");
    expect([first.assigneeId, second.assigneeId].sort()).toEqual([BUDI, DEWI]);
    const notes = (await messagesOf(admin, first.id)).filter((m) => m.kind === "note").map((m) => m.text);
    const name = first.assigneeId === BUDI ? "Budi Agent" : "Dewi Agent";
    expect(notes).toEqual([`Assigned to ${name} automatically`]);
    expect(await memberOf(BUDI)).toMatchObject({ availability: "online", openRooms: 1 });
    expect(await memberOf(DEWI)).toMatchObject({ availability: "online", openRooms: 1 });

    // Budi steps away: the next rooms all go to Dewi, whose turn it is or not.
    expect((await setAvailability(budi, "away")).status).toBe(200);
    const third = await newRoom("6281300000003");
    const fourth = await newRoom("6281300000004");
    expect([third.assigneeId, fourth.assigneeId]).toEqual([DEWI, DEWI]);
    expect((await setAvailability(budi, "online")).status).toBe(200);
  }, 60_000);

  it("leaves a new room unassigned when it is off, and when every online agent is at the cap", async () => {
    expect((await putSettings(admin, { enabled: false, maxOpenPerAgent: 5 })).status).toBe(200);
    await customerWrites({ waId: "6281300000005" });
    expect((await putSettings(admin, { enabled: true, maxOpenPerAgent: 1 })).status).toBe(200);
    await customerWrites({ waId: "6281300000006" });
    await new Promise((r) => setTimeout(r, 2_500)); // the events queue's batch timeout is 1 s
    expect((await roomOfContact(admin, "6281300000005")).status).toBe("unassigned");
    expect((await roomOfContact(admin, "6281300000006")).status).toBe("unassigned");
  }, 30_000);

  it("two new rooms at once with cap 1 and two agents: one each, and a third waits", async () => {
    autoAssignmentListenerOff(); // this test drives the InboxDO itself
    expect((await putSettings(admin, { enabled: false, maxOpenPerAgent: 1 })).status).toBe(200);
    await resolveOpenRoomsOf(BUDI, DEWI);
    const ids: string[] = [];
    for (const waId of ["6281300000007", "6281300000008", "6281300000009"]) {
      await customerWrites({ waId });
      ids.push((await roomOfContact(admin, waId)).id);
    }
    await new Promise((r) => setTimeout(r, 1_500)); // their room.created events were handled while off
    expect((await putSettings(admin, { enabled: true, maxOpenPerAgent: 1 })).status).toBe(200);
    const inbox = env.INBOX.getByName(ORG);
    const chosen = await Promise.all(ids.map((id) => inbox.assignNewRoom(ORG, id)));
    expect(chosen.filter((c) => c !== null).sort()).toEqual([BUDI, DEWI]);
    const rooms = await Promise.all(
      ids.map(async (id) => json<RoomJson>(await call(`/api/rooms/${id}`, { cookie: admin }))),
    );
    expect(
      rooms
        .map((r) => r.assigneeId)
        .filter(Boolean)
        .sort(),
    ).toEqual([BUDI, DEWI]);
    expect(rooms.filter((r) => r.status === "unassigned")).toHaveLength(1);
    // Delivered again: nothing changes.
    expect(await Promise.all(ids.map((id) => inbox.assignNewRoom(ORG, id)))).toEqual([null, null, null]);
    expect((await memberOf(BUDI))?.openRooms).toBe(1);
    expect((await memberOf(DEWI))?.openRooms).toBe(1);
    expect((await putSettings(admin, { enabled: false, maxOpenPerAgent: 5 })).status).toBe(200);
  }, 30_000);
});

describe("automatic assignment of a room a business opened (I12, I3)", () => {
  it("a broadcast's room waits for its customer's answer, then goes to an online agent", async () => {
    await goOnline(dewi);
    await resolveOpenRoomsOf(BUDI, DEWI);
    expect((await putSettings(admin, { enabled: true, maxOpenPerAgent: 5 })).status).toBe(200);
    const waId = "6281300000010";
    // A campaign's message reached the customer: its room opens, with no customer message yet.
    const broadcast = broadcastSent(`+${waId}`, `wamid.ASSIGN${Date.now()}`);
    await broadcastRooms.applyAll(env, [broadcast]);
    const opened = await roomOfContact(admin, waId);
    await new Promise((r) => setTimeout(r, 2_500)); // the events queue's batch timeout is 1 s
    expect(await roomOfContact(admin, waId)).toMatchObject({ id: opened.id, status: "unassigned", assigneeId: null });

    await customerWrites({ waId, text: "Ya, saya mau" });
    await eventually(async () => (await roomOfContact(admin, waId)).assigneeId !== null, 10_000);
    const answered = await roomOfContact(admin, waId);
    expect(answered.id).toBe(opened.id);
    expect([BUDI, DEWI]).toContain(answered.assigneeId);
    const notes = (await messagesOf(admin, opened.id)).filter((m) => m.kind === "note").map((m) => m.text);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^Assigned to .+ automatically$/);
    expect((await putSettings(admin, { enabled: false, maxOpenPerAgent: 5 })).status).toBe(200);
  }, 30_000);
});

describe("the profile (issue 17 item 7, I7)", () => {
  it("keeps language and notification choices per person, checked at the edge", async () => {
    const me0 = await json<{ preferences: unknown }>(await call("/api/me", { cookie: budi }));
    // Rule I13: never chosen is null (not "en"), so the web app can follow the browser meanwhile.
    expect(me0.preferences).toEqual({ language: null, notificationSound: false, desktopNotifications: true });
    await expectProblem(
      await call("/api/me", { method: "PATCH", cookie: budi, body: { language: "fr" } }),
      400,
      "validation_failed",
    );
    await expectProblem(await call("/api/me", { method: "PATCH", cookie: budi, body: {} }), 400, "validation_failed");
    const res = await call("/api/me", {
      method: "PATCH",
      cookie: budi,
      body: { language: "id", notificationSound: true },
    });
    expect(res.status).toBe(200);
    expect((await json<{ preferences: unknown }>(res)).preferences).toEqual({
      language: "id",
      notificationSound: true,
      desktopNotifications: true,
    });
    // Another browser (session) of the same person gets them.
    const again = await signIn("agent@demo.test");
    expect(
      (await json<{ preferences: { language: string } }>(await call("/api/me", { cookie: again }))).preferences
        .language,
    ).toBe("id");
  });

  it("tells a chosen English from a language never chosen, and takes a choice back with null (I13)", async () => {
    const english = await call("/api/me", { method: "PATCH", cookie: budi, body: { language: "en" } });
    expect((await json<{ preferences: { language: unknown } }>(english)).preferences.language).toBe("en");
    // Changing another choice keeps the language.
    const sound = await call("/api/me", { method: "PATCH", cookie: budi, body: { notificationSound: false } });
    expect((await json<{ preferences: { language: unknown } }>(sound)).preferences.language).toBe("en");
    const back = await call("/api/me", { method: "PATCH", cookie: budi, body: { language: null } });
    expect(back.status).toBe(200);
    expect((await json<{ preferences: { language: unknown } }>(back)).preferences.language).toBeNull();
    const again = await call("/api/me", { cookie: budi });
    expect((await json<{ preferences: { language: unknown } }>(again)).preferences.language).toBeNull();
  });

  it("lets an admin change their own name, not an agent (I7)", async () => {
    await expectProblem(
      await call("/api/me", { method: "PATCH", cookie: budi, body: { name: "Budi Renamed" } }),
      403,
      "name_admin_only",
    );
    expect((await json<{ mayEditName: boolean }>(await call("/api/me", { cookie: budi }))).mayEditName).toBe(false);
    const res = await call("/api/me", { method: "PATCH", cookie: admin, body: { name: "Ayu Renamed" } });
    expect(res.status).toBe(200);
    expect((await json<{ user: { name: string }; mayEditName: boolean }>(res)).user.name).toBe("Ayu Renamed");
    // The supervisor is an admin elsewhere but not here: not theirs to change.
    await expectProblem(
      await call("/api/me", { method: "PATCH", cookie: supervisor, body: { name: "Sari Renamed" } }),
      403,
      "name_admin_only",
    );
    expect((await call("/api/me", { method: "PATCH", cookie: admin, body: { name: "Ayu Admin" } })).status).toBe(200);
  });
});
