// Issue 12, rules G1, G6, I1, I5: every real payload of the corpus (test/fixtures/whatsapp/README.md
// names the sources) is posted signed through the real route, answered 200, and lands in the room
// with what the customer sent, as the agent reads it through GET /api/rooms/:id/messages.
import { beforeAll, describe, expect, it } from "vitest";
import { seed, signIn } from "./helpers";
import {
  customerWrites,
  type MessageJson,
  messagesOf,
  postWebhook,
  reply as replyAs,
  roomOfContact,
  roomsOf,
  wamid,
} from "./rooms-helpers";
import { corpusNames, type Refreshed, refresh } from "./whatsapp-corpus";

let agent: string;

beforeAll(async () => {
  await seed();
  agent = await signIn("supervisor@demo.test");
});

type Msg = MessageJson & { details: Record<string, unknown> | null; location: unknown; contacts: unknown[] | null };
type Check = (m: Msg) => void;
interface Case {
  /** What the payload points at: a customer message of the same contact, or an agent's reply. */
  needs?: "customer message" | "agent reply";
  /** Which message the agent sees it on: its own (default), or the one it changes. */
  on?: "target";
  /** Whose room: the customer's phone (default), its new phone, or its user id. */
  room?: "newPhone" | "userId";
  /** The message the agent sees, checked. */
  check: Check;
}

const kind =
  (k: string, text?: string | null, details?: Record<string, unknown>): Check =>
  (m) => {
    expect(m.kind).toBe(k);
    if (text !== undefined) expect(m.text).toBe(text);
    if (details) expect(m.details).toMatchObject(details);
  };
const status =
  (s: string): Check =>
  (m) =>
    expect(m.status).toBe(s);
const sha = { sha256: expect.any(String) };
const reply = (type: string, id: string | null, extra: Record<string, unknown> = {}) => ({
  reply: { type, id, ...extra },
});
const flowAnswers = { reply: { type: "nfm_reply", responseJson: expect.stringContaining("delivery_rating") } };

/** What the agent sees for each payload of the corpus (issue 12: every one, whole). */
const cases: Record<string, Case> = {
  "pywa/message#text": { check: kind("text", "Body Text") },
  "pywa/message#image": { check: kind("image", null, sha) },
  "pywa/message#media_with_url": { check: kind("image", null, sha) },
  "pywa/message#video": { check: kind("video", "caption", sha) },
  "pywa/message#document": { check: kind("document", undefined, sha) },
  "pywa/message#audio": { check: kind("audio", null, sha) },
  "pywa/message#voice": { check: kind("voice", null, sha) },
  "pywa/message#static_sticker": { check: kind("sticker", null, sha) },
  "pywa/message#animated_sticker": { check: kind("sticker", null, { ...sha, animated: true }) },
  "pywa/message#reaction": { needs: "customer message", check: kind("reaction", "😮") },
  "pywa/message#unreaction_empty": { needs: "customer message", check: kind("reaction", null) },
  "pywa/message#unreaction_no_emoji": { needs: "customer message", check: kind("reaction", null) },
  "pywa/message#current_location": { check: kind("location", null, { forwarded: true }) },
  "pywa/message#chosen_location": {
    check: kind("location", null, { locationUrl: "https://maps.google.com/?cid=2000000000000000000" }),
  },
  "pywa/message#contacts": {
    check: (m) => {
      kind("contacts")(m);
      expect(m.contacts).toHaveLength(3);
    },
  },
  "pywa/message#order": {
    check: kind("order", null, {
      order: {
        catalogId: "354160437058781",
        items: [
          { productRetailerId: "HAMBURGER", quantity: 3, itemPrice: 30, currency: "ILS" },
          { productRetailerId: "FRENCH_FRIES", quantity: 2, itemPrice: 35, currency: "ILS" },
          { productRetailerId: "SODA", quantity: 2, itemPrice: 10, currency: "ILS" },
        ],
      },
    }),
  },
  "pywa/message#unsupported": {
    check: kind("unsupported", null, { unsupported: { errors: [expect.objectContaining({ code: "131051" })] } }),
  },
  "pywa/message#unsupported_with_type": {
    check: kind("unsupported", null, {
      unsupported: { type: "pool", errors: [expect.objectContaining({ code: "131051" })] },
    }),
  },
  "pywa/message#reply": { check: kind("text", "replied text", { quotedProviderId: "wamid.xyzxyz==" }) },
  "pywa/message#forwarded": { check: kind("text", "forwarded text", { forwarded: true }) },
  "pywa/message#forwarded_many_times": {
    check: kind("text", "text forwarded many times", { frequentlyForwarded: true }),
  },
  "pywa/message#interactive_message_with_err": {
    check: kind("unsupported", null, { unsupported: { type: "interactive" }, raw: expect.stringContaining("wamid") }),
  },
  "pywa/message#referral": {
    check: kind("text", "BODY", {
      referral: { sourceUrl: "AD_OR_POST_FB_URL", sourceId: "ADID", headline: "AD_TITLE", ctwaClid: "CTWA_CLID" },
    }),
  },
  "pywa/callback_button#button": { check: kind("text", "title", reply("button_reply", "callback_data")) },
  "pywa/callback_button#quick_reply": {
    check: kind("text", "title", reply("button", null, { payload: "callback_data" })),
  },
  "pywa/callback_button#quick_reply_without_context": {
    check: kind("text", "title", reply("button", null, { payload: "callback_data" })),
  },
  "pywa/callback_selection#callback": { check: kind("text", "title", reply("list_reply", "callback_data")) },
  "pywa/callback_selection#description": {
    check: kind("text", "title", reply("list_reply", "callback_data", { description: "description" })),
  },
  "pywa/deleted_message#revoke": {
    needs: "customer message",
    on: "target",
    check: kind("text", "earlier message", { revoked: true }),
  },
  "pywa/edited_message#image": {
    needs: "customer message",
    on: "target",
    check: kind("text", "Updated image caption", { edited: true }),
  },
  "pywa/flow_completion#completion": { check: kind("text", "Sent", flowAnswers) },
  "pywa/flow_completion#without_flow_token": { check: kind("text", "Sent", flowAnswers) },
  "pywa/message_status#sent": { needs: "agent reply", check: status("sent") },
  "pywa/message_status#delivered": { needs: "agent reply", check: status("delivered") },
  "pywa/message_status#read": { needs: "agent reply", check: status("read") },
  "pywa/message_status#played": { needs: "agent reply", check: status("read") },
  "pywa/message_status#failed": {
    needs: "agent reply",
    check: (m) => {
      expect(m.status).toBe("failed");
      expect(m.error?.title).toBe("User's number is part of an experiment");
    },
  },
  "pywa/message_status#with_tracker": { needs: "agent reply", check: status("sent") },
  "pywa/message_status#group": { needs: "agent reply", check: status("read") },
  "pywa/system#phone_number_change": {
    room: "newPhone",
    check: kind("system", undefined, { system: { type: "user_changed_number" } }),
  },
  "pywa/system#identity_change": {
    check: kind("system", "User identity changed", { system: { type: "customer_identity_changed" } }),
  },
  "meta/bsuid#text_from_username_user": { room: "userId", check: kind("text") },
  "meta/bsuid#text_with_phone_and_bsuid": { check: kind("text") },
  "meta/bsuid#delivered_to_username_user": { needs: "agent reply", check: status("delivered") },
  "meta/system#user_changed_number": {
    room: "newPhone",
    check: kind("system", undefined, { system: { type: "user_changed_number" } }),
  },
};

