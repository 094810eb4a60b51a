/**
 * The pre-send estimate in the New campaign form (issue 13, item 6): what the campaign would cost by
 * category against the WhatsApp balance (T7), and its unique recipients against the number's daily
 * messaging limit. Asked for again (with progress) whenever the form's request changes.
 */
import { useEffect, useState } from "preact/hooks";
import type { CampaignEstimate } from "../../../../worker/schemas/campaigns";
import { authed } from "../../api";
import type { CreateCampaignBody } from "../../api-campaigns";
import { count, rupiah } from "../../format";
import { t } from "../../i18n";
import { campaignError } from "./campaign-words";

export type { CampaignEstimate };

export const estimateCampaign = (body: CreateCampaignBody) =>
  authed<CampaignEstimate>("POST", "/api/campaigns/estimate", body);

/** English words (the keys of t()), shown through t() at render. */
const ITEM_WORDS: Record<CampaignEstimate["costs"][number]["item"], string> = {
  MARKETING: "Marketing conversations",
  UTILITY: "Utility conversations",
  AUTHENTICATION: "Authentication conversations",
  unique_visitor: "Unique visitors beyond the monthly quota",
};

/** `body` null: the form is not complete enough to estimate. */
export function EstimatePanel({ body, channelId }: { body: CreateCampaignBody | null; channelId: string | null }) {
  const [estimate, setEstimate] = useState<CampaignEstimate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [again, setAgain] = useState(0);
  const key = body ? JSON.stringify(body) : null;
  useEffect(() => {
    if (!key) return;
    let live = true;
    const timer = setTimeout(() => {
      setBusy(true);
      setError(null);
      estimateCampaign(JSON.parse(key) as CreateCampaignBody).then(
        (e) => {
          if (!live) return;
          setEstimate(e);
          setBusy(false);
        },
        (err) => {
          if (!live) return;
          setEstimate(null);
          setError(campaignError(err));
          setBusy(false);
        },
      );
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, again]);

  return (
    <section class="broadcast-estimate" aria-label={t("Estimate")} data-testid="campaign-estimate" aria-busy={busy}>
      <div class="broadcast-estimate-head">
        <strong>{t("Estimate before sending")}</strong>
        <button
          type="button"
          class="button button-small"
          onClick={() => setAgain((n) => n + 1)}
          disabled={!key || busy}
        >
          {t("Refresh")}
        </button>
      </div>
      {!key && <p class="muted">{t("Choose a template and whom to send to for an estimate.")}</p>}
      {key && busy && (
        <p class="muted" aria-live="polite" role="status">
          <span class="spinner" aria-hidden="true" /> {t("Estimating…")}
        </p>
      )}
      {key && !busy && error && <p class="field-error">{error}</p>}
      {key && !busy && !error && estimate && <EstimateFigures e={estimate} />}
      {key && estimate && channelId && (
        <TierSetting channelId={channelId} tier={estimate.messagingLimit.tier} onSaved={() => setAgain((n) => n + 1)} />
      )}
    </section>
  );
}

function EstimateFigures({ e }: { e: CampaignEstimate }) {
  const limit = e.messagingLimit;
  const skipped = e.skipped.optedOut + e.skipped.engagementBlocked;
  return (
    <div aria-live="polite">
      <p data-testid="estimate-recipients">
        {t("{toSend} to send of {recipients} recipients ({unique} unique)", {
          toSend: count(e.toSend),
          recipients: count(e.recipients),
          unique: count(e.uniqueRecipients),
        })}
        {skipped > 0 &&
          t("; {optedOut} opted out and {limited} limited by Meta (131049) are skipped", {
            optedOut: count(e.skipped.optedOut),
            limited: count(e.skipped.engagementBlocked),
          })}
        .
      </p>
      {e.billed ? (
        <table class="broadcast-estimate-costs">
          <tbody>
            {e.costs.map((c) => (
              <tr key={c.item}>
                <th scope="row">{t(ITEM_WORDS[c.item])}</th>
                <td>
                  {count(c.count)} × {rupiah(c.unitPrice)}
                </td>
                <td>{rupiah(c.amount)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t("Total")}</th>
              <td>{t("WhatsApp balance {amount}", { amount: rupiah(e.balance) })}</td>
              <td data-testid="estimate-total">{rupiah(e.total)}</td>
            </tr>
          </tbody>
        </table>
      ) : (
        <p class="muted">{t("Your organization has no package: campaigns are not charged.")}</p>
      )}
      {e.shortfall > 0 && (
        <p class="field-error" data-testid="estimate-shortfall">
          {t('{amount} short: top up, or tick "Send until the money or the limit ends".', {
            amount: rupiah(e.shortfall),
          })}
        </p>
      )}
      <p data-testid="estimate-limit" class={limit.exceedsBy > 0 ? "field-error" : "muted"}>
        {t("Daily messaging limit ({limit}):", {
          limit: limit.limit === null ? t("unlimited") : t("{count} customers per 24 h", { count: count(limit.limit) }),
        })}{" "}
        {t("{new} new customers, {used} reached in the last 24 h", {
          new: count(limit.newRecipients),
          used: count(limit.usedLast24h),
        })}
        {limit.remaining !== null && t(", {count} left", { count: count(limit.remaining) })}
        {limit.exceedsBy > 0 && t(". {count} over the limit would not be sent", { count: count(limit.exceedsBy) })}.
      </p>
    </div>
  );
}

/** English words (the keys of t()), shown through t() at render. */
const TIER_WORDS: Record<CampaignEstimate["messagingLimit"]["tier"], string> = {
  TIER_250: "250 customers a day (Meta's starting limit)",
  TIER_1K: "1.000 customers a day",
  TIER_2K: "2.000 customers a day",
  TIER_10K: "10.000 customers a day",
  TIER_100K: "100.000 customers a day",
  TIER_UNLIMITED: "Unlimited",
};

/**
 * The number's daily messaging limit as Meta set it (WhatsApp Manager › phone number): the admin keeps
 * it here so campaigns are budgeted against the real limit (issue 13, item 6).
 */
function TierSetting({ channelId, tier, onSaved }: { channelId: string; tier: Tier; onSaved: () => void }) {
  const [chosen, setChosen] = useState<Tier>(tier);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setChosen(tier), [tier]);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await authed("PUT", `/api/channels/${encodeURIComponent(channelId)}/messaging-limit`, { tier: chosen });
      onSaved();
    } catch (err) {
      setError(campaignError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="broadcast-tier">
      <label>
        {t("This number's messaging limit in Meta")}
        <select value={chosen} onChange={(e) => setChosen(e.currentTarget.value as Tier)} disabled={busy}>
          {(Object.keys(TIER_WORDS) as Tier[]).map((tier) => (
            <option key={tier} value={tier}>
              {t(TIER_WORDS[tier])}
            </option>
          ))}
        </select>
      </label>
      <button type="button" class="button button-small" onClick={() => void save()} disabled={busy || chosen === tier}>
        {busy ? t("Saving…") : t("Save limit")}
      </button>
      {error && <p class="field-error">{error}</p>}
    </div>
  );
}

type Tier = CampaignEstimate["messagingLimit"]["tier"];
