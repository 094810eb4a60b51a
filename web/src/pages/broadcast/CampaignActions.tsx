import { useEffect, useRef, useState } from "preact/hooks";
import { type CampaignView, campaignsApi } from "../../api-campaigns";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { t } from "../../i18n";
import { campaignError, isFinal } from "./campaign-words";

/** Export CSV, Retry failed (T7; a 409 in words) and Cancel (with a confirm) of one campaign. */
export function CampaignActions({
  campaign,
  onChanged,
}: {
  campaign: CampaignView;
  onChanged: (campaign: CampaignView) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState<"retry" | "cancel" | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const retry = async () => {
    setBusy("retry");
    setError(null);
    setNotice(null);
    try {
      const result = await campaignsApi.retryCampaign(campaign.id);
      setNotice(
        result.requeued === 1
          ? t("1 failed recipient queued again.")
          : t("{count} failed recipients queued again.", { count: result.requeued }),
      );
      onChanged(result.campaign);
    } catch (err) {
      setError(campaignError(err));
    } finally {
      setBusy(null);
    }
  };
  const cancel = async () => {
    setBusy("cancel");
    setError(null);
    setNotice(null);
    try {
      onChanged(await campaignsApi.cancelCampaign(campaign.id));
      setNotice(t("The campaign was cancelled; nothing more is sent."));
      setConfirming(false);
    } catch (err) {
      setError(campaignError(err));
    } finally {
      setBusy(null);
    }
  };

  const final = isFinal(campaign.status);
  return (
    <div class="campaign-actions">
      <div class="form-actions">
        <a class="button" href={campaignsApi.campaignCsvUrl(campaign.id)} download>
          <Icon name="file" size={16} />
          <span>{t("Export CSV")}</span>
        </a>
        {campaign.counts.failed > 0 && campaign.status !== "cancelled" && (
          <button type="button" class="button" onClick={() => void retry()} disabled={busy !== null}>
            <Icon name="refresh" size={16} />
            <span>{busy === "retry" ? t("Retrying…") : t("Retry failed")}</span>
          </button>
        )}
        {!final && !confirming && (
          <button type="button" class="button button-danger-quiet" onClick={() => setConfirming(true)}>
            <Icon name="x" size={16} />
            <span>{t("Cancel campaign")}</span>
          </button>
        )}
      </div>
      {!final && confirming && (
        <fieldset class="confirm-inline">
          <legend class="small">
            {t("Cancel {name}? Recipients not yet sent are not sent.", { name: campaign.name })}
          </legend>
          <button
            ref={confirmButton}
            type="button"
            class="button button-small button-danger"
            onClick={() => void cancel()}
            disabled={busy !== null}
          >
            {busy === "cancel" ? t("Cancelling…") : t("Cancel campaign")}
          </button>
          <button type="button" class="button button-small" onClick={() => setConfirming(false)}>
            {t("Keep sending")}
          </button>
        </fieldset>
      )}
      {notice && <Alert tone="success">{notice}</Alert>}
      {error && <Alert tone="error">{error}</Alert>}
    </div>
  );
}
