import Papa from "papaparse";
import { MAX_LIST_COLUMNS, MAX_LIST_ROWS, type SheetRow } from "../../domain/contact-list";

/**
 * A CSV file to rows of text (rule T5), with papaparse (research/campaigns.md section 6: works in
 * workerd, ~38 ms for 5,000 rows). Every value stays a string (no dynamic typing), the delimiter is
 * detected (`,` `;` tab `|`), a BOM is dropped, quoted newlines stay inside their cell. UTF-8, or
 * Windows-1252 when the bytes are not UTF-8 (what Excel's "CSV" writes). Reading stops after the
 * heading, 5,000 data rows and a few more, so a larger file is refused as too long, not parsed whole.
 */
export function decodeCsv(bytes: Uint8Array): SheetRow[] {
  const text = decodeText(bytes).replace(/^\uFEFF/, "");
  const parsed = Papa.parse<string[]>(text, {
    header: false,
    dynamicTyping: false,
    skipEmptyLines: false,
    // The heading row, the allowed rows and room for blank lines, so the 5,001st contact is seen.
    preview: MAX_LIST_ROWS * 2 + 2,
  });
  // Far beyond any list (as for XLSX): the check reports the width, and a row a million cells wide
  // costs no more than one of 200.
  return parsed.data.map((cells, i) => ({
    rowNo: i + 1,
    cells: cells.slice(0, MAX_LIST_COLUMNS * 4).map((c) => String(c ?? "")),
  }));
}

function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}
