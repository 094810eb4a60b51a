/** Things the composer offers: approved templates (rule I2) and the team's quick replies (rule I8). */
import { signal } from "@preact/signals";
import { templateNeeds } from "../../../worker/domain/template-send";
import { api, type QuickReply, type Template } from "../api";
import { describeError } from "../errors";

interface Loadable<T> {
  status: "idle" | "loading" | "ready" | "error";
  items: T[];
  error: string | null;
}

export const templates = signal<Loadable<Template>>({ status: "idle", items: [], error: null });
export const quickReplies = signal<Loadable<QuickReply>>({ status: "idle", items: [], error: null });

/**
 * Templates change when a review ends (T3), which is not pushed: they are fetched when the composer
 * needs them and again when older than a minute; the Templates page forces a reload on every change.
 */
let templatesAt = 0;
let templatesRequest = 0;
export async function loadTemplates(force = false): Promise<void> {
  const fresh = Date.now() - templatesAt < 60_000;
  if (!force && ((templates.value.status === "ready" && fresh) || templates.value.status === "loading")) return;
  const id = ++templatesRequest;
  // A reload keeps showing the list it replaces.
  if (templates.value.status !== "ready") templates.value = { ...templates.value, status: "loading", error: null };
  try {
    const items = (await api.templates()).templates;
    if (id !== templatesRequest) return;
    templates.value = { status: "ready", items, error: null };
    templatesAt = Date.now();
  } catch (error) {
    if (id !== templatesRequest) return;
    if (templates.value.status !== "ready")
      templates.value = { status: "error", items: [], error: describeError(error) };
  }
}

/** Quick replies change rarely; they are fetched when the composer first needs them, then every minute at most. */
let quickRepliesAt = 0;
export async function loadQuickReplies(force = false): Promise<void> {
  const fresh = Date.now() - quickRepliesAt < 60_000;
  if (!force && ((quickReplies.value.status === "ready" && fresh) || quickReplies.value.status === "loading")) return;
  quickReplies.value = { ...quickReplies.value, status: "loading", error: null };
  try {
    quickReplies.value = { status: "ready", items: (await api.quickReplies()).quickReplies, error: null };
    quickRepliesAt = Date.now();
  } catch (error) {
    quickReplies.value = { status: "error", items: [], error: describeError(error) };
  }
}

export function resetLibrary() {
  templates.value = { status: "idle", items: [], error: null };
  templatesAt = 0;
  templatesRequest++;
  quickReplies.value = { status: "idle", items: [], error: null };
  quickRepliesAt = 0;
}

/** The body text of a template and the number of its variables ({{1}}..{{n}}). */
export function templateBody(template: Template): { text: string; variables: number; samples: string[] } {
  const body = template.components.find((c) => c.type === "BODY");
  const text = typeof body?.text === "string" ? body.text : "";
  let variables = 0;
  for (const match of text.matchAll(/\{\{(\d+)\}\}/g)) variables = Math.max(variables, Number(match[1]));
  const example = (body?.example as { body_text?: unknown } | undefined)?.body_text;
  const first = Array.isArray(example) && Array.isArray(example[0]) ? (example[0] as unknown[]) : [];
  const samples = Array.from({ length: variables }, (_, i) => (typeof first[i] === "string" ? first[i] : ""));
  return { text, variables, samples };
}

const GREETING = /(?:^|\s)(?:hi|hello|hey|dear|halo|hai|kak|kakak|pak|bu|bapak|ibu|mas|mbak)[\s,]*$/i;

/**
 * Issue 17: a body variable that stands for the customer's name: its sample reads as a name (one to
 * three capitalised words, no digits) and it follows a greeting ("Hi {{1}}", "Halo Kak {{1}}").
 */
export function isNameVariable(text: string, sample: string, index: number): boolean {
  const at = text.indexOf(`{{${index + 1}}}`);
  if (at < 0 || !/^\p{Lu}[\p{L}'.-]*(?: \p{Lu}[\p{L}'.-]*){0,2}$/u.test(sample.trim())) return false;
  return GREETING.test(text.slice(Math.max(0, at - 24), at));
}

/** The optional parameters of a template send beyond the body's variables (rule T3). */
export interface TemplateExtras {
  headerVariables?: string[];
  buttonVariables?: string[];
}

export type TemplateHeader =
  | { kind: "none" }
  | { kind: "text"; text: string; variables: number }
  | { kind: "image" | "video" | "document" };

export interface TemplateButton {
  type: string;
  text: string;
  url: string | null;
  /** A URL button whose link ends in {{1}}: the sender gives the suffix. */
  takesSuffix: boolean;
}

/** A template's header, footer and buttons, read the way the API reads them for a send (rule T3). */
export function templateParts(template: Template): {
  header: TemplateHeader;
  footer: string;
  buttons: TemplateButton[];
} {
  const needs = templateNeeds(template.components);
  const header: TemplateHeader =
    needs.headerText !== null
      ? { kind: "text", text: needs.headerText, variables: needs.headerVariables }
      : needs.headerMedia
        ? { kind: needs.headerMedia.toLowerCase() as "image" | "video" | "document" }
        : { kind: "none" };
  const footer = template.components.find((c) => c.type === "FOOTER");
  const list = template.components.find((c) => c.type === "BUTTONS")?.buttons;
  const buttons = (Array.isArray(list) ? list : []).map((b: { type?: unknown; text?: unknown; url?: unknown }, i) => ({
    type: typeof b?.type === "string" ? b.type : "",
    text: typeof b?.text === "string" ? b.text : "",
    url: typeof b?.url === "string" ? b.url : null,
    takesSuffix: needs.urlButtonIndexes.includes(i),
  }));
  return { header, footer: typeof footer?.text === "string" ? footer.text : "", buttons };
}
