import { runDurableObjectAlarm } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { roomStub } from "../../worker/rooms/room-do";
import { call, expectProblem, json, ORIGIN, seed, seedOtherTenant, signIn, withClock } from "./helpers";
import { expectDocumented } from "./openapi-helpers";
import {
  customerWrites,
  type MessageJson,
  messagesOf,
  type RoomJson,
  reply,
  roomOfContact,
  statusArrives,
} from "./rooms-helpers";

let agent: string;
let agent2: string;
let supervisor: string;
let admin: string;

beforeAll(async () => {
  await seed();
  await seedOtherTenant();
  [agent, agent2, supervisor, admin] = await Promise.all([
    signIn("agent@demo.test"),
    signIn("agent2@demo.test"),
    signIn("supervisor@demo.test"),
    signIn("admin@demo.test"),
  ]);
});

const HOUR = 3_600_000;
const roomFor = async (waId: string, at = Date.now(), text = "Halo") => {
  await customerWrites({ waId, text, at });
  return roomOfContact(supervisor, waId);
};
const sandboxConversation = async (waId: string) => {
  const res = await exports.default.fetch(`${ORIGIN}/sandbox/api/customers/${waId}/messages`);
  if (res.status === 404) return { messages: [] };
  return (await res.json()) as { messages: { direction: string; text: string; id: string }[] };
};

describe("replying inside the 24-hour window (I2)", () => {
  it("sends a reply that reaches the customer (sandbox), takes the room and clears unread", async () => {
    const room = await roomFor("6281300000001");
    const res = await reply(agent, room.id, "Pesanan Anda sudah dikirim 🚚");
    expect(res.status).toBe(201);
    const message = await json<MessageJson>(res);
    expect(message).toMatchObject({ direction: "out", status: "sent", text: "Pesanan Anda sudah dikirim 🚚" });
    expect(message.providerMessageId).toMatch(/^wamid\./);
    const phone = await sandboxConversation("6281300000001");
    expect(phone.messages.map((m) => [m.direction, m.text])).toContainEqual(["out", "Pesanan Anda sudah dikirim 🚚"]);
    const after = await json<RoomJson>(await call(`/api/rooms/${room.id}`, { cookie: agent }));
    expect(after).toMatchObject({ status: "assigned", assigneeId: "usr_demo_agent", unreadCount: 0 });
  });

  it("is open at 23:59:59 after the customer's message and refused at 24:00:00 with window_expired", async () => {
    const inside = await roomFor("6281300000002", Date.now() - 24 * HOUR + 5_000);
    expect((await reply(agent, inside.id, "just in time")).status).toBe(201);
    const outside = await roomFor("6281300000003", Date.now() - 24 * HOUR);
    const before = (await sandboxConversation("6281300000003")).messages.length;
    const refused = await expectProblem(await reply(agent, outside.id, "too late"), 422, "window_expired");
    expectDocumented("sendRoomMessage", refused); // issue 18: the contract lists what the API answers
    expect((await sandboxConversation("6281300000003")).messages.length).toBe(before);
    expect(await messagesOf(agent, outside.id)).toHaveLength(1);
  });

  it("sends an approved template outside the window, with the variables filled", async () => {
    const room = await roomFor("6281300000004", Date.now() - 30 * HOUR);
    const res = await call(`/api/rooms/${room.id}/template-messages`, {
      cookie: agent,
      body: { templateName: "order_update", language: "en", variables: ["Rina", "A-1001"] },
    });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({
      kind: "template",
      status: "sent",
      text: "Hi Rina, your order A-1001 has shipped.",
    });
    await expectProblem(
      await call(`/api/rooms/${room.id}/template-messages`, {
        cookie: agent,
        body: { templateName: "order_update", language: "en", variables: ["only one"] },
      }),
      422,
      "template_variables_mismatch",
    );
  });

  it("refuses a template that is not approved", async () => {
    await env.DB.prepare(
      "INSERT INTO templates (id, organization_id, channel_id, name, language, category, status, components) VALUES ('tpl_pending', 'org_demo', 'ch_demo_whatsapp', 'promo_pending', 'en', 'MARKETING', 'PENDING', '[{\"type\":\"BODY\",\"text\":\"Sale!\"}]')",
    ).run();
    const room = await roomFor("6281300000005");
    await expectProblem(
      await call(`/api/rooms/${room.id}/template-messages`, {
        cookie: agent,
        body: { templateName: "promo_pending", language: "en", variables: [] },
      }),
      422,
      "template_not_sendable",
    );
  });

  it("marks a message failed with the provider's code and text", async () => {
    const room = await roomFor("6280012345678");
    const message = await json<MessageJson>(await reply(agent, room.id, "hello?"));
    expect(message.status).toBe("failed");
    expect(message.error).toMatchObject({ code: "131026" });
    // The provider's own words are kept, for the agent to read (not only its code).
    expect(message.error?.title).toMatch(/undeliverable/i);
    expect(message.error?.detail).toContain("Unable to deliver message to 6280012345678");
    const [stored] = (await messagesOf(agent, room.id)).filter((m) => m.id === message.id);
    expect(stored?.error).toEqual(message.error);
  });

  it("sends the same clientMessageId once", async () => {
    const room = await roomFor("6281300000006");
    const body = { type: "text", text: "only once", clientMessageId: "c-1" };
    const a = await json<MessageJson>(await call(`/api/rooms/${room.id}/messages`, { cookie: agent, body }));
    const b = await json<MessageJson>(await call(`/api/rooms/${room.id}/messages`, { cookie: agent, body }));
    expect(b.id).toBe(a.id);
    // Twice at the same moment (a retry while the first is still being charged): one message too.
    const twice = { type: "text", text: "only once, again", clientMessageId: "c-2" };
    const [c, d] = await Promise.all(
      [1, 2].map(() => call(`/api/rooms/${room.id}/messages`, { cookie: agent, body: twice })),
    );
    expect([c?.status, d?.status]).toEqual([201, 201]);
    expect((await json<MessageJson>(d as Response)).id).toBe((await json<MessageJson>(c as Response)).id);
    const outs = (await sandboxConversation("6281300000006")).messages.filter((m) => m.direction === "out");
    expect(outs.map((m) => m.text)).toEqual(["only once", "only once, again"]);
  });
});

