/**
 * Message template rules (T1, T2): the one validator, shared by the worker (POST /api/templates) and
 * the web app (errors shown while the admin types). Pure: no zod, no worker or DOM imports, so
 * `web/` can import it as it is. It returns EVERY failed rule at once, one entry per rule and
 * place, as `{path, code, message}` (the shape of a problem's `errors[]`), `code` naming the rule.
 *
 * The draft is Meta's `message_templates` format: components HEADER?, BODY, FOOTER?, BUTTONS?, each
 * with its `example`. Paths are the request body's (`components.1.text`), so the web app and the API
 * point at the same field.
 *
 * Choices where the rulebook leaves room (written down per PRODUCT.md):
 * - Characters are counted as Unicode code points (an emoji is one character, not two).
 * - `leading_space`: the body starts with any whitespace, a line break included.
 * - `consecutive_blank_lines`: one empty line between paragraphs is fine; two or more in a row
 *   (three line breaks, spaces between them ignored) are refused.
 * - `double_space`: two or more spaces (or tabs) between two words on a line.
 * - `variables_not_sequential`: the body's `{{n}}` must read {{1}}, {{2}}, ... in order, each once;
 *   a malformed placeholder (`{{name}}`, `{{ 1 }}`, `{{0}}`) counts as out of sequence. A text
 *   header takes at most {{1}}; a footer takes none (Meta's limits) - both reported under this code.
 * - `sample_missing`: every body and header variable needs a non-blank example value, a media
 *   header needs an uploaded sample of its kind (a sample of another kind counts as missing), and a
 *   URL button with a `{{1}}` suffix needs an example URL.
 * - `sample_too_large`: image <= 6 MB, video <= 10 MB (T2), document <= 100 MB (I10). Only checked
 *   when the caller knows the sample (the worker reads it from storage, the web app from the File).
 * - `shortened_link`: any link on a known shortener or link-in-bio host (SHORTENER_HOSTS), in the
 *   header, body, footer or a button.
 * - `too_many_emoji`: more than 5 emoji in everything the customer reads (header, body, footer,
 *   button labels); a flag, a keycap or a family is one emoji; (c), (r) and TM signs are not counted.
 * - `cta_phone_format`: Indonesian national form without 0 or +62: `8` then 8 to 11 digits. The
 *   worker adds the country code (62) when it submits to the provider.
 * - `cta_url_format`: `http(s)://host/` and at most the suffix `{{1}}`, nothing else after the domain.
 * - `too_many_buttons`: more than 10 buttons, more than 2 URL buttons or more than 1 phone button.
 * - `header_too_long`, `footer_too_long`, `button_text_too_long`: Meta's limits of 60, 60 and 25
 *   characters. They are rules here (not shape limits), so they are answered together with every
 *   other failed rule; the request schema only keeps a generous cap against abuse.
 */

export const TEMPLATE_RULE_CODES = [
  "name_format",
  "name_taken",
  "body_too_long",
  "leading_space",
  "consecutive_blank_lines",
  "double_space",
  "variables_not_sequential",
  "sample_missing",
  "sample_too_large",
  "shortened_link",
  "too_many_emoji",
  "cta_phone_format",
  "cta_url_format",
  "too_many_buttons",
  "header_too_long",
  "footer_too_long",
  "button_text_too_long",
] as const;
export type TemplateRuleCode = (typeof TEMPLATE_RULE_CODES)[number];

export interface TemplateRuleError {
  path: string;
  code: TemplateRuleCode;
  message: string;
}

export const TEMPLATE_CATEGORIES = ["MARKETING", "UTILITY", "AUTHENTICATION"] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

export const HEADER_FORMATS = ["TEXT", "IMAGE", "VIDEO", "DOCUMENT"] as const;
export type HeaderFormat = (typeof HEADER_FORMATS)[number];
export type MediaHeaderFormat = Exclude<HeaderFormat, "TEXT">;

