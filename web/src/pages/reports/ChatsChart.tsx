import type { OverviewReport } from "../../api-reports";
import { t } from "../../i18n";
import { ChartTable } from "./ChartTable";

type Day = OverviewReport["days"][number];

/** Every day of the range, so a quiet day shows as an empty bar rather than missing. */
function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (
    let at = Date.parse(`${from}T00:00:00Z`);
    at <= Date.parse(`${to}T00:00:00Z`) && out.length < 400;
    at += 86_400_000
  ) {
    out.push(new Date(at).toISOString().slice(0, 10));
  }
  return out;
}

/**
 * R1 as bars: customer-started and business-started chats per day (all channels), drawn in SVG
 * (no chart library), with the same figures in a table for screen readers and for reading.
 */
export function ChatsChart({ days, from, to }: { days: Day[]; from: string; to: string }) {
  const all = daysOf(from, to).map((day) => {
    const rows = days.filter((d) => d.day === day);
    return {
      day,
      inbound: rows.reduce((n, r) => n + r.inbound, 0),
      business: rows.reduce((n, r) => n + r.business, 0),
    };
  });
  const max = Math.max(1, ...all.map((d) => d.inbound + d.business));
  const width = 600;
  const height = 160;
  const slot = width / all.length;
  const bar = Math.max(2, slot * 0.6);
  return (
    <figure class="chats-chart">
      <svg
        viewBox={`0 0 ${width} ${height + 20}`}
        role="img"
        aria-label={t("Chats per day, customer-started and business-started")}
        preserveAspectRatio="none"
      >
        {all.map((d, i) => {
          const x = i * slot + (slot - bar) / 2;
          const hIn = (d.inbound / max) * height;
          const hBiz = (d.business / max) * height;
          return (
            <g key={d.day}>
              <rect class="bar-inbound" x={x} y={height - hIn} width={bar} height={hIn} />
              <rect class="bar-business" x={x} y={height - hIn - hBiz} width={bar} height={hBiz} />
              {all.length <= 14 && (
                <text x={x + bar / 2} y={height + 14} text-anchor="middle" class="chart-label">
                  {d.day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption class="chart-legend small">
        <span class="swatch bar-inbound" /> {t("customer-started")} <span class="swatch bar-business" />{" "}
        {t("business-started")}
      </figcaption>
      <ChartTable
        label={t("Chats by day")}
        head={[t("Day"), t("Customer-started"), t("Business-started"), t("Chats")]}
        rows={all.map((d) => ({ key: d.day, cells: [d.day, d.inbound, d.business, d.inbound + d.business] }))}
      />
    </figure>
  );
}
