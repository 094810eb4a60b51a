import type { ComponentChildren } from "preact";
import { t } from "../../i18n";

/**
 * The figures of a report chart as a table (for screen readers and for reading), folded under
 * "Show as a table": one way for every chart of the Reports page (issue 10). The first cell of each
 * row names the row.
 */
export function ChartTable(props: {
  label: string;
  head: string[];
  rows: { key: string | number; cells: [ComponentChildren, ...ComponentChildren[]] }[];
}) {
  return (
    <details>
      <summary>{t("Show as a table")}</summary>
      <div class="report-table">
        <table aria-label={props.label}>
          <thead>
            <tr>
              {props.head.map((name) => (
                <th key={name} scope="col">
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map(({ key, cells: [first, ...rest] }) => (
              <tr key={key}>
                <th scope="row">{first}</th>
                {rest.map((cell, i) => (
                  <td key={i}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
