/**
 * WhatsApp Cloud API webhooks (rule G1): parsing of the `messages` field (inbound messages and
 * delivery statuses) into the common shape of `../types.ts`. The signature and the GET handshake are
 * in `signature.ts`; each message's content in `webhook-content.ts`; builders of Meta's JSON (for the
 * sandbox provider and tests) in `webhook-builders.ts`.
 *
 * Choices where Meta or the rulebook leave room (written down per PRODUCT.md):
 * - Rule G6, issue 12: the envelope (object, entry, changes, metadata) must be a WhatsApp webhook or
 *   the body is refused; each message and status inside is then read on its own, so one bad item never
 *   sinks the batch. A message that names its id and its sender but cannot be read is kept as kind
 *   "unsupported" with its raw JSON (logged); one without an id or a sender cannot be attributed and
 *   is logged and left out; a status that cannot be read is logged and left out.
 * - Issue 12, I1: Meta's business-scoped user ids (2026). A sender is `messages[].from` (phone, wa_id)
 *   and/or `messages[].from_user_id` (BSUID); `contacts[]` carries `wa_id`, `user_id` and
 *   `profile.name` / `profile.username`; statuses name `recipient_id` and/or `recipient_user_id`.
 *   Source: developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids/.
 *   The contact's external id is the phone when Meta gives one, else the BSUID; both are passed on.
 * - A missing or malformed timestamp is read as the receive time (the item is kept, not refused).
 * - Bounds (issue 11, findings 3 and 4; rules I2, G1): a message or status dated more than 5 minutes
 *   after we received it, or not a real date, is dated at its receive time (`boundProviderTime`);
 *   texts and names are cut at WhatsApp's limits (`inbound-limits.ts`) inside each item's parse; a
 *   message whose id or sender is longer than Meta sends cannot be attributed (logged, left out).
 * - Statuses: see `webhook-statuses.ts`.
 * - Changes for other webhook fields (template status, account updates, ...) carry no messages or
 *   statuses and are ignored here; webhook-level `errors` are logged.
 */
import { z } from "zod";
import { boundProviderTime } from "../../domain/window";
import { log } from "../../lib/log";
import type { InboundContact, InboundMessage, MessageDetails, ParsedWebhook } from "../types";
import { capMessage, capText, INBOUND_LIMITS } from "./inbound-limits";
import { parseCallsChange, permissionRepliesOf } from "./webhook-calls";
import { applyContent, compact, metaErrorSchema, rawOf, toProviderError } from "./webhook-content";
import { secondsSchema, toStatusUpdate } from "./webhook-statuses";

// ---------------------------------------------------------------------------------------------
// Schemas (tolerant of extra fields: zod objects strip unknown keys rather than refusing them).
// ---------------------------------------------------------------------------------------------

/** What a message must have to be attributed: its id and a sender (phone or BSUID), as long as Meta sends. */
const envelopeSchema = z
  .object({
    id: z.string().min(1).max(256),
    from: z.string().min(1).max(64).optional(),
    from_user_id: z.string().min(1).max(128).optional(),
  })
  .refine((m) => m.from !== undefined || m.from_user_id !== undefined, { message: "from or from_user_id" });

const contextSchema = z.object({
  id: z.string().optional(),
  from: z.string().optional(),
  forwarded: z.boolean().optional(),
  frequently_forwarded: z.boolean().optional(),
});

const referralSchema = z.object({
  source_url: z.string().optional(),
  source_id: z.string().optional(),
  source_type: z.string().optional(),
  headline: z.string().optional(),
  body: z.string().optional(),
  media_type: z.string().optional(),
  ctwa_clid: z.string().optional(),
});

const contactSchema = z.object({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  profile: z.object({ name: z.string().optional(), username: z.string().optional() }).optional(),
});

