import { useState } from "preact/hooks";
import { api, type CsatSettings } from "../../api";
import { Alert } from "../../components/Alert";
import { Failed, Loading } from "../../components/States";
import { describeError, fieldErrors } from "../../errors";
import { AdminSection, Select, TextArea, useResource } from "./common";

const NONE = "";
const keyOf = (name: string | null, language: string | null) => (name && language ? `${name}|${language}` : NONE);

/** Approved templates without variables: the ones the survey can send after the window (R3, I2). */
async function usableTemplates() {
  const { templates } = await api.templates({ status: "APPROVED" });
  const usable = templates.filter((t) => !/\{\{\d+\}\}/.test(JSON.stringify(t.components)));
  const seen = new Map<string, string>();
  for (const t of usable) seen.set(keyOf(t.name, t.language), `${t.name} (${t.language})`);
  return [...seen].map(([value, label]) => ({ value, label }));
}

/**
 * Rule R3 (admin): the CSAT survey. When on, a resolved conversation's customer is asked to rate it
 * 1-5 inside the 24-hour window; after it, the chosen approved template is sent, or nothing (with a
 * note in the conversation).
 */
export function CsatPage() {
  const loaded = useResource(() => Promise.all([api.csatSettings(), usableTemplates()]));
  const [draft, setDraft] = useState<CsatSettings | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  if (loaded.status === "loading") return <Loading label="Loading the CSAT survey…" />;
  if (!loaded.data) return <Failed message={loaded.error ?? ""} onRetry={() => void loaded.reload()} />;
  const [current, templates] = loaded.data;
  const settings = draft ?? current;
  const fields = fieldErrors(error);
  const change = (next: CsatSettings) => {
    setDraft(next);
    setSaved(false);
  };
  const chosen = keyOf(settings.templateName, settings.templateLanguage);
  const options = [{ value: NONE, label: "None: skip it (noted in the conversation)" }, ...templates];
  if (chosen !== NONE && !templates.some((t) => t.value === chosen)) {
    options.push({ value: chosen, label: `${settings.templateName} (${settings.templateLanguage}), no longer usable` });
  }

  const save = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const next = await api.saveCsatSettings(settings);
      loaded.set([next, templates]);
      setDraft(null);
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <AdminSection
      title="CSAT survey"
      intro="Ask customers to rate a conversation from 1 to 5 when it is resolved, once per conversation. Supervisors see the answers in Reports."
    >
      <form class="admin-card csat-settings" onSubmit={save} aria-busy={saving} noValidate>
        <label class="switch">
          <input
            type="checkbox"
            role="switch"
            checked={settings.enabled}
            aria-checked={settings.enabled}
            onChange={(e) => change({ ...settings, enabled: e.currentTarget.checked })}
          />
          <span class="switch-track" aria-hidden="true" />
          <span>
            <strong>Send the CSAT survey when a conversation is resolved</strong>
          </span>
        </label>
        <TextArea
          label="Question"
          value={settings.question}
          onInput={(question) => change({ ...settings, question })}
          hint="Sent with five options to tap, from 1 (very poor) to 5 (excellent). The customer may add a comment after rating."
          error={fields.question}
          maxLength={1024}
          rows={3}
        />
        <Select
          label="After the 24-hour window"
          value={chosen}
          options={options}
          onChange={(value) => {
            const [name, language] = value === NONE ? [null, null] : value.split("|");
            change({ ...settings, templateName: name ?? null, templateLanguage: language ?? null });
          }}
          hint="Outside the window only an approved template may be sent (it is charged as a template). Only approved templates without variables are listed."
        />
        {fields.templateName && <Alert tone="error">{fields.templateName}</Alert>}
        {error !== null && !fields.templateName && <Alert tone="error">{describeError(error)}</Alert>}
        {saved && <Alert tone="success">CSAT survey saved.</Alert>}
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={saving}>
            {saving ? "Saving…" : "Save CSAT survey"}
          </button>
        </div>
      </form>
    </AdminSection>
  );
}
