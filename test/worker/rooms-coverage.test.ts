import { env, exports } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { clock } from "../../worker/lib/clock";
import { call, expectProblem, json, ORIGIN, seed, signIn } from "./helpers";
import {
  customerWrites,
  type MessageJson,
  messagesOf,
  openSocket,
  type RoomJson,
  reply,
  roomOfContact,
} from "./rooms-helpers";

let agent: string;
let supervisor: string;

beforeAll(async () => {
  await seed();
  [agent, supervisor] = await Promise.all([signIn("agent@demo.test"), signIn("supervisor@demo.test")]);
});

afterEach(() => {
  vi.restoreAllMocks();
});

interface Page {
  rooms: (RoomJson & { lastMessageAt: number })[];
  nextCursor: string | null;
}

describe("GET /api/rooms paging (I1, I5)", () => {
  it("pages with the cursor through every room, newest activity first, and a reply moves a room up", async () => {
    const now = Date.now();
    const waIds = Array.from({ length: 5 }, (_, i) => `628180000010${i}`);
    // Oldest first: waIds[4] has the latest customer message.
    for (const [i, waId] of waIds.entries()) {
      await customerWrites({ waId, text: `m${i}`, at: now - (10 - i) * 60_000 });
    }
    const pageThrough = async () => {
      const seen: Page["rooms"] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Page = await json<Page>(
          await call(`/api/rooms?view=all&q=62818000001&limit=2${cursor ? `&cursor=${cursor}` : ""}`, {
            cookie: supervisor,
          }),
        );
        expect(page.rooms.length).toBeLessThanOrEqual(2);
        seen.push(...page.rooms);
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      return seen;
    };
    const first = await pageThrough();
    expect(first.map((r) => r.contactExternalId)).toEqual([...waIds].reverse());
    const oldest = first.at(-1) as RoomJson;
    expect((await reply(agent, oldest.id, "bumped")).status).toBe(201);
    const second = await pageThrough();
    expect(second.map((r) => r.contactExternalId)).toEqual([waIds[0], ...[...waIds].slice(1).reverse()]);
    expect(new Set(second.map((r) => r.id)).size).toBe(5);
  });
});

describe("view=resolved (I1, A3)", () => {
  it("shows supervisors every resolved room and an agent only the rooms that were theirs", async () => {
    await customerWrites({ waId: "6281800000201", text: "agent's" });
    await customerWrites({ waId: "6281800000202", text: "nobody's" });
    const mine = await roomOfContact(supervisor, "6281800000201");
    const other = await roomOfContact(supervisor, "6281800000202");
    expect((await call(`/api/rooms/${mine.id}/take`, { method: "POST", cookie: agent })).status).toBe(200);
    expect((await call(`/api/rooms/${mine.id}/resolve`, { method: "POST", cookie: agent })).status).toBe(200);
    expect((await call(`/api/rooms/${other.id}/resolve`, { method: "POST", cookie: supervisor })).status).toBe(200);
    const ids = async (cookie: string) =>
      (await json<Page>(await call("/api/rooms?view=resolved&limit=100", { cookie }))).rooms.map((r) => r.id);
    const forAgent = await ids(agent);
    expect(forAgent).toContain(mine.id);
    expect(forAgent).not.toContain(other.id);
    expect(await ids(supervisor)).toEqual(expect.arrayContaining([mine.id, other.id]));
    const open = await json<Page>(await call("/api/rooms?view=mine", { cookie: agent }));
    expect(open.rooms.map((r) => r.id)).not.toContain(mine.id);
  });
});

describe("GET /api/rooms/:id/messages", () => {
  it("reads before= and after= a seq, in seq order", async () => {
    const waId = "6281800000301";
    for (const text of ["m1", "m2", "m3", "m4"]) await customerWrites({ waId, text });
    const room = await roomOfContact(supervisor, waId);
    const all = await messagesOf(agent, room.id);
    expect(all.map((m) => m.text)).toEqual(["m1", "m2", "m3", "m4"]);
    const [m1, , , m4] = all as MessageJson[];
    const texts = async (query: string) =>
      (
        await json<{ messages: MessageJson[] }>(
          await call(`/api/rooms/${room.id}/messages?${query}`, { cookie: agent }),
        )
      ).messages.map((m) => m.text);
    expect(await texts(`after=${m1?.seq}&limit=10`)).toEqual(["m2", "m3", "m4"]);
    expect(await texts(`after=${m1?.seq}&limit=2`)).toEqual(["m2", "m3"]);
    expect(await texts(`before=${m4?.seq}&limit=2`)).toEqual(["m2", "m3"]);
    expect(await texts(`before=${m4?.seq}&limit=10`)).toEqual(["m1", "m2", "m3"]);
  });
});