export const BUTTON_TYPES = ["QUICK_REPLY", "PHONE_NUMBER", "URL"] as const;
export type ButtonType = (typeof BUTTON_TYPES)[number];

const MB = 1024 * 1024;

export const TEMPLATE_LIMITS = {
  nameMaxLength: 512,
  bodyMaxChars: 1024,
  maxEmoji: 5,
  maxButtons: 10,
  maxUrlButtons: 2,
  maxPhoneButtons: 1,
  headerMaxChars: 60,
  footerMaxChars: 60,
  buttonTextMaxChars: 25,
} as const;

/** Largest sample per media header kind, in bytes (T2; documents: I10). */
export const SAMPLE_MAX_BYTES: Record<MediaHeaderFormat, number> = {
  IMAGE: 6 * MB,
  VIDEO: 10 * MB,
  DOCUMENT: 100 * MB,
};

/** Content types a sample of each media header kind may have (Meta's template header types). */
export const SAMPLE_CONTENT_TYPES: Record<MediaHeaderFormat, readonly string[]> = {
  IMAGE: ["image/jpeg", "image/png"],
  VIDEO: ["video/mp4", "video/3gpp"],
  DOCUMENT: ["application/pdf"],
};

/** Link shorteners and link-in-bio hosts Meta rejects (seed 000 "bit.ly, linktree, etc"). */
export const SHORTENER_HOSTS: readonly string[] = [
  "bit.ly",
  "bitly.com",
  "bit.do",
  "linktr.ee",
  "lynk.id",
  "heylink.me",
  "taplink.cc",
  "bio.link",
  "linkin.bio",
  "beacons.ai",
  "tinyurl.com",
  "t.co",
  "goo.gl",
  "ow.ly",
  "is.gd",
  "v.gd",
  "buff.ly",
  "rebrand.ly",
  "cutt.ly",
  "s.id",
  "shorturl.at",
  "rb.gy",
  "t.ly",
  "tiny.cc",
  "lnkd.in",
  "bl.ink",
  "short.io",
  "shorte.st",
  "adf.ly",
  "soo.gd",
  "clck.ru",
];

export interface TemplateHeader {
  type: "HEADER";
  format: HeaderFormat;
  text?: string | undefined;
  example?: { header_text?: string[] | undefined; header_handle?: string[] | undefined } | undefined;
}
export interface TemplateBody {
  type: "BODY";
  text: string;
  example?: { body_text?: string[][] | undefined } | undefined;
}
export interface TemplateFooter {
  type: "FOOTER";
  text: string;
}
export type TemplateButton =
  | { type: "QUICK_REPLY"; text: string }
  | { type: "PHONE_NUMBER"; text: string; phone_number: string }
  | { type: "URL"; text: string; url: string; example?: string[] | undefined };
export interface TemplateButtons {
  type: "BUTTONS";
  buttons: TemplateButton[];
}
export type TemplateComponent = TemplateHeader | TemplateBody | TemplateFooter | TemplateButtons;

export interface TemplateDraft {
  name: string;
  category?: string | undefined;
  language?: string | undefined;
  components: TemplateComponent[];
}

/** What an uploaded sample is: the worker reads it from storage, the web app from the chosen File. */
export interface SampleInfo {
  contentType: string;
  size: number;
}

export interface TemplateRuleContext {
  /** Names already used on the template's channel account (`name_taken`). */
  takenNames?: Iterable<string>;
  /**
   * The samples the caller knows, by `header_handle`. When given, a handle missing from it is not an
   * uploaded file (`sample_missing`); when omitted, only the presence of a handle is checked.
   */
  samples?: Readonly<Record<string, SampleInfo | null | undefined>>;
}

// ---------------------------------------------------------------------------------------------
// Small pure helpers, exported for the web app's live preview and counters
// ---------------------------------------------------------------------------------------------

/** Length in characters (Unicode code points). */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

/** Every `{{...}}` placeholder in order: its number, or null when it is not a plain positive number. */
export function placeholdersOf(text: string): Array<number | null> {
  return [...text.matchAll(PLACEHOLDER)].map((m) => (/^[1-9]\d*$/.test(m[1] ?? "") ? Number(m[1]) : null));
}

