/**
 * WhatsApp Cloud API webhooks (rule G1): parsing of the `messages` field (inbound messages and
 * delivery statuses) into the common shape of `../types.ts`. The signature and the GET handshake are
 * in `signature.ts`; builders of Meta's JSON (for the sandbox provider and tests) in `webhook-builders.ts`.
 *
 * Choices where Meta or the rulebook leave room (written down per PRODUCT.md):
 * - Parsing never drops a customer message: a type we do not model, or a known type whose content is
 *   malformed, becomes kind "unsupported" (logged, without content).
 * - Button and interactive replies (button_reply, list_reply, flow nfm_reply) become kind "text" with
 *   the title the customer tapped (a flow reply: its body).
 * - A `system` message (the customer changed number) is "unsupported" with Meta's sentence as text.
 * - Status `played` (a voice note was played) is read as "read"; any other status outside
 *   sent/delivered/read/failed cannot be represented and is logged and left out.
 * - Changes for other webhook fields (template status, account updates, ...) carry no messages or
 *   statuses and are ignored here; webhook-level `errors` are logged.
 * - The contact's external id is the message's `from` (Meta's wa_id of the sender); the name comes
 *   from the matching `contacts[]` entry.
 * - Bounds (issue 11, findings 3 and 4; rules I2, G1): a message or status dated more than 5 minutes
 *   after we received it, or not a real date, is dated at its receive time (`boundProviderTime`);
 *   texts are cut at WhatsApp's limits (`inbound-limits.ts`); ids longer than Meta sends refuse the body.
 */
import { z } from "zod";
import { boundProviderTime } from "../../domain/window";
import { log } from "../../lib/log";
import type { DeliveryStatus, InboundMessage, MessageKind, ParsedWebhook, ProviderError, StatusUpdate } from "../types";
import { capMessage, capText, INBOUND_LIMITS } from "./inbound-limits";

// ---------------------------------------------------------------------------------------------
// Schemas (tolerant of extra fields: zod objects strip unknown keys rather than refusing them).
// ---------------------------------------------------------------------------------------------

/** Meta sends unix seconds as a string; a number is accepted too. An absurd one is bounded later. */
const secondsSchema = z
  .union([z.string().max(32).regex(/^\d+$/), z.number().int().nonnegative()])
  .transform((s) => Number(s));

const metaErrorSchema = z.object({
  code: z.union([z.number(), z.string()]),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.object({ details: z.string().optional() }).optional(),
  href: z.string().optional(),
});

const mediaSchema = z.object({
  id: z.string().min(1).max(256),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
  url: z.string().optional(),
});

