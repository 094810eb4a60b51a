/**
 * The kinds of customer message issue 12 (item 3) lists, as the simulator sends them: each one
 * Meta's exact `messages[]` content (the shapes of Meta's reference examples and the pywa fixtures
 * in test/fixtures/whatsapp/), delivered as a real signed webhook like every simulator message.
 * Images, videos, documents, audio and stickers (a .webp file) go through the file upload.
 */

export const INBOUND_KINDS = [
  "ad_referral",
  "order",
  "flow_reply",
  "button_reply",
  "list_reply",
  "quick_reply_button",
  "contacts",
  "edit",
  "revoke",
  "unsupported",
] as const;
export type InboundKind = (typeof INBOUND_KINDS)[number];

/** Kinds about an earlier message of the customer's own (edit, revoke). */
export const NEEDS_TARGET: ReadonlySet<InboundKind> = new Set(["edit", "revoke"]);

export interface KindInput {
  kind: InboundKind;
  /** The words the customer typed (ad referral, edit), or a default. */
  text?: string | undefined;
  /** The customer's own earlier message an edit or revoke is about. */
  targetId?: string | undefined;
  /** The customer's phone (a shared contact card names it). */
  waId: string;
}

/** Meta's content of one message of `kind` (spread into the message beside id and timestamp), and what the phone shows. */
export function kindContent(input: KindInput): { content: Record<string, unknown> & { type: string }; text: string } {
  const text = input.text?.trim() || null;
  switch (input.kind) {
    case "ad_referral":
      return {
        content: {
          type: "text",
          text: { body: text ?? "Hi, I saw your ad. Is the promo still on?" },
          referral: {
            source_url: "https://fb.me/sandbox-ad",
            source_id: "120000000000001",
            source_type: "ad",
            headline: "Ramadan sale: 30% off",
            body: "Chat with us on WhatsApp",
            media_type: "image",
            image_url: "https://example.com/sandbox-ad.jpg",
            ctwa_clid: `ARAkSandbox${Date.now().toString(36)}`,
          },
        },
        text: `${text ?? "Hi, I saw your ad. Is the promo still on?"} (from ad "Ramadan sale: 30% off")`,
      };
    case "order":
      return {
        content: {
          type: "order",
          order: {
            catalog_id: "900000000000001",
            text: text ?? "Please send it today",
            product_items: [
              { product_retailer_id: "SKU-KAOS-01", quantity: 2, item_price: 85000, currency: "IDR" },
              { product_retailer_id: "SKU-TOPI-02", quantity: 1, item_price: 45000, currency: "IDR" },
            ],
          },
        },
        text: "Order: 2 × SKU-KAOS-01, 1 × SKU-TOPI-02",
      };
    case "flow_reply":
      return {
        content: {
          type: "interactive",
          interactive: {
            type: "nfm_reply",
            nfm_reply: {
              name: "flow",
              body: "Sent",
              response_json: JSON.stringify({ flow_token: "sandbox", size: "L", delivery: "express" }),
            },
          },
        },
        text: "Flow answers: size L, delivery express",
      };
    case "button_reply":
      return {
        content: {
          type: "interactive",
          interactive: { type: "button_reply", button_reply: { id: "confirm-order", title: "Confirm" } },
        },
        text: "Confirm (button)",
      };
    case "list_reply":
      return {
        content: {
          type: "interactive",
          interactive: {
            type: "list_reply",
            list_reply: { id: "ship-express", title: "Express", description: "Arrives tomorrow" },
          },
        },
        text: "Express (list row)",
      };
    case "quick_reply_button":
      return {
        content: { type: "button", button: { text: "Stop promotions", payload: "STOP_PROMO" } },
        text: "Stop promotions (template button)",
      };
    case "contacts":
      return {
        content: {
          type: "contacts",
          contacts: [
            {
              name: { formatted_name: "Rina Wijaya", first_name: "Rina", last_name: "Wijaya" },
              phones: [{ phone: "+62 812 5555 0101", wa_id: "6281255550101", type: "CELL" }],
            },
          ],
        },
        text: "Contact card: Rina Wijaya +62 812 5555 0101",
      };
    case "edit":
      return {
        content: {
          type: "edit",
          edit: {
            original_message_id: input.targetId ?? "",
            message: { type: "text", text: { body: text ?? "(edited)" } },
          },
        },
        text: `Edited: ${text ?? "(edited)"}`,
      };
    case "revoke":
      return {
        content: { type: "revoke", revoke: { original_message_id: input.targetId ?? "" } },
        text: "Deleted a message",
      };
    case "unsupported":
      return {
        content: {
          type: "unsupported",
          errors: [
            {
              code: 131051,
              title: "Message type unknown",
              message: "Message type unknown",
              error_data: { details: "Message type is currently not supported." },
            },
          ],
          unsupported: { type: "poll" },
        },
        text: "(a poll, which WhatsApp does not pass on)",
      };
  }
}