/** The number of variables a text declares ({{1}}..{{n}}): the highest number used. */
export function variableCountOf(text: string): number {
  return placeholdersOf(text).reduce<number>((max, n) => Math.max(max, n ?? 0), 0);
}

/** True when the placeholders read {{1}}, {{2}}, ..., {{k}} exactly (none is fine). */
export function variablesInSequence(text: string): boolean {
  return placeholdersOf(text).every((n, i) => n === i + 1);
}

const TEXT_SYMBOLS = new Set(["\u00a9", "\u00ae", "\u2122"]);
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;
const segmenter = typeof Intl !== "undefined" && "Segmenter" in Intl ? new Intl.Segmenter() : null;

/** Emoji in a text, a grapheme (flag, keycap, family, skin tone) counting once. */
export function emojiCount(text: string): number {
  const graphemes = segmenter ? [...segmenter.segment(text)].map((s) => s.segment) : [...text];
  return graphemes.filter((g) => EMOJI.test(g) && !TEXT_SYMBOLS.has(g)).length;
}

/** Every dotted host-like run of letters, digits and hyphens (`bit.ly` in `info:bit.ly/x`). */
const HOST_LIKE = /[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

/**
 * The shortener hosts a text links to, lower-cased, without repeats (rule T2). Hosts are found
 * anywhere in the text, whatever is glued before them (`info:bit.ly/x`, `(bit.ly/x)`, `>>s.id/x`).
 */
export function shortenedLinksIn(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(HOST_LIKE)) {
    const host = match[0]
      .toLowerCase()
      .replace(/^-+|-+$/g, "")
      .replace(/^www\./, "");
    const hit = SHORTENER_HOSTS.find((s) => host === s || host.endsWith(`.${s}`));
    if (hit && !found.includes(hit)) found.push(hit);
  }
  return found;
}

const CTA_PHONE = /^8\d{8,11}$/;
const CTA_URL = /^https?:\/\/(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?:\/|\/\{\{1\}\})?$/i;

/** T2: Indonesian national form starting with 8 (`81234567890`). */
export function isCtaPhone(phone: string): boolean {
  return CTA_PHONE.test(phone);
}

/** T2: a URL given up to the domain, optionally followed by the variable suffix `/{{1}}`. */
export function isCtaUrl(url: string): boolean {
  return CTA_URL.test(url);
}

/** The kind of media header a content type can be the sample of, or null. */
export function sampleFormatOf(contentType: string): MediaHeaderFormat | null {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  for (const format of ["IMAGE", "VIDEO", "DOCUMENT"] as const) {
    if (SAMPLE_CONTENT_TYPES[format].includes(type)) return format;
  }
  return null;
}

const mb = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

// ---------------------------------------------------------------------------------------------
// The validator
// ---------------------------------------------------------------------------------------------

