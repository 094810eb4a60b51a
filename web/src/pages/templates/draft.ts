/**
 * The template being written (rules T1, T2): the form's state, turned into Meta's `components` (the
 * body `POST /api/templates` takes) and checked by the very validator the API runs
 * (`worker/domain/template-rules.ts`), so the errors shown while typing are the API's own.
 */
import { effect, signal } from "@preact/signals";
import {
  type HeaderFormat,
  placeholdersOf,
  type SampleInfo,
  type TemplateButton,
  type TemplateComponent,
  type TemplateRuleError,
  validateTemplate,
} from "../../../../worker/domain/template-rules";
import type { Channel, TemplateCategory, UploadedMedia } from "../../api";
import { me } from "../../state/session";

export type HeaderChoice = "NONE" | HeaderFormat;
export type ButtonKind = TemplateButton["type"];

export interface ButtonDraft {
  key: number;
  type: ButtonKind;
  text: string;
  phone: string;
  url: string;
  example: string;
}

export interface MediaSample {
  file: File;
  /** An object URL of the chosen file, for the preview. */
  previewUrl: string;
  status: "uploading" | "ready" | "failed";
  uploaded: UploadedMedia | null;
  error: string | null;
}

export interface Draft {
  channelId: string;
  name: string;
  category: TemplateCategory;
  language: string;
  header: HeaderChoice;
  headerText: string;
  headerSample: string;
  media: MediaSample | null;
  body: string;
  bodySamples: string[];
  footer: string;
  buttons: ButtonDraft[];
}

/**
 * Rule T1: templates belong to a WhatsApp Business Account, so only WhatsApp numbers have them. The
 * organization's other channels (its website chat, email, ...) are neither offered nor chosen first.
 */
export const numbersWithTemplates = (channels: Channel[]): Channel[] => channels.filter((c) => c.kind === "whatsapp");

export const emptyDraft = (): Draft => ({
  channelId: "",
  name: "",
  category: "UTILITY",
  language: "id",
  header: "NONE",
  headerText: "",
  headerSample: "",
  media: null,
  body: "",
  bodySamples: [],
  footer: "",
  buttons: [],
});

/**
 * The draft lives outside the form: going to Settings > Security (to turn OTP on, say) and back
 * keeps what was typed. It is forgotten once submitted, or on reload.
 */
export const draftState = signal<Draft>(emptyDraft());

/** Starts a new draft, letting go of the old one's sample preview. */
export function forgetDraft() {
  const media = draftState.peek().media;
  if (media) URL.revokeObjectURL(media.previewUrl);
  draftState.value = emptyDraft();
}

// A draft belongs to one person in one organization: signing out or switching forgets it.
let owner: string | null = null;
effect(() => {
  const current = me.value;
  const key = current ? `${current.user?.id ?? ""}|${current.organization.id}` : "";
  if (owner !== null && key !== owner) forgetDraft();
  owner = key;
});

/** Where each part of the draft sits in `components` (paths of the validator's errors). */
export interface Layout {
  header: number | null;
  body: number;
  footer: number | null;
  buttons: number | null;
}

/** How many variables the body has, as the validator counts them (every placeholder). */
export const bodyVariableCount = (body: string) => placeholdersOf(body).length;

/** Meta's components for the draft, and where each one is. */
export function componentsOf(
  draft: Draft,
  handle = draft.media?.uploaded?.id,
): { components: TemplateComponent[]; layout: Layout } {
  const components: TemplateComponent[] = [];
  const layout: Layout = { header: null, body: 0, footer: null, buttons: null };
  if (draft.header === "TEXT") {
    layout.header = components.length;
    const hasVariable = placeholdersOf(draft.headerText).length > 0;
    components.push({
      type: "HEADER",
      format: "TEXT",
      text: draft.headerText,
      ...(hasVariable ? { example: { header_text: [draft.headerSample] } } : {}),
    });
  } else if (draft.header !== "NONE") {
    layout.header = components.length;
    components.push({
      type: "HEADER",
      format: draft.header,
      ...(handle ? { example: { header_handle: [handle] } } : {}),
    });
  }
  layout.body = components.length;
  const count = bodyVariableCount(draft.body);
  components.push({
    type: "BODY",
    text: draft.body,
    ...(count > 0
      ? { example: { body_text: [Array.from({ length: count }, (_, i) => draft.bodySamples[i] ?? "")] } }
      : {}),
  });
  if (draft.footer.trim()) {
    layout.footer = components.length;
    components.push({ type: "FOOTER", text: draft.footer });
  }
  if (draft.buttons.length > 0) {
    layout.buttons = components.length;
    components.push({
      type: "BUTTONS",
      buttons: draft.buttons.map((b): TemplateButton => {
        if (b.type === "PHONE_NUMBER") return { type: b.type, text: b.text, phone_number: b.phone };
        if (b.type === "URL") {
          return {
            type: b.type,
            text: b.text,
            url: b.url,
            ...(b.url.endsWith("{{1}}") ? { example: [b.example] } : {}),
          };
        }
        return { type: b.type, text: b.text };
      }),
    });
  }
  return { components, layout };
}

