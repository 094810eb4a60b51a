// Rule G1: inbound messages and statuses from Meta's webhook; the GET verify handshake.
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import type { InboundMessage } from "../../worker/channels/types";
import { verifyHandshake } from "../../worker/channels/whatsapp/signature";
import { parseWhatsAppWebhook, phoneNumberIdsOf } from "../../worker/channels/whatsapp/webhook";
import {
  buildInboundWebhook,
  buildStatusWebhook,
  type InboundMessageInput,
} from "../../worker/channels/whatsapp/webhook-builders";
import * as fx from "./whatsapp-fixtures";

const account = {
  phoneNumberId: fx.PHONE_NUMBER_ID,
  displayPhoneNumber: fx.DISPLAY_PHONE_NUMBER,
  wabaId: fx.WABA_ID,
};

/** The one message a fixture carries. */
function only(json: unknown): InboundMessage {
  const parsed = parseWhatsAppWebhook(json);
  expect(parsed.statuses).toEqual([]);
  expect(parsed.messages).toHaveLength(1);
  return parsed.messages[0] as InboundMessage;
}

/** What every message from the fixture customer has in common. */
const common = (providerMessageId: string): InboundMessage => ({
  providerMessageId,
  channelKey: fx.PHONE_NUMBER_ID,
  contact: {
    externalId: fx.CUSTOMER_WA_ID,
    name: fx.CUSTOMER_NAME,
    phone: fx.CUSTOMER_WA_ID,
    userId: null,
    username: null,
  },
  sentAt: fx.TIMESTAMP_MS,
  kind: "unsupported",
  text: null,
  media: null,
  location: null,
  contacts: null,
  replyToProviderId: null,
  reactionToProviderId: null,
});

