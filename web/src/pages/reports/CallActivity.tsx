import { useState } from "preact/hooks";
import { type CallReportQuery, reportsApi } from "../../api-reports";
import { ShowMore } from "../../components/ShowMore";
import { Empty, Failed, Loading } from "../../components/States";
import { count, duration, fullTime, rupiah } from "../../format";
import { usePagedList } from "../../hooks/usePagedList";
import { t } from "../../i18n";

type Filters = { direction: "" | "inbound" | "outbound"; status: "" | "answered" | "unanswered" };

/**
 * Rule C10 (supervisors and admins): every WhatsApp call of the range: direction, Answered or
 * Unanswered, the agent (N/A when none), start, duration and cost, filtered by direction and outcome,
 * a page at a time, with the same as CSV.
 */
export function CallActivity({ from, to }: { from: string; to: string }) {
  const [filters, setFilters] = useState<Filters>({ direction: "", status: "" });
  const query: CallReportQuery = { from, to, ...filters };
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== "") as [string, string][]);
  // The totals are the range's, on every page: the first page's are kept.
  const paged = usePagedList(
    (cursor) =>
      reportsApi
        .reportCalls({ ...query, cursor })
        .then((page) => ({ items: page.calls, nextCursor: page.nextCursor, head: page.totals })),
    [from, to, filters.direction, filters.status],
  );

  const calls = paged.items;
  const totals = paged.head;
  return (
    <section class="admin-card" aria-labelledby="calls-title" aria-busy={paged.status === "loading"}>
      <div class="reports-section-head">
        <h2 id="calls-title">{t("Call activity")}</h2>
        <a class="button button-small" href={`/api/reports/calls.csv?${params}`} download>
          {t("Export CSV")}
        </a>
      </div>
      <form class="reports-range" aria-label={t("Call filters")} onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("Direction")}
          <select
            value={filters.direction}
            onChange={(e) => setFilters({ ...filters, direction: e.currentTarget.value as Filters["direction"] })}
          >
            <option value="">{t("All")}</option>
            <option value="inbound">{t("Inbound")}</option>
            <option value="outbound">{t("Outbound")}</option>
          </select>
        </label>
        <label>
          {t("Outcome")}
          <select
            value={filters.status}
            onChange={(e) => setFilters({ ...filters, status: e.currentTarget.value as Filters["status"] })}
          >
            <option value="">{t("All")}</option>
            <option value="answered">{t("Answered")}</option>
            <option value="unanswered">{t("Unanswered")}</option>
          </select>
        </label>
      </form>
      {!totals && paged.status === "error" ? (
        <Failed message={paged.error ?? ""} onRetry={paged.reload} />
      ) : !totals ? (
        <Loading label={t("Loading calls…")} />
      ) : calls.length === 0 ? (
        <Empty icon="chart" title={t("No calls in these days")} />
      ) : (
        <>
          <p class="muted small" role="status">
            {t("{calls} calls: {answered} answered, {unanswered} unanswered; {cost} charged.", {
              calls: count(totals.calls),
              answered: count(totals.answered),
              unanswered: count(totals.unanswered),
              cost: rupiah(totals.cost),
            })}
          </p>
          <div class="report-table">
            <table aria-label={t("Calls")}>
              <thead>
                <tr>
                  <th scope="col">{t("Started")}</th>
                  <th scope="col">{t("Direction")}</th>
                  <th scope="col">{t("Outcome")}</th>
                  <th scope="col">{t("Agent")}</th>
                  <th scope="col">{t("Customer")}</th>
                  <th scope="col">{t("Duration")}</th>
                  <th scope="col">{t("Cost")}</th>
                </tr>
              </thead>
              <tbody>
                {calls.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{fullTime(c.startedAt)}</th>
                    <td>{c.direction === "inbound" ? t("Inbound") : t("Outbound")}</td>
                    <td>{t(c.status)}</td>
                    <td>{c.agent === "N/A" ? t("N/A") : c.agent}</td>
                    <td>{c.contact ?? "—"}</td>
                    <td>{c.durationSeconds > 0 ? duration(c.durationSeconds * 1000) : "—"}</td>
                    <td>{rupiah(c.cost)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ShowMore
            paged={paged}
            label={t("Show more calls ({count} more)", { count: count(totals.calls - calls.length) })}
            loadingLabel={t("Loading more calls…")}
            small
          />
          {paged.status === "error" && (
            <p class="form-error" role="alert">
              {paged.error}
            </p>
          )}
        </>
      )}
    </section>
  );
}
