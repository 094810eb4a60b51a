/**
 * The content of one WhatsApp message, by its `type`, into the common shape (issue 12: nothing the
 * customer sent is thrown away). `webhook.ts` parses the envelope and calls `applyContent`.
 *
 * Choices where Meta or the rulebook leave room (written down per PRODUCT.md):
 * - Button and interactive replies (button, button_reply, list_reply, flow nfm_reply) are kind "text"
 *   with the title the customer tapped (a flow: its body), and keep their ids, payloads, list
 *   descriptions and a flow's `response_json` in `details.reply`.
 * - `order` is kind "order" with the catalog id and the product items (quantities and prices).
 * - `system` is kind "system" with Meta's sentence; a changed number or user id names the new id.
 * - `edit` carries the new content of the original (`change: edit`), `revoke` only the original's id.
 * - A type we do not model, or a known type whose content is malformed, is kind "unsupported" with the
 *   type Meta named, Meta's errors, and the item's raw JSON when it could not be read.
 */
import { z } from "zod";
import type { InboundMessage, MessageDetails, MessageKind, ProviderError } from "../types";
import { capText, INBOUND_LIMITS } from "./inbound-limits";

export const metaErrorSchema = z.object({
  code: z.union([z.number(), z.string()]),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.object({ details: z.string().optional() }).optional(),
  href: z.string().optional(),
});
export type MetaErrorInput = z.infer<typeof metaErrorSchema>;

export function toProviderError(error: MetaErrorInput): ProviderError {
  return {
    code: String(error.code),
    title: error.title ?? error.message ?? "Error",
    detail: error.error_data?.details ?? error.message ?? null,
  };
}

const str = z.string().optional();
const mediaSchema = z.object({
  id: z.string().min(1).max(256),
  mime_type: str,
  sha256: str,
  caption: str,
  filename: str,
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
  url: str,
});
type Media = z.infer<typeof mediaSchema>;
const locationSchema = z.object({
  latitude: z.number(),
  longitude: z.number(),
  name: str,
  address: str,
  url: str,
});
const replySchema = z.object({ id: z.string(), title: z.string(), description: str });
const orderSchema = z.object({
  catalog_id: str,
  text: str,
  product_items: z
    .array(
      z.object({
        product_retailer_id: z.string(),
        quantity: z.union([z.number(), z.string()]).transform(Number),
        item_price: z.union([z.number(), z.string()]).transform(Number).optional(),
        currency: str,
      }),
    )
    .default([]),
});

const contentSchemas = {
  text: z.object({ text: z.object({ body: z.string() }) }),
  image: z.object({ image: mediaSchema }),
  video: z.object({ video: mediaSchema }),
  audio: z.object({ audio: mediaSchema }),
  document: z.object({ document: mediaSchema }),
  sticker: z.object({ sticker: mediaSchema }),
  location: z.object({ location: locationSchema }),
  contacts: z.object({ contacts: z.array(z.unknown()) }),
  reaction: z.object({ reaction: z.object({ message_id: z.string().min(1), emoji: str }) }),
  button: z.object({ button: z.object({ text: z.string(), payload: str }) }),
  interactive: z.object({
    interactive: z.object({
      type: z.string(),
      button_reply: replySchema.optional(),
      list_reply: replySchema.optional(),
      nfm_reply: z.object({ body: str, name: str, response_json: str }).optional(),
      call_permission_reply: z
        .object({ response: z.string(), is_permanent: z.boolean().optional(), response_source: str })
        .optional(),
    }),
  }),
  order: z.object({ order: orderSchema }),
  system: z.object({
    system: z.object({ body: str, type: str, wa_id: str, user_id: str, new_wa_id: str, new_user_id: str }),
  }),
  edit: z.object({
    edit: z.object({ original_message_id: z.string().min(1), message: z.record(z.string(), z.unknown()) }),
  }),
  revoke: z.object({ revoke: z.object({ original_message_id: z.string().min(1) }) }),
  unsupported: z.object({ unsupported: z.object({ type: str }).optional() }),
} as const;
type Content<K extends keyof typeof contentSchemas> = z.infer<(typeof contentSchemas)[K]>;

/** Removes the parts that are absent, so the stored JSON holds only what was sent. */
export function compact(details: MessageDetails): MessageDetails | undefined {
  const out = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined && v !== false));
  return Object.keys(out).length > 0 ? (out as MessageDetails) : undefined;
}

const RAW_CAP = 4000;
export const rawOf = (item: unknown): string => JSON.stringify(item).slice(0, RAW_CAP);

function setKind(message: InboundMessage, kind: MessageKind, fields: Partial<InboundMessage> = {}) {
  return Object.assign(message, { kind }, fields);
}

function media(message: InboundMessage, type: string, m: Media, details: MessageDetails) {
  const kind: MessageKind = type === "audio" && m.voice === true ? "voice" : (type as MessageKind);
  if (m.sha256) details.sha256 = m.sha256;
  if (m.animated) details.animated = true;
  return setKind(message, kind, {
    text: m.caption ?? null,
    media: {
      providerMediaId: m.id,
      mimeType: capText(m.mime_type ?? null, INBOUND_LIMITS.filename),
      filename: m.filename ?? null,
      sha256: m.sha256 ?? null,
    },
  });
}

