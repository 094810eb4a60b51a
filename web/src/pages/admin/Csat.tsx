import { api, type CsatSettings } from "../../api";
import { Alert } from "../../components/Alert";
import { Failed, Loading } from "../../components/States";
import { describeError, fieldErrors } from "../../errors";
import { t } from "../../i18n";
import { AdminSection, Select, TextArea, useResource } from "./common";
import { SettingsSave, SettingsSwitch, useSettingsDraft } from "./settings-form";

const NONE = "";
const keyOf = (name: string | null, language: string | null) => (name && language ? `${name}|${language}` : NONE);

/** Approved templates without variables: the ones the survey can send after the window (R3, I2). */
async function usableTemplates() {
  const { templates } = await api.templates({ status: "APPROVED" });
  const usable = templates.filter((template) => !/\{\{\d+\}\}/.test(JSON.stringify(template.components)));
  const seen = new Map<string, string>();
  for (const template of usable) {
    seen.set(keyOf(template.name, template.language), `${template.name} (${template.language})`);
  }
  return [...seen].map(([value, label]) => ({ value, label }));
}

/**
 * Rule R3 (admin): the CSAT survey. When on, a resolved conversation's customer is asked to rate it
 * 1-5 inside the 24-hour window; after it, the chosen approved template is sent, or nothing (with a
 * note in the conversation).
 */
export function CsatPage() {
  const loaded = useResource(() => Promise.all([api.csatSettings(), usableTemplates()]));
  const { draft, saving, error, saved, change, submit } = useSettingsDraft<CsatSettings>();

  if (loaded.status === "loading") return <Loading label={t("Loading the CSAT survey…")} />;
  if (!loaded.data) return <Failed message={loaded.error ?? ""} onRetry={() => void loaded.reload()} />;
  const [current, templates] = loaded.data;
  const settings = draft ?? current;
  const fields = fieldErrors(error);
  const chosen = keyOf(settings.templateName, settings.templateLanguage);
  const options = [{ value: NONE, label: t("None: skip it (noted in the conversation)") }, ...templates];
  if (chosen !== NONE && !templates.some((option) => option.value === chosen)) {
    options.push({
      value: chosen,
      label: t("{template}, no longer usable", {
        template: `${settings.templateName} (${settings.templateLanguage})`,
      }),
    });
  }

  const save = submit(async () => {
    loaded.set([await api.saveCsatSettings(settings), templates]);
  });

  return (
    <AdminSection
      title={t("CSAT survey")}
      intro={t(
        "Ask customers to rate a conversation from 1 to 5 when it is resolved, once per conversation. Supervisors see the answers in Reports.",
      )}
    >
      <form class="admin-card csat-settings" onSubmit={save} aria-busy={saving} noValidate>
        <SettingsSwitch
          checked={settings.enabled}
          label={t("Send the CSAT survey when a conversation is resolved")}
          onChange={(enabled) => change({ ...settings, enabled })}
        />
        <TextArea
          label={t("Question")}
          value={settings.question}
          onInput={(question) => change({ ...settings, question })}
          hint={t(
            "Sent with five options to tap, from 1 (very poor) to 5 (excellent). The customer may add a comment after rating.",
          )}
          error={fields.question}
          maxLength={1024}
          rows={3}
        />
        <Select
          label={t("After the 24-hour window")}
          value={chosen}
          options={options}
          onChange={(value) => {
            const [name, language] = value === NONE ? [null, null] : value.split("|");
            change({ ...settings, templateName: name ?? null, templateLanguage: language ?? null });
          }}
          hint={t(
            "Outside the window only an approved template may be sent (it is charged as a template). Only approved templates without variables are listed.",
          )}
        />
        {fields.templateName && <Alert tone="error">{fields.templateName}</Alert>}
        {error !== null && !fields.templateName && <Alert tone="error">{describeError(error)}</Alert>}
        <SettingsSave saving={saving} saved={saved} savedText={t("CSAT survey saved.")} label={t("Save CSAT survey")} />
      </form>
    </AdminSection>
  );
}
