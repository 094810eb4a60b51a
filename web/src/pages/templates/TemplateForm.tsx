/**
 * Submitting a template (rules T1-T4): the form, a live WhatsApp preview, and every T2 rule checked
 * as the admin types by the API's own validator (see draft.ts). Submission asks for the emailed
 * code when template OTP is on and the category is MARKETING or UTILITY (T4), and shows whatever
 * the API still refuses next to the field it names.
 */
import type { ComponentChildren } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import {
  charCount,
  emojiCount,
  type MediaHeaderFormat,
  TEMPLATE_LIMITS,
  TEMPLATE_RULE_CODES,
  type TemplateRuleError,
} from "../../../../worker/domain/template-rules";
import { ApiError, api, type Channel, type Template, type TemplateCategory } from "../../api";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { Link } from "../../components/Link";
import { OtpDialog } from "../../components/OtpDialog";
import { Empty, Failed, Loading } from "../../components/States";
import { describeError } from "../../errors";
import { fileSize } from "../../format";
import { navigate } from "../../router";
import { loadTemplates } from "../../state/library";
import { focusFirstInvalid } from "../../validate";
import {
  type ButtonDraft,
  type ButtonKind,
  bodyVariableCount,
  checkDraft,
  checkSampleFile,
  type Draft,
  draftState,
  emptyDraft,
  type FieldKey,
  type HeaderChoice,
} from "./draft";
import { CATEGORY_LABELS, flash, LANGUAGES } from "./labels";
import { WhatsAppPreview } from "./Preview";

const CATEGORY_HINTS: Record<TemplateCategory, string> = {
  MARKETING: "Offers, news, invitations: anything that promotes.",
  UTILITY: "About something the customer already started: an order, a booking, an account.",
  AUTHENTICATION: "One-time codes that let customers sign in or verify.",
};

const HEADER_CHOICES: { value: HeaderChoice; label: string }[] = [
  { value: "NONE", label: "None" },
  { value: "TEXT", label: "Text" },
  { value: "IMAGE", label: "Image" },
  { value: "VIDEO", label: "Video" },
  { value: "DOCUMENT", label: "Document" },
];

const ACCEPT: Record<MediaHeaderFormat, string> = {
  IMAGE: "image/jpeg,image/png",
  VIDEO: "video/mp4,video/3gpp",
  DOCUMENT: "application/pdf",
};
const SAMPLE_WORDS: Record<MediaHeaderFormat, string> = {
  IMAGE: "A JPEG or PNG image, at most 6 MB.",
  VIDEO: "An MP4 or 3GP video, at most 10 MB.",
  DOCUMENT: "A PDF document, at most 100 MB.",
};

const BUTTON_KINDS: { type: ButtonKind; label: string }[] = [
  { type: "QUICK_REPLY", label: "Quick reply" },
  { type: "PHONE_NUMBER", label: "Call a phone number" },
  { type: "URL", label: "Visit a website" },
];

const RULE_CODES = new Set<string>(TEMPLATE_RULE_CODES);

let buttonKeys = 0;