describe("parseWhatsAppWebhook: messages of every type", () => {
  it("text, with non-ASCII text and the timestamp in ms", () => {
    expect(only(fx.textMessage)).toEqual({ ...common("wamid.TEXT01"), kind: "text", text: fx.NON_ASCII_TEXT });
  });

  it("a reply keeps context.id", () => {
    expect(only(fx.textReply)).toEqual({
      ...common("wamid.REPLY01"),
      kind: "text",
      text: "Yes, the blue one please",
      replyToProviderId: fx.BUSINESS_MESSAGE_ID,
    });
  });

  it("image with caption", () => {
    expect(only(fx.imageMessage)).toEqual({
      ...common("wamid.IMAGE01"),
      kind: "image",
      text: "Foto produk 📷",
      media: {
        providerMediaId: "1003383421387256",
        mimeType: "image/jpeg",
        filename: null,
        sha256: "Wj3xW1ixc2B/Rn4Yx1N0qEMqIBkTqdp3bJb2RdXuIOI=",
      },
      details: { sha256: "Wj3xW1ixc2B/Rn4Yx1N0qEMqIBkTqdp3bJb2RdXuIOI=" },
    });
  });

  it("video without caption", () => {
    const m = only(fx.videoMessage);
    expect(m.kind).toBe("video");
    expect(m.text).toBeNull();
    expect(m.media).toEqual({
      providerMediaId: "1221390895622637",
      mimeType: "video/mp4",
      filename: null,
      sha256: "bd1n6tY1Pp3o2IfePOzvSc6KpMXYwMAT1mYyMq+qZDo=",
    });
  });

  it("audio file vs voice note (audio.voice = true)", () => {
    const audio = only(fx.audioMessage);
    expect(audio.kind).toBe("audio");
    expect(audio.media?.providerMediaId).toBe("1128404672103210");
    expect(audio.media?.mimeType).toBe("audio/mpeg");
    const voice = only(fx.voiceMessage);
    expect(voice.kind).toBe("voice");
    expect(voice.media).toEqual({
      providerMediaId: "1875311766544530",
      mimeType: "audio/ogg; codecs=opus",
      filename: null,
      sha256: "GzWj/vUw1G5Z8WKL5VY6fWF/7s3Y4b9eBM0a5FzBTvk=",
    });
  });

  it("audio without the voice flag is plain audio", () => {
    const json = structuredClone(fx.audioMessage);
    const message = json.entry[0]?.changes[0]?.value.messages as { audio: { voice?: boolean } }[];
    delete message[0]?.audio.voice;
    expect(only(json).kind).toBe("audio");
  });

  it("document with filename and caption", () => {
    expect(only(fx.documentMessage)).toEqual({
      ...common("wamid.DOC01"),
      kind: "document",
      text: "Invoice Maret",
      media: {
        providerMediaId: "1653211668890163",
        mimeType: "application/pdf",
        filename: "invoice-2025-03.pdf",
        sha256: "kQnS0Hn3YxGJb+1wQzV3nXzQ2hW2UQ3m1Zr1m5Fz0aA=",
      },
      details: { sha256: "kQnS0Hn3YxGJb+1wQzV3nXzQ2hW2UQ3m1Zr1m5Fz0aA=" },
    });
  });

  it("sticker", () => {
    const m = only(fx.stickerMessage);
    expect(m.kind).toBe("sticker");
    expect(m.media).toMatchObject({ providerMediaId: "1046011127133347", mimeType: "image/webp" });
  });

  it("location", () => {
    expect(only(fx.locationMessage)).toEqual({
      ...common("wamid.LOCATION01"),
      kind: "location",
      location: {
        latitude: -6.1944491,
        longitude: 106.8229198,
        name: "Grand Indonesia",
        address: "Jl. M.H. Thamrin No.1, Jakarta",
      },
      details: { locationUrl: "https://foursquare.com/v/4b5e5b71f964a520b58b29e3" },
    });
  });

  it("shared contacts are kept as Meta sent them", () => {
    expect(only(fx.contactsMessage)).toEqual({
      ...common("wamid.CONTACTS01"),
      kind: "contacts",
      contacts: [fx.sharedContact],
    });
  });

  it("reaction: the emoji and the message reacted to", () => {
    expect(only(fx.reactionMessage)).toEqual({
      ...common("wamid.REACTION01"),
      kind: "reaction",
      text: "❤️",
      reactionToProviderId: fx.BUSINESS_MESSAGE_ID,
    });
  });

  it("a removed reaction has no emoji", () => {
    expect(only(fx.reactionRemovedMessage)).toEqual({
      ...common("wamid.REACTION02"),
      kind: "reaction",
      text: null,
      reactionToProviderId: fx.BUSINESS_MESSAGE_ID,
    });
  });

  it("a template quick-reply button becomes text, as a reply to the template", () => {
    expect(only(fx.buttonMessage)).toEqual({
      ...common("wamid.BUTTON01"),
      kind: "text",
      text: "Stop promotions",
      replyToProviderId: fx.BUSINESS_MESSAGE_ID,
      // Issue 12: the button's payload is kept beside its title.
      details: {
        reply: {
          type: "button",
          id: null,
          title: "Stop promotions",
          description: null,
          payload: "STOP_PROMOTIONS",
          responseJson: null,
        },
      },
    });
  });

  it("interactive button and list replies become text (the title tapped)", () => {
    expect(only(fx.buttonReplyMessage)).toMatchObject({
      kind: "text",
      text: "Ya, benar",
      replyToProviderId: fx.BUSINESS_MESSAGE_ID,
    });
    expect(only(fx.listReplyMessage)).toMatchObject({ kind: "text", text: "Express" });
  });

  it("Meta's `unsupported` type is kept as kind unsupported, with the type Meta names and its errors", () => {
    expect(only(fx.unsupportedMessage)).toEqual({
      ...common("wamid.UNSUPPORTED01"),
      details: {
        unsupported: {
          type: "edit",
          errors: [
            { code: "131051", title: "Message type unknown", detail: "Message type is currently not supported." },
          ],
        },
      },
    });
  });

  it("an order keeps its catalog and items with quantities and prices (issue 12)", () => {
    expect(only(fx.orderMessage)).toEqual({
      ...common("wamid.ORDER01"),
      kind: "order",
      text: "Two please",
      details: {
        order: {
          catalogId: "367025965434465",
          text: "Two please",
          items: [{ productRetailerId: "SKU-1", quantity: 2, itemPrice: 125000, currency: "IDR" }],
        },
      },
    });
  });

  it("a made-up future type is kept as unsupported", () => {
    const json = structuredClone(fx.textMessage);
    const messages = json.entry[0]?.changes[0]?.value.messages as Record<string, unknown>[];
    messages[0] = { ...messages[0], type: "hologram", hologram: { id: "x" } };
    expect(only(json)).toEqual({
      ...common("wamid.TEXT01"),
      details: { unsupported: { type: "hologram", errors: [] } },
    });
  });

  it("a known type with malformed content is kept as unsupported", () => {
    const json = structuredClone(fx.imageMessage);
    const messages = json.entry[0]?.changes[0]?.value.messages as Record<string, unknown>[];
    messages[0] = { ...messages[0], image: { caption: "no id" } };
    expect(only(json)).toEqual({
      ...common("wamid.IMAGE01"),
      details: { unsupported: { type: "image", errors: [] }, raw: JSON.stringify(messages[0]) },
    });
  });

  it("a system message (number change), which has no contacts array", () => {
    expect(only(fx.systemMessage)).toEqual({
      ...common("wamid.SYSTEM01"),
      contact: { externalId: fx.CUSTOMER_WA_ID, name: null, phone: fx.CUSTOMER_WA_ID, userId: null, username: null },
      kind: "system",
      text: "User Siti Rahma changed from 6281234567890 to 6281234567899",
      details: {
        system: {
          type: "user_changed_number",
          body: "User Siti Rahma changed from 6281234567890 to 6281234567899",
          newExternalId: "6281234567899",
        },
      },
    });
  });

  it("several messages from several contacts, each with its own name and time", () => {
    const { messages } = parseWhatsAppWebhook(fx.batchOfTwo);
    expect(messages.map((m) => [m.providerMessageId, m.contact.externalId, m.contact.name, m.sentAt, m.text])).toEqual([
      ["wamid.BATCH01", "6281298765432", "Budi Santoso", 1749416390000, "Halo"],
      ["wamid.BATCH02", fx.CUSTOMER_WA_ID, fx.CUSTOMER_NAME, 1749416391000, "Pagi"],
    ]);
  });

  it("tolerates extra fields anywhere", () => {
    const json = structuredClone(fx.textMessage) as Record<string, unknown> & typeof fx.textMessage;
    json.extra = true;
    const change = json.entry[0]?.changes[0] as unknown as { value: Record<string, unknown> };
    change.value.brand_new_field = { a: 1 };
    (change.value.messages as Record<string, unknown>[])[0]!.identity_key_hash = "abc";
    expect(only(json).text).toBe(fx.NON_ASCII_TEXT);
  });
});

