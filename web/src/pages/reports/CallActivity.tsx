import { useEffect, useRef, useState } from "preact/hooks";
import { api, type CallReport, type CallReportQuery } from "../../api";
import { Empty, Failed, Loading } from "../../components/States";
import { describeError } from "../../errors";
import { count, duration, fullTime, rupiah } from "../../format";

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
    api.reportCalls(query).then(
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
      const next = await api.reportCalls({ ...query, cursor: first.nextCursor });
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
            {count(totals?.calls ?? 0)} calls: {count(totals?.answered ?? 0)} answered, {count(totals?.unanswered ?? 0)}{" "}
            unanswered; {rupiah(totals?.cost ?? 0)} charged.
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
                {calls.map((c) => (
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
          {state.data.nextCursor && (
            <button
              type="button"
              class="button button-small"
              onClick={loadMore}
              disabled={state.more === "loading"}
              aria-busy={state.more === "loading"}
            >
              {state.more === "loading"
                ? "Loading more calls…"
                : `Show more calls (${count((totals?.calls ?? 0) - calls.length)} more)`}
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
