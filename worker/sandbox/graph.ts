/**
 * Meta's Graph API formats for the sandbox provider: error bodies, id shapes, phone numbers and the
 * validation of a `POST /{phone_number_id}/messages` body. Pure functions; the routes answer with them.
 *
 * Choices where Meta leaves room (written down per PRODUCT.md):
 * - A number given with `+` is taken as international; without it, a leading 0 is replaced by
 *   Indonesia's 62 (the sandbox business number's country), anything else is taken as already
 *   international. A wa_id is the digits only, 8 to 15 of them.
 * - A template send naming a template in the registry (`templates.ts`) is checked against it as
 *   Meta does (`templateSendMismatch`: 132000 for a wrong parameter count, 132012 for a missing or
 *   wrong-kind header media); an unknown name and language is accepted. Its body parameters are
 *   shown to the customer in order.
 * - A media message by unknown media `id` is accepted and then fails by status webhook with
 *   131053 (as Meta does); a `link` is kept as given and never fetched.
 */
import { toBase64Url } from "../lib/crypto";
import { MEDIA_TYPES, type MediaType, UNDELIVERABLE_PREFIX } from "./config";

export interface MetaGraphError {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  error_data?: { messaging_product?: "whatsapp"; details: string };
}

function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

function base64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** `wamid.` + standard base64 of random bytes, the shape of Meta's message ids. */
export function newWamid(): string {
  return `wamid.${base64(randomBytes(36))}`;
}

/** A numeric id of 16 digits, the shape of Meta's media ids. */
export function newMediaId(): string {
  const digits = [...randomBytes(16)].map((b) => String(b % 10)).join("");
  return `1${digits.slice(1)}`;
}

function fbtraceId(): string {
  return toBase64Url(randomBytes(18)).slice(0, 23);
}

/** Meta's error answer: `{error:{message,type,code,...,fbtrace_id}}`. */
export function metaErrorResponse(status: number, error: MetaGraphError): Response {
  return Response.json({ error: { ...error, fbtrace_id: fbtraceId() } }, { status });
}