/** Checks a draft against every rule of T1/T2; an empty list means it may be submitted. */
export function validateTemplate(draft: TemplateDraft, context: TemplateRuleContext = {}): TemplateRuleError[] {
  const errors: TemplateRuleError[] = [];
  const add = (path: string, code: TemplateRuleCode, message: string) => {
    if (!errors.some((e) => e.path === path && e.code === code)) errors.push({ path, code, message });
  };

  // Name (T1): lowercase letters, digits and underscores; unique on the channel account.
  const name = draft.name ?? "";
  if (!/^[a-z0-9_]+$/.test(name) || name.length > TEMPLATE_LIMITS.nameMaxLength) {
    add("name", "name_format", "Use lowercase letters, digits and underscores only, e.g. order_update.");
  } else if (context.takenNames && [...context.takenNames].includes(name)) {
    add("name", "name_taken", "This channel already has a template with this name. Pick another name.");
  }

  const readable: string[] = [];
  let buttonCount = 0;
  draft.components.forEach((component, i) => {
    const at = `components.${i}`;
    switch (component.type) {
      case "HEADER":
        checkHeader(component, at, context, add, readable);
        break;
      case "BODY":
        checkBody(component, at, add);
        readable.push(component.text ?? "");
        break;
      case "FOOTER":
        readable.push(component.text ?? "");
        if (charCount(component.text ?? "") > TEMPLATE_LIMITS.footerMaxChars) {
          add(
            `${at}.text`,
            "footer_too_long",
            `${charCount(component.text ?? "")} characters; the footer may have at most ${TEMPLATE_LIMITS.footerMaxChars}.`,
          );
        }
        if (placeholdersOf(component.text ?? "").length > 0) {
          add(`${at}.text`, "variables_not_sequential", "A footer cannot contain variables.");
        }
        break;
      case "BUTTONS":
        buttonCount += component.buttons.length;
        checkButtons(component, at, add, readable);
        break;
    }
  });

  // Links and emoji: everything the customer reads.
  const everything = readable.join("\n");
  const shorteners = shortenedLinksIn(everything);
  if (shorteners.length > 0) {
    add(
      pathOfText(draft, (t) => shortenedLinksIn(t).length > 0),
      "shortened_link",
      `Shortened links are rejected (${shorteners.join(", ")}). Use the full link, or put it in a variable.`,
    );
  }
  const emoji = emojiCount(everything);
  if (emoji > TEMPLATE_LIMITS.maxEmoji) {
    add(
      pathOfText(draft, (t) => emojiCount(t) > 0),
      "too_many_emoji",
      `${emoji} emoji; a template may have at most ${TEMPLATE_LIMITS.maxEmoji}.`,
    );
  }
  if (buttonCount > TEMPLATE_LIMITS.maxButtons) {
    const i = draft.components.findIndex((c) => c.type === "BUTTONS");
    add(
      `components.${i}.buttons`,
      "too_many_buttons",
      `${buttonCount} buttons; at most ${TEMPLATE_LIMITS.maxButtons}.`,
    );
  }
  return errors;
}

type Add = (path: string, code: TemplateRuleCode, message: string) => void;

