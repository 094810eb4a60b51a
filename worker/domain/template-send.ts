/**
 * Sending a template (rules I2, I3, T3): only an APPROVED template can be sent, with every parameter
 * its template needs, as Meta refuses a send that lacks one. Full template validation (T2) is its
 * own module.
 *
 * What a send gives (POST /api/rooms/:id/template-messages; the extras are optional fields):
 * - `variables`: one value per body variable `{{1}}..{{n}}` (`template_variables_mismatch`).
 * - `headerVariables`: one value per `{{n}}` of a TEXT header (`template_header_variables_mismatch`).
 * - `headerMediaId`: the file a media header (IMAGE, VIDEO, DOCUMENT) shows, an id from
 *   POST /api/media; when not given, the template's own sample is shown (a choice: the sample is
 *   what the template was approved with). It must be of the header's kind (checked when sent).
 *   Given for a template without a media header: `template_header_media_unexpected`.
 * - `buttonVariables`: one value per URL button whose URL ends in `{{1}}`, in button order
 *   (`template_button_variables_mismatch`).
 * Every check is made before anything is charged or sent.
 */
export interface TemplateForSend {
  status: string;
  components: unknown;
}

/** The optional parameters of a send beyond the body's `variables`. */
export interface TemplateSendExtras {
  headerVariables?: readonly string[] | undefined;
  headerMediaId?: string | undefined;
  buttonVariables?: readonly string[] | undefined;
}

export type HeaderMediaFormat = "IMAGE" | "VIDEO" | "DOCUMENT";

/** What a template needs to be sent. */
export interface TemplateNeeds {
  bodyVariables: number;
  headerText: string | null;
  headerVariables: number;
  headerMedia: HeaderMediaFormat | null;
  /** The media header's sample (a POST /api/media id), when the template names one. */
  headerSampleId: string | null;
  /** Indexes (in the template's buttons) of the URL buttons with a `{{1}}` suffix. */
  urlButtonIndexes: number[];
}

export type TemplateSendCode =
  | "template_not_sendable"
  | "template_variables_mismatch"
  | "template_header_variables_mismatch"
  | "template_header_media_unexpected"
  | "template_button_variables_mismatch";

export type TemplateSendCheck =
  | { ok: true; bodyText: string; needs: TemplateNeeds }
  | { ok: false; code: TemplateSendCode; detail: string };

type LooseComponent = {
  type?: string;
  format?: string;
  text?: string;
  example?: { header_handle?: unknown };
  buttons?: { type?: string; url?: string }[];
};

const componentsOf = (components: unknown): LooseComponent[] =>
  Array.isArray(components) ? (components.filter((c) => c && typeof c === "object") as LooseComponent[]) : [];

const find = (components: unknown, type: string) =>
  componentsOf(components).find((c) => c.type?.toUpperCase() === type);

export function bodyTextOf(components: unknown): string {
  return find(components, "BODY")?.text ?? "";
}

/** The body as the customer reads it: each `{{n}}` replaced by the n-th value (empty when missing). */
export const filledBody = (bodyText: string, values: readonly string[]): string =>
  bodyText.replace(/\{\{(\d+)\}\}/g, (_, n) => values[Number(n) - 1] ?? "");

export function variableCount(bodyText: string): number {
  const numbers = [...bodyText.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1]));
  return numbers.length === 0 ? 0 : Math.max(...numbers);
}

/** rule T3: every parameter the template's header, body and buttons take. */
export function templateNeeds(components: unknown): TemplateNeeds {
  const header = find(components, "HEADER");
  const format = header?.format?.toUpperCase();
  const headerText = format === "TEXT" ? (header?.text ?? "") : null;
  const headerMedia = format === "IMAGE" || format === "VIDEO" || format === "DOCUMENT" ? format : null;
  const handles = header?.example?.header_handle;
  const sample = Array.isArray(handles) && typeof handles[0] === "string" ? handles[0] : null;
  const buttons = find(components, "BUTTONS")?.buttons ?? [];
  return {
    bodyVariables: variableCount(bodyTextOf(components)),
    headerText,
    headerVariables: headerText ? variableCount(headerText) : 0,
    headerMedia,
    headerSampleId: headerMedia ? sample : null,
    urlButtonIndexes: buttons.flatMap((b, i) => (b?.type === "URL" && /\{\{\d+\}\}/.test(b.url ?? "") ? [i] : [])),
  };
}

/** Fills `{{n}}` with the n-th value. */
export const fillVariables = (text: string, values: readonly string[]) =>
  text.replace(/\{\{(\d+)\}\}/g, (_, n) => values[Number(n) - 1] ?? "");

export function checkTemplateForSend(
  template: TemplateForSend,
  variables: readonly string[],
  extras: TemplateSendExtras = {},
): TemplateSendCheck {
  if (template.status !== "APPROVED") {
    return {
      ok: false,
      code: "template_not_sendable",
      detail: `This template is ${template.status}; only APPROVED templates can be sent.`,
    };
  }
  const bodyText = bodyTextOf(template.components);
  const needs = templateNeeds(template.components);
  if (variables.length !== needs.bodyVariables) {
    return {
      ok: false,
      code: "template_variables_mismatch",
      detail: `This template needs ${needs.bodyVariables} variable value(s); ${variables.length} given.`,
    };
  }
  // rule T3: Meta refuses a send without the header's and URL buttons' parameters.
  const headerGiven = extras.headerVariables?.length ?? 0;
  if (headerGiven !== needs.headerVariables) {
    return {
      ok: false,
      code: "template_header_variables_mismatch",
      detail: `This template's header needs ${needs.headerVariables} value(s) in headerVariables; ${headerGiven} given.`,
    };
  }
  if (extras.headerMediaId !== undefined && !needs.headerMedia) {
    return {
      ok: false,
      code: "template_header_media_unexpected",
      detail: "This template has no media header; do not give headerMediaId.",
    };
  }
  const buttonsGiven = extras.buttonVariables?.length ?? 0;
  if (buttonsGiven !== needs.urlButtonIndexes.length) {
    return {
      ok: false,
      code: "template_button_variables_mismatch",
      detail: `This template has ${needs.urlButtonIndexes.length} URL button(s) with a {{1}} suffix: give one buttonVariables value each; ${buttonsGiven} given.`,
    };
  }
  return { ok: true, bodyText, needs };
}
