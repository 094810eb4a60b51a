/**
 * Measures of a template's text (T2): characters, `{{n}}` variables, emoji, shortened links, call-to-
 * action formats and sample kinds. Pure; exported for the web app's live preview and counters too.
 */
import { MB, type MediaHeaderFormat, SAMPLE_CONTENT_TYPES, SHORTENER_HOSTS } from "./template-draft";

/** Length in characters (Unicode code points). */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

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
const CTA_URL =
  /^https?:\/\/(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?(?:\/[^\s{}]*(?:\{\{1\}\})?)?$/i;
const CTA_URL_MAX = 2000;

/** T2: Indonesian national form starting with 8 (`81234567890`). */
export function isCtaPhone(phone: string): boolean {
  return CTA_PHONE.test(phone);
}

/**
 * T2: an http(s) URL with a real domain, optionally followed by the variable `{{1}}` at its very end
 * (after a `/`: `https://shop.example/{{1}}`, `https://shop.example/p?code={{1}}`). Issue 17: a static
 * link may have a path (`https://shop.example/promo`), as Meta accepts; Meta's limit is 2000 characters.
 */
export function isCtaUrl(url: string): boolean {
  return url.length <= CTA_URL_MAX && CTA_URL.test(url);
}

/** The kind of media header a content type can be the sample of, or null. */
export function sampleFormatOf(contentType: string): MediaHeaderFormat | null {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  for (const format of ["IMAGE", "VIDEO", "DOCUMENT"] as const) {
    if (SAMPLE_CONTENT_TYPES[format].includes(type)) return format;
  }
  return null;
}

export const mb = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;
