/** The header, body and footer rules of a template (T2), each adding what fails through `add`. */
import {
  SAMPLE_MAX_BYTES,
  TEMPLATE_LIMITS,
  type TemplateBody,
  type TemplateFooter,
  type TemplateHeader,
  type TemplateRuleCode,
  type TemplateRuleContext,
} from "./template-draft";
import { charCount, mb, PLACEHOLDER, placeholdersOf, sampleFormatOf } from "./template-text";

export type Add = (path: string, code: TemplateRuleCode, message: string) => void;

export function checkHeader(
  header: TemplateHeader,
  at: string,
  context: TemplateRuleContext,
  add: Add,
  readable: string[],
): void {
  if (header.format === "TEXT") {
    const text = header.text ?? "";
    readable.push(text);
    if (charCount(text) > TEMPLATE_LIMITS.headerMaxChars) {
      add(
        `${at}.text`,
        "header_too_long",
        `${charCount(text)} characters; a text header may have at most ${TEMPLATE_LIMITS.headerMaxChars}.`,
      );
    }
    const placeholders = placeholdersOf(text);
    if (placeholders.length > 1 || (placeholders.length === 1 && placeholders[0] !== 1)) {
      add(`${at}.text`, "variables_not_sequential", "A text header takes at most one variable, {{1}}.");
    }
    if (placeholders.length > 0 && !header.example?.header_text?.[0]?.trim()) {
      add(`${at}.example.header_text`, "sample_missing", "Give a sample value for the header's variable {{1}}.");
    }
    return;
  }
  const handle = header.example?.header_handle?.[0];
  const kind = header.format.toLowerCase();
  if (!handle) {
    add(`${at}.example.header_handle`, "sample_missing", `Upload a sample ${kind} for the header.`);
    return;
  }
  if (!context.samples) return;
  const sample = Object.hasOwn(context.samples, handle) ? context.samples[handle] : undefined;
  if (!sample) {
    add(`${at}.example.header_handle`, "sample_missing", `The header sample was not found. Upload the ${kind} again.`);
    return;
  }
  if (sampleFormatOf(sample.contentType) !== header.format) {
    add(
      `${at}.example.header_handle`,
      "sample_missing",
      `The header is ${kind}, but the sample is ${sample.contentType}. Upload a ${kind} sample.`,
    );
    return;
  }
  const limit = SAMPLE_MAX_BYTES[header.format];
  if (sample.size > limit) {
    add(
      `${at}.example.header_handle`,
      "sample_too_large",
      `The ${kind} sample is ${mb(sample.size)}; at most ${mb(limit)}.`,
    );
  }
}

export function checkBody(body: TemplateBody, at: string, add: Add): void {
  const text = body.text ?? "";
  const length = charCount(text);
  if (length > TEMPLATE_LIMITS.bodyMaxChars) {
    add(
      `${at}.text`,
      "body_too_long",
      `${length} characters; the body may have at most ${TEMPLATE_LIMITS.bodyMaxChars}.`,
    );
  }
  if (/^\s/.test(text)) {
    add(`${at}.text`, "leading_space", "Remove the space or line break at the start of the body.");
  }
  if (/\n[^\S\n]*\n[^\S\n]*\n/.test(text)) {
    add(`${at}.text`, "consecutive_blank_lines", "Leave at most one empty line between paragraphs.");
  }
  if (/\S[^\S\n]{2,}(?=\S)/.test(text)) {
    add(`${at}.text`, "double_space", "Use a single space between words.");
  }
  const placeholders = placeholdersOf(text);
  if (!placeholders.every((n, i) => n === i + 1)) {
    const found = placeholders.map((n, i) => (n === null ? (text.match(PLACEHOLDER)?.[i] ?? "{{?}}") : `{{${n}}}`));
    add(
      `${at}.text`,
      "variables_not_sequential",
      `Number the variables {{1}}, {{2}}, ... in order, each once; found ${found.join(", ")}.`,
    );
  }
  const count = placeholders.length;
  if (count > 0) {
    const values = body.example?.body_text?.[0] ?? [];
    const missing: number[] = [];
    for (let n = 1; n <= count; n++) if (!values[n - 1]?.trim()) missing.push(n);
    if (missing.length > 0) {
      add(
        `${at}.example.body_text`,
        "sample_missing",
        `Give a sample value for ${missing.map((n) => `{{${n}}}`).join(", ")}.`,
      );
    }
  }
}

export function checkFooter(footer: TemplateFooter, at: string, add: Add, readable: string[]): void {
  const text = footer.text ?? "";
  readable.push(text);
  if (charCount(text) > TEMPLATE_LIMITS.footerMaxChars) {
    add(
      `${at}.text`,
      "footer_too_long",
      `${charCount(text)} characters; the footer may have at most ${TEMPLATE_LIMITS.footerMaxChars}.`,
    );
  }
  if (placeholdersOf(text).length > 0) {
    add(`${at}.text`, "variables_not_sequential", "A footer cannot contain variables.");
  }
}