/** The change's envelope; its messages and statuses are read one by one. */
export const whatsAppMessagesValueSchema = z.object({
  messaging_product: z.literal("whatsapp").optional(),
  metadata: z.object({ phone_number_id: z.string().min(1), display_phone_number: z.string().optional() }),
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  errors: z.array(z.unknown()).optional(),
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
type Contact = z.infer<typeof contactSchema>;

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/**
 * Parses a WhatsApp Cloud API webhook body (already JSON-decoded) into messages and statuses.
 * Throws a ZodError when the body is not a WhatsApp webhook (wrong `object`, no `entry`, a
 * `messages` change without `metadata.phone_number_id`); never for one message or status (G6).
 * `receivedAt` bounds the provider's timestamps (rule I2).
 */
export function parseWhatsAppWebhook(json: unknown, receivedAt: number = Date.now()): ParsedWebhook {
  const body = whatsAppWebhookSchema.parse(json);
  const out: ParsedWebhook = { messages: [], statuses: [] };
  for (const entry of body.entry) {
    for (const change of entry.changes) {
      // Rule C11: call signalling comes on its own field.
      if (change.field === "calls") {
        const calls = parseCallsChange(change.value, receivedAt);
        if (calls.length > 0) out.calls = [...(out.calls ?? []), ...calls];
        continue;
      }
      if (!isMessagesChange(change)) continue;
      const value = whatsAppMessagesValueSchema.parse(change.value);
      const channelKey = value.metadata.phone_number_id;
      const contacts = contactsOf(value);
      for (const raw of value.messages ?? []) {
        const message = toInboundMessage(raw, contacts, channelKey, receivedAt);
        if (message) out.messages.push(message);
      }
      const replies = permissionRepliesOf(value.messages ?? [], value.contacts ?? [], channelKey, receivedAt);
      if (replies.length > 0) out.callPermissionReplies = [...(out.callPermissionReplies ?? []), ...replies];
      for (const raw of value.statuses ?? []) {
        const status = toStatusUpdate(raw, channelKey, receivedAt);
        if (status) out.statuses.push(status);
      }
      for (const error of value.errors ?? []) {
        const e = metaErrorSchema.safeParse(error);
        log("warn", "whatsapp_webhook_error", {
          channelKey,
          code: e.success ? String(e.data.code) : null,
          title: e.success ? (e.data.title ?? null) : null,
        });
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
  const ids = new Set<string>();
  const entries = (json as { entry?: unknown } | null)?.entry;
  if (!Array.isArray(entries)) return [];
  for (const entry of entries) {
    const changes = (entry as { changes?: unknown } | null)?.changes;
    if (!Array.isArray(changes)) continue;
    for (const change of changes) {
      const id = (change as { value?: { metadata?: { phone_number_id?: unknown } } } | null)?.value?.metadata
        ?.phone_number_id;
      if (typeof id === "string" && id !== "") ids.add(id);
    }
  }
  return [...ids];
}

function contactsOf(value: MessagesValue): Contact[] {
  return (value.contacts ?? []).flatMap((c) => {
    const parsed = contactSchema.safeParse(c);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The sender, with the matching `contacts[]` entry's ids and names (a lone entry is the sender's). */
function senderOf(from: string | undefined, fromUserId: string | undefined, contacts: Contact[]): InboundContact {
  const match =
    contacts.find((c) => (from && c.wa_id === from) || (fromUserId && c.user_id === fromUserId)) ??
    (contacts.length === 1 ? contacts[0] : undefined);
  const phone = from ?? match?.wa_id ?? null;
  const userId = fromUserId ?? match?.user_id ?? null;
  return {
    externalId: (phone ?? userId) as string,
    name: capText(match?.profile?.name ?? match?.profile?.username ?? null, INBOUND_LIMITS.name),
    phone,
    userId,
    username: capText(match?.profile?.username ?? null, INBOUND_LIMITS.name),
  };
}

/**
 * An optional field as `schema` reads it; undefined when absent or unreadable. An absent field is not
 * run through `schema`: only for schemas that refuse undefined (no `.optional()`, `.default()` or
 * preprocess), which all of this file's are.
 */
const field = <T extends z.ZodType>(schema: T, value: unknown): z.infer<T> | undefined => {
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

// Built once: a schema made per message costs more than reading the message with it.
const errorsSchema = z.array(metaErrorSchema);
const typeSchema = z.string().min(1);
const innerTypeSchema = z.string();

/** One message on its own (G6): null only when it cannot be attributed to a message id and a sender. */
function toInboundMessage(
  raw: unknown,
  contacts: Contact[],
  channelKey: string,
  receivedAt: number,
): InboundMessage | null {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    log("warn", "whatsapp_message_unattributable", { channelKey, raw: rawOf(raw).slice(0, 500) });
    return null;
  }
  const item = raw as Record<string, unknown>;
  const { from, from_user_id: fromUserId } = envelope.data;
  const context = field(contextSchema, item.context);
  const seconds = field(secondsSchema, item.timestamp);
  const message: InboundMessage = {
    providerMessageId: envelope.data.id,
    channelKey,
    contact: senderOf(from, fromUserId, contacts),
    sentAt: seconds === undefined ? receivedAt : boundProviderTime(seconds * 1000, receivedAt),
    kind: "unsupported",
    text: null,
    media: null,
    location: null,
    contacts: null,
    replyToProviderId: context?.id || null,
    reactionToProviderId: null,
  };
  const details: MessageDetails = {};
  if (context?.forwarded) details.forwarded = true;
  if (context?.frequently_forwarded) details.frequentlyForwarded = true;
  const referral = field(referralSchema, item.referral);
  if (referral) details.referral = referralOf(referral);
  const errors = field(errorsSchema, item.errors);
  if (errors?.length) details.unsupported = { type: null, errors: errors.map(toProviderError) };
  const type = field(typeSchema, item.type) ?? "";
  const read = (inner: Record<string, unknown>) =>
    applyContent(message, inner, field(innerTypeSchema, inner.type) ?? "", details, () => false);
  if (!applyContent(message, item, type, details, read)) {
    log("warn", "whatsapp_message_content_unparsed", {
      channelKey,
      providerMessageId: message.providerMessageId,
      type,
    });
    Object.assign(message, { kind: "unsupported", text: null, media: null, location: null, contacts: null });
    details.unsupported = { type: type || null, errors: details.unsupported?.errors ?? [] };
    details.raw = rawOf(raw);
  }
  const kept = compact(details);
  if (kept) message.details = kept;
  return capMessage(message);
}

const referralOf = (r: z.infer<typeof referralSchema>): NonNullable<MessageDetails["referral"]> => ({
  sourceUrl: r.source_url ?? null,
  sourceId: r.source_id ?? null,
  sourceType: r.source_type ?? null,
  headline: r.headline ?? null,
  body: r.body ?? null,
  mediaType: r.media_type ?? null,
  ctwaClid: r.ctwa_clid ?? null,
});
