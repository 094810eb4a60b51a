import { useEffect, useState } from "preact/hooks";
import { api } from "../../api";
import { type CsatReport as Report, reportsApi } from "../../api-reports";
import { Empty, Failed, Loading } from "../../components/States";
import { describeError } from "../../errors";
import { count, fullTime } from "../../format";
import { t } from "../../i18n";
import { CsatChart } from "./CsatChart";

type Response = Report["responseList"][number];
const percentOr = (p: number | null) => (p === null ? "—" : `${p}%`);
const PAGE = 50;

/**
 * Rule R3 (supervisors and admins): the CSAT survey of the conversations resolved in the range, by
 * channel: satisfaction, response rate, the 1-5 distribution (a chart that is also a table) and the
 * responses with agent and comment, a page at a time.
 */
export function CsatReport({ from, to }: { from: string; to: string }) {
  const [channelId, setChannelId] = useState("");
  const [channels, setChannels] = useState<{ id: string; name: string }[]>([]);
  const [state, setState] = useState<{ status: "loading" | "ready" | "error"; data?: Report; error?: string }>({
    status: "loading",
  });
  const [more, setMore] = useState<{ rows: Response[]; cursor: string | null; loading: boolean; error?: string }>({
    rows: [],
    cursor: null,
    loading: false,
  });
  const query = { from, to, channelId: channelId || undefined };

  useEffect(() => {
    api.channels().then(
      (list) => setChannels(list.channels.map((c) => ({ id: c.id, name: c.name }))),
      () => setChannels([]),
    );
  }, []);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, status: "loading" }));
    reportsApi.reportCsat({ ...query, limit: PAGE }).then(
      (data) => {
        if (!live) return;
        setState({ status: "ready", data });
        setMore({ rows: data.responseList, cursor: data.nextCursor, loading: false });
      },
      (err) => live && setState({ status: "error", error: describeError(err) }),
    );
    return () => {
      live = false;
    };
  }, [from, to, channelId]);

  const loadMore = async () => {
    if (!more.cursor) return;
    setMore({ ...more, loading: true, error: undefined });
    try {
      const page = await reportsApi.reportCsat({ ...query, limit: PAGE, cursor: more.cursor });
      setMore({ rows: [...more.rows, ...page.responseList], cursor: page.nextCursor, loading: false });
    } catch (err) {
      setMore({ ...more, loading: false, error: describeError(err) });
    }
  };
  const csv = `/api/reports/csat.csv?from=${from}&to=${to}${channelId ? `&channelId=${encodeURIComponent(channelId)}` : ""}`;
  const data = state.data;

  return (
    <div class="csat-report">
      {channels.length > 1 && (
        <label class="csat-channel">
          {t("Channel")}
          <select value={channelId} onChange={(e) => setChannelId(e.currentTarget.value)}>
            <option value="">{t("All channels")}</option>
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {state.status === "error" ? (
        <Failed message={state.error ?? ""} onRetry={() => setChannelId(channelId)} />
      ) : !data ? (
        <Loading label={t("Loading CSAT…")} />
      ) : (
        <div aria-busy={state.status === "loading"}>
          <p class="muted small">
            {t("Conversations resolved in these days, on the clock of {timeZone}.", { timeZone: data.timeZone })}
          </p>
          <ul class="report-totals" aria-label={t("CSAT totals")}>
            <Figure label={t("Satisfaction (4-5 of responses)")} value={percentOr(data.satisfactionPercent)} />
            <Figure label={t("Response rate")} value={percentOr(data.responseRatePercent)} />
            <Figure label={t("Surveys sent")} value={count(data.surveysSent)} />
            <Figure label={t("Responses")} value={count(data.responses)} />
          </ul>
          <section class="admin-card" aria-labelledby="csat-distribution-title">
            <div class="reports-section-head">
              <h2 id="csat-distribution-title">{t("Ratings")}</h2>
              <a class="button button-small" href={csv} download>
                {t("Export CSV")}
              </a>
            </div>
            {data.responses === 0 ? (
              <Empty icon="chart" title={t("No ratings in these days")} />
            ) : (
              <CsatChart distribution={data.distribution} />
            )}
          </section>
          <section class="admin-card" aria-labelledby="csat-responses-title">
            <h2 id="csat-responses-title">{t("Responses")}</h2>
            <Responses rows={more.rows} />
            {more.error && <p class="form-error">{more.error}</p>}
            {more.cursor && (
              <button type="button" class="button" onClick={loadMore} disabled={more.loading}>
                {more.loading ? t("Loading…") : t("Show more responses")}
              </button>
            )}
          </section>
        </div>
      )}
    </div>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <li>
      <span class="muted small">{label}</span>
      <strong>{value}</strong>
    </li>
  );
}

function Responses({ rows }: { rows: Response[] }) {
  if (rows.length === 0) return <p class="muted small">{t("No customer rated a conversation in these days.")}</p>;
  return (
    <div class="report-table">
      <table aria-label={t("CSAT responses")}>
        <thead>
          <tr>
            <th scope="col">{t("Rated")}</th>
            <th scope="col">{t("Rating")}</th>
            <th scope="col">{t("Comment")}</th>
            <th scope="col">{t("Agent")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.roomId}>
              <th scope="row">{fullTime(r.ratedAt)}</th>
              <td>{r.rating}</td>
              <td>{r.comment ?? "—"}</td>
              <td>{r.agentName ?? (r.agentId ? r.agentId : t("Unassigned"))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
