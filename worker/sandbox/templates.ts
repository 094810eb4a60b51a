/**
 * The sandbox's template registry formats (rule T3): validation of a Graph API
 * `POST /{waba_id}/message_templates` body as Meta does it, Meta's answers, and the review outcome.
 * Pure functions; `SandboxDO` keeps the templates and sends the review webhooks.
 *
 * Choices where Meta leaves room (written down per PRODUCT.md):
 * - Only the shape is checked here (name, language, category, a BODY); the content rules of T2 are
 *   the platform's own job before it submits. A media HEADER's `example.header_handle[0]` must be a
 *   handle this sandbox handed out through the Resumable Upload API (`POST /{app_id}/uploads`, then
 *   `POST /{upload_session_id}` answering `{h}`); any other handle is refused as Meta does.
 * - Review: APPROVED after TEMPLATE_REVIEW_MS, or REJECTED with TEMPLATE_REJECT_REASON when a text
 *   contains TEMPLATE_REJECT_MARKER (see `config.ts`).
 * - Quality: a LOW rating pauses an APPROVED template (Meta's first pause), and disables a template
 *   that was already paused once (Meta disables after repeated pauses).
 * - Templates are per WABA, unique by name and language, as at Meta.
 */
import type { ProviderQualityScore } from "../channels/whatsapp/template-webhooks";
import { TEMPLATE_REJECT_MARKER, TEMPLATE_REJECT_REASON } from "./config";
import { type MetaGraphError, metaErrors } from "./graph";

export type SandboxTemplateStatus = "PENDING" | "APPROVED" | "REJECTED" | "PAUSED" | "DISABLED";

export interface SandboxTemplate {
  /** Meta's numeric template id, as digits. */
  id: string;
  name: string;
  language: string;
  category: string;
  /** The components as submitted, JSON. */
  components: string;
  status: SandboxTemplateStatus;
  reason: string | null;
  quality: ProviderQualityScore;
  pauses: number;
  createdAt: number;
  updatedAt: number;
}

export interface TemplateSubmission {
  name: string;
  language: string;
  category: string;
  components: Record<string, unknown>[];
}

export type TemplateParse =
  | { kind: "template"; template: TemplateSubmission }
  | { kind: "error"; error: MetaGraphError };

const CATEGORIES = ["MARKETING", "UTILITY", "AUTHENTICATION"];
const COMPONENT_TYPES = ["HEADER", "BODY", "FOOTER", "BUTTONS"];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Validates a create-template body as the Graph API does. */
export function parseTemplateCreate(body: unknown): TemplateParse {
  const fail = (error: MetaGraphError): TemplateParse => ({ kind: "error", error });
  if (!isObject(body)) return fail(metaErrors.invalidParameter("The request body must be a JSON object."));
  for (const field of ["name", "language", "category", "components"]) {
    if (body[field] === undefined) return fail(metaErrors.requiredParameter(field));
  }
  const { name, language, category, components } = body;
  if (typeof name !== "string" || !/^[a-z0-9_]{1,512}$/.test(name)) {
    return fail(metaErrors.invalidParameter("name may contain only lowercase letters, digits and underscores."));
  }
  if (typeof language !== "string" || !/^[a-z]{2,3}(?:_[A-Za-z]{2,4})?$/.test(language)) {
    return fail(metaErrors.invalidParameter(`Invalid language '${String(language)}'.`));
  }
  if (typeof category !== "string" || !CATEGORIES.includes(category)) {
    return fail(metaErrors.invalidParameter("category must be MARKETING, UTILITY or AUTHENTICATION."));
  }
  if (!Array.isArray(components) || !components.every(isObject)) {
    return fail(metaErrors.invalidParameter("components must be a list of objects."));
  }
  const types = components.map((c) => c.type);
  if (!types.every((t) => typeof t === "string" && COMPONENT_TYPES.includes(t))) {
    return fail(metaErrors.invalidParameter("each component's type is HEADER, BODY, FOOTER or BUTTONS."));
  }
  if (types.filter((t) => t === "BODY").length !== 1) {
    return fail(metaErrors.invalidParameter("A template needs exactly one BODY component."));
  }
  const bodyText = components.find((c) => c.type === "BODY")?.text;
  if (typeof bodyText !== "string" || bodyText.trim() === "") {
    return fail(metaErrors.requiredParameter("components[BODY]['text']"));
  }
  return { kind: "template", template: { name, language, category, components } };
}

/** Meta's answer to a duplicate name and language in one WABA. */
export function templateExists(name: string, language: string): MetaGraphError {
  return {
    message: "(#100) Invalid parameter",
    type: "OAuthException",
    code: 100,
    error_subcode: 2388024,
    error_data: {
      messaging_product: "whatsapp",
      details: `Content in this language already exists: the template ${name} already has ${language}.`,
    },
  };
}

/** The review's outcome for a submitted template (see `config.ts`). */
export function reviewOutcome(components: Record<string, unknown>[]): {
  status: "APPROVED" | "REJECTED";
  reason: string | null;
} {
  const marker = TEMPLATE_REJECT_MARKER.toLowerCase();
  const texts = components.map((c) => (typeof c.text === "string" ? c.text.toLowerCase() : ""));
  return texts.some((t) => t.includes(marker))
    ? { status: "REJECTED", reason: TEMPLATE_REJECT_REASON }
    : { status: "APPROVED", reason: null };
}