describe("replies and customer messages at the same time", () => {
  it("lose no window extension: a customer message landing while a reply is charged stays (I2)", async () => {
    const waId = "6281300000021";
    const start = Date.now() - 60_000;
    const room = await roomFor(waId, start);
    const stub = roomStub(env, room.id);
    const identity = {
      roomId: room.id,
      organizationId: "org_demo",
      channelId: "ch_demo_whatsapp",
      contactId: room.contactId,
      contactExternalId: waId,
      contactName: "Customer",
    };
    const later = Math.floor((start + 30_000) / 1000) * 1000;
    const author = { userId: "usr_demo_agent", name: "Budi Agent", role: "agent" as const };
    // The reply reaches the room first and waits on D1 for its charge; the customer's message is
    // stored meanwhile. The reply must not write back the room as it was before that message.
    const replying = stub.sendMessage(author, { type: "text", text: "on its way" }, false);
    await stub.receiveInbound(identity, {
      providerMessageId: `wamid.race-${Date.now()}`,
      channelKey: "100000000000001",
      contact: { externalId: waId, name: "Customer" },
      sentAt: later,
      kind: "text",
      text: "customer again",
      media: null,
      location: null,
      contacts: null,
      replyToProviderId: null,
      reactionToProviderId: null,
    });
    await replying;
    const expected = later + 24 * HOUR;
    expect((await stub.getSummary()).windowExpiresAt).toBe(expected);
    const after = await json<RoomJson>(await call(`/api/rooms/${room.id}`, { cookie: agent }));
    expect(after.windowExpiresAt).toBe(expected);
  });
});

