import type { CsatReport } from "../../api-reports";
import { t } from "../../i18n";
import { ChartTable } from "./ChartTable";

type Distribution = CsatReport["distribution"];

/**
 * R3's distribution as horizontal bars, 5 at the top, drawn in SVG (no chart library), with the same
 * figures in a table for screen readers and for reading.
 */
export function CsatChart({ distribution }: { distribution: Distribution }) {
  const rows = [...distribution].sort((a, b) => b.rating - a.rating);
  const total = rows.reduce((n, r) => n + r.count, 0);
  const max = Math.max(1, ...rows.map((r) => r.count));
  // Drawn at about the width of a phone, so its labels stay readable there; it scales up on wider screens.
  const width = 320;
  const row = 28;
  const label = 36;
  const room = width - label - 40;
  return (
    <figure class="csat-chart">
      <svg
        viewBox={`0 0 ${width} ${rows.length * row}`}
        role="img"
        aria-label={t("Ratings from 5 to 1: {counts}", {
          counts: rows.map((r) => `${r.rating}: ${r.count}`).join(", "),
        })}
      >
        {rows.map((r, i) => {
          const w = (r.count / max) * room;
          return (
            <g key={r.rating}>
              <text x={label - 8} y={i * row + 19} text-anchor="end" class="chart-label">
                {r.rating}★
              </text>
              <rect
                class={r.rating >= 4 ? "bar-satisfied" : "bar-unsatisfied"}
                x={label}
                y={i * row + 5}
                width={w}
                height={row - 10}
              />
              <text x={label + w + 6} y={i * row + 19} class="chart-label">
                {r.count}
              </text>
            </g>
          );
        })}
      </svg>
      <ChartTable
        label={t("Ratings")}
        head={[t("Rating"), t("Responses"), t("Share")]}
        rows={rows.map((r) => ({
          key: r.rating,
          cells: [r.rating, r.count, total === 0 ? "—" : `${Math.round((r.count / total) * 100)}%`],
        }))}
      />
    </figure>
  );
}
