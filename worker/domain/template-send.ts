/**
 * Sending a template (rules I2, I3, T3): only an APPROVED template can be sent, with exactly one
 * value per body variable. Full template validation (T2) is its own module.
 */
export interface TemplateForSend {
  status: string;
  components: unknown;
}

export type TemplateSendCheck =
  | { ok: true; bodyText: string }
  | { ok: false; code: "template_not_sendable" | "template_variables_mismatch"; detail: string };

export function bodyTextOf(components: unknown): string {
  if (!Array.isArray(components)) return "";
  const body = components.find((c) => (c as { type?: string })?.type?.toUpperCase() === "BODY") as
    | { text?: string }
    | undefined;
  return body?.text ?? "";
}

export function variableCount(bodyText: string): number {
  const numbers = [...bodyText.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1]));
  return numbers.length === 0 ? 0 : Math.max(...numbers);
}

export function checkTemplateForSend(template: TemplateForSend, variables: readonly string[]): TemplateSendCheck {
  if (template.status !== "APPROVED") {
    return {
      ok: false,
      code: "template_not_sendable",
      detail: `This template is ${template.status}; only APPROVED templates can be sent.`,
    };
  }
  const bodyText = bodyTextOf(template.components);
  const expected = variableCount(bodyText);
  if (variables.length !== expected) {
    return {
      ok: false,
      code: "template_variables_mismatch",
      detail: `This template needs ${expected} variable value(s); ${variables.length} given.`,
    };
  }
  return { ok: true, bodyText };
}