describe("parseWhatsAppWebhook: statuses", () => {
  const base = {
    providerMessageId: fx.BUSINESS_MESSAGE_ID,
    channelKey: fx.PHONE_NUMBER_ID,
    recipientExternalId: fx.CUSTOMER_WA_ID,
    at: fx.TIMESTAMP_MS,
    error: null,
  };

  it("sent, delivered and read, with what Meta will bill (conversation and pricing, issue 12)", () => {
    const billing = {
      conversationId: "a75d17ad06104c51166f948319b03c6a",
      conversationOrigin: "service",
      conversationExpiresAt: null,
      billable: true,
      pricingModel: "CBP",
      category: "service",
      pricingType: null,
    };
    for (const [json, status, extra] of [
      [fx.sentStatus, "sent", { billing: { ...billing, conversationExpiresAt: 1749502800000 } }],
      [fx.deliveredStatus, "delivered", { billing }],
      [fx.readStatus, "read", {}],
    ] as const) {
      expect(parseWhatsAppWebhook(json)).toEqual({ messages: [], statuses: [{ ...base, status, ...extra }] });
    }
  });

  it("failed, with Meta's error code, title and details", () => {
    expect(parseWhatsAppWebhook(fx.failedStatus).statuses).toEqual([
      {
        ...base,
        status: "failed",
        error: {
          code: "131047",
          title: "Re-engagement message",
          detail:
            "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
        },
      },
    ]);
  });

  it("failed without error_data falls back to the message, then null", () => {
    expect(parseWhatsAppWebhook(fx.failedStatusWithoutDetails).statuses[0]?.error).toEqual({
      code: "131026",
      title: "Message undeliverable",
      detail: null,
    });
  });

  it("a voice note's `played` counts as read", () => {
    const json = structuredClone(fx.readStatus);
    (json.entry[0]!.changes[0]!.value.statuses as { status: string }[])[0]!.status = "played";
    expect(parseWhatsAppWebhook(json).statuses[0]?.status).toBe("read");
  });
});

