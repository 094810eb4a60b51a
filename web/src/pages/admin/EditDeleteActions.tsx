import { useState } from "preact/hooks";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { t } from "../../i18n";
import { problemOf } from "./common";

/**
 * The end of an admin list row that can be edited and deleted (ring groups, quick replies): Edit and
 * Delete buttons, Delete asking once more inline, and the sentence of a delete that failed.
 */
export function EditDeleteActions(props: { name: string; onEdit: () => void; onDelete: () => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onDelete();
    } catch (err) {
      setError(problemOf(err).message);
      setBusy(false);
    }
  };
  return (
    <>
      {confirming ? (
        <fieldset class="confirm-inline">
          <legend class="small">{t("Delete {name}?", { name: props.name })}</legend>
          <button type="button" class="button button-small button-danger" disabled={busy} onClick={remove}>
            {busy ? t("Deleting…") : t("Delete")}
          </button>
          <button type="button" class="button button-small" onClick={() => setConfirming(false)}>
            {t("Cancel")}
          </button>
        </fieldset>
      ) : (
        <div class="admin-row-actions">
          <button
            type="button"
            class="button button-small"
            onClick={props.onEdit}
            aria-label={t("Edit {name}", { name: props.name })}
          >
            <Icon name="edit" size={16} />
            <span>{t("Edit")}</span>
          </button>
          <button
            type="button"
            class="button button-small button-danger-quiet"
            onClick={() => setConfirming(true)}
            aria-label={t("Delete {name}", { name: props.name })}
          >
            <Icon name="trash" size={16} />
            <span>{t("Delete")}</span>
          </button>
        </div>
      )}
      {error && (
        <div class="admin-row-error">
          <Alert tone="error">{error}</Alert>
        </div>
      )}
    </>
  );
}
