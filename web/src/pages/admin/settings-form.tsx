import { useRef, useState } from "preact/hooks";
import { Alert } from "../../components/Alert";
import { t } from "../../i18n";

/**
 * A settings form saved as a whole (the CSAT survey R3, office hours I9): the page's copy is edited as
 * a draft, saved in one request, and "saved" is said until the next change.
 */
export function useSettingsDraft<D>() {
  const [draft, setDraft] = useState<D | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const latest = useRef<D | null>(null);
  const change = (next: D) => {
    latest.current = next;
    setDraft(next);
    setSaved(false);
  };
  /**
   * The form's submit: `send` saves and keeps what the server answered; the draft is then dropped,
   * unless it was changed while saving (what was typed meanwhile stays, to be saved next).
   */
  const submit = (send: () => Promise<void>) => async (event: Event) => {
    event.preventDefault();
    const sent = latest.current;
    setSaving(true);
    setError(null);
    try {
      await send();
      if (latest.current === sent) {
        latest.current = null;
        setDraft(null);
        setSaved(true);
      }
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };
  return { draft, saving, error, saved, change, submit };
}

/** The on/off switch at the head of a settings form. */
export function SettingsSwitch(props: { checked: boolean; label: string; onChange: (on: boolean) => void }) {
  return (
    <label class="switch">
      <input
        type="checkbox"
        role="switch"
        checked={props.checked}
        aria-checked={props.checked}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <span class="switch-track" aria-hidden="true" />
      <span>
        <strong>{props.label}</strong>
      </span>
    </label>
  );
}

/** The foot of a settings form: the sentence once saved, and the save button saying when it is busy. */
export function SettingsSave(props: { saving: boolean; saved: boolean; savedText: string; label: string }) {
  return (
    <>
      {props.saved && <Alert tone="success">{props.savedText}</Alert>}
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={props.saving}>
          {props.saving ? t("Saving…") : props.label}
        </button>
      </div>
    </>
  );
}