export function TemplateForm() {
  const id = useId();
  const draft = draftState.value;
  const form = useRef<HTMLFormElement>(null);
  const body = useRef<HTMLTextAreaElement>(null);
  const [channels, setChannels] = useState<{
    status: "loading" | "ready" | "error";
    list: Channel[];
    error: string | null;
  }>({ status: "loading", list: [], error: null });
  const [existing, setExisting] = useState<Template[]>([]);
  const [otpOn, setOtpOn] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<FieldKey>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<TemplateRuleError[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [otpOpen, setOtpOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setChannels((c) => ({ ...c, status: "loading", error: null }));
    api
      .channels()
      .then(({ channels: list }) => {
        if (cancelled) return;
        const usable = list.filter((c) => c.connected);
        setChannels({ status: "ready", list: usable, error: null });
        const first = usable[0];
        if (first && !usable.some((c) => c.id === draftState.value.channelId)) {
          draftState.value = { ...draftState.value, channelId: first.id };
        }
      })
      .catch((error) => !cancelled && setChannels({ status: "error", list: [], error: describeError(error) }));
    // Names already used (T1: unique per number), and whether OTP is on (T4). Either may fail
    // quietly: the API checks both again on submission.
    api
      .templates()
      .then((r) => !cancelled && setExisting(r.templates))
      .catch(() => {});
    api
      .securitySettings()
      .then((s) => !cancelled && setOtpOn(s.templateOtp))
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  const update = (patch: Partial<Draft>, field?: FieldKey) => {
    draftState.value = { ...draftState.value, ...patch };
    setServerErrors([]);
    setFormError(null);
    if (field && !touched.has(field)) setTouched(new Set([...touched, field]));
  };
  const touch = (field: FieldKey) => {
    if (!touched.has(field)) setTouched(new Set([...touched, field]));
  };

  const takenNames = existing.filter((t) => t.channelId === draft.channelId).map((t) => t.name);
  const checked = checkDraft(draft, takenNames, serverErrors);
  const shown = (field: FieldKey): string[] | undefined => {
    if (!attempted && !touched.has(field)) return undefined;
    if (field === "header.media" && draft.media?.status === "uploading") return undefined;
    if (field === "header.media" && draft.media?.status === "failed" && draft.media.error) return [draft.media.error];
    return checked.byField.get(field);
  };
  const otpNeeded = otpOn && (draft.category === "MARKETING" || draft.category === "UTILITY");
  const variables = bodyVariableCount(draft.body);
  const bodyLength = charCount(draft.body);
  const readable = [draft.headerText, draft.body, draft.footer, ...draft.buttons.map((b) => b.text)].join("\n");
  const emoji = emojiCount(readable);

  // ---- body editing helpers: WhatsApp's marks around the selection, the next variable at the cursor

  const setBody = (text: string, selection?: [number, number]) => {
    update({ body: text }, "body");
    if (selection) {
      requestAnimationFrame(() => {
        body.current?.focus();
        body.current?.setSelectionRange(selection[0], selection[1]);
      });
    }
  };
  const wrap = (mark: string) => {
    const el = body.current;
    if (!el) return;
    const { selectionStart: a, selectionEnd: b, value } = el;
    const selected = value.slice(a, b) || "text";
    setBody(`${value.slice(0, a)}${mark}${selected}${mark}${value.slice(b)}`, [a + 1, a + 1 + selected.length]);
  };
  const addVariable = () => {
    const el = body.current;
    const value = draft.body;
    const at = el ? el.selectionEnd : value.length;
    const token = `{{${variables + 1}}}`;
    setBody(`${value.slice(0, at)}${token}${value.slice(at)}`, [at + token.length, at + token.length]);
  };

  // ---- header sample

  const chooseFile = async (file: File | null) => {
    const previous = draftState.value.media;
    if (previous) URL.revokeObjectURL(previous.previewUrl);
    if (!file || draft.header === "NONE" || draft.header === "TEXT") {
      update({ media: null }, "header.media");
      return;
    }
    const format = draft.header;
    const base = { file, previewUrl: URL.createObjectURL(file), uploaded: null };
    const problem = checkSampleFile(format, file);
    if (problem) {
      update({ media: { ...base, status: "failed", error: problem } }, "header.media");
      return;
    }
    update({ media: { ...base, status: "uploading", error: null } }, "header.media");
    try {
      const uploaded = await api.uploadTemplateSample(file);
      if (draftState.value.media?.file !== file) return;
      draftState.value = { ...draftState.value, media: { ...base, status: "ready", uploaded, error: null } };
    } catch (error) {
      if (draftState.value.media?.file !== file) return;
      const words =
        error instanceof ApiError && (error.code === "unsupported_media_type" || error.code === "sample_too_large")
          ? error.detail
          : describeError(error);
      draftState.value = { ...draftState.value, media: { ...base, status: "failed", error: words } };
    }
  };

  // ---- buttons

  const setButton = (key: number, patch: Partial<ButtonDraft>, field?: FieldKey) =>
    update({ buttons: draft.buttons.map((b) => (b.key === key ? { ...b, ...patch } : b)) }, field);
  const addButton = (type: ButtonKind) =>
    update(
      { buttons: [...draft.buttons, { key: ++buttonKeys, type, text: "", phone: "", url: "", example: "" }] },
      "buttons",
    );
  const removeButton = (key: number) => update({ buttons: draft.buttons.filter((b) => b.key !== key) }, "buttons");

  // ---- submission

  const finish = (created: Template) => {
    if (draft.media) URL.revokeObjectURL(draft.media.previewUrl);
    draftState.value = emptyDraft();
    flash.value = `${created.name} was submitted. WhatsApp reviews it; its status below updates by itself.`;
    void loadTemplates(true);
    navigate("/templates");
  };

  const failed = (error: unknown) => {
    if (error instanceof ApiError && error.code === "validation_failed") {
      const rules = error.errors.filter((e): e is TemplateRuleError => RULE_CODES.has(e.code) || e.path !== "");
      setServerErrors(rules);
      setAttempted(true);
      setFormError("WhatsApp would not accept this template yet. Fix what is marked below.");
      focusFirstInvalid(form.current);
      return;
    }
    if (error instanceof ApiError && error.code === "otp_required") {
      // Template OTP was switched on meanwhile: ask for the code now.
      setOtpOn(true);
      setOtpOpen(true);
      return;
    }
    setFormError(describeError(error));
  };

  const send = async (otpCode?: string) => {
    const { components } = checked;
    const created = await api.createTemplate({
      channelId: draft.channelId,
      name: draft.name,
      category: draft.category,
      language: draft.language,
      components: components as Parameters<typeof api.createTemplate>[0]["components"],
      ...(otpCode ? { otpCode } : {}),
    });
    finish(created);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setAttempted(true);
    setFormError(null);
    if (draft.media?.status === "uploading") {
      setFormError("Wait until the header sample has finished uploading.");
      return;
    }
    if (checked.errors.length > 0) {
      focusFirstInvalid(form.current);
      return;
    }
    if (otpNeeded) {
      setOtpOpen(true);
      return;
    }
    setBusy(true);
    try {
      await send();
    } catch (error) {
      failed(error);
    } finally {
      setBusy(false);
    }
  };

  if (channels.status === "loading")
    return (
      <Shell>
        <Loading label="Loading…" />
      </Shell>
    );
  if (channels.status === "error") {
    return (
      <Shell>
        <Failed message={channels.error ?? ""} onRetry={() => setAttempt((n) => n + 1)} />
      </Shell>
    );
  }
  if (channels.list.length === 0) {
    return (
      <Shell>
        <Empty icon="plug" title="Connect a WhatsApp number first">
          Templates belong to a WhatsApp number. Connect one in Admin › Channels, then come back.
        </Empty>
      </Shell>
    );
  }

  const problems = checked.errors.length;
  const mediaFormat = draft.header !== "NONE" && draft.header !== "TEXT" ? draft.header : null;

  return (
    <Shell>
      <form ref={form} class="template-editor" onSubmit={submit} aria-label="New template" noValidate>
        <div class="editor-fields">
          {formError && <Alert tone="error">{formError}</Alert>}

          <section class="admin-card" aria-labelledby={`${id}-basics`}>
            <h2 id={`${id}-basics`}>Basics</h2>
            <div class="form-grid">
              <div class="field">
                <label for={`${id}-channel`}>WhatsApp number</label>
                <select
                  id={`${id}-channel`}
                  value={draft.channelId}
                  onChange={(event) => update({ channelId: event.currentTarget.value }, "name")}
                >
                  {channels.list.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name} ({c.displayPhoneNumber})
                    </option>
                  ))}
                </select>
              </div>
              <TextField
                id={`${id}-name`}
                label="Name"
                value={draft.name}
                onInput={(v) => update({ name: v }, "name")}
                onBlur={() => touch("name")}
                errors={shown("name")}
                hint="Lowercase letters, digits and underscores, e.g. order_update. Unique on this number."
                maxLength={512}
                mono
              />
              <div class="field">
                <label for={`${id}-category`}>Category</label>
                <select
                  id={`${id}-category`}
                  value={draft.category}
                  aria-describedby={`${id}-category-hint`}
                  onChange={(event) => update({ category: event.currentTarget.value as TemplateCategory })}
                >
                  {(Object.keys(CATEGORY_LABELS) as TemplateCategory[]).map((c) => (
                    <option key={c} value={c}>
                      {CATEGORY_LABELS[c]}
                    </option>
                  ))}
                </select>
                <p id={`${id}-category-hint`} class="field-hint">
                  {CATEGORY_HINTS[draft.category]}
                </p>
              </div>
              <div class="field">
                <label for={`${id}-language`}>Language</label>
                <select
                  id={`${id}-language`}
                  value={draft.language}
                  onChange={(event) => update({ language: event.currentTarget.value })}
                >
                  {LANGUAGES.map((l) => (
                    <option key={l.code} value={l.code}>
                      {l.label} ({l.code})
                    </option>
                  ))}
                </select>
              </div>
            </div>
          </section>

          <section class="admin-card" aria-labelledby={`${id}-header`}>
            <h2 id={`${id}-header`}>
              Header <span class="optional">optional</span>
            </h2>
            <fieldset class="choice-row">
              <legend class="visually-hidden">Header type</legend>
              {HEADER_CHOICES.map((h) => (
                <label key={h.value} class={draft.header === h.value ? "selected" : ""}>
                  <input
                    type="radio"
                    name={`${id}-header-kind`}
                    value={h.value}
                    checked={draft.header === h.value}
                    onChange={() => {
                      if (draft.media) URL.revokeObjectURL(draft.media.previewUrl);
                      update({ header: h.value, media: null });
                    }}
                  />
                  <span>{h.label}</span>
                </label>
              ))}
            </fieldset>
            {draft.header === "TEXT" && (
              <>
                <TextField
                  id={`${id}-header-text`}
                  label="Header text"
                  value={draft.headerText}
                  onInput={(v) => update({ headerText: v }, "header.text")}
                  errors={shown("header.text")}
                  hint="At most 60 characters, with at most one variable {{1}}."
                  maxLength={60}
                />
                {/\{\{/.test(draft.headerText) && (
                  <TextField
                    id={`${id}-header-sample`}
                    label="Sample for the header's {{1}}"
                    value={draft.headerSample}
                    onInput={(v) => update({ headerSample: v }, "header.sample")}
                    errors={shown("header.sample")}
                    maxLength={200}
                  />
                )}
              </>
            )}
            {mediaFormat && (
              <div class={`field${shown("header.media") ? " field-invalid" : ""}`}>
                <label for={`${id}-sample`}>Sample {mediaFormat.toLowerCase()}</label>
                <input
                  id={`${id}-sample`}
                  class="file-input"
                  type="file"
                  accept={ACCEPT[mediaFormat]}
                  aria-invalid={shown("header.media") ? "true" : undefined}
                  aria-describedby={`${id}-sample-hint`}
                  onChange={(event) => void chooseFile(event.currentTarget.files?.[0] ?? null)}
                />
                <p id={`${id}-sample-hint`} class="field-hint">
                  {SAMPLE_WORDS[mediaFormat]} WhatsApp's reviewers see it; customers get the file you send later.
                </p>
                {draft.media && (
                  <p class="sample-status" role="status">
                    {draft.media.status === "uploading" ? (
                      <>
                        <span class="spinner spinner-xs" aria-hidden="true" /> Uploading {draft.media.file.name}…
                      </>
                    ) : draft.media.status === "ready" ? (
                      <>
                        <Icon name="check" size={16} /> {draft.media.file.name} ({fileSize(draft.media.file.size)})
                        uploaded.
                      </>
                    ) : null}
                  </p>
                )}
                <Errors id={`${id}-sample-error`} errors={shown("header.media")} />
              </div>
            )}
          </section>

          <section class="admin-card" aria-labelledby={`${id}-body`}>
            <h2 id={`${id}-body`}>Message</h2>
            <div class={`field${shown("body") ? " field-invalid" : ""}`}>
              <div class="body-label-row">
                <label for={`${id}-body-text`}>Body</label>
                <div class="format-bar" role="toolbar" aria-label="Formatting">
                  <button
                    type="button"
                    class="format-button"
                    onClick={() => wrap("*")}
                    aria-label="Bold"
                    title="Bold: *text*"
                  >
                    <strong>B</strong>
                  </button>
                  <button
                    type="button"
                    class="format-button"
                    onClick={() => wrap("_")}
                    aria-label="Italic"
                    title="Italic: _text_"
                  >
                    <em>I</em>
                  </button>
                  <button
                    type="button"
                    class="format-button"
                    onClick={() => wrap("~")}
                    aria-label="Strikethrough"
                    title="Strikethrough: ~text~"
                  >
                    <s>S</s>
                  </button>
                  <button type="button" class="format-button format-variable" onClick={addVariable}>
                    <Icon name="plus" size={14} />
                    Variable
                  </button>
                </div>
              </div>
              <textarea
                ref={body}
                id={`${id}-body-text`}
                rows={7}
                value={draft.body}
                onInput={(event) => update({ body: event.currentTarget.value }, "body")}
                aria-invalid={shown("body") ? "true" : undefined}
                aria-describedby={`${id}-body-hint${shown("body") ? ` ${id}-body-error` : ""}`}
                placeholder="Hi {{1}}, your order *{{2}}* has shipped."
              />
              <p id={`${id}-body-hint`} class="field-hint counters">
                <span>
                  *bold*, _italic_, ~strikethrough~; variables {"{{1}}"}, {"{{2}}"}, … in order.
                </span>
                <span class={bodyLength > TEMPLATE_LIMITS.bodyMaxChars ? "over" : ""}>
                  {bodyLength} / {TEMPLATE_LIMITS.bodyMaxChars} characters
                </span>
                <span class={emoji > TEMPLATE_LIMITS.maxEmoji ? "over" : ""}>
                  {emoji} / {TEMPLATE_LIMITS.maxEmoji} emoji
                </span>
              </p>
              <Errors id={`${id}-body-error`} errors={shown("body")} />
            </div>
            {variables > 0 && (
              <fieldset class="samples">
                <legend>Samples for the variables</legend>
                <p class="field-hint">WhatsApp's reviewers read the message with these; they are not sent.</p>
                <div class="form-grid">
                  {Array.from({ length: variables }, (_, i) => (
                    <TextField
                      key={i}
                      id={`${id}-sample-${i}`}
                      label={`Sample for {{${i + 1}}}`}
                      value={draft.bodySamples[i] ?? ""}
                      onInput={(v) => {
                        const next = [...draft.bodySamples];
                        next[i] = v;
                        update({ bodySamples: next }, "body.samples");
                      }}
                      maxLength={200}
                    />
                  ))}
                </div>
                <Errors id={`${id}-samples-error`} errors={shown("body.samples")} />
              </fieldset>
            )}
            <TextField
              id={`${id}-footer`}
              label="Footer (optional)"
              value={draft.footer}
              onInput={(v) => update({ footer: v }, "footer")}
              errors={shown("footer")}
              hint="Small grey text under the message, at most 60 characters, no variables."
              maxLength={60}
            />
          </section>

          <section class="admin-card" aria-labelledby={`${id}-buttons`}>
            <h2 id={`${id}-buttons`}>
              Buttons <span class="optional">optional</span>
            </h2>
            <p class="muted small">
              Up to {TEMPLATE_LIMITS.maxButtons}: quick replies, one phone number and two websites at most.
            </p>
            {draft.buttons.length > 0 && (
              <ol class="button-drafts">
                {draft.buttons.map((b, index) => (
                  <li key={b.key} class="button-draft">
                    <div class="button-draft-head">
                      <span class="tag">
                        {index + 1}. {BUTTON_KINDS.find((k) => k.type === b.type)?.label}
                      </span>
                      <button
                        type="button"
                        class="icon-button icon-button-small"
                        onClick={() => removeButton(b.key)}
                        aria-label={`Remove button ${index + 1}`}
                      >
                        <Icon name="x" size={16} />
                      </button>
                    </div>
                    <div class="form-grid">
                      <TextField
                        id={`${id}-b${b.key}-text`}
                        label="Button text"
                        value={b.text}
                        onInput={(v) => setButton(b.key, { text: v }, `button.${b.key}.text`)}
                        errors={shown(`button.${b.key}.text`)}
                        maxLength={25}
                      />
                      {b.type === "PHONE_NUMBER" && (
                        <TextField
                          id={`${id}-b${b.key}-phone`}
                          label="Phone number"
                          value={b.phone}
                          onInput={(v) => setButton(b.key, { phone: v }, `button.${b.key}.phone`)}
                          errors={shown(`button.${b.key}.phone`)}
                          hint="Indonesian form starting with 8, without 0 or +62, e.g. 81234567890."
                          inputMode="tel"
                          maxLength={30}
                        />
                      )}
                      {b.type === "URL" && (
                        <TextField
                          id={`${id}-b${b.key}-url`}
                          label="Website"
                          value={b.url}
                          onInput={(v) => setButton(b.key, { url: v }, `button.${b.key}.url`)}
                          errors={shown(`button.${b.key}.url`)}
                          hint="Up to the domain, e.g. https://shop.example.com/ — add {{1}} at the end for a part that changes."
                          inputMode="url"
                          maxLength={2000}
                        />
                      )}
                      {b.type === "URL" && b.url.endsWith("{{1}}") && (
                        <TextField
                          id={`${id}-b${b.key}-example`}
                          label="Sample full link"
                          value={b.example}
                          onInput={(v) => setButton(b.key, { example: v }, `button.${b.key}.example`)}
                          errors={shown(`button.${b.key}.example`)}
                          inputMode="url"
                          maxLength={2000}
                        />
                      )}
                    </div>
                  </li>
                ))}
              </ol>
            )}
            <Errors id={`${id}-buttons-error`} errors={shown("buttons")} />
            <fieldset class="add-buttons">
              <legend class="visually-hidden">Add a button</legend>
              {BUTTON_KINDS.map((k) => (
                <button
                  key={k.type}
                  type="button"
                  class="button button-small"
                  onClick={() => addButton(k.type)}
                  disabled={draft.buttons.length >= TEMPLATE_LIMITS.maxButtons}
                >
                  <Icon name="plus" size={16} />
                  {k.label}
                </button>
              ))}
            </fieldset>
          </section>
        </div>

        <aside class="editor-preview" aria-label="Preview">
          <p class="preview-title">Preview</p>
          <WhatsAppPreview
            header={
              draft.header === "NONE"
                ? { kind: "none" }
                : draft.header === "TEXT"
                  ? { kind: "text", text: draft.headerText, sample: draft.headerSample }
                  : {
                      kind: draft.header.toLowerCase() as "image" | "video" | "document",
                      url: draft.media && draft.media.status !== "failed" ? draft.media.previewUrl : null,
                      filename: draft.media?.file.name ?? null,
                    }
            }
            body={draft.body}
            samples={draft.bodySamples}
            footer={draft.footer}
            buttons={draft.buttons}
          />
          <p class="field-hint">Variables show their sample, highlighted; customers see the values you send.</p>
        </aside>

        <div class="editor-submit">
          {attempted && problems > 0 && (
            <div class="alert alert-error" role="alert">
              <strong>
                {problems === 1 ? "1 problem" : `${problems} problems`} to fix before WhatsApp will accept this
                template:
              </strong>
              <ul class="problem-list">
                {checked.errors.map((e) => (
                  <li key={`${e.path}-${e.code}`}>{e.message}</li>
                ))}
              </ul>
            </div>
          )}
          {otpNeeded && (
            <p class="otp-note">
              <Icon name="shield" size={16} />
              Template OTP is on: you confirm this submission with a code emailed to you.
            </p>
          )}
          <div class="form-actions">
            <button
              type="button"
              class="button"
              onClick={() => {
                if (draft.media) URL.revokeObjectURL(draft.media.previewUrl);
                draftState.value = emptyDraft();
                navigate("/templates");
              }}
            >
              Discard
            </button>
            <button type="submit" class="button button-primary" disabled={busy}>
              <Icon name="send" size={18} />
              <span>{busy ? "Submitting…" : "Submit for review"}</span>
            </button>
          </div>
        </div>
      </form>
      {otpOpen && (
        <OtpDialog
          purpose="template_submit"
          title="Confirm with the emailed code"
          intro={`Template OTP is on: submitting ${draft.name || "this template"} needs the code we email you.`}
          actionLabel="Submit for review"
          busyLabel="Submitting…"
          onConfirm={async (code) => {
            await send(code);
            setOtpOpen(false);
          }}
          onError={failed}
          onClose={() => setOtpOpen(false)}
        />
      )}
    </Shell>
  );
}

function Shell({ children }: { children: ComponentChildren }) {
  return (
    <div class="page-scroll">
      <div class="page template-page">
        <div class="page-head">
          <div>
            <Link href="/templates" class="back-link">
              <Icon name="back" size={16} />
              All templates
            </Link>
            <h1 tabIndex={-1}>New template</h1>
            <p class="muted">
              WhatsApp reviews every template before it can be sent. Problems it would reject are shown as you type.
            </p>
          </div>
        </div>
        {children}
      </div>
    </div>
  );
}

function Errors({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors || errors.length === 0) return null;
  return (
    <div id={id} class="field-errors">
      {errors.map((message) => (
        <p key={message} class="field-error">
          {message}
        </p>
      ))}
    </div>
  );
}

function TextField(props: {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  onBlur?: () => void;
  errors?: string[] | undefined;
  hint?: string;
  maxLength?: number;
  inputMode?: "text" | "tel" | "url";
  mono?: boolean;
}) {
  const invalid = (props.errors?.length ?? 0) > 0;
  const described = [props.hint ? `${props.id}-hint` : "", invalid ? `${props.id}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div class={`field${invalid ? " field-invalid" : ""}`}>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="text"
        class={props.mono ? "mono" : undefined}
        value={props.value}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        autoComplete="off"
        spellcheck={false}
        aria-invalid={invalid ? "true" : undefined}
        aria-describedby={described || undefined}
        onInput={(event) => props.onInput(event.currentTarget.value)}
        onBlur={props.onBlur}
      />
      {props.hint && (
        <p id={`${props.id}-hint`} class="field-hint">
          {props.hint}
        </p>
      )}
      <Errors id={`${props.id}-error`} errors={props.errors} />
    </div>
  );
}
