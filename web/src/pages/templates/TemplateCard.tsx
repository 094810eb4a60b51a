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
import { t } from "../../i18n";
import {
  categoryLabel,
  languageLabel,
  QUALITY_TONES,
  qualityLabel,
  reasonText,
  STATUS_TONES,
  statusLabel,
} from "./labels";
import { Formatted } from "./Preview";

/** The text of a template component, when it has one. */
function textOf(template: Template, type: string): string {
  const c = template.components.find((k) => k.type === type);
  return typeof c?.text === "string" ? c.text : "";
}

export function TemplateCard({
  template: tpl,
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
  const rated = tpl.status === "APPROVED" || tpl.status === "PAUSED" || tpl.status === "DISABLED";
  return (
    <li class="template-card" data-testid="template" data-name={tpl.name} data-status={tpl.status}>
      <div class="template-card-head">
        <h2 class="template-name">{tpl.name}</h2>
        <span class="template-chips">
          <span class={`chip ${STATUS_TONES[tpl.status]}`} data-testid="status">
            {tpl.status === "PENDING" && <Icon name="clock" size={12} />}
            {statusLabel(tpl.status)}
          </span>
          {rated && (
            <span class={`chip ${QUALITY_TONES[tpl.quality]}`} data-testid="quality">
              {qualityLabel(tpl.quality)}
            </span>
          )}
        </span>
      </div>
      {tpl.reason && (tpl.status === "REJECTED" || tpl.status === "PAUSED" || tpl.status === "DISABLED") && (
        <p class="template-reason" data-testid="reason">
          <Icon name="alert" size={16} />
          <span>
            <strong>
              {tpl.status === "REJECTED"
                ? t("Rejected:")
                : tpl.status === "PAUSED"
                  ? t("Paused:")
                  : t("Disabled:")}{" "}
            </strong>
            {reasonText(tpl.reason)}
          </span>
        </p>
      )}
      <TemplateText template={tpl} />
      <div class="template-foot">
        <p class="template-meta">
          <span>{categoryLabel(tpl.category)}</span>
          <span>{languageLabel(tpl.language)}</span>
          {channelName && <span>{channelName}</span>}
          <span>
            {t("Submitted")} <time dateTime={isoTime(tpl.createdAt)}>{fullTime(tpl.createdAt)}</time>
          </span>
        </p>
        {canManage && <DeleteControl template={tpl} onDeleted={onDeleted} onError={setError} />}
      </div>
      {error && (
        <div class="template-error">
          <Alert tone="error">{error}</Alert>
        </div>
      )}
    </li>
  );
}

function TemplateText({ template: tpl }: { template: Template }) {
  const header = tpl.components.find((c) => c.type === "HEADER") as { format?: string } | undefined;
  const footer = textOf(tpl, "FOOTER");
  const buttons = (tpl.components.find((c) => c.type === "BUTTONS") as { buttons?: { text?: string }[] } | undefined)
    ?.buttons;
  return (
    <div class="template-text">
      {header?.format && header.format !== "TEXT" && (
        <span class="tag">{t("{kind} header", { kind: t(header.format.toLowerCase()) })}</span>
      )}
      {header?.format === "TEXT" && (
        <p class="template-header-text">
          <Formatted text={textOf(tpl, "HEADER")} />
        </p>
      )}
      <p class="template-body">
        <Formatted text={textOf(tpl, "BODY")} />
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
  template: tpl,
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
      await api.deleteTemplate(tpl.id);
      onDeleted(tpl.name);
    } catch (err) {
      onError(describeError(err));
      setBusy(false);
    }
  };

  return (
    <div class="template-actions">
      {confirming ? (
        <fieldset class="confirm-inline">
          <legend class="small">{t("Delete {name}? It is deleted at WhatsApp too.", { name: tpl.name })}</legend>
          <button type="button" class="button button-small button-danger" disabled={busy} onClick={() => void remove()}>
            {busy ? t("Deleting…") : t("Delete")}
          </button>
          <button type="button" class="button button-small" onClick={() => setConfirming(false)} disabled={busy}>
            {t("Cancel")}
          </button>
        </fieldset>
      ) : (
        <button
          type="button"
          class="button button-small button-danger-quiet"
          onClick={() => setConfirming(true)}
          aria-label={t("Delete {name}", { name: tpl.name })}
        >
          <Icon name="trash" size={16} />
          <span>{t("Delete")}</span>
        </button>
      )}
    </div>
  );
}
