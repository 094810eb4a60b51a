// Issue 11, finding 2 (rules I5, G7, A1, A3): a socket lives no longer than its session and its right
// to see what it streams. Each way a session ends or loses that right closes the person's open inbox
// and room sockets with the close code the web app understands (worker/schemas/realtime.ts), and
// leaves everyone else's sockets open.
import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createResetToken } from "../../worker/db/identity-links";
import { insertInvitation } from "../../worker/db/invitations";
import { clock } from "../../worker/lib/clock";
import { SOCKET_CLOSE } from "../../worker/schemas/realtime";
import { call, DEMO_PASSWORD, db, expectProblem, json, ORIGIN, seed, signIn } from "./helpers";
import { customerWrites, type MessageJson, openSocket, roomOfContact } from "./rooms-helpers";

const PASSWORD = "socket-password-1";
let admin: string;
let counter = 0;
let roomId: string;
const WA_ID = "6281477000001";

beforeAll(async () => {
  await seed();
  admin = await signIn("admin@demo.test");
  await customerWrites({ waId: WA_ID, text: "hello" });
  roomId = (await roomOfContact(admin, WA_ID)).id;
});

afterEach(() => vi.restoreAllMocks());

/** A fresh member (so one test's removal or role change touches no other test), signed in. */
async function newMember(role: "agent" | "supervisor" | "admin", alsoIn?: string) {
  const n = ++counter;
  const id = `usr_sock_${n}`;
  const email = `sock${n}@demo.test`;
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO identities (id, email, name, password_hash, updated_at, email_verified_at) SELECT ?, ?, ?, password_hash, 0, 0 FROM identities WHERE id = 'usr_demo_admin'",
    ).bind(id, email, `Socket ${n}`),
    env.DB.prepare("INSERT INTO memberships (organization_id, identity_id, role) VALUES ('org_demo', ?, ?)").bind(
      id,
      role,
    ),
    ...(alsoIn
      ? [
          env.DB.prepare("INSERT INTO memberships (organization_id, identity_id, role) VALUES (?, ?, 'agent')").bind(
            alsoIn,
            id,
          ),
        ]
      : []),
  ]);
  return { id, email, session: await signIn(email) };
}

type Closed = { code: number; reason: string } | null;

/** An open socket that remembers how it was closed. */
async function watched(path: string, cookie: string) {
  const socket = await openSocket(path, cookie);
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.ws.addEventListener("close", (e) => resolve({ code: e.code, reason: e.reason })),
  );
  const closedWithin = (ms = 1500): Promise<Closed> =>
    Promise.race([closed, new Promise<null>((r) => setTimeout(() => r(null), ms))]);
  return { ...socket, closedWithin };
}

/** A person's inbox feed and the open room, both connected. */
async function bothSockets(cookie: string) {
  const inbox = await watched("/api/inbox/ws", cookie);
  await inbox.waitFor((e) => e.type === "hello");
  const room = await watched(`/api/rooms/${roomId}/ws?after=0`, cookie);
  await room.waitFor((e) => e.type === "room.updated");
  return {
    inbox,
    room,
    close: () => {
      inbox.close();
      room.close();
    },
  };
}

async function expectClosed(sockets: Awaited<ReturnType<typeof bothSockets>>, code: number) {
  expect(await sockets.inbox.closedWithin()).toMatchObject({ code });
  expect(await sockets.room.closedWithin()).toMatchObject({ code });
}

/** Still open and still streaming: a new customer message reaches both sockets. */
async function expectStillLive(sockets: Awaited<ReturnType<typeof bothSockets>>, text: string) {
  await customerWrites({ waId: WA_ID, text });
  await sockets.room.waitFor((e) => e.type === "message.created" && (e.message as MessageJson).text === text);
  await sockets.inbox.waitFor(
    (e) => e.type === "room.updated" && (e.room as { lastMessagePreview: string }).lastMessagePreview === text,
  );
  expect(await sockets.inbox.closedWithin(50)).toBeNull();
  expect(await sockets.room.closedWithin(50)).toBeNull();
}

