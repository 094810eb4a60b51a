import { useId, useState } from "preact/hooks";
import { api, type Label } from "../../api";
import { Alert } from "../../components/Alert";
import { Empty, Failed, Loading } from "../../components/States";
import { t } from "../../i18n";
import { loadLabels } from "../../state/filters";
import { AdminSection, problemOf, useResource } from "./common";
import { EditDeleteActions } from "./EditDeleteActions";
import "./labels.css";

type CountedLabel = Label & { openRooms?: number | undefined };

const DEFAULT_COLOUR = "#2563eb";

/**
 * Rule I11, Admin › Labels (admins and supervisors manage labels, A3): every label with its colour
 * and how many open rooms carry it; add, rename, recolour, and delete after a confirmation that says
 * how many rooms lose it. Each change reaches every open inbox at once (the feed's `label.*`).
 */
export function LabelsPage() {
  const list = useResource(() => api.labelsWithCounts().then((r) => r.labels as CountedLabel[]));
  const [notice, setNotice] = useState<string | null>(null);
  const labels = list.data ?? [];
  const changed = (message: string) => {
    setNotice(message);
    void list.reload();
    // This browser's inbox filter and room editor follow at once (other browsers through the feed).
    void loadLabels();
  };
  return (
    <AdminSection
      title={t("Labels")}
      intro={t("Labels sort the conversations: agents put them on rooms and filter the inbox by them.")}
    >
      {notice && <Alert tone="success">{notice}</Alert>}
      <LabelForm
        heading={t("Add a label")}
        submitLabel={t("Add label")}
        onSave={async (body) => {
          const created = await api.createLabel(body);
          changed(t("The label {name} was added.", { name: created.name }));
        }}
      />
      {list.status === "loading" ? (
        <Loading label={t("Loading labels…")} />
      ) : list.status === "error" && labels.length === 0 ? (
        <Failed message={list.error ?? ""} onRetry={() => void list.reload()} />
      ) : labels.length === 0 ? (
        <Empty icon="tag" title={t("No labels yet")}>
          {t("Add the first one above: a name and a colour.")}
        </Empty>
      ) : (
        <ul class="admin-list" aria-label={t("Labels")}>
          {labels.map((label) => (
            <LabelRow key={label.id} label={label} onChanged={changed} />
          ))}
        </ul>
      )}
    </AdminSection>
  );
}

function LabelForm(props: {
  heading: string;
  submitLabel: string;
  initial?: Label;
  onSave: (body: { name: string; colour: string }) => Promise<void>;
  onCancel?: () => void;
}) {
  const id = useId();
  const [name, setName] = useState(props.initial?.name ?? "");
  const [colour, setColour] = useState(props.initial?.colour ?? DEFAULT_COLOUR);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!name.trim()) return setProblem(t("Give the label a name."));
    setBusy(true);
    setProblem(null);
    try {
      await props.onSave({ name: name.trim(), colour });
      if (!props.initial) setName("");
    } catch (error) {
      setProblem(problemOf(error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="admin-card form label-form" onSubmit={submit} aria-label={props.heading} noValidate>
      <h2 class={props.initial ? "visually-hidden" : undefined}>{props.heading}</h2>
      {problem && <Alert tone="error">{problem}</Alert>}
      <div class="label-form-fields">
        <div class="field">
          <label for={`${id}-name`}>{t("Name")}</label>
          <input
            id={`${id}-name`}
            value={name}
            maxLength={40}
            required
            autoComplete="off"
            // biome-ignore lint/a11y/noAutofocus: the rename form opens on a click; its field takes the focus
            autoFocus={props.initial !== undefined}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for={`${id}-colour`}>{t("Colour")}</label>
          <input
            id={`${id}-colour`}
            type="color"
            value={colour}
            onInput={(e) => setColour(e.currentTarget.value.toLowerCase())}
          />
        </div>
      </div>
      <div class="form-actions">
        {props.onCancel && (
          <button type="button" class="button button-small" onClick={props.onCancel}>
            {t("Cancel")}
          </button>
        )}
        <button type="submit" class="button button-small button-primary" disabled={busy}>
          {busy ? t("Saving…") : props.submitLabel}
        </button>
      </div>
    </form>
  );
}

function LabelRow({ label, onChanged }: { label: CountedLabel; onChanged: (message: string) => void }) {
  const [editing, setEditing] = useState(false);
  const open = label.openRooms ?? 0;
  if (editing) {
    return (
      <li class="admin-row editing">
        <LabelForm
          heading={t("Edit the label {name}", { name: label.name })}
          submitLabel={t("Save")}
          initial={label}
          onCancel={() => setEditing(false)}
          onSave={async (body) => {
            const saved = await api.updateLabel(label.id, body);
            setEditing(false);
            onChanged(t("The label {name} was saved.", { name: saved.name }));
          }}
        />
      </li>
    );
  }
  return (
    <li class="admin-row">
      <span class="label-swatch" style={{ background: label.colour }} aria-hidden="true" />
      <div class="admin-row-main">
        <p class="admin-row-title">{label.name}</p>
        <p class="admin-row-sub">
          {open === 1 ? t("1 open room") : t("{count} open rooms", { count: open })}
          <span class="visually-hidden">
            {" "}
            {t("Colour")} {label.colour}
          </span>
        </p>
      </div>
      <EditDeleteActions
        name={label.name}
        names={{
          edit: t("Edit the label {name}", { name: label.name }),
          delete: t("Delete the label {name}", { name: label.name }),
          question:
            open === 0
              ? t("Delete {name}? No open room carries it.", { name: label.name })
              : open === 1
                ? t("Delete {name}? 1 open room loses it.", { name: label.name })
                : t("Delete {name}? {count} open rooms lose it.", { name: label.name, count: open }),
        }}
        onEdit={() => setEditing(true)}
        onDelete={async () => {
          await api.deleteLabel(label.id);
          onChanged(t("The label {name} was deleted.", { name: label.name }));
        }}
      />
    </li>
  );
}
