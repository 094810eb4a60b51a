// Issue 12 item 3 (rules I5, I10): an edit updates the original (marked edited), a revoke marks it
// deleted by the customer; neither adds a bubble or an unread count. Reactions are not unread either.
import { beforeAll, describe, expect, it } from "vitest";
import { seed, signIn } from "./helpers";
import { customerWrites, messagesOf, postWebhook, roomOfContact } from "./rooms-helpers";
import { refresh } from "./whatsapp-corpus";

let agent: string;

beforeAll(async () => {
  await seed();
  agent = await signIn("supervisor@demo.test");
});

async function deliver(name: string, waId: string, target: string) {
  const p = refresh(name, { target });
  const res = await postWebhook(JSON.stringify(p.body).split(p.phone).join(waId));
  expect(res.status).toBe(200);
}

describe("edits, deletions and reactions (issue 12)", () => {
  it("change the original without a new bubble or an unread count", async () => {
    const waId = "6285500000001";
    const { id } = await customerWrites({ waId, text: "I want 2 shirts" });
    const before = await roomOfContact(agent, waId);
    expect(before.unreadCount).toBe(1);

    await deliver("pywa/message#reaction", waId, id);
    await deliver("pywa/edited_message#image", waId, id);
    let room = await roomOfContact(agent, waId);
    expect(room.unreadCount).toBe(1);
    let messages = (await messagesOf(agent, room.id)) as unknown as {
      kind: string;
      text: string | null;
      details: Record<string, unknown> | null;
    }[];
    // The reaction is kept (the web app shows it on its message); the edit is on the original.
    expect(messages.map((m) => [m.kind, m.text, m.details])).toEqual([
      ["text", "Updated image caption", { edited: true, sha256: "a1b2c3d4e5f6..." }],
      ["reaction", "😮", null],
    ]);

    await deliver("pywa/message#unreaction_empty", waId, id);
    await deliver("pywa/deleted_message#revoke", waId, id);
    room = await roomOfContact(agent, waId);
    expect(room.unreadCount).toBe(1);
    messages = (await messagesOf(agent, room.id)) as unknown as typeof messages;
    expect(messages.map((m) => [m.kind, m.text, m.details?.revoked ?? false])).toEqual([
      ["text", "Updated image caption", true],
      ["reaction", "😮", false],
      ["reaction", null, false],
    ]);
  });
});
