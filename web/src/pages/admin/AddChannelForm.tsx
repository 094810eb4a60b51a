import { useState } from "preact/hooks";
import type { ChannelKindName } from "../../../../worker/domain/types";
import { api, type Channel, type ChannelInput } from "../../api";
import { Alert } from "../../components/Alert";
import { CHANNEL_LABELS, ChannelIcon } from "../../components/ChannelIcon";
import { t } from "../../i18n";
import { CHANNEL_FORMS } from "./channel-forms";
import { FormActions, Input, problemOf } from "./common";

const KINDS = Object.keys(CHANNEL_FORMS) as ChannelKindName[];

/** Connect a channel of any kind (G3): pick the kind, then fill in what that kind needs (./channel-forms). */
export function AddChannelForm({ onCancel, onAdded }: { onCancel: () => void; onAdded: (channel: Channel) => void }) {
  const [kind, setKind] = useState<ChannelKindName>("whatsapp");
  const [values, setValues] = useState<Record<string, string>>({ name: "" });
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const form = CHANNEL_FORMS[kind];
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const body: Record<string, string> = { kind, name: values.name ?? "" };
    for (const f of form.fields) {
      const value = (values[f.key] ?? "").trim();
      if (value || !f.optional) body[f.key] = f.secret ? (values[f.key] ?? "") : value;
    }
    try {
      onAdded(await api.createChannel(body as unknown as ChannelInput));
    } catch (error) {
      setProblem(problemOf(error));
      setBusy(false);
    }
  };
  return (
    <form class="admin-card form" onSubmit={submit} aria-labelledby="add-channel-title" noValidate>
      <h2 id="add-channel-title">{t(form.title)}</h2>
      <fieldset class="channel-kinds">
        <legend>{t("Channel")}</legend>
        {KINDS.map((k) => (
          <label key={k} class={`channel-kind${k === kind ? " selected" : ""}`}>
            <input
              type="radio"
              name="channel-kind"
              value={k}
              checked={k === kind}
              onChange={() => {
                setKind(k);
                setProblem(null);
              }}
            />
            <ChannelIcon kind={k} size={18} />
            <span>{CHANNEL_LABELS[k]}</span>
          </label>
        ))}
      </fieldset>
      <p class="muted small">{t(form.help)}</p>
      {problem && <Alert tone="error">{problem.message}</Alert>}
      <div class="form-grid">
        <Input
          label={t("Name")}
          value={values.name ?? ""}
          onInput={(v) => setValues({ ...values, name: v })}
          error={problem?.fields.name}
          required
          placeholder={t("Store {channel}", { channel: CHANNEL_LABELS[kind] })}
          maxLength={80}
        />
        {form.fields.map((f) => (
          <Input
            key={`${kind}-${f.key}`}
            label={t(f.label)}
            type={f.secret ? "password" : "text"}
            value={values[f.key] ?? ""}
            onInput={(v) => setValues({ ...values, [f.key]: v })}
            error={problem?.fields[f.key]}
            required={!f.optional}
            hint={f.hint && t(f.hint)}
            placeholder={f.placeholder}
            autoComplete="off"
          />
        ))}
      </div>
      <FormActions busy={busy} label={t("Connect")} busyLabel={t("Connecting…")} onCancel={onCancel} />
    </form>
  );
}
