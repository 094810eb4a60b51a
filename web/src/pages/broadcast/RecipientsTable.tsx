import { useState } from "preact/hooks";
import { type CampaignRecipientState, campaignsApi } from "../../api-campaigns";
import { Alert } from "../../components/Alert";
import { ShowMore } from "../../components/ShowMore";
import { Loading } from "../../components/States";
import { fullTime } from "../../format";
import { usePagedList } from "../../hooks/usePagedList";
import { t } from "../../i18n";
import { Select } from "../admin/common";
import { reasonWords } from "./campaign-words";

/** English words (the keys of t()), shown through t() at render. */
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

/**
 * The campaign's recipients in list order, filtered by state, a page at a time. A new `version` (the
 * campaign ended, was cancelled or retried) reloads them under the same filter.
 */
export function RecipientsTable({ id, version }: { id: string; version: number }) {
  const [filter, setFilter] = useState<CampaignRecipientState | "">("");
  const paged = usePagedList(
    (after) =>
      campaignsApi
        .campaignRecipients(id, { status: filter || undefined, cursor: after, limit: 50 })
        .then((page) => ({ items: page.recipients, nextCursor: page.nextCursor })),
    [id, filter, version],
  );
  const { items: rows, status, error } = paged;

  return (
    <section class="broadcast-lists" aria-labelledby="recipients-title">
      <h2 id="recipients-title" class="broadcast-subtitle">
        {t("Recipients")}
      </h2>
      <Select
        label={t("Show")}
        value={filter}
        onChange={setFilter}
        options={FILTERS.map((f) => ({ value: f.value, label: t(f.label) }))}
      />
      {status === "loading" ? (
        <Loading label={t("Loading recipients…")} />
      ) : rows.length === 0 && status !== "error" ? (
        <p class="muted">
          {filter ? t("No recipients in the state {state}.", { state: t(filter) }) : t("No recipients yet.")}
        </p>
      ) : (
        <div class="table-scroll">
          <table class="data-table" data-testid="campaign-recipients">
            <thead>
              <tr>
                <th scope="col">{t("Phone")}</th>
                <th scope="col">{t("State")}</th>
                <th scope="col">{t("Reason")}</th>
                <th scope="col" class="hide-narrow">
                  {t("Updated")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td class="phone-cell">{r.phone}</td>
                  <td>{t(r.state)}</td>
                  <td>{r.reason ? reasonWords(r.reason) : "—"}</td>
                  <td class="hide-narrow nowrap">{fullTime(r.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      <ShowMore paged={paged} label={t("Show more recipients")} />
    </section>
  );
}
