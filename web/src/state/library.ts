/** Things the composer offers: approved templates (rule I2) and the team's quick replies (rule I8). */
import { signal } from "@preact/signals";
import { api, type QuickReply, type Template } from "../api";
import { describeError } from "../errors";

interface Loadable<T> {
  status: "idle" | "loading" | "ready" | "error";
  items: T[];
  error: string | null;
}

export const templates = signal<Loadable<Template>>({ status: "idle", items: [], error: null });
export const quickReplies = signal<Loadable<QuickReply>>({ status: "idle", items: [], error: null });

export async function loadTemplates(force = false): Promise<void> {
  if (!force && (templates.value.status === "ready" || templates.value.status === "loading")) return;
  templates.value = { ...templates.value, status: "loading", error: null };
  try {
    templates.value = { status: "ready", items: (await api.templates()).templates, error: null };
  } catch (error) {
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
  quickReplies.value = { status: "idle", items: [], error: null };
  quickRepliesAt = 0;
}

/** The body text of a template and the number of its variables ({{1}}..{{n}}). */
export function templateBody(template: Template): { text: string; variables: number } {
  const body = template.components.find((c) => c.type === "BODY");
  const text = typeof body?.text === "string" ? body.text : "";
  let variables = 0;
  for (const match of text.matchAll(/\{\{(\d+)\}\}/g)) variables = Math.max(variables, Number(match[1]));
  return { text, variables };
}