describe("sockets end with the session (I5, G7)", () => {
  it("removing a member closes their inbox and room sockets with 4401; others stay open (A3)", async () => {
    const removed = await newMember("agent");
    const other = await newMember("agent");
    const mine = await bothSockets(removed.session);
    const theirs = await bothSockets(other.session);
    expect((await call(`/api/users/${removed.id}`, { method: "DELETE", cookie: admin })).status).toBe(204);
    await expectClosed(mine, SOCKET_CLOSE.sessionEnded);
    await expectStillLive(theirs, "after removal");
    theirs.close();
  });

  it("a role change closes the person's sockets with 4403 so the web app asks again what it may see", async () => {
    const demoted = await newMember("supervisor");
    const other = await newMember("supervisor");
    const mine = await bothSockets(demoted.session);
    const theirs = await bothSockets(other.session);
    const res = await call(`/api/users/${demoted.id}`, { method: "PATCH", cookie: admin, body: { role: "agent" } });
    expect(res.status).toBe(200);
    await expectClosed(mine, SOCKET_CLOSE.accessChanged);
    await expectStillLive(theirs, "after role change");
    // Reconnecting is allowed again, with the new role.
    const again = await bothSockets(demoted.session);
    again.close();
    theirs.close();
  });

  it("a rename alone closes nothing", async () => {
    const renamed = await newMember("agent");
    const mine = await bothSockets(renamed.session);
    const res = await call(`/api/users/${renamed.id}`, { method: "PATCH", cookie: admin, body: { name: "New Name" } });
    expect(res.status).toBe(200);
    await expectStillLive(mine, "after rename");
    mine.close();
  });

  it("signing out closes that session's sockets with 4401; the same person's other session stays open", async () => {
    const person = await newMember("agent");
    const laptop = await bothSockets(person.session);
    const phoneSession = await signIn(person.email);
    const phone = await bothSockets(phoneSession);
    expect((await call("/api/auth/logout", { method: "POST", cookie: person.session })).status).toBe(204);
    await expectClosed(laptop, SOCKET_CLOSE.sessionEnded);
    await expectStillLive(phone, "after sign-out elsewhere");
    phone.close();
  });

  it("a password change closes every other session's sockets (in every organization) with 4401, not its own", async () => {
    const person = await newMember("agent", "org_demo_bali");
    const here = await bothSockets(person.session);
    const elsewhere = await bothSockets(await signIn(person.email));
    const baliSession = await signIn(person.email);
    const switched = await call("/api/auth/switch", {
      cookie: baliSession,
      body: { organizationId: "org_demo_bali" },
    });
    expect(switched.status).toBe(200);
    const baliInbox = await watched("/api/inbox/ws", baliSession);
    await baliInbox.waitFor((e) => e.type === "hello");
    const other = await newMember("agent");
    const theirs = await bothSockets(other.session);
    const res = await call("/api/me/password", {
      method: "PUT",
      cookie: person.session,
      body: { currentPassword: DEMO_PASSWORD, newPassword: PASSWORD },
    });
    expect(res.status).toBe(204);
    await expectClosed(elsewhere, SOCKET_CLOSE.sessionEnded);
    expect(await baliInbox.closedWithin()).toMatchObject({ code: SOCKET_CLOSE.sessionEnded });
    await expectStillLive(here, "after password change");
    await expectStillLive(theirs, "after password change, others");
    here.close();
    theirs.close();
  });

  it("a password reset closes every session's sockets with 4401", async () => {
    const person = await newMember("agent");
    const one = await bothSockets(person.session);
    const two = await bothSockets(await signIn(person.email));
    const other = await newMember("agent");
    const theirs = await bothSockets(other.session);
    const token = await createResetToken(db(), person.id, person.email, Date.now() + 60_000);
    const res = await call("/api/auth/password/reset", { body: { token, newPassword: PASSWORD } });
    expect(res.status).toBe(204);
    await expectClosed(one, SOCKET_CLOSE.sessionEnded);
    await expectClosed(two, SOCKET_CLOSE.sessionEnded);
    await expectStillLive(theirs, "after reset");
    theirs.close();
  });

  it("a password chosen through an invitation link closes every session's sockets with 4401, like a reset (A1, A2)", async () => {
    // An identity whose address is not proven cannot sign in, so it normally has no session here; one
    // made before its address became unproven must still not outlive a password chosen by the owner.
    const person = await newMember("agent");
    const sockets = await bothSockets(person.session);
    const other = await newMember("agent");
    const theirs = await bothSockets(other.session);
    await env.DB.prepare("UPDATE identities SET email_verified_at = NULL WHERE id = ?").bind(person.id).run();
    const token = await insertInvitation(db(), {
      organizationId: "org_demo_bali",
      identityId: person.id,
      email: person.email,
      role: "agent",
      invitedBy: null,
      expiresAt: Date.now() + 60_000,
    });
    const res = await call("/api/auth/invitation/accept", { body: { token, newPassword: PASSWORD } });
    expect(res.status).toBe(204);
    await expectClosed(sockets, SOCKET_CLOSE.sessionEnded);
    expect((await call("/api/me", { cookie: person.session })).status).toBe(401);
    await expectStillLive(theirs, "after an invitation's password");
    theirs.close();
  });

  it("a ticket issued before sign-out opens nothing after it", async () => {
    const person = await newMember("agent");
    const { ticket } = await json<{ ticket: string }>(
      await call("/api/realtime/tickets", { method: "POST", cookie: person.session }),
    );
    expect((await call("/api/auth/logout", { method: "POST", cookie: person.session })).status).toBe(204);
    const res = await exports.default.fetch(
      new Request(`${ORIGIN}/api/inbox/ws?ticket=${ticket}`, { headers: { Upgrade: "websocket" } }),
    );
    await expectProblem(res, 401, "unauthenticated");
  });

  it("a socket opened with a ticket is tied to the session that asked for it", async () => {
    const person = await newMember("agent");
    const { ticket } = await json<{ ticket: string }>(
      await call("/api/realtime/tickets", { method: "POST", cookie: person.session }),
    );
    const res = await exports.default.fetch(
      new Request(`${ORIGIN}/api/rooms/${roomId}/ws?ticket=${ticket}`, { headers: { Upgrade: "websocket" } }),
    );
    const ws = res.webSocket;
    if (!ws) throw new Error(`no websocket: ${res.status}`);
    const closed = new Promise<number>((resolve) => ws.addEventListener("close", (e) => resolve(e.code)));
    ws.accept();
    expect((await call("/api/auth/logout", { method: "POST", cookie: person.session })).status).toBe(204);
    expect(await closed).toBe(SOCKET_CLOSE.sessionEnded);
  });

  it("a socket whose session expired is closed with 4401 when it next speaks or is spoken to", async () => {
    const person = await newMember("agent");
    const sockets = await bothSockets(person.session);
    // The session ran out (14 days without use): the cron may not have removed it yet.
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE identity_id = ?")
      .bind(Date.now() - 1, person.id)
      .run();
    vi.spyOn(clock, "now").mockReturnValue(Date.now() + 15 * 24 * 3_600_000);
    sockets.room.ws.send(JSON.stringify({ type: "typing" }));
    expect(await sockets.room.closedWithin()).toMatchObject({ code: SOCKET_CLOSE.sessionEnded });
    await customerWrites({ waId: WA_ID, text: "to an expired session" });
    expect(await sockets.inbox.closedWithin()).toMatchObject({ code: SOCKET_CLOSE.sessionEnded });
    expect(
      sockets.inbox.events.some((e) => e.type === "room.updated" && JSON.stringify(e).includes("expired session")),
    ).toBe(false);
  });

  it("a lapsed socket whose session was extended since is asked to reconnect (1012), not signed out", async () => {
    const person = await newMember("agent");
    const sockets = await bothSockets(person.session);
    const later = Date.now() + 15 * 24 * 3_600_000;
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE identity_id = ?")
      .bind(later + 3_600_000, person.id)
      .run();
    vi.spyOn(clock, "now").mockReturnValue(later);
    await customerWrites({ waId: WA_ID, text: "to an extended session" });
    expect(await sockets.room.closedWithin()).toMatchObject({ code: 1012 });
    expect(await sockets.inbox.closedWithin()).toMatchObject({ code: 1012 });
  });

  it("the inbox forgets a room for a person once their last socket there closes", async () => {
    const person = await newMember("agent");
    const notedRooms = () =>
      runInDurableObject(env.INBOX.getByName("org_demo"), (_instance, state) =>
        state.storage.sql
          .exec<{ room_id: string }>("SELECT room_id FROM room_sockets WHERE user_id = ?", person.id)
          .toArray()
          .map((r) => r.room_id),
      );
    const first = await watched(`/api/rooms/${roomId}/ws?after=0`, person.session);
    const second = await watched(`/api/rooms/${roomId}/ws?after=0`, person.session);
    await second.waitFor((e) => e.type === "room.updated");
    expect(await notedRooms()).toEqual([roomId]);
    first.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(await notedRooms()).toEqual([roomId]);
    second.close();
    await vi.waitFor(async () => expect(await notedRooms()).toEqual([]), { timeout: 2000 });
  });
});