describe("parseWhatsAppWebhook: what is not a WhatsApp webhook", () => {
  it("throws a ZodError for bodies that are not WhatsApp webhooks at all", () => {
    for (const body of [
      null,
      "hello",
      [],
      {},
      { object: "page", entry: [] },
      { object: "whatsapp_business_account" },
      { object: "whatsapp_business_account", entry: [{ id: fx.WABA_ID }] },
    ]) {
      expect(() => parseWhatsAppWebhook(body), JSON.stringify(body)).toThrow(ZodError);
    }
  });

  it("throws for a messages change without metadata; a message without an id is left out, alone (G6)", () => {
    const noMetadata = structuredClone(fx.textMessage) as {
      entry: { changes: { value: Record<string, unknown> }[] }[];
    };
    delete noMetadata.entry[0]?.changes[0]?.value.metadata;
    expect(() => parseWhatsAppWebhook(noMetadata)).toThrow(ZodError);
    const noId = structuredClone(fx.textMessage);
    delete (noId.entry[0]!.changes[0]!.value.messages as { id?: string }[])[0]?.id;
    expect(parseWhatsAppWebhook(noId)).toEqual({ messages: [], statuses: [] });
  });

  it("other webhook fields carry nothing to parse", () => {
    expect(parseWhatsAppWebhook(fx.templateStatusUpdate)).toEqual({ messages: [], statuses: [] });
  });
});

describe("phoneNumberIdsOf", () => {
  it("lists each phone_number_id once, in order", () => {
    const two = {
      object: "whatsapp_business_account",
      entry: [
        ...fx.textMessage.entry,
        ...buildStatusWebhook({
          ...account,
          phoneNumberId: "999",
          status: {
            id: "wamid.X",
            status: "sent",
            timestamp: 1,
            recipientId: "1",
          },
        }).entry,
        ...fx.readStatus.entry,
      ],
    };
    expect(phoneNumberIdsOf(two)).toEqual([fx.PHONE_NUMBER_ID, "999"]);
  });

  it("never throws on junk", () => {
    for (const junk of [null, undefined, 42, "x", [], {}, { entry: 5 }, { entry: [null, { changes: [null, 7] }] }]) {
      expect(phoneNumberIdsOf(junk)).toEqual([]);
    }
    expect(phoneNumberIdsOf(fx.templateStatusUpdate)).toEqual([]);
  });
});

