import { useEffect, useState } from "preact/hooks";
import { type AgentsReport, api, type OverviewReport, type ReportQuery } from "../../api";
import { Empty, Failed, Loading } from "../../components/States";
import { describeError } from "../../errors";
import { count, dayIn, duration } from "../../format";
import { me } from "../../state/session";
import { useTitle } from "../../title";
import { CallActivity } from "./CallActivity";
import { ChatsChart } from "./ChatsChart";
import { CsatReport } from "./CsatReport";
import "./reports.css";

/** Days on the organization's clock, not the browser's: its "today" may already be tomorrow in UTC. */
const daysAgo = (n: number) => dayIn(me.value?.organization.timeZone ?? "UTC", Date.now() - n * 24 * 3600 * 1000);
const minutesOr = (ms: number | null) => (ms === null ? "—" : duration(ms));

type Loaded = { overview: OverviewReport; agents: AgentsReport };

/**
 * Reports (rules R1, R2; supervisors and admins): conversations by day and channel, first response
 * and resolution times, and the same per agent, for a date range on the organization's clock.
 * Loaded only on this page.
 */
export function ReportsPage() {
  useTitle(`Reports · ${me.value?.organization.name ?? ""}`);
  const [range, setRange] = useState({ from: daysAgo(6), to: daysAgo(0) });
  const [tab, setTab] = useState<Tab>("overview");
  const [state, setState] = useState<{ status: "loading" | "ready" | "error"; data?: Loaded; error?: string }>({
    status: "loading",
  });
  const query: ReportQuery = range;
  useEffect(() => {
    if (tab !== "overview") return;
    let live = true;
    setState((s) => ({ ...s, status: "loading" }));
    Promise.all([api.reportOverview(query), api.reportAgents(query)]).then(
      ([overview, agents]) => live && setState({ status: "ready", data: { overview, agents } }),
      (err) => live && setState({ status: "error", error: describeError(err) }),
    );
    return () => {
      live = false;
    };
  }, [range.from, range.to, tab]);
  const csv = (kind: string) => `/api/reports/${kind}.csv?from=${range.from}&to=${range.to}`;
  const data = state.data;

  return (
    <div class="page-scroll">
      <div class="page reports">
        <div class="reports-head">
          <h1 tabIndex={-1}>Reports</h1>
          <form class="reports-range" aria-label="Date range" onSubmit={(e) => e.preventDefault()}>
            <label>
              From
              <input
                type="date"
                value={range.from}
                max={range.to}
                onChange={(e) => e.currentTarget.value && setRange({ ...range, from: e.currentTarget.value })}
              />
            </label>
            <label>
              To
              <input
                type="date"
                value={range.to}
                min={range.from}
                onChange={(e) => e.currentTarget.value && setRange({ ...range, to: e.currentTarget.value })}
              />
            </label>
          </form>
        </div>
        <ReportTabs tab={tab} onChange={setTab} />
        {tab === "calls" ? (
          <div role="tabpanel" id="report-panel-calls" aria-labelledby="report-tab-calls">
            <CallActivity from={range.from} to={range.to} />
          </div>
        ) : tab === "csat" ? (
          <div role="tabpanel" id="report-panel-csat" aria-labelledby="report-tab-csat">
            <CsatReport from={range.from} to={range.to} />
          </div>
        ) : state.status === "error" ? (
          <Failed message={state.error ?? ""} onRetry={() => setRange({ ...range })} />
        ) : !data ? (
          <Loading label="Loading reports…" />
        ) : (
          <div
            aria-busy={state.status === "loading"}
            role="tabpanel"
            id="report-panel-overview"
            aria-labelledby="report-tab-overview"
          >
            <p class="muted small">Days on the clock of {data.overview.timeZone}.</p>
            <Totals overview={data.overview} />
            <section class="admin-card" aria-labelledby="chats-title">
              <div class="reports-section-head">
                <h2 id="chats-title">Chats by day</h2>
                <a class="button button-small" href={csv("overview")} download>
                  Export CSV
                </a>
              </div>
              {data.overview.days.length === 0 ? (
                <Empty icon="chart" title="No conversations in these days" />
              ) : (
                <ChatsChart days={data.overview.days} from={range.from} to={range.to} />
              )}
            </section>
            <section class="admin-card" aria-labelledby="agents-title">
              <div class="reports-section-head">
                <h2 id="agents-title">Agents</h2>
                <a class="button button-small" href={csv("agents")} download>
                  Export CSV
                </a>
              </div>
              <AgentsTable report={data.agents} />
            </section>
          </div>
        )}
      </div>
    </div>
  );
}

type Tab = "overview" | "csat" | "calls";
const TABS: { tab: Tab; label: string }[] = [
  { tab: "overview", label: "Overview" },
  { tab: "csat", label: "CSAT" },
  { tab: "calls", label: "Call activity" },
];

/** The report's tabs (WAI-ARIA tabs: arrow keys move between them). */
function ReportTabs({ tab, onChange }: { tab: Tab; onChange: (tab: Tab) => void }) {
  const move = (e: KeyboardEvent) => {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    e.preventDefault();
    const i = TABS.findIndex((t) => t.tab === tab);
    const next = TABS[(i + (e.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length];
    if (!next) return;
    onChange(next.tab);
    document.getElementById(`report-tab-${next.tab}`)?.focus();
  };
  return (
    <div class="report-tabs" role="tablist" aria-label="Reports" onKeyDown={move}>
      {TABS.map((t) => (
        <button
          key={t.tab}
          type="button"
          role="tab"
          id={`report-tab-${t.tab}`}
          aria-selected={t.tab === tab}
          aria-controls={`report-panel-${t.tab}`}
          tabIndex={t.tab === tab ? 0 : -1}
          class={`report-tab${t.tab === tab ? " active" : ""}`}
          onClick={() => onChange(t.tab)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

function Totals({ overview }: { overview: OverviewReport }) {
  const t = overview.totals;
  const figures: [string, string][] = [
    ["Chats", count(t.chats)],
    ["Customer-started", count(t.inbound)],
    ["Business-started", count(t.business)],
    ["Resolved", count(t.resolved)],
    ["Messages in / out", `${count(t.messagesIn)} / ${count(t.messagesOut)}`],
    ["First response (median)", minutesOr(t.firstResponse.medianMs)],
    ["First response (average)", minutesOr(t.firstResponse.averageMs)],
    ["Resolution (median)", minutesOr(t.resolution.medianMs)],
    ["Resolution (average)", minutesOr(t.resolution.averageMs)],
  ];
  return (
    <ul class="report-totals" aria-label="Totals">
      {figures.map(([label, value]) => (
        <li key={label}>
          <span class="muted small">{label}</span>
          <strong>{value}</strong>
        </li>
      ))}
    </ul>
  );
}

function AgentsTable({ report }: { report: AgentsReport }) {
  if (report.agents.length === 0) return <p class="muted small">No conversation was held by an agent in these days.</p>;
  return (
    <div class="report-table">
      <table aria-label="Agents">
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Chats</th>
            <th scope="col">Resolved</th>
            <th scope="col">Replies</th>
            <th scope="col">First response (median)</th>
            <th scope="col">Resolution (median)</th>
          </tr>
        </thead>
        <tbody>
          {report.agents.map((a) => (
            <tr key={a.agentId}>
              <th scope="row">{a.name ?? a.agentId}</th>
              <td>{count(a.chats)}</td>
              <td>{count(a.resolved)}</td>
              <td>{count(a.messagesOut)}</td>
              <td>{minutesOr(a.firstResponse.medianMs)}</td>
              <td>{minutesOr(a.resolution.medianMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