/** The fields of the form, each a place errors are shown. */
export type FieldKey =
  | "name"
  | "header.text"
  | "header.sample"
  | "header.media"
  | "body"
  | "body.samples"
  | "footer"
  | "buttons"
  | `button.${number}.text`
  | `button.${number}.phone`
  | `button.${number}.url`
  | `button.${number}.example`
  | "other";

/** Which field an error path (`components.2.buttons.0.url`) belongs to. */
export function fieldOf(path: string, layout: Layout, draft: Draft): FieldKey {
  if (path === "name") return "name";
  const m = /^components\.(\d+)(?:\.(.*))?$/.exec(path);
  if (!m) return "other";
  const index = Number(m[1]);
  const rest = m[2] ?? "";
  if (index === layout.header) {
    if (rest === "example.header_text") return "header.sample";
    if (rest === "example.header_handle") return "header.media";
    return "header.text";
  }
  if (index === layout.body) return rest.startsWith("example") ? "body.samples" : "body";
  if (index === layout.footer) return "footer";
  if (index === layout.buttons) {
    const b = /^buttons\.(\d+)\.(text|phone_number|url|example)$/.exec(rest);
    const button = b ? draft.buttons[Number(b[1])] : undefined;
    if (!b || !button) return "buttons";
    const part = b[2] === "phone_number" ? "phone" : (b[2] as "text" | "url" | "example");
    return `button.${button.key}.${part}`;
  }
  return "other";
}

export interface Checked {
  errors: TemplateRuleError[];
  byField: Map<FieldKey, string[]>;
  layout: Layout;
  components: TemplateComponent[];
}

/** Runs the API's validator on the draft; the errors are grouped by the field that shows them. */
export function checkDraft(
  draft: Draft,
  takenNames: readonly string[],
  extra: readonly TemplateRuleError[] = [],
): Checked {
  const { components, layout } = componentsOf(draft);
  const samples: Record<string, SampleInfo> = {};
  const uploaded = draft.media?.uploaded;
  if (uploaded) samples[uploaded.id] = { contentType: uploaded.mimeType, size: uploaded.size };
  const errors = validateTemplate(
    { name: draft.name, category: draft.category, language: draft.language, components },
    { takenNames, samples },
  );
  for (const e of extra) if (!errors.some((k) => k.path === e.path && k.code === e.code)) errors.push(e);
  const byField = new Map<FieldKey, string[]>();
  for (const error of errors) {
    const key = fieldOf(error.path, layout, draft);
    byField.set(key, [...(byField.get(key) ?? []), error.message]);
  }
  return { errors, byField, layout, components };
}

/**
 * The header sample's own problems before it is uploaded (kind and size, T2), by the same validator:
 * the file as it would be stored, under a stand-in handle.
 */
export function checkSampleFile(format: Exclude<HeaderFormat, "TEXT">, file: File): string | null {
  const handle = "chosen-file";
  const errors = validateTemplate(
    {
      name: "x",
      components: [
        { type: "HEADER", format, example: { header_handle: [handle] } },
        { type: "BODY", text: "x" },
      ],
    },
    { samples: { [handle]: { contentType: file.type || "application/octet-stream", size: file.size } } },
  );
  return errors.find((e) => e.path.startsWith("components.0"))?.message ?? null;
}
