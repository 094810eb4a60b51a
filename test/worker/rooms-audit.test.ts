import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { signWhatsAppBody } from "../../worker/channels/whatsapp/signature";
import { buildInboundWebhook, buildStatusWebhook } from "../../worker/channels/whatsapp/webhook-builders";
import type { RoomDO } from "../../worker/rooms/room-do";
import type { RoomIdentity } from "../../worker/rooms/types";
import { call, expectProblem, json, ORIGIN, seed, seedOtherTenant, signIn } from "./helpers";
import {
  customerWrites,
  type MessageJson,
  messagesOf,
  openSocket,
  postWebhook,
  type RoomJson,
  reply,
  roomOfContact,
  roomsOf,
  seconds,
  wamid,
} from "./rooms-helpers";

let agent: string;
let supervisor: string;

const OTHER = {
  phoneNumberId: "100000000000999",
  displayPhoneNumber: "6281100000999",
  wabaId: "200000000000999",
  appSecret: "other-tenant-app-secret",
};

beforeAll(async () => {
  await seed();
  await seedOtherTenant();
  await env.DB.prepare(
    `INSERT OR IGNORE INTO channels (id, organization_id, kind, name, provider_key, config, connected, updated_at)
     VALUES ('ch_other_wa', 'org_other', 'whatsapp', 'Other WA', ?1, json_object('displayPhoneNumber', ?2,
       'wabaId', ?3, 'accessToken', 'other-token', 'appSecret', ?4, 'verifyToken', 'other-verify', 'metaAppId', NULL), 1, 0)`,
  )
    .bind(OTHER.phoneNumberId, OTHER.displayPhoneNumber, OTHER.wabaId, OTHER.appSecret)
    .run();
  [agent, supervisor] = await Promise.all([signIn("agent@demo.test"), signIn("supervisor@demo.test")]);
});

/** A webhook signed by the other tenant's app, for its own phone number. */
async function otherTenantPosts(body: unknown) {
  const raw = JSON.stringify(body);
  const res = await postWebhook(raw, await signWhatsAppBody(raw, OTHER.appSecret));
  expect(res.status).toBe(200);
}
const otherAccount = {
  phoneNumberId: OTHER.phoneNumberId,
  displayPhoneNumber: OTHER.displayPhoneNumber,
  wabaId: OTHER.wabaId,
};

describe("a resolve that did not reach the inbox index (I1, G6)", () => {
  it("still lands the customer's next message, in a new room", async () => {
    const waId = "6281700000001";
    await customerWrites({ waId, text: "first" });
    const first = await roomOfContact(supervisor, waId);
    expect((await call(`/api/rooms/${first.id}/resolve`, { method: "POST", cookie: supervisor })).status).toBe(200);
    // The room saved its resolve, then the D1 write was lost (a crash between the two).
    await env.DB.prepare("UPDATE rooms SET status = 'unassigned', resolved_at = NULL WHERE id = ?")
      .bind(first.id)
      .run();
    await customerWrites({ waId, text: "are you there?" });
    const open = (await roomsOf(supervisor, "all")).filter((r) => r.contactExternalId === waId);
    const fresh = open.find((r) => r.id !== first.id);
    expect(fresh).toBeDefined();
    expect(open.find((r) => r.id === first.id)?.status).toBe("resolved");
    expect((await messagesOf(supervisor, fresh?.id ?? "")).map((m) => m.text)).toEqual(["are you there?"]);
  });
});

describe("provider ids are per tenant (G6)", () => {
  it("another tenant's signed status webhook never changes this tenant's message", async () => {
    const waId = "6281700000002";
    await customerWrites({ waId, text: "hi" });
    const room = await roomOfContact(supervisor, waId);
    const sent = await json<MessageJson>(await reply(agent, room.id, "hello"));
    expect(sent.status).toBe("sent");
    await otherTenantPosts(
      buildStatusWebhook({
        ...otherAccount,
        status: {
          id: sent.providerMessageId ?? "",
          status: "failed",
          timestamp: seconds(Date.now()),
          recipientId: waId,
          errors: [{ code: 131026, title: "Message undeliverable" }],
        },
      }),
    );
    await new Promise((r) => setTimeout(r, 100));
    const stored = (await messagesOf(agent, room.id)).find((m) => m.id === sent.id);
    expect(stored?.status).not.toBe("failed");
    expect(stored?.error).toBeNull();
  });

  it("another tenant's message with the same wamid does not make this tenant's message a duplicate", async () => {
    const id = wamid();
    await otherTenantPosts(
      buildInboundWebhook({
        ...otherAccount,
        contact: { waId: "6281700000003", name: "Elsewhere" },
        message: { id, timestamp: seconds(Date.now()), type: "text", text: { body: "claimed" } },
      }),
    );
    await customerWrites({ waId: "6281700000004", id, text: "the real one" });
    const room = await roomOfContact(supervisor, "6281700000004");
    expect((await messagesOf(agent, room.id)).map((m) => m.text)).toEqual(["the real one"]);
  });
});