describe("delivery statuses (G6)", () => {
  it("move forward only: a late 'delivered' after 'read' is ignored; 'failed' keeps the provider's error", async () => {
    const room = await roomFor("6281300000007");
    const sent = await json<MessageJson>(await reply(agent, room.id, "status test"));
    const id = sent.providerMessageId ?? "";
    await statusArrives(id, "read", "6281300000007");
    await statusArrives(id, "delivered", "6281300000007");
    await statusArrives(id, "sent", "6281300000007");
    const after = (await messagesOf(agent, room.id)).find((m) => m.id === sent.id);
    expect(after?.status).toBe("read");

    const second = await json<MessageJson>(await reply(agent, room.id, "will fail"));
    await statusArrives(second.providerMessageId ?? "", "failed", "6281300000007", [
      { code: 131047, title: "Re-engagement message", error_data: { details: "More than 24 hours have passed" } },
    ]);
    const failed = (await messagesOf(agent, room.id)).find((m) => m.id === second.id);
    expect(failed).toMatchObject({ status: "failed", error: { code: "131047" } });
  });
});

describe("assignment and resolve (I1)", () => {
  it("take, transfer, assign and resolve follow the roles", async () => {
    const room = await roomFor("6281300000008");
    const taken = await json<RoomJson>(await call(`/api/rooms/${room.id}/take`, { method: "POST", cookie: agent }));
    expect(taken).toMatchObject({ status: "assigned", assigneeId: "usr_demo_agent" });
    await expectProblem(
      await call(`/api/rooms/${room.id}/take`, { method: "POST", cookie: agent2 }),
      409,
      "room_assigned_elsewhere",
    );
    await expectProblem(await reply(agent2, room.id, "not mine"), 403, "room_assigned_elsewhere");
    const transferred = await call(`/api/rooms/${room.id}/assign`, {
      cookie: agent,
      body: { userId: "usr_demo_agent2" },
    });
    expect(await json(transferred)).toMatchObject({ assigneeId: "usr_demo_agent2" });
    await expectProblem(
      await call(`/api/rooms/${room.id}/assign`, { cookie: agent, body: { userId: "usr_demo_agent" } }),
      403,
      "forbidden",
    );
    const assigned = await call(`/api/rooms/${room.id}/assign`, {
      cookie: supervisor,
      body: { userId: "usr_demo_agent" },
    });
    expect(await json(assigned)).toMatchObject({ assigneeId: "usr_demo_agent" });
    await expectProblem(
      await call(`/api/rooms/${room.id}/assign`, { cookie: supervisor, body: { userId: "usr_other_admin" } }),
      404,
      "not_found",
    );
    const mine = await json<{ rooms: RoomJson[] }>(await call("/api/rooms?view=mine", { cookie: agent }));
    expect(mine.rooms.map((r) => r.id)).toContain(room.id);
    const resolved = await call(`/api/rooms/${room.id}/resolve`, { method: "POST", cookie: agent });
    expect(await json(resolved)).toMatchObject({ status: "resolved" });
    await expectProblem(await reply(agent, room.id, "after resolve"), 422, "room_resolved");
  });

  it("keeps private notes in the room and never sends them", async () => {
    const room = await roomFor("6281300000009");
    const res = await call(`/api/rooms/${room.id}/notes`, { cookie: agent, body: { text: "VIP customer" } });
    expect(await json(res)).toMatchObject({ direction: "note", text: "VIP customer" });
    const phone = await sandboxConversation("6281300000009");
    expect(phone.messages.some((m) => m.text === "VIP customer")).toBe(false);
  });
});

