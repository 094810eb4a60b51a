/**
 * One template in the list (rules T1, T3): its status and quality, the reviewer's reason, its text as
 * WhatsApp shows it, where and when it was submitted, and (for admins) delete, asked first.
 */
import { useState } from "preact/hooks";
import { api, type Template } from "../../api";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { describeError } from "../../errors";
import { fullTime, isoTime } from "../../format";
import {
  CATEGORY_LABELS,
  languageLabel,
  QUALITY_LABELS,
  QUALITY_TONES,
  reasonText,
  STATUS_LABELS,
  STATUS_TONES,
} from "./labels";
import { Formatted } from "./Preview";

/** The text of a template component, when it has one. */
function textOf(template: Template, type: string): string {
  const c = template.components.find((k) => k.type === type);
  return typeof c?.text === "string" ? c.text : "";
}

export function TemplateCard({
  template: t,
  channelName,
  canManage,
  onDeleted,
}: {
  template: Template;
  channelName: string | null;
  canManage: boolean;
  onDeleted: (name: string) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const rated = t.status === "APPROVED" || t.status === "PAUSED" || t.status === "DISABLED";
  return (
    <li class="template-card" data-testid="template" data-name={t.name} data-status={t.status}>
      <div class="template-card-head">
        <h2 class="template-name">{t.name}</h2>
        <span class="template-chips">
          <span class={`chip ${STATUS_TONES[t.status]}`} data-testid="status">
            {t.status === "PENDING" && <Icon name="clock" size={12} />}
            {STATUS_LABELS[t.status]}
          </span>
          {rated && (
            <span class={`chip ${QUALITY_TONES[t.quality]}`} data-testid="quality">
              {QUALITY_LABELS[t.quality]}
            </span>
          )}
        </span>
      </div>
      {t.reason && (t.status === "REJECTED" || t.status === "PAUSED" || t.status === "DISABLED") && (
        <p class="template-reason" data-testid="reason">
          <Icon name="alert" size={16} />
          <span>
            <strong>
              {t.status === "REJECTED" ? "Rejected: " : t.status === "PAUSED" ? "Paused: " : "Disabled: "}
            </strong>
            {reasonText(t.reason)}
          </span>
        </p>
      )}
      <TemplateText template={t} />
      <div class="template-foot">
        <p class="template-meta">
          <span>{CATEGORY_LABELS[t.category]}</span>
          <span>{languageLabel(t.language)}</span>
          {channelName && <span>{channelName}</span>}
          <span>
            Submitted <time dateTime={isoTime(t.createdAt)}>{fullTime(t.createdAt)}</time>
          </span>
        </p>
        {canManage && <DeleteControl template={t} onDeleted={onDeleted} onError={setError} />}
      </div>
      {error && (
        <div class="template-error">
          <Alert tone="error">{error}</Alert>
        </div>
      )}
    </li>
  );
}

function TemplateText({ template: t }: { template: Template }) {
  const header = t.components.find((c) => c.type === "HEADER") as { format?: string } | undefined;
  const footer = textOf(t, "FOOTER");
  const buttons = (t.components.find((c) => c.type === "BUTTONS") as { buttons?: { text?: string }[] } | undefined)
    ?.buttons;
  return (
    <div class="template-text">
      {header?.format && header.format !== "TEXT" && <span class="tag">{header.format.toLowerCase()} header</span>}
      {header?.format === "TEXT" && (
        <p class="template-header-text">
          <Formatted text={textOf(t, "HEADER")} />
        </p>
      )}
      <p class="template-body">
        <Formatted text={textOf(t, "BODY")} />
      </p>
      {footer && <p class="template-footer">{footer}</p>}
      {buttons && buttons.length > 0 && (
        <p class="template-buttons">
          {buttons.map((b, i) => (
            <span key={i} class="template-button">
              {b.text}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}

/** Delete, then "Delete {name}? It is deleted at WhatsApp too." with Delete and Cancel. */
function DeleteControl({
  template: t,
  onDeleted,
  onError,
}: {
  template: Template;
  onDeleted: (name: string) => void;
  onError: (message: string | null) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  const remove = async () => {
    setBusy(true);
    onError(null);
    try {
      await api.deleteTemplate(t.id);
      onDeleted(t.name);
    } catch (err) {
      onError(describeError(err));
      setBusy(false);
    }
  };

  return (
    <div class="template-actions">
      {confirming ? (
        <fieldset class="confirm-inline">
          <legend class="small">Delete {t.name}? It is deleted at WhatsApp too.</legend>
          <button type="button" class="button button-small button-danger" disabled={busy} onClick={() => void remove()}>
            {busy ? "Deleting…" : "Delete"}
          </button>
          <button type="button" class="button button-small" onClick={() => setConfirming(false)} disabled={busy}>
            Cancel
          </button>
        </fieldset>
      ) : (
        <button
          type="button"
          class="button button-small button-danger-quiet"
          onClick={() => setConfirming(true)}
          aria-label={`Delete ${t.name}`}
        >
          <Icon name="trash" size={16} />
          <span>Delete</span>
        </button>
      )}
    </div>
  );
}