describe("builders produce exactly Meta's JSON", () => {
  const contact = { waId: fx.CUSTOMER_WA_ID, name: fx.CUSTOMER_NAME };

  it("an inbound text message equals Meta's fixture", () => {
    const built = buildInboundWebhook({
      ...account,
      contact,
      message: { id: "wamid.TEXT01", timestamp: fx.TIMESTAMP_SECONDS, type: "text", text: { body: fx.NON_ASCII_TEXT } },
    });
    expect(built).toEqual(fx.textMessage);
  });

  it("a reply (context) and an image equal Meta's fixtures", () => {
    expect(
      buildInboundWebhook({
        ...account,
        contact,
        message: {
          id: "wamid.REPLY01",
          timestamp: String(fx.TIMESTAMP_SECONDS),
          type: "text",
          text: { body: "Yes, the blue one please" },
          context: { id: fx.BUSINESS_MESSAGE_ID },
        },
      }),
    ).toEqual(fx.textReply);
    const image = (fx.imageMessage.entry[0]!.changes[0]!.value.messages as { image: object }[])[0]?.image;
    expect(
      buildInboundWebhook({
        ...account,
        contact,
        message: { id: "wamid.IMAGE01", timestamp: fx.TIMESTAMP_SECONDS, type: "image", image: image as never },
      }),
    ).toEqual(fx.imageMessage);
  });

  it("a failed status equals Meta's fixture", () => {
    const errors = fx.failedStatus.entry[0]?.changes[0]?.value.statuses[0]?.errors;
    expect(
      buildStatusWebhook({
        ...account,
        status: {
          id: fx.BUSINESS_MESSAGE_ID,
          status: "failed",
          timestamp: fx.TIMESTAMP_SECONDS,
          recipientId: fx.CUSTOMER_WA_ID,
          errors,
        },
      }),
    ).toEqual(fx.failedStatus);
  });

  it("every message type round-trips through the parser", () => {
    const media = { id: "9876543210", mime_type: "application/octet-stream", sha256: "c2hhMjU2" };
    const cases: [InboundMessageInput, Partial<InboundMessage>][] = [
      [
        { id: "m1", timestamp: 1700000000, type: "text", text: { body: "Halo 👋" } },
        { kind: "text", text: "Halo 👋" },
      ],
      [
        { id: "m2", timestamp: 1700000001, type: "image", image: { ...media, caption: "cap" } },
        {
          kind: "image",
          text: "cap",
          media: {
            providerMediaId: "9876543210",
            mimeType: "application/octet-stream",
            filename: null,
            sha256: "c2hhMjU2",
          },
        },
      ],
      [{ id: "m3", timestamp: 1700000002, type: "video", video: media }, { kind: "video" }],
      [{ id: "m4", timestamp: 1700000003, type: "audio", audio: { ...media, voice: false } }, { kind: "audio" }],
      [{ id: "m5", timestamp: 1700000004, type: "audio", audio: { ...media, voice: true } }, { kind: "voice" }],
      [
        { id: "m6", timestamp: 1700000005, type: "document", document: { ...media, filename: "a.pdf" } },
        {
          kind: "document",
          media: {
            providerMediaId: "9876543210",
            mimeType: "application/octet-stream",
            filename: "a.pdf",
            sha256: "c2hhMjU2",
          },
        },
      ],
      [
        { id: "m7", timestamp: 1700000006, type: "sticker", sticker: { ...media, animated: true } },
        { kind: "sticker" },
      ],
      [
        { id: "m8", timestamp: 1700000007, type: "location", location: { latitude: 1.5, longitude: -2.25 } },
        { kind: "location", location: { latitude: 1.5, longitude: -2.25, name: null, address: null } },
      ],
      [
        { id: "m9", timestamp: 1700000008, type: "contacts", contacts: [fx.sharedContact] },
        { kind: "contacts", contacts: [fx.sharedContact] },
      ],
      [
        { id: "m10", timestamp: 1700000009, type: "reaction", reaction: { message_id: "wamid.B", emoji: "👍" } },
        { kind: "reaction", text: "👍", reactionToProviderId: "wamid.B" },
      ],
      [
        {
          id: "m11",
          timestamp: 1700000010,
          type: "button",
          button: { text: "Yes", payload: "Y" },
          context: { id: "wamid.T" },
        },
        { kind: "text", text: "Yes", replyToProviderId: "wamid.T" },
      ],
      [
        {
          id: "m12",
          timestamp: 1700000011,
          type: "interactive",
          interactive: { type: "list_reply", list_reply: { id: "l", title: "Pick me" } },
        },
        { kind: "text", text: "Pick me" },
      ],
      [
        { id: "m13", timestamp: 1700000012, type: "unsupported", unsupported: { type: "poll_creation" } },
        { kind: "unsupported" },
      ],
    ];
    for (const [message, expected] of cases) {
      const parsed = only(buildInboundWebhook({ ...account, contact, message }));
      expect(parsed, message.id).toMatchObject({
        providerMessageId: message.id,
        channelKey: fx.PHONE_NUMBER_ID,
        contact: { externalId: fx.CUSTOMER_WA_ID, name: fx.CUSTOMER_NAME },
        sentAt: Number(message.timestamp) * 1000,
        ...expected,
      });
    }
  });

  it("a contact without a profile name parses with name null", () => {
    const built = buildInboundWebhook({
      ...account,
      contact: { waId: "628111", name: null },
      message: { id: "m", timestamp: 1, type: "text", text: { body: "x" } },
    });
    expect(built.entry[0]?.changes[0]?.value).not.toHaveProperty("contacts.0.profile");
    expect(only(built).contact).toEqual({
      externalId: "628111",
      name: null,
      phone: "628111",
      userId: null,
      username: null,
    });
  });

  it("statuses round-trip through the parser", () => {
    for (const status of ["sent", "delivered", "read", "failed"] as const) {
      const built = buildStatusWebhook({
        ...account,
        status: {
          id: "wamid.S",
          status,
          timestamp: "1700000000",
          recipientId: fx.CUSTOMER_WA_ID,
          ...(status === "failed"
            ? { errors: [{ code: 131049, title: "Not delivered", error_data: { details: "ecosystem" } }] }
            : {}),
        },
      });
      expect(parseWhatsAppWebhook(JSON.parse(JSON.stringify(built)))).toEqual({
        messages: [],
        statuses: [
          {
            providerMessageId: "wamid.S",
            channelKey: fx.PHONE_NUMBER_ID,
            recipientExternalId: fx.CUSTOMER_WA_ID,
            status,
            at: 1700000000000,
            error: status === "failed" ? { code: "131049", title: "Not delivered", detail: "ecosystem" } : null,
          },
        ],
      });
    }
  });
});

