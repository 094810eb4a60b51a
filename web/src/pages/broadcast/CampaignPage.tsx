import { useEffect, useRef, useState } from "preact/hooks";
import { type CampaignView, campaignsApi } from "../../api-campaigns";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { Link } from "../../components/Link";
import { Failed, Loading } from "../../components/States";
import { describeError } from "../../errors";
import { count, fullTime, rupiah } from "../../format";
import { t } from "../../i18n";
import { CampaignActions } from "./CampaignActions";
import { isFinal, reasonWords, STATUS_TONE, STATUS_WORDS } from "./campaign-words";
import { RecipientsTable } from "./RecipientsTable";

/** How often the page asks for progress while the campaign is not final. */
const POLL_MS = 1000;

/** One campaign (rules T6-T8): status, live progress and counts, recipients, CSV, retry and cancel. */
export function CampaignPage({ id }: { id: string }) {
  const [campaign, setCampaign] = useState<CampaignView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  // Polls overlap on a slow line: an answer older than one already shown (or than Cancel's or Retry's) is
  // dropped, so counts never go back; every newer one is shown, even when a later poll is still out.
  const asked = useRef(0);
  const shown = useRef(0);

  const load = async () => {
    const mine = ++asked.current;
    try {
      const next = await campaignsApi.campaign(id);
      if (mine <= shown.current) return;
      shown.current = mine;
      setCampaign(next);
      setError(null);
    } catch (err) {
      if (mine <= shown.current) return;
      setError(describeError(err));
    }
  };
  useEffect(() => {
    setCampaign(null);
    void load();
  }, [id]);
  const running = campaign !== null && !isFinal(campaign.status);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [running, id]);
  // The recipients reload when the campaign ends while the page is open, so their final states show.
  const status = campaign?.status;
  const lastStatus = useRef(status);
  useEffect(() => {
    if (status && isFinal(status) && lastStatus.current && !isFinal(lastStatus.current)) setVersion((v) => v + 1);
    lastStatus.current = status;
  }, [status]);
  useEffect(() => {
    if (campaign) heading.current?.focus();
  }, [campaign?.id]);

  const back = (
    <Link href="/broadcast/campaigns" class="back-link">
      <Icon name="back" size={16} />
      <span>{t("All campaigns")}</span>
    </Link>
  );
  if (!campaign) {
    return error ? (
      <div class="admin-page">
        {back}
        <Failed message={error} onRetry={() => void load()} />
      </div>
    ) : (
      <Loading label={t("Loading the campaign…")} />
    );
  }
  const c = campaign.counts;
  const done = c.sent + c.delivered + c.read + c.failed + c.cancelled + c.skipped;
  const total = Math.max(campaign.total, 1);
  return (
    <div class="admin-page" data-testid="campaign-page">
      {back}
      <div class="admin-page-head">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            {campaign.name}
          </h1>
          <p class="muted">
            {campaign.templateName} ({campaign.language}, {campaign.category}) ·{" "}
            {"listId" in campaign.target ? t("a contact list") : campaign.target.phone} ·{" "}
            {t("created {time}", { time: fullTime(campaign.createdAt) })}
          </p>
        </div>
      </div>
      <p class="broadcast-status">
        <span class={`chip ${STATUS_TONE[campaign.status]}`} data-testid="campaign-status">
          {t(STATUS_WORDS[campaign.status])}
        </span>
        {campaign.scheduledAt && campaign.status === "scheduled" && (
          <span> {t("at {time}", { time: fullTime(campaign.scheduledAt) })}</span>
        )}
        {campaign.stopReason && <span class="muted"> · {reasonWords(campaign.stopReason)}</span>}
      </p>
      <div class="broadcast-progress">
        <progress max={total} value={Math.min(done, total)} aria-label={t("Campaign progress")} />
        <span aria-live="polite" data-testid="campaign-progress">
          {t("{done} of {total} done", { done: count(done), total: count(campaign.total) })}
        </span>
      </div>
      <dl class="campaign-counts" data-testid="campaign-counts">
        {(
          [
            ["Queued", c.queued + c.sending],
            ["Held", c.held],
            ["Sent", c.sent],
            ["Delivered", c.delivered],
            ["Read", c.read],
            ["Failed", c.failed],
            ["Cancelled", c.cancelled],
            ["Skipped (opted out)", c.skipped],
          ] as const
        ).map(([label, n]) => (
          <div key={label}>
            <dt>{t(label)}</dt>
            <dd>{count(n)}</dd>
          </div>
        ))}
        <div>
          <dt>{t("Cost")}</dt>
          <dd>
            {rupiah(campaign.cost)}{" "}
            <span class="muted small">{t("of {amount} estimated", { amount: rupiah(campaign.estimate) })}</span>
          </dd>
        </div>
      </dl>
      {error && <Alert tone="error">{error}</Alert>}
      <CampaignActions
        campaign={campaign}
        onChanged={(next) => {
          shown.current = asked.current;
          setCampaign(next);
          setVersion((v) => v + 1);
        }}
      />
      <RecipientsTable key={id} id={id} version={version} />
    </div>
  );
}