function interactive(message: InboundMessage, c: Content<"interactive">, details: MessageDetails): boolean {
  const i = c.interactive;
  const tapped = i.button_reply ?? i.list_reply;
  if (tapped) {
    details.reply = {
      type: i.type,
      id: tapped.id,
      title: tapped.title,
      description: tapped.description ?? null,
      payload: null,
      responseJson: null,
    };
    setKind(message, "text", { text: tapped.title });
    return true;
  }
  if (i.nfm_reply) {
    details.reply = {
      type: i.type,
      id: i.nfm_reply.name ?? null,
      title: i.nfm_reply.body ?? null,
      description: null,
      payload: null,
      responseJson: i.nfm_reply.response_json ?? null,
    };
    setKind(message, "text", { text: i.nfm_reply.body ?? "Flow answers" });
    return true;
  }
  // Rule C3: the customer's answer to a call permission request shows in the room.
  const permission = i.call_permission_reply;
  if (permission) {
    const allowed = permission.response === "accept";
    const text = allowed
      ? `Call permission granted${permission.is_permanent ? " (permanent)" : " (7 days)"}`
      : "Call permission declined";
    details.system = { type: "call_permission_reply", body: text, newExternalId: null };
    setKind(message, "system", { text });
    return true;
  }
  return false;
}

function order(message: InboundMessage, c: Content<"order">, details: MessageDetails) {
  details.order = {
    catalogId: c.order.catalog_id ?? null,
    text: c.order.text || null,
    items: c.order.product_items.map((p) => ({
      productRetailerId: p.product_retailer_id,
      quantity: p.quantity,
      itemPrice: p.item_price ?? null,
      currency: p.currency ?? null,
    })),
  };
  return setKind(message, "order", { text: c.order.text || null });
}

/**
 * Fills `message` (an "unsupported" shell with the envelope's fields) from the item's content; returns
 * false when the content could not be read (the caller keeps the raw item). An `edit` reads its inner
 * message with `readInner`.
 */
export function applyContent(
  message: InboundMessage,
  raw: Record<string, unknown>,
  type: string,
  details: MessageDetails,
  readInner: (inner: Record<string, unknown>) => boolean,
): boolean {
  const schema = Object.hasOwn(contentSchemas, type) ? contentSchemas[type as keyof typeof contentSchemas] : null;
  if (!schema) {
    details.unsupported = { type, errors: details.unsupported?.errors ?? [] };
    return true;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return false;
  const c = parsed.data as Record<string, unknown>;
  switch (type) {
    case "text":
      setKind(message, "text", { text: (c as Content<"text">).text.body });
      return true;
    case "image":
    case "video":
    case "audio":
    case "document":
    case "sticker":
      media(message, type, c[type] as Media, details);
      return true;
    case "location": {
      const { location: l } = c as Content<"location">;
      if (l.url) details.locationUrl = l.url;
      const location = {
        latitude: l.latitude,
        longitude: l.longitude,
        name: l.name ?? null,
        address: l.address ?? null,
      };
      setKind(message, "location", { location });
      return true;
    }
    case "contacts":
      setKind(message, "contacts", { contacts: (c as Content<"contacts">).contacts });
      return true;
    case "reaction": {
      const { reaction } = c as Content<"reaction">;
      // A removed reaction arrives with an empty or no `emoji`: text null.
      setKind(message, "reaction", { text: reaction.emoji || null, reactionToProviderId: reaction.message_id });
      return true;
    }
    case "button": {
      const { button } = c as Content<"button">;
      details.reply = {
        type: "button",
        id: null,
        title: button.text,
        description: null,
        payload: button.payload ?? null,
        responseJson: null,
      };
      setKind(message, "text", { text: button.text });
      return true;
    }
    case "interactive":
      return interactive(message, c as Content<"interactive">, details);
    case "order":
      order(message, c as Content<"order">, details);
      return true;
    case "system": {
      const { system } = c as Content<"system">;
      const newExternalId = system.wa_id ?? system.new_wa_id ?? system.new_user_id ?? system.user_id ?? null;
      details.system = { type: system.type ?? null, body: system.body ?? null, newExternalId };
      setKind(message, "system", { text: system.body ?? null });
      return true;
    }
    case "edit": {
      const { edit } = c as Content<"edit">;
      message.change = { type: "edit", targetProviderId: edit.original_message_id };
      details.edited = true;
      return readInner(edit.message);
    }
    case "revoke":
      message.change = { type: "revoke", targetProviderId: (c as Content<"revoke">).revoke.original_message_id };
      details.revoked = true;
      return true;
    case "unsupported":
      details.unsupported = {
        type: (c as Content<"unsupported">).unsupported?.type ?? null,
        errors: details.unsupported?.errors ?? [],
      };
      return true;
    default:
      return false;
  }
}
