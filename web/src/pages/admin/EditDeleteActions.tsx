import { useState } from "preact/hooks";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { t } from "../../i18n";
import { problemOf } from "./common";

/**
 * The end of an admin list row that can be edited and deleted (ring groups, quick replies): Edit and
 * Delete buttons, Delete asking once more inline, and the sentence of a delete that failed. `names`
 * words the buttons and the question where a row says more (labels: "Edit the label X", how many
 * rooms lose it); `verbs` where deleting is called something else (users: Remove, or Withdraw an
 * invitation).
 */
export function EditDeleteActions(props: {
  name: string;
  onEdit: () => void;
  onDelete: () => Promise<void>;
  names?: { edit: string; delete: string; question: string };
  verbs?: { delete: string; deleting: string };
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onDelete();
      // The list drops the row; should it not (its reload failed), the row is usable again.
      setConfirming(false);
    } catch (err) {
      setError(problemOf(err).message);
    }
    setBusy(false);
  };
  const names = props.names ?? {
    edit: t("Edit {name}", { name: props.name }),
    delete: t("Delete {name}", { name: props.name }),
    question: t("Delete {name}?", { name: props.name }),
  };
  const verbs = props.verbs ?? { delete: t("Delete"), deleting: t("Deleting…") };
  return (
    <>
      {confirming ? (
        <fieldset class="confirm-inline">
          <legend class="small">{names.question}</legend>
          <button type="button" class="button button-small button-danger" disabled={busy} onClick={remove}>
            {busy ? verbs.deleting : verbs.delete}
          </button>
          <button type="button" class="button button-small" onClick={() => setConfirming(false)} disabled={busy}>
            {t("Cancel")}
          </button>
        </fieldset>
      ) : (
        <div class="admin-row-actions">
          <button type="button" class="button button-small" onClick={props.onEdit} aria-label={names.edit}>
            <Icon name="edit" size={16} />
            <span>{t("Edit")}</span>
          </button>
          <button
            type="button"
            class="button button-small button-danger-quiet"
            onClick={() => {
              setError(null);
              setConfirming(true);
            }}
            aria-label={names.delete}
          >
            <Icon name="trash" size={16} />
            <span>{verbs.delete}</span>
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
