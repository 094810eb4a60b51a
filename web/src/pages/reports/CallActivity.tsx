import { useEffect, useState } from "preact/hooks";
import { api, type CallReport, type CallReportQuery } from "../../api";
import { Empty, Failed, Loading } from "../../components/States";
import { describeError } from "../../errors";
import { count, duration, fullTime, rupiah } from "../../format";

const PAGE = 50;
type Filters = { direction: "" | "inbound" | "outbound"; status: "" | "answered" | "unanswered" };

/**
 * Rule C10 (supervisors and admins): every WhatsApp call of the range: direction, Answered or
 * Unanswered, the agent (N/A when none), start, duration and cost, filtered by direction and outcome,
 * with the same as CSV.
 */
export function CallActivity({ from, to }: { from: string; to: string }) {
  const [filters, setFilters] = useState<Filters>({ direction: "", status: "" });
  const [shown, setShown] = useState(PAGE);
  const [state, setState] = useState<{ status: "loading" | "ready" | "error"; data?: CallReport; error?: string }>({
    status: "loading",
  });
  const query: CallReportQuery = { from, to, ...filters };
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== "") as [string, string][]);

  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, status: "loading" }));
    setShown(PAGE);
    api.reportCalls(query).then(
      (data) => live && setState({ status: "ready", data }),
      (err) => live && setState({ status: "error", error: describeError(err) }),
    );
    return () => {
      live = false;
    };
  }, [from, to, filters.direction, filters.status]);

  const calls = state.data?.calls ?? [];
  const answered = calls.filter((c) => c.status === "Answered").length;
  return (
    <section class="admin-card" aria-labelledby="calls-title" aria-busy={state.status === "loading"}>
      <div class="reports-section-head">
        <h2 id="calls-title">Call activity</h2>
        <a class="button button-small" href={`/api/reports/calls.csv?${params}`} download>
          Export CSV
        </a>
      </div>
      <form class="reports-range" aria-label="Call filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Direction
          <select
            value={filters.direction}
            onChange={(e) => setFilters({ ...filters, direction: e.currentTarget.value as Filters["direction"] })}
          >
            <option value="">All</option>
            <option value="inbound">Inbound</option>
            <option value="outbound">Outbound</option>
          </select>
        </label>
        <label>
          Outcome
          <select
            value={filters.status}
            onChange={(e) => setFilters({ ...filters, status: e.currentTarget.value as Filters["status"] })}
          >
            <option value="">All</option>
            <option value="answered">Answered</option>
            <option value="unanswered">Unanswered</option>
          </select>
        </label>
      </form>
      {state.status === "error" ? (
        <Failed message={state.error ?? ""} onRetry={() => setFilters({ ...filters })} />
      ) : !state.data ? (
        <Loading label="Loading calls…" />
      ) : calls.length === 0 ? (
        <Empty icon="chart" title="No calls in these days" />
      ) : (
        <>
          <p class="muted small" role="status">
            {count(calls.length)} calls: {count(answered)} answered, {count(calls.length - answered)} unanswered.
            {state.data.truncated && " There were more: these are the first 5,000; choose fewer days to see the rest."}
          </p>
          <div class="report-table">
            <table aria-label="Calls">
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Direction</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Agent</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Duration</th>
                  <th scope="col">Cost</th>
                </tr>
              </thead>
              <tbody>
                {calls.slice(0, shown).map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{fullTime(c.startedAt)}</th>
                    <td>{c.direction === "inbound" ? "Inbound" : "Outbound"}</td>
                    <td>{c.status}</td>
                    <td>{c.agent}</td>
                    <td>{c.contact ?? "—"}</td>
                    <td>{c.durationSeconds > 0 ? duration(c.durationSeconds * 1000) : "—"}</td>
                    <td>{rupiah(c.cost)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {shown < calls.length && (
            <button type="button" class="button button-small" onClick={() => setShown(shown + PAGE)}>
              Show more calls ({count(calls.length - shown)} more)
            </button>
          )}
        </>
      )}
    </section>
  );
}