describe("blocking a contact (I6)", () => {
  it("is only possible from an unresolved room; a blocked contact's messages open no room and are kept", async () => {
    const room = await roomFor("6281300000010");
    const blocked = await call(`/api/contacts/${room.contactId}/block`, { method: "POST", cookie: agent });
    expect(await json(blocked)).toMatchObject({ blocked: true });
    await call(`/api/rooms/${room.id}/resolve`, { method: "POST", cookie: supervisor });
    await customerWrites({ waId: "6281300000010", text: "are you there?" });
    const rooms = await json<{ rooms: RoomJson[] }>(
      await call("/api/rooms?view=all&q=6281300000010", { cookie: supervisor }),
    );
    expect(rooms.rooms.filter((r) => r.status !== "resolved")).toHaveLength(0);
    const kept = await env.DB.prepare("SELECT text FROM blocked_messages WHERE contact_id = ?")
      .bind(room.contactId)
      .all();
    expect(kept.results).toEqual([{ text: "are you there?" }]);

    await expectProblem(
      await call(`/api/contacts/${room.contactId}/block`, { method: "POST", cookie: agent }),
      422,
      "block_needs_open_room",
    );
    await call(`/api/contacts/${room.contactId}/unblock`, { method: "POST", cookie: agent });
    await customerWrites({ waId: "6281300000010", text: "hello again" });
    const reopened = await roomOfContact(supervisor, "6281300000010", "unassigned");
    expect(reopened.lastMessagePreview).toBe("hello again");
  });

  it("refuses replies to a blocked contact", async () => {
    const room = await roomFor("6281300000011");
    await call(`/api/contacts/${room.contactId}/block`, { method: "POST", cookie: agent });
    await expectProblem(await reply(agent, room.id, "hi"), 422, "contact_blocked");
  });
});

describe("starting a conversation (I3)", () => {
  it("opens a room with a template for a contact without an unresolved room, and not twice", async () => {
    const contact = await json<{ id: string }>(
      await call("/api/contacts", { cookie: agent, body: { phone: "+62 813 0000 0012", name: "Tono" } }),
    );
    const body = {
      channelId: "ch_demo_whatsapp",
      templateName: "order_update",
      language: "en",
      variables: ["Tono", "B-7"],
    };
    const res = await call(`/api/contacts/${contact.id}/template-messages`, { cookie: agent, body });
    expect(res.status).toBe(201);
    const started = await json<{ room: RoomJson; message: MessageJson }>(res);
    expect(started.room.contactExternalId).toBe("6281300000012");
    expect(started.message).toMatchObject({ kind: "template", status: "sent" });
    await expectProblem(
      await call(`/api/contacts/${contact.id}/template-messages`, { cookie: agent, body }),
      409,
      "room_open",
    );
    // The customer answers: the message lands in the same room, the window opens.
    await customerWrites({ waId: "6281300000012", text: "Thanks!" });
    const room = await roomOfContact(supervisor, "6281300000012");
    expect(room.id).toBe(started.room.id);
    expect((await reply(agent, room.id, "You're welcome")).status).toBe(201);
  });
});

describe("auto-resolve expired rooms (I4)", () => {
  it("resolves at the window's end by the room's alarm when the setting is on, not when off", async () => {
    // The windows end a minute from now and the alarm runs with the clock past that: the test's run
    // is the one that fires it (a window already over would fire by itself, maybe first).
    const runAlarmAfterWindow = (roomId: string) =>
      withClock(61_000, () => runDurableObjectAlarm(env.ROOM.getByName(roomId)));
    const off = await roomFor("6281300000013", Date.now() - 24 * HOUR + 60_000);
    expect(await runAlarmAfterWindow(off.id)).toBe(true);
    expect(await json(await call(`/api/rooms/${off.id}`, { cookie: agent }))).toMatchObject({ status: "unassigned" });

    await expectProblem(
      await call("/api/settings", { method: "PUT", cookie: agent, body: { autoResolveExpired: true } }),
      403,
      "forbidden",
    );
    await call("/api/settings", { method: "PUT", cookie: admin, body: { autoResolveExpired: true } });
    const on = await roomFor("6281300000014", Date.now() - 24 * HOUR + 60_000);
    expect(await runAlarmAfterWindow(on.id)).toBe(true);
    expect(await json(await call(`/api/rooms/${on.id}`, { cookie: agent }))).toMatchObject({ status: "resolved" });
    await call("/api/settings", { method: "PUT", cookie: admin, body: { autoResolveExpired: false } });
  });

  it("resolves every expired room at once, and only those", async () => {
    const expired = await roomFor("6281300000015", Date.now() - 26 * HOUR);
    const open = await roomFor("6281300000016");
    await expectProblem(await call("/api/rooms/resolve-expired", { method: "POST", cookie: agent }), 403, "forbidden");
    const res = await json<{ resolved: number }>(
      await call("/api/rooms/resolve-expired", { method: "POST", cookie: supervisor }),
    );
    expect(res.resolved).toBeGreaterThanOrEqual(1);
    expect(await json(await call(`/api/rooms/${expired.id}`, { cookie: agent }))).toMatchObject({ status: "resolved" });
    expect(await json(await call(`/api/rooms/${open.id}`, { cookie: agent }))).toMatchObject({ status: "unassigned" });
    const again = await json<{ resolved: number }>(
      await call("/api/rooms/resolve-expired", { method: "POST", cookie: supervisor }),
    );
    expect(again.resolved).toBe(0);
  });
});