describe("blocked messages are per tenant (I6, G6)", () => {
  it("keeps a blocked contact's message even when another tenant kept one with the same wamid", async () => {
    await env.DB.prepare(
      `INSERT INTO contacts (id, organization_id, kind, external_id, name, blocked_at)
       VALUES ('ct_other_blocked', 'org_other', 'whatsapp', '6281700000011', 'Blocked elsewhere', 1)`,
    ).run();
    const waId = "6281700000012";
    await customerWrites({ waId, text: "hello" });
    const room = await roomOfContact(supervisor, waId);
    await call(`/api/contacts/${room.contactId}/block`, { method: "POST", cookie: agent });
    const id = wamid();
    await otherTenantPosts(
      buildInboundWebhook({
        ...otherAccount,
        contact: { waId: "6281700000011", name: "Blocked elsewhere" },
        message: { id, timestamp: seconds(Date.now()), type: "text", text: { body: "theirs" } },
      }),
    );
    await customerWrites({ waId, id, text: "ours" });
    const kept = await env.DB.prepare("SELECT text FROM blocked_messages WHERE contact_id = ?")
      .bind(room.contactId)
      .all();
    expect(kept.results).toEqual([{ text: "ours" }]);
  });
});

describe("a room whose first message is still queued", () => {
  it("answers its socket with 503 room_not_ready, not a 500", async () => {
    const contact = await json<{ id: string }>(
      await call("/api/contacts", { cookie: agent, body: { phone: "+62 817 0000 0005", name: "Queued" } }),
    );
    const roomId = crypto.randomUUID();
    await env.DB.prepare(
      `INSERT INTO rooms (id, organization_id, channel_id, contact_id, last_message_at, opened_at)
       VALUES (?, 'org_demo', 'ch_demo_whatsapp', ?, ?, ?)`,
    )
      .bind(roomId, contact.id, Date.now(), Date.now())
      .run();
    const res = await exports.default.fetch(
      new Request(`${ORIGIN}/api/rooms/${roomId}/ws`, {
        headers: { Upgrade: "websocket", cookie: `sid=${agent}`, origin: ORIGIN },
      }),
    );
    await expectProblem(res, 503, "room_not_ready");
    expect(res.headers.get("retry-after")).toBe("1");
  });
});

describe("resuming a room socket (I5)", () => {
  it("gets a reply's final status even when a customer message landed while the send was being recorded", async () => {
    const waId = "6281700000006";
    await customerWrites({ waId, text: "open" });
    const room = await roomOfContact(supervisor, waId);
    // While the room records a reply's outcome (between storing it and telling the sockets, an await
    // on D1), the customer's next message lands: run it at exactly that moment, every time.
    await runInDurableObject(env.ROOM.getByName(room.id), (instance: RoomDO) => {
      const target = instance.store as unknown as { updateMessage(m: { direction: string; status: string }): unknown };
      const original = target.updateMessage.bind(instance.store);
      target.updateMessage = (m) => {
        const result = original(m);
        if (m.direction === "out" && m.status !== "pending") {
          target.updateMessage = original;
          const rec = instance.store.record() as RoomIdentity;
          void Promise.resolve().then(() =>
            instance.receiveInbound(rec, {
              providerMessageId: wamid(),
              channelKey: "100000000000001",
              contact: { externalId: waId, name: "Customer" },
              sentAt: Date.now(),
              kind: "text",
              text: "meanwhile",
              media: null,
              location: null,
              contacts: null,
              replyToProviderId: null,
              reactionToProviderId: null,
            }),
          );
        }
        return result;
      };
    });
    const live = await openSocket(`/api/rooms/${room.id}/ws?after=0`, agent);
    await live.waitFor((e) => e.type === "room.updated");
    const sent = await json<MessageJson>(await reply(agent, room.id, "answer"));
    expect(sent.status).toBe("sent");
    await live.waitFor((e) => e.type === "message.updated" && (e.message as MessageJson).id === sent.id);
    const meanwhile = await live.waitFor(
      (e) => e.type === "message.created" && (e.message as MessageJson).text === "meanwhile",
    );
    // Sockets see seqs strictly increase, in arrival order.
    const seqs = live.events.filter((e) => e.type.startsWith("message.")).map((e) => e.seq as number);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] ?? 0);
    live.close();
    // A socket cut right after the customer's message resumes from its seq and still learns the reply was sent.
    const resumed = await openSocket(`/api/rooms/${room.id}/ws?after=${meanwhile.seq}`, agent);
    await resumed.waitFor((e) => e.type === "room.updated");
    const update = resumed.events.find((e) => e.message && (e.message as MessageJson).id === sent.id);
    expect((update?.message as MessageJson | undefined)?.status).toBe("sent");
    resumed.close();
  });
});