/** Posts one refreshed payload; returns the message the agent sees it on. */
async function land(name: string, c: Case) {
  let target: string | undefined;
  let statusId: string | undefined;
  // The customer has a room before the payload that points into it arrives.
  const customer = refresh(name).phone;
  if (c.needs) {
    const first = await customerWrites({ waId: customer, text: "earlier message", id: wamid() });
    target = first.id;
    if (c.needs === "agent reply") {
      const room = await roomOfContact(agent, customer);
      const sent = await replyAs(agent, room.id, "our reply");
      expect(sent.status).toBe(201);
      statusId = ((await sent.json()) as MessageJson).providerMessageId ?? undefined;
    }
  }
  const payload: Refreshed = refresh(name, { target, statusId });
  // The payload was refreshed for its own customer: point it at the one prepared above.
  const raw = JSON.stringify(payload.body).split(payload.phone).join(customer);
  const res = await postWebhook(raw);
  expect(res.status, await res.clone().text()).toBe(200);
  const key = c.room === "newPhone" ? payload.newPhone : c.room === "userId" ? payload.userId : customer;
  const room = await roomOfContact(agent, key);
  const messages = (await messagesOf(agent, room.id)) as Msg[];
  if (c.needs === "agent reply") return messages.find((m) => m.direction === "out");
  const id = c.on === "target" ? target : payload.ids[0];
  return messages.find((m) => m.providerMessageId === id);
}

describe("the corpus of real WhatsApp payloads (issue 12)", () => {
  it("checks every payload of the corpus (45)", () => {
    expect(corpusNames().length).toBe(45);
    expect(Object.keys(cases).sort()).toEqual(corpusNames().sort());
  });

  for (const [name, c] of Object.entries(cases)) {
    it(`${name} is answered 200 and the agent sees it`, async () => {
      const message = await land(name, c);
      expect(message, "the message is in the room").toBeDefined();
      c.check(message as Msg);
    });
  }

  it("lists each corpus customer once in the inbox", async () => {
    const rooms = await roomsOf(agent);
    expect(new Set(rooms.map((r) => r.id)).size).toBe(rooms.length);
  });
});
