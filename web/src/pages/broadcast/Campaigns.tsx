import { campaignsApi } from "../../api-campaigns";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { Link } from "../../components/Link";
import { ShowMore } from "../../components/ShowMore";
import { Empty, Failed, Loading } from "../../components/States";
import { count, fullTime } from "../../format";
import { usePagedList } from "../../hooks/usePagedList";
import { t } from "../../i18n";
import { CampaignForm } from "./CampaignForm";
import { CampaignPage } from "./CampaignPage";
import { STATUS_WORDS } from "./campaign-words";

/**
 * Campaigns (rules T6-T9): the list, newest first; /broadcast/campaigns/new creates one, and
 * /broadcast/campaigns/:id follows one live.
 */
export function CampaignsPage({ campaignId }: { campaignId: string | null }) {
  if (campaignId === "new") return <CampaignForm />;
  if (campaignId) return <CampaignPage id={campaignId} />;
  return (
    <div class="admin-page">
      <div class="admin-page-head">
        <div>
          <h1 tabIndex={-1}>{t("Campaigns")}</h1>
          <p class="muted">{t("Send one approved template to a contact list, now or at a time you choose.")}</p>
        </div>
        <Link href="/broadcast/campaigns/new" class="button button-primary">
          <Icon name="plus" size={18} />
          <span>{t("New campaign")}</span>
        </Link>
      </div>
      <CampaignsTable />
    </div>
  );
}

function CampaignsTable() {
  const paged = usePagedList(
    (after) =>
      campaignsApi
        .campaigns({ cursor: after, limit: 20 })
        .then((page) => ({ items: page.campaigns, nextCursor: page.nextCursor })),
    [],
  );
  const { items: campaigns, status, error } = paged;

  if (status === "loading") return <Loading label={t("Loading campaigns…")} />;
  if (status === "error" && campaigns.length === 0) return <Failed message={error ?? ""} onRetry={paged.reload} />;
  if (campaigns.length === 0) {
    return (
      <Empty icon="send" title={t("No campaigns yet")}>
        {t("Choose New campaign to send an approved template to a list you uploaded in")}{" "}
        <Link href="/broadcast/lists">{t("Lists")}</Link>.
      </Empty>
    );
  }
  return (
    <section aria-label={t("Your campaigns")}>
      <div class="table-scroll">
        <table class="data-table" data-testid="campaigns">
          <thead>
            <tr>
              <th scope="col">{t("Name")}</th>
              <th scope="col">{t("Status")}</th>
              <th scope="col" class="num">
                {t("Sent")}
              </th>
              <th scope="col" class="num hide-narrow">
                {t("Failed")}
              </th>
              <th scope="col" class="hide-narrow">
                {t("Created")}
              </th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <Link href={`/broadcast/campaigns/${encodeURIComponent(c.id)}`} class="table-link">
                    {c.name}
                  </Link>
                </th>
                <td>{t(STATUS_WORDS[c.status])}</td>
                <td class="num">
                  {count(c.counts.sent + c.counts.delivered + c.counts.read)} / {count(c.total)}
                </td>
                <td class="num hide-narrow">{count(c.counts.failed)}</td>
                <td class="hide-narrow nowrap">{fullTime(c.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      <ShowMore paged={paged} label={t("Show more campaigns")} />
    </section>
  );
}
