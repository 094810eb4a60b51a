import { useEffect, useId, useState } from "preact/hooks";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { describeError } from "../../errors";
import { t } from "../../i18n";
import {
  isNameVariable,
  loadTemplates,
  type TemplateExtras,
  templateBody,
  templateParts,
  templates,
} from "../../state/library";
import { lastUsedTemplate, rememberTemplate } from "./last-template";
import { TemplatePreview } from "./TemplatePreview";

/**
 * Choose an approved template, fill a field per variable (the body's, a text header's {{1}} and the
 * link suffix of each URL button that takes one, rule T3), see the message before it goes. A media
 * header goes out with the template's own sample.
 */
export function TemplatePicker({
  channelId,
  intro,
  contactName = null,
  onSend,
  onSent,
  onCancel,
}: {
  channelId: string;
  intro: string;
  /** Pre-filled where a body variable stands for the customer's name (issue 17). */
  contactName?: string | null;
  /** After a send: the picker has collapsed (issue 17). */
  onSent?: () => void;
  onSend: (name: string, language: string, variables: string[], extras: TemplateExtras) => Promise<void>;
  onCancel?: () => void;
}) {
  const id = useId();
  const state = templates.value;
  const usable = state.items.filter((item) => item.channelId === channelId && item.status === "APPROVED");
  // Issue 17: nothing is preselected but the template this browser last sent on the channel.
  const [chosenId, setChosenId] = useState<string>(() => lastUsedTemplate(channelId));
  const [values, setValues] = useState<string[]>([]);
  const [headerValue, setHeaderValue] = useState("");
  const [buttonValues, setButtonValues] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);

  useEffect(() => {
    void loadTemplates();
  }, []);

  const template = usable.find((item) => item.id === chosenId) ?? null;
  const body = template ? templateBody(template) : { text: "", variables: 0, samples: [] };
  const prefill = (i: number) =>
    contactName && isNameVariable(body.text, body.samples[i] ?? "", i) ? contactName : "";
  const fields = Array.from({ length: body.variables }, (_, i) => values[i] ?? prefill(i));
  const parts = template ? templateParts(template) : null;
  const header = parts?.header ?? { kind: "none" as const };
  const linkButtons = parts?.buttons.filter((b) => b.takesSuffix) ?? [];
  const suffixes = linkButtons.map((_, i) => buttonValues[i] ?? "");
  const complete =
    fields.every((v) => v.trim() !== "") &&
    (header.kind !== "text" || header.variables === 0 || headerValue.trim() !== "") &&
    suffixes.every((v) => v.trim() !== "");
  const reset = () => {
    setValues([]);
    setHeaderValue("");
    setButtonValues([]);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!template || !complete || busy) return;
    setBusy(true);
    setError(null);
    setSent(false);
    try {
      const extras: TemplateExtras = {};
      if (header.kind === "text" && header.variables > 0) extras.headerVariables = [headerValue.trim()];
      if (suffixes.length > 0) extras.buttonVariables = suffixes.map((v) => v.trim());
      await onSend(
        template.name,
        template.language,
        fields.map((v) => v.trim()),
        extras,
      );
      rememberTemplate(channelId, template.id);
      reset();
      // Issue 17: a sent template collapses the picker to its first line.
      setChosenId("");
      setSent(true);
      onSent?.();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  if (state.status === "loading" || state.status === "idle") {
    return <p class="composer-notice">{t("Loading templates…")}</p>;
  }
  if (state.status === "error") {
    return (
      <div class="composer-notice" role="alert">
        <span>{state.error}</span>
        <button type="button" class="button button-small" onClick={() => void loadTemplates(true)}>
          {t("Try again")}
        </button>
      </div>
    );
  }

  return (
    <form class="template-picker" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} class="template-intro">
        <Icon name="template" size={16} />
        {intro}
      </p>
      {usable.length === 0 ? (
        <p class="muted">
          {t(
            "This channel has no approved templates yet. An admin can submit one; it can be sent once WhatsApp approves it.",
          )}
        </p>
      ) : (
        <>
          <div class="field template-choice">
            <label for={`${id}-template`}>{t("Template")}</label>
            <select
              id={`${id}-template`}
              value={template?.id ?? ""}
              onChange={(event) => {
                setChosenId(event.currentTarget.value);
                reset();
              }}
            >
              <option value="" disabled>
                {t("Choose a template…")}
              </option>
              {usable.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name} ({item.language}) · {categoryWords(item.category)}
                </option>
              ))}
            </select>
          </div>
          <div class="template-grid" hidden={!template}>
            <div class="template-fields">
              {header.kind === "text" && header.variables > 0 && (
                <div class="field" key={`${chosenId}-header`}>
                  <label for={`${id}-header`}>{t("Header {variable}", { variable: "{{1}}" })}</label>
                  <input
                    id={`${id}-header`}
                    type="text"
                    value={headerValue}
                    maxLength={60}
                    onInput={(event) => {
                      setHeaderValue(event.currentTarget.value);
                      setSent(false);
                    }}
                    required
                  />
                </div>
              )}
              {fields.map((value, index) => (
                <div class="field" key={`${chosenId}-${index}`}>
                  <label for={`${id}-var-${index}`}>
                    {t("Value for {variable}", { variable: `{{${index + 1}}}` })}
                  </label>
                  <input
                    id={`${id}-var-${index}`}
                    type="text"
                    value={value}
                    maxLength={1024}
                    placeholder={body.samples[index] ? t("e.g. {sample}", { sample: body.samples[index] }) : undefined}
                    aria-describedby={body.samples[index] ? `${id}-var-${index}-hint` : undefined}
                    onInput={(event) => {
                      const next = [...fields];
                      next[index] = event.currentTarget.value;
                      setValues(next);
                      setSent(false);
                    }}
                    required
                  />
                  {body.samples[index] && (
                    <p id={`${id}-var-${index}-hint`} class="field-hint">
                      {t("Sample: {sample}", { sample: body.samples[index] })}
                    </p>
                  )}
                </div>
              ))}
              {linkButtons.map((button, index) => (
                <div class="field" key={`${chosenId}-button-${index}`}>
                  <label for={`${id}-button-${index}`}>
                    {t("Link suffix for “{button}”", { button: button.text })}
                  </label>
                  <input
                    id={`${id}-button-${index}`}
                    type="text"
                    value={suffixes[index]}
                    maxLength={2000}
                    aria-describedby={`${id}-button-${index}-hint`}
                    onInput={(event) => {
                      const next = [...suffixes];
                      next[index] = event.currentTarget.value;
                      setButtonValues(next);
                      setSent(false);
                    }}
                    required
                  />
                  <p id={`${id}-button-${index}-hint`} class="field-hint">
                    {t("Replaces {variable} at the end of {url}", { variable: "{{1}}", url: button.url ?? "" })}
                  </p>
                </div>
              ))}
            </div>
            <TemplatePreview
              id={id}
              title={template ? `${template.name} (${template.language})` : ""}
              header={header}
              headerValue={headerValue}
              bodyText={body.text}
              fields={fields}
              footer={parts?.footer ?? ""}
              buttons={parts?.buttons ?? []}
              linkButtons={linkButtons}
              suffixes={suffixes}
            />
          </div>
        </>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      {sent && !error && <Alert tone="success">{t("Template sent.")}</Alert>}
      {usable.length > 0 && (
        <div class="template-actions">
          {onCancel && (
            <button type="button" class="button button-small" onClick={onCancel}>
              {t("Cancel")}
            </button>
          )}
          <button type="submit" class="button button-small button-primary" disabled={!template || !complete || busy}>
            <Icon name="send" size={16} />
            <span>{busy ? t("Sending…") : t("Send template")}</span>
          </button>
        </div>
      )}
    </form>
  );
}

const CATEGORY_WORDS: Record<string, string> = {
  marketing: "marketing",
  utility: "utility",
  authentication: "authentication",
};
const categoryWords = (category: string) => {
  const known = CATEGORY_WORDS[category.toLowerCase()];
  return known ? t(known) : category.toLowerCase();
};
