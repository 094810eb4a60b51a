/**
 * The pre-send estimate in the New campaign form (issue 13, item 6): what the campaign would cost by
 * category against the WhatsApp balance (T7), and its unique recipients against the number's daily
 * messaging limit. Asked for again (with progress) whenever the form's request changes.
 */
import { useEffect, useState } from "preact/hooks";
import type { CampaignEstimate } from "../../../../worker/schemas/campaigns";
import { authed, type CreateCampaignBody } from "../../api";
import { count, rupiah } from "../../format";
import { campaignError } from "./campaign-words";

export type { CampaignEstimate };

export const estimateCampaign = (body: CreateCampaignBody) =>
  authed<CampaignEstimate>("POST", "/api/campaigns/estimate", body);

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
    <section class="broadcast-estimate" aria-label="Estimate" data-testid="campaign-estimate" aria-busy={busy}>
      <div class="broadcast-estimate-head">
        <strong>Estimate before sending</strong>
        <button
          type="button"
          class="button button-small"
          onClick={() => setAgain((n) => n + 1)}
          disabled={!key || busy}
        >
          Refresh
        </button>
      </div>
      {!key && <p class="muted">Choose a template and whom to send to for an estimate.</p>}
      {key && busy && (
        <p class="muted" aria-live="polite" role="status">
          <span class="spinner" aria-hidden="true" /> Estimating…
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
        {count(e.toSend)} to send of {count(e.recipients)} recipients ({count(e.uniqueRecipients)} unique)
        {skipped > 0 &&
          `; ${count(e.skipped.optedOut)} opted out and ${count(e.skipped.engagementBlocked)} limited by Meta (131049) are skipped`}
        .
      </p>
      {e.billed ? (
        <table class="broadcast-estimate-costs">
          <tbody>
            {e.costs.map((c) => (
              <tr key={c.item}>
                <th scope="row">{ITEM_WORDS[c.item]}</th>
                <td>
                  {count(c.count)} × {rupiah(c.unitPrice)}
                </td>
                <td>{rupiah(c.amount)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">Total</th>
              <td>WhatsApp balance {rupiah(e.balance)}</td>
              <td data-testid="estimate-total">{rupiah(e.total)}</td>
            </tr>
          </tbody>
        </table>
      ) : (
        <p class="muted">Your organization has no package: campaigns are not charged.</p>
      )}
      {e.shortfall > 0 && (
        <p class="field-error" data-testid="estimate-shortfall">
          {rupiah(e.shortfall)} short: top up, or tick "Send until the money or the limit ends".
        </p>
      )}
      <p data-testid="estimate-limit" class={limit.exceedsBy > 0 ? "field-error" : "muted"}>
        Daily messaging limit ({limit.limit === null ? "unlimited" : `${count(limit.limit)} customers per 24 h`}):{" "}
        {count(limit.newRecipients)} new customers, {count(limit.usedLast24h)} reached in the last 24 h
        {limit.remaining !== null && `, ${count(limit.remaining)} left`}
        {limit.exceedsBy > 0 && `. ${count(limit.exceedsBy)} over the limit would not be sent`}.
      </p>
    </div>
  );
}

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
        This number's messaging limit in Meta
        <select value={chosen} onChange={(e) => setChosen(e.currentTarget.value as Tier)} disabled={busy}>
          {(Object.keys(TIER_WORDS) as Tier[]).map((t) => (
            <option key={t} value={t}>
              {TIER_WORDS[t]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" class="button button-small" onClick={() => void save()} disabled={busy || chosen === tier}>
        {busy ? "Saving…" : "Save limit"}
      </button>
      {error && <p class="field-error">{error}</p>}
    </div>
  );
}

type Tier = CampaignEstimate["messagingLimit"]["tier"];
