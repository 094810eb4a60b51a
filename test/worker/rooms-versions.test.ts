// Rule I5: every copy of a room (its socket, the tenant feed, the inbox index and the API) carries the
// room's version, which every change raises, so a client can tell the newer of two copies; and the
// index never goes back to an older one.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { RoomSummary } from "../../worker/rooms/types";
import { call, json, seed, signIn } from "./helpers";
import { eventually } from "./resilience-helpers";
import { customerWrites, openSocket, reply, roomOfContact } from "./rooms-helpers";

let agent: string;

beforeAll(async () => {
  await seed();
  agent = await signIn("agent@demo.test");
});

interface Versioned {
  version: number;
  status: string;
  unreadCount: number;
  lastMessagePreview: string | null;
}

const roomNow = async (id: string) => json<Versioned>(await call(`/api/rooms/${id}`, { cookie: agent }));

describe("room versions (I5)", () => {
  it("rise with every change, on the room's socket, the feed, the index and the API alike", async () => {
    const waId = "6281470000001";
    await customerWrites({ waId, text: "Halo" });
    const room = await roomOfContact(agent, waId, "unassigned");
    const opened = await roomNow(room.id);
    expect(opened.version).toBeGreaterThan(0);
    const watch = await openSocket(`/api/rooms/${room.id}/ws?after=0`, agent);
    const feed = await openSocket("/api/inbox/ws", agent);

    // Marking read answers the room as it is then; the reply that follows assigns it.
    const read = await json<Versioned>(await call(`/api/rooms/${room.id}/read`, { cookie: agent, method: "POST" }));
    expect(read).toMatchObject({ status: "unassigned", unreadCount: 0 });
    expect(read.version).toBeGreaterThan(opened.version);
    expect((await reply(agent, room.id, "On it")).status).toBe(201);
    const assigned = await feed.waitFor(
      (e) => e.type === "room.updated" && (e.room as Versioned).status === "assigned",
    );
    expect((assigned.room as Versioned).version).toBeGreaterThan(read.version);

    const feedVersions = feed.events.flatMap((e) => (e.type === "room.updated" ? [(e.room as Versioned).version] : []));
    const socketVersions = watch.events.flatMap((e) =>
      e.type === "room.updated" ? [(e.room as Versioned).version] : [],
    );
    for (const versions of [feedVersions, socketVersions]) {
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
    }
    // Once the drains are written, the index (and so the API) says the newest version the feed told.
    const newest = () => Math.max(...feed.events.map((e) => (e.room as Versioned | undefined)?.version ?? 0));
    expect(await eventually(async () => (await roomNow(room.id)).version === newest())).toBe(true);
    watch.close();
    feed.close();
  });

  it("keeps the index at the newer room when an older drain is written late", async () => {
    const waId = "6281470000002";
    await customerWrites({ waId, text: "first" });
    await customerWrites({ waId, text: "second" });
    const room = await roomOfContact(agent, waId, "unassigned");
    const now = await roomNow(room.id);
    expect(now).toMatchObject({ lastMessagePreview: "second", unreadCount: 2 });

    // An older delivery of this room (as it was after its first message) reaches the index again.
    const summary = await env.ROOM.getByName(room.id).getSummary();
    const older: RoomSummary = { ...summary, lastMessagePreview: "first", unreadCount: 1, version: now.version - 1 };
    await env.INBOX.getByName(summary.organizationId).deliver({
      feed: [],
      room: older,
      stored: [],
      media: [],
      events: [],
    });
    expect(await roomNow(room.id)).toMatchObject({
      lastMessagePreview: "second",
      unreadCount: 2,
      version: now.version,
    });
  });
});
