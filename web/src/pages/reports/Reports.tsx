import { useEffect, useState } from "preact/hooks";
import { type AgentsReport, type OverviewReport, type ReportQuery, reportsApi } from "../../api-reports";
import { Empty, Failed, Loading } from "../../components/States";
import { describeError } from "../../errors";
import { count, dayIn, duration } from "../../format";
import { me } from "../../state/session";
import { useTitle } from "../../title";
import { CallActivity } from "./CallActivity";
import { ChatsChart } from "./ChatsChart";
import { CsatReport } from "./CsatReport";
import "./reports.css";
import { t } from "../../i18n";

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
  useTitle(t("Reports · {organization}", { organization: me.value?.organization.name ?? "" }));
  const [range, setRange] = useState({ from: daysAgo(6), to: daysAgo(0) });
  const [tab, setTab] = useState<Tab>("overview");
  const [state, setState] = useState<{ status: "loading" | "ready" | "error"; data?: Loaded; error?: string }>({
    status: "loading",
  });
  const [attempt, setAttempt] = useState(0);
  const query: ReportQuery = range;
  useEffect(() => {
    if (tab !== "overview") return;
    let live = true;
    setState((s) => ({ ...s, status: "loading" }));
    Promise.all([reportsApi.reportOverview(query), reportsApi.reportAgents(query)]).then(
      ([overview, agents]) => live && setState({ status: "ready", data: { overview, agents } }),
      (err) => live && setState({ status: "error", error: describeError(err) }),
    );
    return () => {
      live = false;
    };
  }, [range.from, range.to, tab, attempt]);
  const csv = (kind: string) => `/api/reports/${kind}.csv?from=${range.from}&to=${range.to}`;
  const data = state.data;

  return (
    <div class="page-scroll">
      <div class="page reports">
        <div class="reports-head">
          <h1 tabIndex={-1}>{t("Reports")}</h1>
          <form class="reports-range" aria-label={t("Date range")} onSubmit={(e) => e.preventDefault()}>
            <label>
              {t("From")}
              <input
                type="date"
                value={range.from}
                max={range.to}
                onChange={(e) => e.currentTarget.value && setRange({ ...range, from: e.currentTarget.value })}
              />
            </label>
            <label>
              {t("To")}
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
          <Failed message={state.error ?? ""} onRetry={() => setAttempt((n) => n + 1)} />
        ) : !data ? (
          <Loading label={t("Loading reports…")} />
        ) : (
          <div
            aria-busy={state.status === "loading"}
            role="tabpanel"
            id="report-panel-overview"
            aria-labelledby="report-tab-overview"
          >
            <p class="muted small">{t("Days on the clock of {timeZone}.", { timeZone: data.overview.timeZone })}</p>
            <Totals overview={data.overview} />
            <section class="admin-card" aria-labelledby="chats-title">
              <div class="reports-section-head">
                <h2 id="chats-title">{t("Chats by day")}</h2>
                <a class="button button-small" href={csv("overview")} download>
                  {t("Export CSV")}
                </a>
              </div>
              {data.overview.days.length === 0 ? (
                <Empty icon="chart" title={t("No conversations in these days")} />
              ) : (
                <ChatsChart days={data.overview.days} from={range.from} to={range.to} />
              )}
            </section>
            <section class="admin-card" aria-labelledby="agents-title">
              <div class="reports-section-head">
                <h2 id="agents-title">{t("Agents")}</h2>
                <a class="button button-small" href={csv("agents")} download>
                  {t("Export CSV")}
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
/** English names (the keys of t()), shown through t() at render. */
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
    const i = TABS.findIndex((item) => item.tab === tab);
    const next = TABS[(i + (e.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length];
    if (!next) return;
    onChange(next.tab);
    document.getElementById(`report-tab-${next.tab}`)?.focus();
  };
  return (
    <div class="report-tabs" role="tablist" aria-label={t("Reports")} onKeyDown={move}>
      {TABS.map((item) => (
        <button
          key={item.tab}
          type="button"
          role="tab"
          id={`report-tab-${item.tab}`}
          aria-selected={item.tab === tab}
          aria-controls={`report-panel-${item.tab}`}
          tabIndex={item.tab === tab ? 0 : -1}
          class={`report-tab${item.tab === tab ? " active" : ""}`}
          onClick={() => onChange(item.tab)}
        >
          {t(item.label)}
        </button>
      ))}
    </div>
  );
}

function Totals({ overview }: { overview: OverviewReport }) {
  const totals = overview.totals;
  const figures: [string, string][] = [
    [t("Chats"), count(totals.chats)],
    [t("Customer-started"), count(totals.inbound)],
    [t("Business-started"), count(totals.business)],
    [t("Resolved"), count(totals.resolved)],
    [t("Messages in / out"), `${count(totals.messagesIn)} / ${count(totals.messagesOut)}`],
    [t("First response (median)"), minutesOr(totals.firstResponse.medianMs)],
    [t("First response (average)"), minutesOr(totals.firstResponse.averageMs)],
    [t("Resolution (median)"), minutesOr(totals.resolution.medianMs)],
    [t("Resolution (average)"), minutesOr(totals.resolution.averageMs)],
  ];
  return (
    <ul class="report-totals" aria-label={t("Totals")}>
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
  if (report.agents.length === 0)
    return <p class="muted small">{t("No conversation was held by an agent in these days.")}</p>;
  return (
    <div class="report-table">
      <table aria-label={t("Agents")}>
        <thead>
          <tr>
            <th scope="col">{t("Agent")}</th>
            <th scope="col">{t("Chats")}</th>
            <th scope="col">{t("Resolved")}</th>
            <th scope="col">{t("Replies")}</th>
            <th scope="col">{t("First response (median)")}</th>
            <th scope="col">{t("Resolution (median)")}</th>
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
