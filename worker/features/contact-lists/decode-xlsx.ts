import { type Unzipped, unzipSync } from "fflate";
import { MAX_LIST_COLUMNS, MAX_LIST_ROWS, type SheetRow } from "../../domain/contact-list";
import { type CellStyle, cellText, readStyles } from "./xlsx-cells";

/**
 * The first sheet of an XLSX file to rows of text (rule T5), with fflate and a small XML reader
 * (research/campaigns.md section 6). Chosen over SheetJS (@e965/xlsx, 370 KB) because XLSX already
 * stores every cell as text: a number is its `<v>` digits, so a phone typed as a number keeps every
 * digit (SheetJS's formatted text gives "6.28123E+12"), and `0012` typed as text is a shared string.
 * read-excel-file fails on sheets over 512 KB in workerd (it spawns a Worker); this reads in place.
 *
 * Zip bomb guard: only the few parts needed are inflated, each refused when its declared size is
 * over XLSX_PART_LIMIT; fflate inflates into a buffer of the declared size, so a part that lies about
 * its size cannot grow past it.
 */
export const XLSX_PART_LIMIT = 40 * 1024 * 1024;
const MAX_ENTRIES = 10_000;

export class XlsxError extends Error {}

export function decodeXlsx(bytes: Uint8Array): SheetRow[] {
  const workbookPath = officeDocumentPath(unzipParts(bytes, ["_rels/.rels"]));
  const base = workbookPath.slice(0, workbookPath.lastIndexOf("/") + 1);
  const relsPath = `${base}_rels/${workbookPath.slice(base.length)}.rels`;
  const meta = unzipParts(bytes, [workbookPath, relsPath]);
  const workbook = text(meta, workbookPath);
  if (workbook === null) throw new XlsxError("The file is not an Excel workbook (.xlsx).");
  const rels = relationships(text(meta, relsPath) ?? "", base);
  const firstSheetRel = /<(?:\w+:)?sheet\b[^>]*?\br:id="([^"]+)"/.exec(workbook)?.[1] ?? "";
  const sheetPath = rels.byId.get(firstSheetRel) ?? `${base}worksheets/sheet1.xml`;
  const parts = unzipParts(
    bytes,
    [sheetPath, rels.sharedStrings, rels.styles].filter((p) => p !== ""),
  );
  const sheet = text(parts, sheetPath);
  if (sheet === null) throw new XlsxError("The workbook has no sheet.");
  const shared = sharedStrings(text(parts, rels.sharedStrings) ?? "");
  const styles = readStyles(text(parts, rels.styles) ?? "");
  return sheetRows(sheet, shared, styles);
}

/** Inflates only `names`, refusing a part whose declared size is over the limit (zip bomb guard). */
function unzipParts(bytes: Uint8Array, names: string[]): Unzipped {
  const wanted = new Set(names);
  let entries = 0;
  try {
    return unzipSync(bytes, {
      filter: (file) => {
        if (++entries > MAX_ENTRIES) throw new XlsxError("The file has too many parts to be a contact list.");
        if (!wanted.has(file.name)) return false;
        if (file.originalSize > XLSX_PART_LIMIT) {
          throw new XlsxError("The sheet is too large once unpacked (over 40 MB): split the file.");
        }
        return true;
      },
    });
  } catch (err) {
    if (err instanceof XlsxError) throw err;
    throw new XlsxError("The file is damaged or not an Excel workbook (.xlsx).");
  }
}

function text(parts: Unzipped, name: string): string | null {
  const bytes = parts[name];
  return bytes ? new TextDecoder().decode(bytes) : null;
}

function officeDocumentPath(parts: Unzipped): string {
  const rels = text(parts, "_rels/.rels") ?? "";
  for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const tag = m[0];
    if (/\/officeDocument"/.test(tag)) {
      const target = /\bTarget="([^"]+)"/.exec(tag)?.[1];
      if (target) return target.replace(/^\//, "");
    }
  }
  return "xl/workbook.xml";
}

function relationships(xml: string, base: string) {
  const byId = new Map<string, string>();
  let sharedStrings = "";
  let styles = "";
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const tag = m[0];
    const id = /\bId="([^"]+)"/.exec(tag)?.[1] ?? "";
    const target = /\bTarget="([^"]+)"/.exec(tag)?.[1] ?? "";
    const path = target.startsWith("/") ? target.slice(1) : base + target;
    byId.set(id, path);
    if (/\/sharedStrings"/.test(tag)) sharedStrings = path;
    if (/\/styles"/.test(tag)) styles = path;
  }
  return { byId, sharedStrings, styles };
}

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function unescapeXml(s: string): string {
  return s
    .replace(/&(amp|lt|gt|quot|apos);|&#(\d+);|&#x([0-9a-fA-F]+);/g, (_, name, dec, hex) =>
      name ? (XML_ENTITIES[name] ?? "") : String.fromCodePoint(dec ? Number(dec) : Number.parseInt(hex, 16)),
    )
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** The text of a `<si>` or `<is>`: its `<t>` runs joined, phonetic guides (`<rPh>`) left out. */
function runText(xml: string): string {
  const visible = xml.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, "");
  let out = "";
  for (const m of visible.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g)) out += m[1] ?? "";
  return unescapeXml(out);
}

function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g))
    out.push(runText(m[1] ?? ""));
  return out;
}

/** "AB12" -> 27 (0-based column index). */
function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref.replace(/\d+$/, "")) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

const ROW = /<(?:\w+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g;
const CELL = /<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g;

function sheetRows(xml: string, shared: string[], styles: CellStyle[]): SheetRow[] {
  const rows: SheetRow[] = [];
  let filled = 0;
  let lastRow = 0;
  for (const row of xml.matchAll(ROW)) {
    const rowNo = Number(/\br="(\d+)"/.exec(row[1] ?? "")?.[1] ?? lastRow + 1);
    lastRow = rowNo;
    const cells: string[] = [];
    let nextCol = 0;
    for (const cell of (row[2] ?? "").matchAll(CELL)) {
      const attrs = cell[1] ?? "";
      const ref = /\br="([A-Z]+)\d*"/.exec(attrs)?.[1];
      const col = ref ? columnIndex(ref) : nextCol;
      nextCol = col + 1;
      if (col > MAX_LIST_COLUMNS * 4) continue; // far beyond any list: the check reports the width
      while (cells.length < col) cells.push("");
      cells[col] = cellText(attrs, cell[2] ?? "", shared, styles, runText);
    }
    rows.push({ rowNo, cells });
    if (cells.some((c) => c.trim() !== "") && ++filled > MAX_LIST_ROWS + 1) break; // heading + 5,000 + one over
  }
  return rows;
}
