import { z } from "@hono/zod-openapi";

/**
 * The one way the API writes CSV (reports, campaign recipients): RFC 4180 quoting, CRLF lines, and a
 * cell that starts with = + - @ prefixed with ' so a spreadsheet reads it as text, not a formula.
 */
export function csvCell(v: string | number | null): string {
  const s = v === null ? "" : String(v);
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvLine = (cells: (string | number | null)[]): string => cells.map(csvCell).join(",");

export const csvText = (rows: (string | number | null)[][]): string => `${rows.map(csvLine).join("\r\n")}\r\n`;

/** A CSV answer offered as a download named `filename`. */
export const csvResponse = (text: string, filename: string): Response =>
  new Response(text, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` },
  });

/** The OpenAPI description of a CSV answer. */
export const csvContent = { description: "CSV", content: { "text/csv": { schema: z.string() } } };