describe("verifyHandshake (GET hub.mode / hub.verify_token / hub.challenge)", () => {
  const token = "verify-me-7f3a";

  it("answers the challenge when mode is subscribe and the token matches", () => {
    expect(verifyHandshake({ mode: "subscribe", token, challenge: "1158201444" }, token)).toBe("1158201444");
  });

  it("refuses a wrong token, another mode, or missing fields", () => {
    expect(verifyHandshake({ mode: "subscribe", token: "wrong", challenge: "1" }, token)).toBeNull();
    expect(verifyHandshake({ mode: "subscribe", token: `${token}x`, challenge: "1" }, token)).toBeNull();
    expect(verifyHandshake({ mode: "unsubscribe", token, challenge: "1" }, token)).toBeNull();
    expect(verifyHandshake({ mode: null, token, challenge: "1" }, token)).toBeNull();
    expect(verifyHandshake({ mode: "subscribe", token: null, challenge: "1" }, token)).toBeNull();
    expect(verifyHandshake({ mode: "subscribe", token, challenge: undefined }, token)).toBeNull();
    expect(verifyHandshake({ mode: "subscribe", token, challenge: "" }, token)).toBeNull();
  });

  it("refuses everything when no verify token is configured", () => {
    expect(verifyHandshake({ mode: "subscribe", token: "", challenge: "1" }, "")).toBeNull();
  });
});