const contentSchemas = {
  text: z.object({ text: z.object({ body: z.string() }) }),
  image: z.object({ image: mediaSchema }),
  video: z.object({ video: mediaSchema }),
  audio: z.object({ audio: mediaSchema }),
  document: z.object({ document: mediaSchema }),
  sticker: z.object({ sticker: mediaSchema }),
  location: z.object({
    location: z.object({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
      url: z.string().optional(),
    }),
  }),
  contacts: z.object({ contacts: z.array(z.unknown()) }),
  reaction: z.object({ reaction: z.object({ message_id: z.string().min(1), emoji: z.string().optional() }) }),
  button: z.object({ button: z.object({ text: z.string(), payload: z.string().optional() }) }),
  interactive: z.object({
    interactive: z.object({
      type: z.string(),
      button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.object({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
      nfm_reply: z.object({ body: z.string().optional(), name: z.string().optional() }).optional(),
    }),
  }),
  system: z.object({ system: z.object({ body: z.string().optional() }) }),
} as const;

const messageSchema = z
  .object({
    from: z.string().min(1).max(64),
    id: z.string().min(1).max(256),
    timestamp: secondsSchema,
    type: z.string().min(1),
    context: z.object({ id: z.string().optional(), from: z.string().optional() }).optional(),
  })
  .loose();

const statusSchema = z.object({
  id: z.string().min(1).max(256),
  status: z.string().min(1),
  timestamp: secondsSchema,
  recipient_id: z.string().min(1),
  errors: z.array(metaErrorSchema).optional(),
  biz_opaque_callback_data: z.string().max(512).optional(),
});

export const whatsAppMessagesValueSchema = z.object({
  messaging_product: z.literal("whatsapp").optional(),
  metadata: z.object({ phone_number_id: z.string().min(1), display_phone_number: z.string().optional() }),
  contacts: z
    .array(z.object({ wa_id: z.string().optional(), profile: z.object({ name: z.string().optional() }).optional() }))
    .optional(),
  messages: z.array(messageSchema).optional(),
  statuses: z.array(statusSchema).optional(),
  errors: z.array(metaErrorSchema).optional(),
});

export const whatsAppWebhookSchema = z.object({
  object: z.literal("whatsapp_business_account"),
  entry: z.array(
    z.object({
      id: z.string(),
      changes: z.array(z.object({ field: z.string().optional(), value: z.unknown() })),
    }),
  ),
});

export type WhatsAppWebhook = z.infer<typeof whatsAppWebhookSchema>;
type MessagesValue = z.infer<typeof whatsAppMessagesValueSchema>;
type RawMessage = z.infer<typeof messageSchema>;
type MetaErrorInput = z.infer<typeof metaErrorSchema>;

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/**
 * Parses a WhatsApp Cloud API webhook body (already JSON-decoded) into messages and statuses.
 * Throws a ZodError when the body is not a WhatsApp webhook (wrong `object`, no `entry`, a
 * `messages` change without `metadata.phone_number_id`, a message without id/from/timestamp/type).
 * `receivedAt` bounds the provider's timestamps (rule I2).
 */
export function parseWhatsAppWebhook(json: unknown, receivedAt: number = Date.now()): ParsedWebhook {
  const body = whatsAppWebhookSchema.parse(json);
  const out: ParsedWebhook = { messages: [], statuses: [] };
  for (const entry of body.entry) {
    for (const change of entry.changes) {
      if (!isMessagesChange(change)) continue;
      const value = whatsAppMessagesValueSchema.parse(change.value);
      const channelKey = value.metadata.phone_number_id;
      for (const raw of value.messages ?? []) out.messages.push(toInboundMessage(raw, value, channelKey, receivedAt));
      for (const raw of value.statuses ?? []) {
        const status = toStatusUpdate(raw, channelKey, receivedAt);
        if (status) out.statuses.push(status);
      }
      for (const error of value.errors ?? []) {
        log("warn", "whatsapp_webhook_error", { channelKey, code: String(error.code), title: error.title ?? null });
      }
    }
  }
  return out;
}

function isMessagesChange(change: { field?: string | undefined; value: unknown }): boolean {
  if (change.field !== undefined) return change.field === "messages";
  // No `field`: treat it as a messages change when it looks like one.
  return typeof change.value === "object" && change.value !== null && "metadata" in change.value;
}

/** The `metadata.phone_number_id`s present in a body, in order, without repeats. Never throws. */
export function phoneNumberIdsOf(json: unknown): string[] {
  const ids: string[] = [];
  const entries = (json as { entry?: unknown } | null)?.entry;
  if (!Array.isArray(entries)) return ids;
  for (const entry of entries) {
    const changes = (entry as { changes?: unknown } | null)?.changes;
    if (!Array.isArray(changes)) continue;
    for (const change of changes) {
      const id = (change as { value?: { metadata?: { phone_number_id?: unknown } } } | null)?.value?.metadata
        ?.phone_number_id;
      if (typeof id === "string" && id !== "" && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

function emptyMessage(raw: RawMessage, value: MessagesValue, channelKey: string, receivedAt: number): InboundMessage {
  const contacts = value.contacts ?? [];
  const contact = contacts.find((c) => c.wa_id === raw.from) ?? (contacts.length === 1 ? contacts[0] : undefined);
  return {
    providerMessageId: raw.id,
    channelKey,
    contact: { externalId: raw.from, name: capText(contact?.profile?.name ?? null, INBOUND_LIMITS.name) },
    sentAt: boundProviderTime(raw.timestamp * 1000, receivedAt),
    kind: "unsupported",
    text: null,
    media: null,
    location: null,
    contacts: null,
    replyToProviderId: raw.context?.id ?? null,
    reactionToProviderId: null,
  };
}

function toInboundMessage(raw: RawMessage, value: MessagesValue, channelKey: string, receivedAt: number) {
  const message = capMessage(contentOf(emptyMessage(raw, value, channelKey, receivedAt), raw, channelKey));
  return message;
}

function contentOf(message: InboundMessage, raw: RawMessage, channelKey: string): InboundMessage {
  const type = raw.type;
  const schema = Object.hasOwn(contentSchemas, type) ? contentSchemas[type as keyof typeof contentSchemas] : null;
  if (!schema) return message; // unsupported, unknown, order, request_welcome, ... : kept as "unsupported"
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    log("warn", "whatsapp_message_content_unparsed", { channelKey, providerMessageId: raw.id, type });
    return message;
  }
  const content = parsed.data as Record<string, unknown>;
  const set = (kind: MessageKind, fields: Partial<InboundMessage> = {}) => Object.assign(message, { kind }, fields);
  switch (type) {
    case "text":
      return set("text", { text: (content as z.infer<typeof contentSchemas.text>).text.body });
    case "image":
    case "video":
    case "audio":
    case "document":
    case "sticker": {
      const media = content[type] as z.infer<typeof mediaSchema>;
      const kind: MessageKind = type === "audio" && media.voice === true ? "voice" : type;
      return set(kind, {
        text: media.caption ?? null,
        media: {
          providerMediaId: media.id,
          mimeType: capText(media.mime_type ?? null, INBOUND_LIMITS.filename),
          filename: media.filename ?? null,
          sha256: media.sha256 ?? null,
        },
      });
    }
    case "location": {
      const { location } = content as z.infer<typeof contentSchemas.location>;
      return set("location", {
        location: {
          latitude: location.latitude,
          longitude: location.longitude,
          name: location.name ?? null,
          address: location.address ?? null,
        },
      });
    }
    case "contacts":
      return set("contacts", { contacts: (content as z.infer<typeof contentSchemas.contacts>).contacts });
    case "reaction": {
      const { reaction } = content as z.infer<typeof contentSchemas.reaction>;
      // A removed reaction arrives without `emoji`: text null.
      return set("reaction", { text: reaction.emoji || null, reactionToProviderId: reaction.message_id });
    }
    case "button":
      return set("text", { text: (content as z.infer<typeof contentSchemas.button>).button.text });
    case "interactive": {
      const { interactive } = content as z.infer<typeof contentSchemas.interactive>;
      const text =
        interactive.button_reply?.title ?? interactive.list_reply?.title ?? interactive.nfm_reply?.body ?? null;
      if (text === null) {
        log("warn", "whatsapp_interactive_unknown", { channelKey, providerMessageId: raw.id, type: interactive.type });
        return message;
      }
      return set("text", { text });
    }
    case "system":
      return set("unsupported", { text: (content as z.infer<typeof contentSchemas.system>).system.body ?? null });
    default:
      return message;
  }
}

const STATUS_MAP: Record<string, DeliveryStatus> = {
  sent: "sent",
  delivered: "delivered",
  read: "read",
  played: "read",
  failed: "failed",
};

function toProviderError(error: MetaErrorInput): ProviderError {
  return {
    code: String(error.code),
    title: error.title ?? error.message ?? "Error",
    detail: error.error_data?.details ?? error.message ?? null,
  };
}

function toStatusUpdate(
  raw: z.infer<typeof statusSchema>,
  channelKey: string,
  receivedAt: number,
): StatusUpdate | null {
  const status = Object.hasOwn(STATUS_MAP, raw.status) ? STATUS_MAP[raw.status] : undefined;
  if (!status) {
    log("warn", "whatsapp_status_unknown", { channelKey, providerMessageId: raw.id, status: raw.status });
    return null;
  }
  const first = raw.errors?.[0];
  let error: ProviderError | null = first ? toProviderError(first) : null;
  if (status === "failed" && !error) error = { code: "unknown", title: "Failed", detail: null };
  return {
    providerMessageId: raw.id,
    channelKey,
    recipientExternalId: raw.recipient_id,
    status,
    at: boundProviderTime(raw.timestamp * 1000, receivedAt),
    error,
    ...(raw.biz_opaque_callback_data ? { callbackData: raw.biz_opaque_callback_data } : {}),
  };
}