describe("realtime tickets (I5)", () => {
  it("expire 60 s after they are issued, by the one clock", async () => {
    await customerWrites({ waId: "6281800000401", text: "hi" });
    const room = await roomOfContact(supervisor, "6281800000401");
    const issuedAt = Date.now();
    vi.spyOn(clock, "now").mockReturnValue(issuedAt);
    const issue = async () =>
      (await json<{ ticket: string }>(await call("/api/realtime/tickets", { method: "POST", cookie: agent }))).ticket;
    const open = (ticket: string) =>
      exports.default.fetch(
        new Request(`${ORIGIN}/api/rooms/${room.id}/ws?ticket=${ticket}`, { headers: { Upgrade: "websocket" } }),
      );
    const fresh = await issue();
    const stale = await issue();
    vi.spyOn(clock, "now").mockReturnValue(issuedAt + 59_000);
    const ok = await open(fresh);
    expect(ok.status).toBe(101);
    ok.webSocket?.accept();
    ok.webSocket?.close(1000);
    vi.spyOn(clock, "now").mockReturnValue(issuedAt + 60_001);
    await expectProblem(await open(stale), 401, "unauthenticated");
  });
});

describe("tenant feed (I5)", () => {
  it("tells every member when a room is assigned and when it is resolved", async () => {
    await customerWrites({ waId: "6281800000501", text: "help" });
    const room = await roomOfContact(supervisor, "6281800000501");
    const feed = await openSocket("/api/inbox/ws", agent);
    await feed.waitFor((e) => e.type === "hello");
    type FeedRoom = { id: string; status: string; assigneeId: string | null };
    const change = (status: string) => (e: { type: string; room?: unknown }) =>
      e.type === "room.updated" && (e.room as FeedRoom).id === room.id && (e.room as FeedRoom).status === status;
    const assigned = await call(`/api/rooms/${room.id}/assign`, {
      cookie: supervisor,
      body: { userId: "usr_demo_agent" },
    });
    expect(assigned.status).toBe(200);
    expect((await feed.waitFor(change("assigned"))).room).toMatchObject({ assigneeId: "usr_demo_agent" });
    await call(`/api/rooms/${room.id}/resolve`, { method: "POST", cookie: supervisor });
    expect((await feed.waitFor(change("resolved"))).room).toMatchObject({ id: room.id, status: "resolved" });
    feed.close();
  });
});

describe("replies (I2)", () => {
  it("reply to a message of the room, and refuses one that is not in it with reply_target_missing", async () => {
    await customerWrites({ waId: "6281800000601", text: "which colour?" });
    const room = await roomOfContact(supervisor, "6281800000601");
    const [question] = await messagesOf(agent, room.id);
    const res = await call(`/api/rooms/${room.id}/messages`, {
      cookie: agent,
      body: { type: "text", text: "the blue one", replyTo: question?.id },
    });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ text: "the blue one", replyToId: question?.id, status: "sent" });
    await expectProblem(
      await call(`/api/rooms/${room.id}/messages`, {
        cookie: agent,
        body: { type: "text", text: "to nothing", replyTo: crypto.randomUUID() },
      }),
      422,
      "reply_target_missing",
    );
    expect((await messagesOf(agent, room.id)).map((m) => m.text)).toEqual(["which colour?", "the blue one"]);
  });
});

describe("a blocked contact with an unresolved room (I6)", () => {
  it("keeps their message aside: it reaches no agent and does not touch the room", async () => {
    const waId = "6281800000701";
    await customerWrites({ waId, text: "first" });
    const room = await roomOfContact(supervisor, waId);
    await call(`/api/contacts/${room.contactId}/block`, { method: "POST", cookie: agent });
    const socket = await openSocket(`/api/rooms/${room.id}/ws`, agent);
    await socket.waitFor((e) => e.type === "room.updated");
    await customerWrites({ waId, text: "let me in" });
    await new Promise((r) => setTimeout(r, 100));
    expect(
      socket.events.filter((e) => e.type === "message.created").map((e) => (e.message as MessageJson).text),
    ).toEqual(["first"]);
    socket.close();
    expect((await messagesOf(agent, room.id)).map((m) => m.text)).toEqual(["first"]);
    const after = await roomOfContact(supervisor, waId);
    expect(after).toMatchObject({ id: room.id, unreadCount: 1, lastMessagePreview: "first" });
    const kept = await env.DB.prepare("SELECT text FROM blocked_messages WHERE contact_id = ?")
      .bind(room.contactId)
      .all();
    expect(kept.results).toEqual([{ text: "let me in" }]);
  });
});

describe("room socket keep-alive", () => {
  it("answers a ping with a pong", async () => {
    await customerWrites({ waId: "6281800000801", text: "hi" });
    const room = await roomOfContact(supervisor, "6281800000801");
    const socket = await openSocket(`/api/rooms/${room.id}/ws`, agent);
    await socket.waitFor((e) => e.type === "room.updated");
    socket.ws.send('{"type":"ping"}');
    await socket.waitFor((e) => e.type === "pong");
    socket.close();
  });
});
