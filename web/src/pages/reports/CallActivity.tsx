import { useEffect, useRef, useState } from "preact/hooks";
import { type CallReport, type CallReportQuery, reportsApi } from "../../api-reports";
import { Empty, Failed, Loading } from "../../components/States";
import { describeError } from "../../errors";
import { count, duration, fullTime, rupiah } from "../../format";
import { t } from "../../i18n";

type Filters = { direction: "" | "inbound" | "outbound"; status: "" | "answered" | "unanswered" };
type Loaded = { status: "loading" | "ready" | "error"; data?: CallReport; error?: string; more?: "loading" | string };

/**
 * Rule C10 (supervisors and admins): every WhatsApp call of the range: direction, Answered or
 * Unanswered, the agent (N/A when none), start, duration and cost, filtered by direction and outcome,
 * a page at a time, with the same as CSV.
 */
export function CallActivity({ from, to }: { from: string; to: string }) {
  const [filters, setFilters] = useState<Filters>({ direction: "", status: "" });
  const [state, setState] = useState<Loaded>({ status: "loading" });
  const query: CallReportQuery = { from, to, ...filters };
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== "") as [string, string][]);
  const generation = useRef(0);

  useEffect(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, status: "loading", more: undefined }));
    reportsApi.reportCalls(query).then(
      (data) => mine === generation.current && setState({ status: "ready", data }),
      (err) => mine === generation.current && setState({ status: "error", error: describeError(err) }),
    );
  }, [from, to, filters.direction, filters.status]);

  const loadMore = async () => {
    const first = state.data;
    if (!first?.nextCursor || state.more === "loading") return;
    const mine = generation.current;
    setState({ ...state, more: "loading" });
    try {
      const next = await reportsApi.reportCalls({ ...query, cursor: first.nextCursor });
      if (mine !== generation.current) return;
      setState({ status: "ready", data: { ...next, calls: [...first.calls, ...next.calls] } });
    } catch (err) {
      if (mine === generation.current) setState((s) => ({ ...s, more: describeError(err) }));
    }
  };

  const calls = state.data?.calls ?? [];
  const totals = state.data?.totals;
  return (
    <section class="admin-card" aria-labelledby="calls-title" aria-busy={state.status === "loading"}>
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
      {state.status === "error" ? (
        <Failed message={state.error ?? ""} onRetry={() => setFilters({ ...filters })} />
      ) : !state.data ? (
        <Loading label={t("Loading calls…")} />
      ) : calls.length === 0 ? (
        <Empty icon="chart" title={t("No calls in these days")} />
      ) : (
        <>
          <p class="muted small" role="status">
            {t("{calls} calls: {answered} answered, {unanswered} unanswered; {cost} charged.", {
              calls: count(totals?.calls ?? 0),
              answered: count(totals?.answered ?? 0),
              unanswered: count(totals?.unanswered ?? 0),
              cost: rupiah(totals?.cost ?? 0),
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
          {state.data.nextCursor && (
            <button
              type="button"
              class="button button-small"
              onClick={loadMore}
              disabled={state.more === "loading"}
              aria-busy={state.more === "loading"}
            >
              {state.more === "loading"
                ? t("Loading more calls…")
                : t("Show more calls ({count} more)", { count: count((totals?.calls ?? 0) - calls.length) })}
            </button>
          )}
          {state.more && state.more !== "loading" && (
            <p class="form-error" role="alert">
              {state.more}
            </p>
          )}
        </>
      )}
    </section>
  );
}