describe("tenant isolation", () => {
  it("answers 404 for another tenant's room on every route", async () => {
    const room = await roomFor("6281300000017");
    const other = await signIn("boss@other.test");
    for (const [method, path, body] of [
      ["GET", `/api/rooms/${room.id}`, undefined],
      ["GET", `/api/rooms/${room.id}/messages`, undefined],
      ["POST", `/api/rooms/${room.id}/messages`, { type: "text", text: "x" }],
      [
        "POST",
        `/api/rooms/${room.id}/template-messages`,
        { templateName: "order_update", language: "en", variables: [] },
      ],
      ["POST", `/api/rooms/${room.id}/assign`, { userId: "usr_other_admin" }],
      ["POST", `/api/rooms/${room.id}/take`, undefined],
      ["POST", `/api/rooms/${room.id}/resolve`, undefined],
      ["POST", `/api/rooms/${room.id}/notes`, { text: "x" }],
      ["POST", `/api/contacts/${room.contactId}/block`, undefined],
      ["GET", `/api/contacts/${room.contactId}`, undefined],
    ] as const) {
      await expectProblem(await call(path, { method, cookie: other, body }), 404, "not_found");
    }
    const list = await json<{ rooms: RoomJson[] }>(await call("/api/rooms?view=all", { cookie: other }));
    expect(list.rooms).toHaveLength(0);
  });
});

describe("the number's daily messaging limit (issue 13 item 6)", () => {
  const template = { templateName: "order_update", language: "en", variables: ["Rina", "A-1001"] };
  const CHANNEL_ID = "ch_demo_whatsapp";

  it("a template outside the window needs a place among the tier's customers; inside the window it does not", async () => {
    const reached = "+6281300000091";
    // TIER_250 (the default) full: 250 customers reached in the last 24 h, one of them the room below.
    await env.DB.prepare(
      `INSERT INTO messaging_limit_usage (channel_id, phone, last_at)
       WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 249)
       SELECT ?1, '+6289900' || printf('%05d', i), ?2 FROM n UNION ALL SELECT ?1, ?3, ?2`,
    )
      .bind(CHANNEL_ID, Date.now() - HOUR, reached)
      .run();
    const placesTaken = async () =>
      (
        await env.DB.prepare("SELECT count(*) AS n FROM messaging_limit_usage WHERE channel_id = ?")
          .bind(CHANNEL_ID)
          .first<{ n: number }>()
      )?.n;
    try {
      const full = await placesTaken();
      expect(full).toBeGreaterThanOrEqual(250);
      const fresh = await roomFor("6281300000090", Date.now() - 30 * HOUR);
      await expectProblem(
        await call(`/api/rooms/${fresh.id}/template-messages`, { cookie: agent, body: template }),
        422,
        "messaging_limit_reached",
      );
      expect((await sandboxConversation("6281300000090")).messages.filter((m) => m.direction !== "in")).toEqual([]);

      const known = await roomFor("6281300000091", Date.now() - 30 * HOUR);
      expect((await call(`/api/rooms/${known.id}/template-messages`, { cookie: agent, body: template })).status).toBe(
        201,
      );

      const writing = await roomFor("6281300000092");
      expect((await call(`/api/rooms/${writing.id}/template-messages`, { cookie: agent, body: template })).status).toBe(
        201,
      );
      // The refused customer took no place; the known one kept theirs; the one writing needed none.
      expect(await placesTaken()).toBe(full);
    } finally {
      await env.DB.prepare("DELETE FROM messaging_limit_usage WHERE channel_id = ?").bind(CHANNEL_ID).run();
    }
  });
});