export const metaErrors = {
  /** A missing, malformed or wrong access token. */
  invalidToken: (): MetaGraphError => ({
    message: "Invalid OAuth access token - Cannot parse access token",
    type: "OAuthException",
    code: 190,
  }),
  invalidParameter: (details: string): MetaGraphError => ({
    message: "(#100) Invalid parameter",
    type: "OAuthException",
    code: 100,
    error_data: { messaging_product: "whatsapp", details },
  }),
  requiredParameter: (name: string): MetaGraphError => ({
    message: `(#100) The parameter ${name} is required.`,
    type: "OAuthException",
    code: 100,
  }),
  unknownObject: (method: string, id: string): MetaGraphError => ({
    message: `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    type: "GraphMethodException",
    code: 100,
    error_subcode: 33,
  }),
  undeliverable: (waId: string): MetaGraphError => ({
    message: "(#131026) Message undeliverable",
    type: "OAuthException",
    code: 131026,
    error_data: {
      messaging_product: "whatsapp",
      details: `Unable to deliver message to ${waId}: the number is not on WhatsApp or cannot receive messages.`,
    },
  }),
  mediaUpload: (details: string): MetaGraphError => ({
    message: "(#131053) Media upload error",
    type: "OAuthException",
    code: 131053,
    error_data: { messaging_product: "whatsapp", details },
  }),
};

/** The wa_id Meta derives from a `to` number, or null when it is not a phone number. */
export function toWaId(input: string): string | null {
  const trimmed = input.trim();
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) return null;
  let digits = trimmed.replace(/\D/g, "");
  if (!trimmed.startsWith("+") && digits.startsWith("0")) digits = `62${digits.slice(1)}`;
  return digits.length >= 8 && digits.length <= 15 ? digits : null;
}

/**
 * A business-scoped user id (BSUID) as Meta writes it: a country code, a period, an alphanumeric id
 * (a parent BSUID has `ENT.` between). The sandbox keys a customer known only by it by the id itself.
 */
export const isUserId = (input: string): boolean => /^[A-Z]{2}\.[A-Za-z0-9.]{1,100}$/.test(input);

export function isUndeliverable(waId: string): boolean {
  return waId.startsWith(UNDELIVERABLE_PREFIX);
}

/** A template send's `content` as `parseSend` keeps it: the template by name and language, and its parameters. */
export type TemplateSendContent = {
  name: string;
  language: { code: string };
  components: Record<string, unknown>[];
};

/** What the sandbox records of one business message, whatever its type. */
export interface OutboundSend {
  /** `to` (or `recipient`) exactly as the business sent it (Meta echoes it as `contacts[].input`). */
  input: string;
  /** The customer's wa_id, or their BSUID when the send named only that (`recipient`). */
  waId: string;
  byUserId: boolean;
  type: "text" | MediaType | "template" | "location" | "reaction" | "interactive";
  /** The type-specific object, as Meta nests it under `type` (cleaned of unknown keys). */
  content: Record<string, unknown>;
  /** What the customer's phone shows. */
  text: string;
  mediaId: string | null;
  mediaLink: string | null;
  contextId: string | null;
  /** `biz_opaque_callback_data`: echoed in the message's status webhooks, as Meta does. */
  callbackData?: string | null;
}

export type SendParse =
  | { kind: "message"; send: OutboundSend }
  | { kind: "mark_read"; messageId: string }
  | { kind: "error"; error: MetaGraphError };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** Validates a `POST /{phone_number_id}/messages` body as Meta does, into what the sandbox records. */
export function parseSend(body: unknown): SendParse {
  const fail = (error: MetaGraphError): SendParse => ({ kind: "error", error });
  if (!isObject(body)) return fail(metaErrors.invalidParameter("The request body must be a JSON object."));
  if (body.messaging_product === undefined) return fail(metaErrors.requiredParameter("messaging_product"));
  if (body.messaging_product !== "whatsapp") {
    return fail(metaErrors.invalidParameter("messaging_product must be 'whatsapp'."));
  }
  if (body.status !== undefined) {
    const messageId = str(body.message_id);
    if (body.status !== "read") return fail(metaErrors.invalidParameter("status must be 'read'."));
    if (!messageId) return fail(metaErrors.requiredParameter("message_id"));
    return { kind: "mark_read", messageId };
  }
  if (body.recipient_type !== undefined && body.recipient_type !== "individual") {
    return fail(metaErrors.invalidParameter("recipient_type must be 'individual'."));
  }
  // Meta: `to` is a phone, `recipient` a BSUID; `to` wins when both are given.
  const recipient = str(body.recipient);
  const to = str(body.to) ?? recipient;
  if (!to) return fail(metaErrors.requiredParameter("to"));
  const byUserId = body.to === undefined;
  if (byUserId && !isUserId(to)) return fail(metaErrors.invalidParameter(`Invalid business-scoped user id '${to}'.`));
  const waId = byUserId ? to : toWaId(to);
  if (!waId) return fail(metaErrors.invalidParameter(`Invalid WhatsApp phone number '${to}'.`));
  const type = str(body.type) ?? "text";
  let contextId: string | null = null;
  if (body.context !== undefined) {
    const id = isObject(body.context) ? str(body.context.message_id) : undefined;
    if (!id) return fail(metaErrors.invalidParameter("context.message_id must be a message id."));
    contextId = id;
  }
  const part = body[type];
  if (!isObject(part)) return fail(metaErrors.requiredParameter(type));
  const callbackData =
    typeof body.biz_opaque_callback_data === "string" ? body.biz_opaque_callback_data.slice(0, 512) : null;
  const base = { input: to, waId, byUserId, contextId, mediaId: null, mediaLink: null, callbackData };

  if (type === "text") {
    const text = str(part.body);
    if (text === undefined || text.trim() === "") return fail(metaErrors.requiredParameter("text['body']"));
    if (text.length > 4096) return fail(metaErrors.invalidParameter("text['body'] must be at most 4096 characters."));
    const content = { body: text, ...(typeof part.preview_url === "boolean" ? { preview_url: part.preview_url } : {}) };
    return { kind: "message", send: { ...base, type, content, text } };
  }

  if ((MEDIA_TYPES as readonly string[]).includes(type)) {
    const mediaType = type as MediaType;
    const id = str(part.id);
    const link = str(part.link);
    if (!id === !link) return fail(metaErrors.invalidParameter(`${type} needs exactly one of 'id' or 'link'.`));
    if (link && !/^https?:\/\//.test(link)) return fail(metaErrors.invalidParameter(`${type}.link must be a URL.`));
    const caption = str(part.caption);
    const filename = str(part.filename);
    if (caption !== undefined && (mediaType === "audio" || mediaType === "sticker")) {
      return fail(metaErrors.invalidParameter(`${type} does not take a caption.`));
    }
    if (caption !== undefined && caption.length > 1024) {
      return fail(metaErrors.invalidParameter("caption must be at most 1024 characters."));
    }
    const content = {
      ...(id ? { id } : { link }),
      ...(caption !== undefined ? { caption } : {}),
      ...(filename !== undefined && mediaType === "document" ? { filename } : {}),
    };
    const text = caption ?? (mediaType === "document" && filename ? filename : "");
    return {
      kind: "message",
      send: { ...base, type: mediaType, content, text, mediaId: id ?? null, mediaLink: link ?? null },
    };
  }

  if (type === "template") {
    const name = str(part.name);
    if (!name) return fail(metaErrors.requiredParameter("template['name']"));
    const language = isObject(part.language) ? str(part.language.code) : undefined;
    if (!language) return fail(metaErrors.requiredParameter("template['language']['code']"));
    const components = part.components ?? [];
    if (!Array.isArray(components)) return fail(metaErrors.invalidParameter("template.components must be a list."));
    const bodyParams: string[] = [];
    for (const component of components) {
      if (!isObject(component) || typeof component.type !== "string") {
        return fail(metaErrors.invalidParameter("each template component needs a type."));
      }
      if (component.type !== "body") continue;
      const parameters = component.parameters ?? [];
      if (!Array.isArray(parameters)) return fail(metaErrors.invalidParameter("body parameters must be a list."));
      for (const p of parameters) {
        const value = isObject(p) && p.type === "text" ? str(p.text) : undefined;
        if (value === undefined) return fail(metaErrors.invalidParameter("body parameters must be of type text."));
        bodyParams.push(value);
      }
    }
    // Every component was checked to be an object above.
    const content: TemplateSendContent = {
      name,
      language: { code: language },
      components: components as Record<string, unknown>[],
    };
    const text = `[template ${name} (${language})]${bodyParams.length ? ` ${bodyParams.join(" | ")}` : ""}`;
    return { kind: "message", send: { ...base, type, content, text } };
  }

  if (type === "location") {
    const { latitude, longitude } = part;
    if (typeof latitude !== "number" || typeof longitude !== "number") {
      return fail(metaErrors.invalidParameter("location needs numeric latitude and longitude."));
    }
    const name = str(part.name);
    const address = str(part.address);
    const content = { latitude, longitude, ...(name ? { name } : {}), ...(address ? { address } : {}) };
    const text = [name, address, `${latitude}, ${longitude}`].filter(Boolean).join(" - ");
    return { kind: "message", send: { ...base, type, content, text } };
  }

  if (type === "interactive") return parseInteractive(part, base);

  if (type === "reaction") {
    const messageId = str(part.message_id);
    if (!messageId) return fail(metaErrors.requiredParameter("reaction['message_id']"));
    const emoji = str(part.emoji) ?? "";
    return { kind: "message", send: { ...base, type, content: { message_id: messageId, emoji }, text: emoji } };
  }

  return fail(metaErrors.invalidParameter(`Unsupported message type '${type}'.`));
}

/**
 * Reply buttons (at most 3, titles up to 20 characters) or a list (at most 10 rows, titles up to 24,
 * ids up to 200), as Meta checks them; the phone shows the body text, the simulator the options to tap.
 */
function parseInteractive(
  part: Record<string, unknown>,
  base: Omit<OutboundSend, "type" | "content" | "text">,
): SendParse {
  const fail = (detail: string): SendParse => ({ kind: "error", error: metaErrors.invalidParameter(detail) });
  const text = isObject(part.body) ? str(part.body.text) : undefined;
  if (!text) return { kind: "error", error: metaErrors.requiredParameter("interactive['body']['text']") };
  const action = isObject(part.action) ? part.action : {};
  let options: { id?: string; title?: string }[];
  if (part.type === "button") {
    const buttons = Array.isArray(action.buttons) ? action.buttons : [];
    if (buttons.length < 1 || buttons.length > 3) return fail("interactive buttons must be 1 to 3.");
    options = buttons.map((b) =>
      isObject(b) && isObject(b.reply) ? { id: str(b.reply.id), title: str(b.reply.title) } : {},
    );
    if (options.some((o) => (o.title?.length ?? 0) > 20)) return fail("a button title must be at most 20 characters.");
  } else if (part.type === "list") {
    const sections = Array.isArray(action.sections) ? action.sections : [];
    const rows = sections.flatMap((s) => (isObject(s) && Array.isArray(s.rows) ? s.rows : []));
    if (!str(action.button))
      return { kind: "error", error: metaErrors.requiredParameter("interactive['action']['button']") };
    if (rows.length < 1 || rows.length > 10) return fail("a list must have 1 to 10 rows.");
    options = rows.map((r) => (isObject(r) ? { id: str(r.id), title: str(r.title) } : {}));
    if (options.some((o) => (o.title?.length ?? 0) > 24)) return fail("a row title must be at most 24 characters.");
  } else {
    return fail("interactive.type must be 'button' or 'list'.");
  }
  if (options.some((o) => !o.id || o.id.length > 200 || !o.title)) return fail("every option needs an id and a title.");
  return { kind: "message", send: { ...base, type: "interactive", content: part, text } };
}
