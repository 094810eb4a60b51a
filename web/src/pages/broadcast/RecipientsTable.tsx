import { useEffect, useState } from "preact/hooks";
import { api, type CampaignRecipient, type CampaignRecipientState } from "../../api";
import { Alert } from "../../components/Alert";
import { Loading } from "../../components/States";
import { describeError } from "../../errors";
import { fullTime } from "../../format";
import { Select } from "../admin/common";

const FILTERS: { value: CampaignRecipientState | ""; label: string }[] = [
  { value: "", label: "Every state" },
  { value: "queued", label: "Queued" },
  { value: "sending", label: "Sending" },
  { value: "held", label: "Held" },
  { value: "sent", label: "Sent" },
  { value: "delivered", label: "Delivered" },
  { value: "read", label: "Read" },
  { value: "failed", label: "Failed" },
  { value: "cancelled", label: "Cancelled" },
];

/** The campaign's recipients in list order, filtered by state, a page at a time. */
export function RecipientsTable({ id }: { id: string }) {
  const [filter, setFilter] = useState<CampaignRecipientState | "">("");
  const [rows, setRows] = useState<CampaignRecipient[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<"loading" | "ready" | "more" | "error">("loading");
  const [error, setError] = useState<string | null>(null);

  const load = async (after?: string) => {
    setStatus(after ? "more" : "loading");
    setError(null);
    try {
      const page = await api.campaignRecipients(id, { status: filter || undefined, cursor: after, limit: 50 });
      setRows((current) => (after ? [...current, ...page.recipients] : page.recipients));
      setCursor(page.nextCursor);
      setStatus("ready");
    } catch (err) {
      setError(describeError(err));
      setStatus("error");
    }
  };
  useEffect(() => {
    void load();
  }, [id, filter]);

  return (
    <section class="broadcast-lists" aria-labelledby="recipients-title">
      <h2 id="recipients-title" class="broadcast-subtitle">
        Recipients
      </h2>
      <Select label="Show" value={filter} onChange={setFilter} options={FILTERS} />
      {status === "loading" ? (
        <Loading label="Loading recipients…" />
      ) : rows.length === 0 && status !== "error" ? (
        <p class="muted">No recipients {filter ? `in the state ${filter}` : "yet"}.</p>
      ) : (
        <div class="table-scroll">
          <table class="data-table" data-testid="campaign-recipients">
            <thead>
              <tr>
                <th scope="col">Phone</th>
                <th scope="col">State</th>
                <th scope="col">Reason</th>
                <th scope="col" class="hide-narrow">
                  Updated
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td class="phone-cell">{r.phone}</td>
                  <td>{r.state}</td>
                  <td>{r.reason ? r.reasonText : "—"}</td>
                  <td class="hide-narrow nowrap">{fullTime(r.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      {cursor && (
        <div class="form-actions">
          <button type="button" class="button" onClick={() => void load(cursor)} disabled={status === "more"}>
            {status === "more" ? "Loading…" : "Show more recipients"}
          </button>
        </div>
      )}
    </section>
  );
}
