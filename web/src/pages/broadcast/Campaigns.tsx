import { useEffect, useState } from "preact/hooks";
import { api, type CampaignView } from "../../api";
import { Alert } from "../../components/Alert";
import { Icon } from "../../components/Icon";
import { Link } from "../../components/Link";
import { Empty, Failed, Loading } from "../../components/States";
import { describeError } from "../../errors";
import { count, fullTime } from "../../format";
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
          <h1 tabIndex={-1}>Campaigns</h1>
          <p class="muted">Send one approved template to a contact list, now or at a time you choose.</p>
        </div>
        <Link href="/broadcast/campaigns/new" class="button button-primary">
          <Icon name="plus" size={18} />
          <span>New campaign</span>
        </Link>
      </div>
      <CampaignsTable />
    </div>
  );
}

function CampaignsTable() {
  const [campaigns, setCampaigns] = useState<CampaignView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<"loading" | "ready" | "more" | "error">("loading");
  const [error, setError] = useState<string | null>(null);

  const load = async (after?: string) => {
    setStatus(after ? "more" : "loading");
    setError(null);
    try {
      const page = await api.campaigns({ cursor: after, limit: 20 });
      setCampaigns((current) => (after ? [...current, ...page.campaigns] : page.campaigns));
      setCursor(page.nextCursor);
      setStatus("ready");
    } catch (err) {
      setError(describeError(err));
      setStatus("error");
    }
  };
  useEffect(() => {
    void load();
  }, []);

  if (status === "loading") return <Loading label="Loading campaigns…" />;
  if (status === "error" && campaigns.length === 0) return <Failed message={error ?? ""} onRetry={() => void load()} />;
  if (campaigns.length === 0) {
    return (
      <Empty icon="send" title="No campaigns yet">
        Choose New campaign to send an approved template to a list you uploaded in{" "}
        <Link href="/broadcast/lists">Lists</Link>.
      </Empty>
    );
  }
  return (
    <section aria-label="Your campaigns">
      <div class="table-scroll">
        <table class="data-table" data-testid="campaigns">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Sent
              </th>
              <th scope="col" class="num hide-narrow">
                Failed
              </th>
              <th scope="col" class="hide-narrow">
                Created
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
                <td>{STATUS_WORDS[c.status]}</td>
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
      {cursor && (
        <div class="form-actions">
          <button type="button" class="button" onClick={() => void load(cursor)} disabled={status === "more"}>
            {status === "more" ? "Loading…" : "Show more campaigns"}
          </button>
        </div>
      )}
    </section>
  );
}
