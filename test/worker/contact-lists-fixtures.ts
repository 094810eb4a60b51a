import { exports } from "cloudflare:workers";
import { zipSync } from "fflate";
import { ORIGIN } from "./helpers";

/**
 * Fixtures for contact list uploads (rule T5), generated here rather than committed: XLSX files
 * written the way Excel writes them (numbers as `<v>` digits with no type, text in the shared
 * strings table, styles with number formats), and a multipart upload through the real Worker.
 */
export type XlsxCell =
  | string
  | { number: string; style?: "padded" | "date" }
  | { inline: string }
  | { bool: boolean }
  | null;

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function letter(i: number): string {
  let n = i + 1;
  let s = "";
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Style 1 is a number padded to 4 digits (`0000`), style 2 a date written d/m/yyyy. */
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="0000"/><numFmt numFmtId="165" formatCode="d/m/yyyy"/></numFmts><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;

/** An XLSX workbook whose first sheet holds `rows` (row 1 first), compressed as Excel does (deflate). */
export function xlsx(rows: XlsxCell[][], options: { level?: 0 | 6 } = {}): Uint8Array {
  const shared: string[] = [];
  const sharedIndex = new Map<string, number>();
  const body = rows
    .map((cells, r) => {
      const xml = cells
        .map((cell, c) => {
          const ref = `${letter(c)}${r + 1}`;
          if (cell === null) return "";
          if (typeof cell === "string") {
            let i = sharedIndex.get(cell);
            if (i === undefined) {
              i = shared.push(cell) - 1;
              sharedIndex.set(cell, i);
            }
            return `<c r="${ref}" t="s"><v>${i}</v></c>`;
          }
          if ("inline" in cell) return `<c r="${ref}" t="inlineStr"><is><t>${esc(cell.inline)}</t></is></c>`;
          if ("bool" in cell) return `<c r="${ref}" t="b"><v>${cell.bool ? 1 : 0}</v></c>`;
          const s = cell.style === "padded" ? ' s="1"' : cell.style === "date" ? ' s="2"' : "";
          return `<c r="${ref}"${s}><v>${cell.number}</v></c>`;
        })
        .join("");
      return `<row r="${r + 1}">${xml}</row>`;
    })
    .join("");
  const enc = (s: string) => new TextEncoder().encode(s);
  const sst = shared.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join("");
  return zipSync(
    {
      "[Content_Types].xml": enc(
        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
      ),
      "_rels/.rels": enc(
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
      "xl/workbook.xml": enc(
        `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
      "xl/_rels/workbook.xml.rels": enc(
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
      ),
      "xl/worksheets/sheet1.xml": enc(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`,
      ),
      "xl/sharedStrings.xml": enc(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}" uniqueCount="${shared.length}">${sst}</sst>`,
      ),
      "xl/styles.xml": enc(STYLES),
    },
    { level: options.level ?? 6 },
  );
}

/** A deterministic pseudo-random text (so a big fixture does not compress to nothing). */
export function noise(seed: number, length: number): string {
  let x = seed * 2654435761 + 1;
  let out = "";
  const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += alphabet[x % alphabet.length];
  }
  return out;
}

/** POST /api/contact-lists as a browser (multipart, same origin) or with an API key. */
export async function uploadList(
  who: { cookie?: string; bearer?: string },
  name: string,
  file: Uint8Array | string,
  filename: string,
): Promise<Response> {
  const form = new FormData();
  form.set("name", name);
  const bytes = typeof file === "string" ? new TextEncoder().encode(file) : file;
  form.set("file", new File([bytes], filename));
  const headers: Record<string, string> = { origin: ORIGIN };
  if (who.cookie) headers.cookie = `sid=${who.cookie}`;
  if (who.bearer) headers.authorization = `Bearer ${who.bearer}`;
  return exports.default.fetch(new Request(`${ORIGIN}/api/contact-lists`, { method: "POST", headers, body: form }));
}

/** A CSV of `count` contacts: phone, name, city, segment, then variables from column E on. */
export function csvContacts(count: number, start = 0): string {
  const lines = ["phone,name,city,segment,promo,due"];
  for (let i = start; i < start + count; i++) {
    lines.push(
      `0812${String(10_000_000 + i)},Customer ${i},Jakarta,retail,PROMO${i},2026-12-${String((i % 28) + 1).padStart(2, "0")}`,
    );
  }
  return lines.join("\r\n");
}
