/**
 * Rule I13: the web app speaks Bahasa Indonesia and English. `t()` takes the English sentence itself
 * as the message id (with {named} placeholders) and answers it in the current language; a sentence
 * the Indonesian dictionary does not have yet stays English (the fallback is deliberate: an
 * untranslated screen still works). The language is a signal: the person's saved choice, else the
 * browser's (navigator.languages: id* -> id), else English; `<html lang>` follows it.
 */
import { computed, effect, signal } from "@preact/signals";
import { ID } from "./id";

export type Language = "en" | "id";
export type Vars = Record<string, string | number>;

/** The page's globals, typed here so this module also runs in the worker tests (no DOM there). */
const page = globalThis as {
  navigator?: { languages?: readonly string[] };
  document?: { documentElement: { lang: string } };
};

/** The language this person saved on the profile page (set from /api/me by state/preferences.ts). */
export const savedLanguage = signal<Language | null>(null);

/** The first of the browser's languages that the app speaks; `null` when none is. */
export function browserLanguage(languages: readonly string[] = page.navigator?.languages ?? []): Language | null {
  for (const tag of languages) {
    const base = tag.toLowerCase().split("-")[0];
    if (base === "id" || base === "in") return "id";
    if (base === "en") return "en";
  }
  return null;
}

export const language = computed<Language>(() => savedLanguage.value ?? browserLanguage() ?? "en");

/** The locale dates and times are written in: Indonesian, or English as the browser tests expect it. */
/** Rule I13: the organization's time zone (from /api/me); every date and time is shown in it. */
export const timeZone = signal<string | undefined>(undefined);

export const locale = computed(() => (language.value === "id" ? "id-ID" : "en-US"));

const fill = (text: string, vars?: Vars): string =>
  vars ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole)) : text;

/** `message` (English, the id) in the current language, with its {placeholders} filled from `vars`. */
export function t(message: string, vars?: Vars): string {
  const text = language.value === "id" ? (ID[message] ?? message) : message;
  return fill(text, vars);
}

effect(() => {
  if (page.document) page.document.documentElement.lang = language.value;
});
