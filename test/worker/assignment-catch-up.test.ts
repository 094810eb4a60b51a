// Rule I12, the catch-up: rooms that found no eligible agent wait, oldest first, and go to an agent
// as soon as one is available (first inbox socket while online, or availability -> online) or drops
// below the cap (a room resolved or reassigned), in turn, never above the cap, each with "Assigned to
// X automatically" in its history; two triggers at once never over-assign.
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, json, seed, signIn } from "./helpers";
import { autoAssignmentListenerOff, eventually, quietInfoLogs } from "./resilience-helpers";
import { customerWrites, messagesOf, openSocket, type RoomJson, roomOfContact } from "./rooms-helpers";

const ORG = "org_demo";
const BUDI = "usr_demo_agent";
const DEWI = "usr_demo_agent2";
let admin: string;
let budi: string;
let dewi: string;
let restoreLogs: () => void;
const sockets: { close(): void }[] = [];

beforeAll(async () => {
  restoreLogs = quietInfoLogs();
  await seed();
  [admin, budi, dewi] = await Promise.all([
    signIn("admin@demo.test"),
    signIn("agent@demo.test"),
    signIn("agent2@demo.test"),
  ]);
});
afterAll(() => {
  for (const s of sockets) s.close();
  restoreLogs();
});

const putSettings = (enabled: boolean, maxOpenPerAgent: number) =>
  call("/api/settings/assignment", { method: "PUT", cookie: admin, body: { enabled, maxOpenPerAgent } });
const setAvailability = (cookie: string, availability: string) =>
  call("/api/me/availability", { method: "PUT", cookie, body: { availability } });
async function openInbox(cookie: string) {
  const socket = await openSocket("/api/inbox/ws", cookie);
  await socket.waitFor((e) => e.type === "hello");
  sockets.push(socket);
}
async function openRooms(): Promise<RoomJson[]> {
  const res = await call("/api/rooms?view=all&limit=100", { cookie: admin });
  return (await json<{ rooms: RoomJson[] }>(res)).rooms.filter((r) => r.status !== "resolved");
}
const roomOf = async (waId: string) => roomOfContact(admin, waId);
const quiet = () => new Promise((r) => setTimeout(r, 2_500)); // the events queue's batch timeout is 1 s
/** Rooms whose customer wrote, one after another (so "oldest" is well defined). */
async function waitingRooms(...waIds: string[]) {
  for (const waId of waIds) {
    await customerWrites({ waId, text: `waiting ${waId}` });
    await new Promise((r) => setTimeout(r, 5));
  }
}
async function until(probe: () => Promise<boolean>) {
  expect(await eventually(probe, 15_000, 100)).toBe(true);
}
async function notes(roomId: string) {
  return (await messagesOf(admin, roomId)).filter((m) => m.kind === "note").map((m) => m.text);
}

describe("automatic assignment catches up (I12)", () => {
  it("rooms waiting while nobody is online go to the agent who comes online, oldest first, up to the cap", async () => {
    // Nothing open from the seed; automatic assignment on with a cap of 2; nobody has the inbox open.
    for (const r of await openRooms()) {
      expect((await call(`/api/rooms/${r.id}/resolve`, { method: "POST", cookie: admin })).status).toBe(200);
    }
    expect((await putSettings(true, 2)).status).toBe(200);
    await waitingRooms("6281400000001", "6281400000002", "6281400000003");
    await quiet();
    for (const waId of ["6281400000001", "6281400000002", "6281400000003"]) {
      expect((await roomOf(waId)).status).toBe("unassigned");
    }

    // Budi opens the inbox (available by default): the two oldest are his, the third waits (cap 2).
    await openInbox(budi);
    await until(async () => (await roomOf("6281400000002")).assigneeId === BUDI);
    expect((await roomOf("6281400000001")).assigneeId).toBe(BUDI);
    await quiet();
    expect((await roomOf("6281400000003")).status).toBe("unassigned");
    expect(await notes((await roomOf("6281400000001")).id)).toEqual(["Assigned to Budi Agent automatically"]);

    // Dewi opens the inbox while away: nothing; she turns online: the waiting room is hers.
    expect((await setAvailability(dewi, "away")).status).toBe(200);
    await openInbox(dewi);
    await quiet();
    expect((await roomOf("6281400000003")).status).toBe("unassigned");
    expect((await setAvailability(dewi, "online")).status).toBe(200);
    await until(async () => (await roomOf("6281400000003")).assigneeId === DEWI);
    expect(await notes((await roomOf("6281400000003")).id)).toEqual(["Assigned to Dewi Agent automatically"]);
  }, 60_000);

  it("a resolve, and a reassignment, free a place: the next waiting room goes to that agent", async () => {
    // Dewi steps away; Budi is at the cap (2): a new room waits.
    expect((await setAvailability(dewi, "away")).status).toBe(200);
    await waitingRooms("6281400000004", "6281400000005");
    await quiet();
    expect((await roomOf("6281400000004")).status).toBe("unassigned");
    expect((await roomOf("6281400000005")).status).toBe("unassigned");

    // Budi resolves one of his: the oldest waiting room is his, the next still waits.
    const first = await roomOf("6281400000001");
    expect((await call(`/api/rooms/${first.id}/resolve`, { method: "POST", cookie: budi })).status).toBe(200);
    await until(async () => (await roomOf("6281400000004")).assigneeId === BUDI);
    await quiet();
    expect((await roomOf("6281400000005")).status).toBe("unassigned");

    // A supervisor's reassignment of one of Budi's rooms to Dewi frees his place again.
    const second = await roomOf("6281400000002");
    const moved = await call(`/api/rooms/${second.id}/assign`, {
      method: "POST",
      cookie: admin,
      body: { userId: DEWI },
    });
    expect(moved.status).toBe(200);
    await until(async () => (await roomOf("6281400000005")).assigneeId === BUDI);
    const budis = (await openRooms()).filter((r) => r.assigneeId === BUDI);
    expect(budis).toHaveLength(2);
  }, 60_000);

  it("two triggers at once never over-assign", async () => {
    autoAssignmentListenerOff(); // this test drives the InboxDO itself
    // Budi and Dewi both online, each with no room, cap 1; three rooms wait.
    expect((await putSettings(false, 1)).status).toBe(200);
    for (const r of await openRooms()) {
      expect((await call(`/api/rooms/${r.id}/resolve`, { method: "POST", cookie: admin })).status).toBe(200);
    }
    await waitingRooms("6281400000006", "6281400000007", "6281400000008");
    expect((await setAvailability(dewi, "online")).status).toBe(200);
    await quiet();
    expect((await putSettings(true, 1)).status).toBe(200);
    const inbox = env.INBOX.getByName(ORG);
    const counts = await Promise.all([inbox.catchUp(ORG), inbox.catchUp(ORG), inbox.catchUp(ORG)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
    const open = await openRooms();
    expect(open.filter((r) => r.assigneeId === BUDI)).toHaveLength(1);
    expect(open.filter((r) => r.assigneeId === DEWI)).toHaveLength(1);
    // The oldest two went; the newest waits. Asked again: nothing changes.
    expect((await roomOf("6281400000008")).status).toBe("unassigned");
    expect(await inbox.catchUp(ORG)).toBe(0);
    expect((await putSettings(false, 5)).status).toBe(200);
  }, 60_000);
});