function checkHeader(
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

function checkBody(body: TemplateBody, at: string, add: Add): void {
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

function checkButtons(component: TemplateButtons, at: string, add: Add, readable: string[]): void {
  const urls = component.buttons.filter((b) => b.type === "URL").length;
  const phones = component.buttons.filter((b) => b.type === "PHONE_NUMBER").length;
  if (urls > TEMPLATE_LIMITS.maxUrlButtons) {
    add(`${at}.buttons`, "too_many_buttons", `${urls} URL buttons; at most ${TEMPLATE_LIMITS.maxUrlButtons}.`);
  }
  if (phones > TEMPLATE_LIMITS.maxPhoneButtons) {
    add(`${at}.buttons`, "too_many_buttons", `${phones} phone buttons; at most ${TEMPLATE_LIMITS.maxPhoneButtons}.`);
  }
  component.buttons.forEach((button, j) => {
    const bt = `${at}.buttons.${j}`;
    readable.push(button.text ?? "");
    if (charCount(button.text ?? "") > TEMPLATE_LIMITS.buttonTextMaxChars) {
      add(
        `${bt}.text`,
        "button_text_too_long",
        `${charCount(button.text ?? "")} characters; a button label may have at most ${TEMPLATE_LIMITS.buttonTextMaxChars}.`,
      );
    }
    if (button.type === "PHONE_NUMBER" && !isCtaPhone(button.phone_number ?? "")) {
      add(
        `${bt}.phone_number`,
        "cta_phone_format",
        "Write the number in Indonesian national form starting with 8, without 0 or +62, e.g. 81234567890.",
      );
    }
    if (button.type === "URL") {
      const url = button.url ?? "";
      readable.push(url);
      if (!isCtaUrl(url)) {
        add(
          `${bt}.url`,
          "cta_url_format",
          "Give the URL up to the domain, e.g. https://example.com/, optionally followed by the variable {{1}}.",
        );
      } else if (url.endsWith("{{1}}") && !button.example?.[0]?.trim()) {
        add(`${bt}.example`, "sample_missing", "Give a sample full URL for the button's variable {{1}}.");
      }
    }
  });
}

/** The path of the first text field matching `test` (for rules judged over the whole template). */
function pathOfText(draft: TemplateDraft, test: (text: string) => boolean): string {
  for (const [i, c] of draft.components.entries()) {
    if (c.type === "BUTTONS") {
      for (const [j, b] of c.buttons.entries()) {
        if (test(b.text ?? "")) return `components.${i}.buttons.${j}.text`;
        if (b.type === "URL" && test(b.url ?? "")) return `components.${i}.buttons.${j}.url`;
      }
    } else if (test(c.text ?? "")) {
      return `components.${i}.text`;
    }
  }
  return "components";
}

// ---------------------------------------------------------------------------------------------
// WhatsApp formatting, for the web app's live preview
// ---------------------------------------------------------------------------------------------

export interface PreviewSegment {
  text: string;
  bold: boolean;
  italic: boolean;
  strike: boolean;
  /** The variable number when this segment is a `{{n}}` placeholder (or its sample value). */
  variable: number | null;
}

const STYLE_OF = { "*": "bold", _: "italic", "~": "strike" } as const;
type Style = (typeof STYLE_OF)[keyof typeof STYLE_OF];

/**
 * Splits a template text into styled runs as WhatsApp shows it: `*bold*`, `_italic_`, `~strike~`
 * (the marks hug the words and stay on one line; the marks themselves are hidden), and `{{n}}`
 * placeholders as their own runs, replaced by `values[n-1]` when given. Line breaks stay in `text`.
 */
export function previewSegments(text: string, values: readonly string[] = []): PreviewSegment[] {
  const n = text.length;
  const hidden = new Array<boolean>(n).fill(false);
  const styles: Record<Style, boolean[]> = {
    bold: new Array<boolean>(n).fill(false),
    italic: new Array<boolean>(n).fill(false),
    strike: new Array<boolean>(n).fill(false),
  };
  for (const [mark, style] of Object.entries(STYLE_OF) as [keyof typeof STYLE_OF, Style][]) {
    const m = mark === "*" ? "\\*" : mark;
    const pattern = new RegExp(
      `(?<![\\p{L}\\p{N}])${m}(?=[^\\s${m}])([^\\n${m}]*?[^\\s${m}])${m}(?![\\p{L}\\p{N}])`,
      "gu",
    );
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length - 1;
      hidden[start] = true;
      hidden[end] = true;
      for (let k = start + 1; k < end; k++) styles[style][k] = true;
    }
  }
  const variableAt = new Array<number | null>(n).fill(null);
  const variableStart = new Array<boolean>(n).fill(false);
  for (const match of text.matchAll(/\{\{([1-9]\d*)\}\}/g)) {
    variableStart[match.index] = true;
    for (let k = match.index; k < match.index + match[0].length; k++) variableAt[k] = Number(match[1]);
  }
  const segments: PreviewSegment[] = [];
  for (let k = 0; k < n; k++) {
    if (hidden[k]) continue;
    const variable = variableAt[k] ?? null;
    const style = {
      bold: styles.bold[k] ?? false,
      italic: styles.italic[k] ?? false,
      strike: styles.strike[k] ?? false,
    };
    if (variable !== null) {
      if (!variableStart[k]) continue;
      const value = values[variable - 1];
      segments.push({ text: value?.trim() ? value : `{{${variable}}}`, ...style, variable });
      continue;
    }
    const last = segments[segments.length - 1];
    if (
      last &&
      last.variable === null &&
      last.bold === style.bold &&
      last.italic === style.italic &&
      last.strike === style.strike &&
      !variableStart[k]
    ) {
      last.text += text[k];
    } else {
      segments.push({ text: text[k] ?? "", ...style, variable: null });
    }
  }
  return segments;
}