describe("starting a conversation (I3)", () => {
  const body = { channelId: "ch_demo_whatsapp", templateName: "order_update", language: "en", variables: ["A", "B"] };

  it("leaves no unresolved room behind when the template is refused, so a later start works", async () => {
    const contact = await json<{ id: string }>(
      await call("/api/contacts", { cookie: agent, body: { phone: "+62 817 0000 0007", name: "Broke" } }),
    );
    const saved = await env.DB.prepare(
      "SELECT conversation_credit AS c, package_balance AS p, topup_balance AS t FROM wallets WHERE organization_id = 'org_demo'",
    ).first<{ c: number; p: number; t: number }>();
    await env.DB.prepare(
      "UPDATE wallets SET conversation_credit = 0, package_balance = 0, topup_balance = 0 WHERE organization_id = 'org_demo'",
    ).run();
    try {
      await expectProblem(
        await call(`/api/contacts/${contact.id}/template-messages`, { cookie: agent, body }),
        402,
        "insufficient_balance",
      );
    } finally {
      await env.DB.prepare(
        "UPDATE wallets SET conversation_credit = ?, package_balance = ?, topup_balance = ? WHERE organization_id = 'org_demo'",
      )
        .bind(saved?.c ?? 0, saved?.p ?? 0, saved?.t ?? 0)
        .run();
    }
    const open = await env.DB.prepare("SELECT count(*) AS n FROM rooms WHERE contact_id = ? AND status <> 'resolved'")
      .bind(contact.id)
      .first<{ n: number }>();
    expect(open?.n).toBe(0);
    const again = await call(`/api/contacts/${contact.id}/template-messages`, { cookie: agent, body });
    expect(again.status).toBe(201);
    expect((await json<{ message: MessageJson }>(again)).message.status).toBe("sent");
  });

  it("sends once when two starts for the same contact race; the other gets 409 room_open", async () => {
    const contact = await json<{ id: string }>(
      await call("/api/contacts", { cookie: agent, body: { phone: "+62 817 0000 0008", name: "Twice" } }),
    );
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => call(`/api/contacts/${contact.id}/template-messages`, { cookie: agent, body })),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409]);
    for (const r of answers.filter((a) => a.status === 409)) await expectProblem(r, 409, "room_open");
    const started = await json<{ room: RoomJson }>(answers.find((r) => r.status === 201) as Response);
    const templates = (await messagesOf(agent, started.room.id)).filter((m) => m.kind === "template");
    expect(templates).toHaveLength(1);
  });
});

describe("the inbox's default view (A3, I1)", () => {
  it("is `mine` for an agent and `all` for a supervisor", async () => {
    const waId = "6281700000009";
    await customerWrites({ waId, text: "unassigned one" });
    await customerWrites({ waId: "6281700000010", text: "taken one" });
    const taken = await roomOfContact(supervisor, "6281700000010");
    expect((await call(`/api/rooms/${taken.id}/take`, { method: "POST", cookie: agent })).status).toBe(200);
    const res = await call("/api/rooms", { cookie: agent });
    expect(res.status).toBe(200);
    const mine = (await json<{ rooms: RoomJson[] }>(res)).rooms;
    expect(mine.every((r) => r.assigneeId === "usr_demo_agent" && r.status !== "resolved")).toBe(true);
    expect(mine.find((r) => r.contactExternalId === waId)).toBeUndefined();
    expect(mine.find((r) => r.id === taken.id)).toBeDefined();
    const all = (await json<{ rooms: RoomJson[] }>(await call("/api/rooms?limit=100", { cookie: supervisor }))).rooms;
    expect(all.find((r) => r.contactExternalId === waId)).toBeDefined();
    await expectProblem(await call("/api/rooms?view=all", { cookie: agent }), 403, "forbidden");
  });
});
