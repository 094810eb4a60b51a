import { useEffect, useState } from "preact/hooks";
import { api } from "../../api";
import { type CsatReport as Report, reportsApi } from "../../api-reports";
import { ShowMore } from "../../components/ShowMore";
import { Empty, Failed, Loading } from "../../components/States";
import { count, fullTime } from "../../format";
import { usePagedList } from "../../hooks/usePagedList";
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
  const query = { from, to, channelId: channelId || undefined };
  // The figures and the chart are the range's, on every page: the first page's are kept.
  const paged = usePagedList(
    (cursor) =>
      reportsApi
        .reportCsat({ ...query, limit: PAGE, cursor })
        .then((page) => ({ items: page.responseList, nextCursor: page.nextCursor, head: page })),
    [from, to, channelId],
  );

  useEffect(() => {
    api.channels().then(
      (list) => setChannels(list.channels.map((c) => ({ id: c.id, name: c.name }))),
      () => setChannels([]),
    );
  }, []);
  const csv = `/api/reports/csat.csv?from=${from}&to=${to}${channelId ? `&channelId=${encodeURIComponent(channelId)}` : ""}`;
  const data = paged.head;

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
      {!data && paged.status === "error" ? (
        <Failed message={paged.error ?? ""} onRetry={paged.reload} />
      ) : !data ? (
        <Loading label={t("Loading CSAT…")} />
      ) : (
        <div aria-busy={paged.status === "loading"}>
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
            <Responses rows={paged.items} />
            {paged.status === "error" && (
              <p class="form-error" role="alert">
                {paged.error}
              </p>
            )}
            <ShowMore paged={paged} label={t("Show more responses")} />
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
