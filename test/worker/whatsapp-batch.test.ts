// Rule G6, issue 12 item 2: one bad item never sinks the batch. Every message and status of a signed
// body is read and applied on its own; what cannot be understood is kept as unsupported (messages, with
// their raw JSON) or logged and left out (statuses), and the rest is applied.
import { beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_DISPLAY_PHONE_NUMBER, SANDBOX_PHONE_NUMBER_ID, SANDBOX_WABA_ID } from "../../worker/sandbox/config";
import { seed, signIn } from "./helpers";
import { messagesOf, postWebhook, reply, roomOfContact, roomsOf, seconds, wamid } from "./rooms-helpers";

let agent: string;

beforeAll(async () => {
  await seed();
  agent = await signIn("supervisor@demo.test");
});

const body = (value: Record<string, unknown>) =>
  JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: SANDBOX_WABA_ID,
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: {
                display_phone_number: SANDBOX_DISPLAY_PHONE_NUMBER,
                phone_number_id: SANDBOX_PHONE_NUMBER_ID,
              },
              ...value,
            },
          },
        ],
      },
    ],
  });

const text = (from: string, id: string, t: string) => ({
  from,
  id,
  timestamp: String(seconds(Date.now())),
  type: "text",
  text: { body: t },
});

describe("one bad item never sinks the batch (G6)", () => {
  it("a batch with malformed messages and a malformed status applies every other item", async () => {
    const [good1, good2, broken] = ["6285200000001", "6285200000002", "6285200000003"];
    const goodIds = [wamid(), wamid()];
    const brokenImage = {
      from: broken,
      id: wamid(),
      timestamp: String(seconds(Date.now())),
      type: "image",
      image: { caption: "an image without its id" },
    };
    const res = await postWebhook(
      body({
        contacts: [
          { wa_id: good1, profile: { name: "Good One" } },
          { wa_id: good2, profile: { name: "Good Two" } },
          { wa_id: broken, profile: { name: "Broken" } },
        ],
        messages: [
          text(good1, goodIds[0] as string, "first"),
          brokenImage,
          { from: broken, timestamp: "1", type: "text", text: { body: "no id: cannot be attributed" } },
          { ...text(broken, wamid(), "bad time"), timestamp: "yesterday" },
          text(good2, goodIds[1] as string, "second"),
        ],
        statuses: [{ id: "", status: "read" }, { status: 7 }],
      }),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    for (const [waId, id, t] of [
      [good1, goodIds[0], "first"],
      [good2, goodIds[1], "second"],
    ] as const) {
      const room = await roomOfContact(agent, waId);
      expect((await messagesOf(agent, room.id)).map((m) => [m.providerMessageId, m.kind, m.text])).toEqual([
        [id, "text", t],
      ]);
    }
    // The customer whose image could not be read sees it kept, as unsupported with its raw JSON;
    // the message with a timestamp Meta never sends is kept too (read as now).
    const room = await roomOfContact(agent, broken);
    const kept = (await messagesOf(agent, room.id)) as unknown as {
      providerMessageId: string;
      kind: string;
      text: string | null;
      details: { raw?: string; unsupported?: { type: string | null } } | null;
    }[];
    expect(kept.map((m) => [m.kind, m.text])).toEqual([
      ["unsupported", null],
      ["text", "bad time"],
    ]);
    expect(kept[0]?.providerMessageId).toBe(brokenImage.id);
    expect(kept[0]?.details?.unsupported?.type).toBe("image");
    expect(JSON.parse(kept[0]?.details?.raw ?? "null")).toEqual(brokenImage);
  });

  it("a status the schema dislikes does not lose the good status beside it", async () => {
    const waId = "6285200000010";
    const first = wamid();
    expect((await postWebhook(body({ messages: [text(waId, first, "hi")] }))).status).toBe(200);
    const room = await roomOfContact(agent, waId);
    const sent = await reply(agent, room.id, "hello back");
    expect(sent.status).toBe(201);
    const out = (await sent.json()) as { id: string; providerMessageId: string };
    const at = String(seconds(Date.now()));
    const res = await postWebhook(
      body({
        statuses: [
          { id: out.providerMessageId, status: "read", timestamp: "soon", recipient_id: waId },
          { id: out.providerMessageId, status: "delivered", timestamp: at, recipient_id: waId },
        ],
      }),
    );
    expect(res.status).toBe(200);
    const message = (await messagesOf(agent, room.id)).find((m) => m.id === out.id);
    expect(message?.status).toBe("delivered");
    expect((await roomsOf(agent)).filter((r) => r.contactExternalId === waId)).toHaveLength(1);
  });
});
