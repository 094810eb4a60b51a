/**
 * Pure pieces of the template form: the body's edits (WhatsApp's marks around a selection, the next
 * variable at the cursor), the preview's header, and the words for a refused submission or upload.
 */
import { TEMPLATE_RULE_CODES, type TemplateRuleError } from "../../../../worker/domain/template-rules";
import { ApiError } from "../../api";
import { describeError } from "../../errors";
import type { Draft } from "./draft";
import type { PreviewProps } from "./Preview";
import { ruleMessage } from "./rule-words";

/** A new body text, and where its selection goes. */
export interface BodyEdit {
  text: string;
  selection: [number, number];
}

/** `mark` on both sides of the selection (or of the word "text" when nothing is selected). */
export function wrapSelection(value: string, start: number, end: number, mark: string): BodyEdit {
  const selected = value.slice(start, end) || "text";
  return {
    text: `${value.slice(0, start)}${mark}${selected}${mark}${value.slice(end)}`,
    selection: [start + 1, start + 1 + selected.length],
  };
}

/** The variable after the `count` the body has, at `at`; the cursor goes after it. */
export function insertVariable(value: string, at: number, count: number): BodyEdit {
  const token = `{{${count + 1}}}`;
  return { text: `${value.slice(0, at)}${token}${value.slice(at)}`, selection: [at + token.length, at + token.length] };
}

/** The header as the preview shows it. */
export function previewHeaderOf(draft: Draft): PreviewProps["header"] {
  if (draft.header === "NONE") return { kind: "none" };
  if (draft.header === "TEXT") return { kind: "text", text: draft.headerText, sample: draft.headerSample };
  return {
    kind: draft.header.toLowerCase() as "image" | "video" | "document",
    url: draft.media && draft.media.status !== "failed" ? draft.media.previewUrl : null,
    filename: draft.media?.file.name ?? null,
  };
}

/** Words for a failed sample upload: the API's own for a file it refuses, ours otherwise. */
export function uploadErrorText(error: unknown): string {
  return error instanceof ApiError && (error.code === "unsupported_media_type" || error.code === "sample_too_large")
    ? ruleMessage(error.detail)
    : describeError(error);
}

const RULE_CODES = new Set<string>(TEMPLATE_RULE_CODES);

/** The errors of a `validation_failed` answer that a field of the form can show. */
export function ruleErrorsOf(error: ApiError): TemplateRuleError[] {
  return error.errors.filter((e): e is TemplateRuleError => RULE_CODES.has(e.code) || e.path !== "");
}
