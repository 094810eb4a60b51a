/**
 * The sandbox's template registry formats (rule T3): validation of a Graph API
 * `POST /{waba_id}/message_templates` body as Meta does it, Meta's answers, and the review outcome.
 * Pure functions; `SandboxDO` keeps the templates and sends the review webhooks.
 *
 * Choices where Meta leaves room (written down per PRODUCT.md):
 * - Only the shape is checked here (name, language, category, a BODY); the content rules of T2 are
 *   the platform's own job before it submits. A `header_handle` is taken as given.
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