/** The template as Meta's `GET /{waba_id}/message_templates` lists it. */
export function templateAsMeta(t: SandboxTemplate) {
  return {
    id: t.id,
    name: t.name,
    language: t.language,
    category: t.category,
    status: t.status,
    ...(t.reason ? { rejected_reason: t.reason } : {}),
    quality_score: { score: t.quality },
    components: JSON.parse(t.components) as unknown,
  };
}

/** A 15-digit numeric id, the shape of Meta's template ids. */
export function newTemplateId(): string {
  const digits = [...crypto.getRandomValues(new Uint8Array(15))].map((b) => String(b % 10)).join("");
  return `7${digits.slice(1)}`;
}

/** The media HEADERs of a submission and the example handle each names (null when none). */
export function mediaHeadersOf(components: Record<string, unknown>[]): { format: string; handle: string | null }[] {
  return components
    .filter((c) => c.type === "HEADER" && typeof c.format === "string" && c.format !== "TEXT")
    .map((c) => {
      const handles = isObject(c.example) ? c.example.header_handle : undefined;
      const first = Array.isArray(handles) ? handles[0] : undefined;
      return { format: c.format as string, handle: typeof first === "string" && first !== "" ? first : null };
    });
}

/** Meta's answer to a media header whose example is not a handle from the Resumable Upload API. */
export function invalidHeaderHandle(handle: string | null): MetaGraphError {
  return {
    message: "(#100) Invalid parameter",
    type: "OAuthException",
    code: 100,
    error_subcode: 2494102,
    error_data: {
      messaging_product: "whatsapp",
      details: handle
        ? `Uploaded media handle is invalid: ${handle.slice(0, 80)}`
        : "A media header needs example.header_handle: a handle from the Resumable Upload API.",
    },
  };
}

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/=+$/, "");

/** An upload session token (after Meta's `upload:` prefix): opaque base64, with a `?sig=` as Meta's. */
export function newUploadToken(): string {
  const rnd = () =>
    b64(crypto.getRandomValues(new Uint8Array(24)))
      .replace(/\+/g, "-")
      .replace(/\//g, "_");
  return `${rnd()}?sig=${rnd()}`;
}

/** A file handle `h` in Meta's shape: `4:` + base64 of the file type + `:` + an opaque part. */
export function newUploadHandle(fileType: string): string {
  const type = b64(new TextEncoder().encode(fileType));
  const rnd = b64(crypto.getRandomValues(new Uint8Array(48)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_");
  return `4::${type}:${rnd}`;
}

const countVars = (text: unknown) =>
  typeof text === "string" ? new Set([...text.matchAll(/\{\{(\d+)\}\}/g)].map((m) => m[1])).size : 0;

const paramsOf = (sent: Record<string, unknown>[], match: (c: Record<string, unknown>) => boolean) => {
  const component = sent.find(match);
  return Array.isArray(component?.parameters) ? (component.parameters as unknown[]).filter(isObject) : [];
};

const paramMismatch = (where: string, got: number, expected: number): MetaGraphError => ({
  message: "(#132000) Number of parameters does not match the expected number of params",
  type: "OAuthException",
  code: 132000,
  error_data: {
    messaging_product: "whatsapp",
    details: `${where}: number of localizable_params (${got}) does not match the expected number of params (${expected})`,
  },
});

const formatMismatch = (where: string, expected: string, got: string): MetaGraphError => ({
  message: "(#132012) Parameter format does not match format in the created template",
  type: "OAuthException",
  code: 132012,
  error_data: {
    messaging_product: "whatsapp",
    details: `${where}: Format mismatch, expected ${expected}, received ${got}`,
  },
});

/**
 * A template send's `components` checked against the approved template, as Meta does (rule T3):
 * the header's text parameters or media, the body's parameters, and each URL button's suffix.
 * Null when it matches.
 */
export function templateSendMismatch(
  template: Record<string, unknown>[],
  sent: Record<string, unknown>[],
): MetaGraphError | null {
  const lower = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : "");
  const header = template.find((c) => c.type === "HEADER");
  const headerParams = paramsOf(sent, (c) => lower(c.type) === "header");
  const format = typeof header?.format === "string" ? header.format : null;
  if (format && format !== "TEXT") {
    const got = headerParams[0];
    const kind = format.toLowerCase();
    if (!got || got.type !== kind || !isObject(got[kind])) {
      return formatMismatch("header", format, typeof got?.type === "string" ? got.type.toUpperCase() : "UNKNOWN");
    }
    const media = got[kind] as Record<string, unknown>;
    if (typeof media.id !== "string" && typeof media.link !== "string") {
      return formatMismatch("header", format, "UNKNOWN");
    }
  } else {
    const expected = countVars(header?.text);
    if (headerParams.length !== expected) return paramMismatch("header", headerParams.length, expected);
  }
  const expectedBody = countVars(template.find((c) => c.type === "BODY")?.text);
  const bodyParams = paramsOf(sent, (c) => lower(c.type) === "body");
  if (bodyParams.length !== expectedBody) return paramMismatch("body", bodyParams.length, expectedBody);
  const buttons = template.find((c) => c.type === "BUTTONS")?.buttons;
  const list = Array.isArray(buttons) ? buttons.filter(isObject) : [];
  for (const [index, button] of list.entries()) {
    const expected = button.type === "URL" ? countVars(button.url) : 0;
    const got = paramsOf(
      sent,
      (c) => lower(c.type) === "button" && lower(c.sub_type) === "url" && String(c.index) === String(index),
    );
    if (got.length !== expected) return paramMismatch(`button at index ${index}`, got.length, expected);
  }
  return null;
}
