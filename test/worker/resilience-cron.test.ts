// Resilience (I4, G6): the cron handler run twice for the same tick, at once and late, ends in the
// same state as one run. Two tenants with the same rooms: one sees the tick once, the other sees it
// twice at the same moment and then once more; their rooms must end alike, and the first tenant's
// must not change when the tick comes back.
import { createScheduledController, runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../worker/db/client";
import worker from "../../worker/index";
import { resolveExpiredRooms } from "../../worker/rooms/expiry";
import { addWhatsAppNumber, call, json, seed, seedOtherTenant, signIn } from "./helpers";
import {
  DEMO_ACCOUNT,
  d1Dump,
  deliverUntilAccepted,
  inboundBody,
  quietInfoLogs,
  roomStorage,
} from "./resilience-helpers";
import { openSocket, type RoomJson } from "./rooms-helpers";

const OTHER_ACCOUNT = {
  phoneNumberId: "200000000000002",
  displayPhoneNumber: "+62 811 0000 0002",
  wabaId: "200000000000003",
};
const OTHER_SECRET = "other-shop-app-secret";
const HOUR = 3_600_000;

let restoreLogs: () => void;
const admins: Record<"demo" | "other", string> = { demo: "", other: "" };

beforeAll(async () => {
  restoreLogs = quietInfoLogs();
  await seed();
  await seedOtherTenant();
  // Rule G3: Meta is asked about the number on connect (the sandbox plays it).
  await addWhatsAppNumber({ ...OTHER_ACCOUNT, accessToken: "other-shop-access-token" });
  admins.demo = await signIn("admin@demo.test");
  admins.other = await signIn("boss@other.test");
  const channel = await call("/api/channels", {
    cookie: admins.other,
    body: {
      name: "Other Shop WhatsApp",
      ...OTHER_ACCOUNT,
      accessToken: "other-shop-access-token",
      appSecret: OTHER_SECRET,
      verifyToken: "other-shop-verify-token",
    },
  });
  expect(channel.status).toBe(201);
});
afterAll(() => restoreLogs());

type Tenant = "demo" | "other";

/** Three customers who last wrote 25 h ago (window expired) and one who wrote a minute ago. */
async function roomsFor(tenant: Tenant, now: number) {
  const account = tenant === "demo" ? DEMO_ACCOUNT : OTHER_ACCOUNT;
  const secret = tenant === "demo" ? undefined : OTHER_SECRET;
  const prefix = tenant === "demo" ? "62831" : "62832";
  const customers = [
    { waId: `${prefix}00000001`, at: now - 25 * HOUR },
    { waId: `${prefix}00000002`, at: now - 26 * HOUR },
    { waId: `${prefix}00000003`, at: now - 48 * HOUR },
    { waId: `${prefix}00000004`, at: now - 60_000 },
  ];
  for (const [i, c] of customers.entries()) {
    const raw = inboundBody({ waId: c.waId, id: `wamid.CRON-${tenant}-${i}`, at: Math.floor(c.at / 1000), account });
    await deliverUntilAccepted(raw, secret ? { secret } : {});
  }
  const res = await call("/api/rooms?view=all&limit=100", { cookie: admins[tenant] });
  const rooms = (await json<{ rooms: RoomJson[] }>(res)).rooms;
  const ordered = customers.map((c) => rooms.find((r) => r.contactExternalId === c.waId)!);
  // Each expired room's window alarm fires at once; auto-resolve is still off, so it does nothing.
  for (const room of ordered) await runDurableObjectAlarm(env.ROOM.getByName(room.id));
  return ordered;
}

/** Everything a tick could change for a tenant: the D1 index rows and each room's own log. */
async function tenantState(rooms: RoomJson[]) {
  const out = [];
  for (const room of rooms) {
    const row = await env.DB.prepare("SELECT * FROM rooms WHERE id = ?").bind(room.id).first();
    const storage = await roomStorage(room.id);
    out.push({ row, events: storage.events, record: storage.room });
  }
  return out;
}

/** The same, without what differs between two tenants by construction (ids, times). */
function shape(state: Awaited<ReturnType<typeof tenantState>>) {
  return state.map(({ row, events }) => ({
    status: (row as { status: string }).status,
    resolved: (row as { resolved_at: number | null }).resolved_at !== null,
    unread: (row as { unread_count: number }).unread_count,
    events: (events as { type: string }[]).map((e) => e.type),
  }));
}

const tick = (scheduledTime: number) =>
  worker.scheduled(createScheduledController({ scheduledTime, cron: "*/15 * * * *" }), env);

describe("the cron handler run twice for the same tick (I4)", () => {
  it("ends in the same state as one run", { timeout: 30_000 }, async () => {
    const now = Date.now();
    const demoRooms = await roomsFor("demo", now);
    const otherRooms = await roomsFor("other", now);
    // Rows the prune step deletes (an expired session, an old failed sign-in) and ones it keeps.
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO sessions (token_hash, identity_id, organization_id, expires_at) VALUES ('cron-expired', 'usr_demo_agent', 'org_demo', ?)",
      ).bind(now - HOUR),
      env.DB.prepare(
        "INSERT INTO sessions (token_hash, identity_id, organization_id, expires_at) VALUES ('cron-live', 'usr_demo_agent', 'org_demo', ?)",
      ).bind(now + HOUR),
      env.DB.prepare("INSERT INTO failed_logins (email, at) VALUES ('old@demo.test', ?)").bind(now - 2 * HOUR),
      env.DB.prepare("INSERT INTO failed_logins (email, at) VALUES ('new@demo.test', ?)").bind(now),
    ]);
    const feeds = {
      demo: await openSocket("/api/inbox/ws", admins.demo),
      other: await openSocket("/api/inbox/ws", admins.other),
    };
    const enableAutoResolve = async (tenant: Tenant) => {
      const res = await call("/api/settings", {
        method: "PUT",
        cookie: admins[tenant],
        body: { autoResolveExpired: true },
      });
      expect(res.status).toBe(200);
    };

    // The demo tenant sees the tick once.
    await enableAutoResolve("demo");
    await tick(now);
    const demoOnce = await tenantState(demoRooms);
    const d1Once = await d1Dump();

    // The other tenant sees it twice at the same moment (an at-least-once scheduler may), then late.
    await enableAutoResolve("other");
    const otherBefore = await d1Dump();
    await Promise.all([tick(now), tick(now)]);
    await tick(now);
    const otherTwice = await tenantState(otherRooms);

    // Same rooms, same outcome: the expired ones resolved once each, the open one untouched.
    expect(shape(otherTwice)).toEqual(shape(demoOnce));
    expect(shape(demoOnce).map((r) => [r.status, r.events.filter((e) => e === "room.updated").length])).toEqual([
      ["resolved", 1],
      ["resolved", 1],
      ["resolved", 1],
      ["unassigned", 0],
    ]);
    // The demo tenant's rooms did not move when the tick came back (twice, then once more).
    expect(await tenantState(demoRooms)).toEqual(demoOnce);
    // Nothing else in D1 changed since the first run either, but the other tenant's rooms and setting.
    const d1Now = await d1Dump();
    const otherIds = new Set(otherRooms.map((r) => r.id));
    const notOther = (rows: unknown[]) => rows.filter((r) => !otherIds.has((r as { id?: string }).id ?? ""));
    for (const table of Object.keys(d1Once)) {
      if (table === "organization_settings") continue;
      expect(notOther(d1Now[table]!), table).toEqual(
        notOther(table === "rooms" ? d1Once[table]! : otherBefore[table]!),
      );
    }
    // The prune step did its work once and kept what it should.
    const sessions = await env.DB.prepare(
      "SELECT token_hash FROM sessions WHERE token_hash LIKE 'cron-%' ORDER BY token_hash",
    ).all();
    expect(sessions.results).toEqual([{ token_hash: "cron-live" }]);
    const failed = await env.DB.prepare("SELECT email FROM failed_logins ORDER BY email").all();
    expect(failed.results).toEqual([{ email: "new@demo.test" }]);

    // Each feed told its agents once per resolved room, never twice.
    for (const [tenant, rooms] of [
      ["demo", demoRooms],
      ["other", otherRooms],
    ] as const) {
      // The feed carries the room as GET /api/rooms/:id shows it.
      const resolvedEvents = feeds[tenant].events.filter(
        (e) => e.type === "room.updated" && (e.room as { status: string }).status === "resolved",
      );
      expect(resolvedEvents.map((e) => (e.room as { id: string }).id).sort()).toEqual(
        rooms
          .slice(0, 3)
          .map((r) => r.id)
          .sort(),
      );
      feeds[tenant].close();
    }
  });
});

describe("the auto-resolve safety net (I4)", () => {
  it("reads the rooms of any number of organizations: D1 binds at most 100 parameters per statement", async () => {
    const many = Array.from({ length: 150 }, (_, i) => `org_many_${i}`);
    await expect(resolveExpiredRooms(env, createDb(env.DB), many)).resolves.toBe(0);
  });
});
