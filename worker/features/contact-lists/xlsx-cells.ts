/**
 * One XLSX cell as text (rule T5: every cell read as text, no lost digits; dates as written).
 * Text cells are their text; a number is the digits Excel stored (`6281234500000` stays whole, never
 * "6.28123E+12"), zero-padded when its format pads (`0000` shows 12 as `0012`); a date is rendered
 * with its own format (d/m/yyyy stays d/m/yyyy); the default short date becomes YYYY-MM-DD.
 */
export type CellStyle = { kind: "general" } | { kind: "date"; format: string } | { kind: "padded"; format: string };

/** Excel's built-in date formats by id (ECMA-376 18.8.30); 14 is the locale's short date. */
const BUILTIN_DATES: Record<number, string> = {
  14: "yyyy-mm-dd",
  15: "d-mmm-yy",
  16: "d-mmm",
  17: "mmm-yy",
  18: "h:mm AM/PM",
  19: "h:mm:ss AM/PM",
  20: "h:mm",
  21: "h:mm:ss",
  22: "yyyy-mm-dd h:mm",
  45: "mm:ss",
  46: "[h]:mm:ss",
  47: "mm:ss.0",
};

function styleOf(format: string): CellStyle {
  const plain = format.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, "");
  if (/^0+(\.0+)?$/.test(plain)) return { kind: "padded", format: plain };
  if (/[dmyhs]/i.test(plain) && !/[#?]/.test(plain)) return { kind: "date", format: format.split(";")[0] ?? format };
  return { kind: "general" };
}

/** The style of each `s` index of the workbook's styles part (cellXfs), as far as text needs it. */
export function readStyles(xml: string): CellStyle[] {
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b[^>]*>/g)) {
    const id = Number(/\bnumFmtId="(\d+)"/.exec(m[0])?.[1]);
    const code = /\bformatCode="([^"]*)"/.exec(m[0])?.[1];
    if (code !== undefined) custom.set(id, code.replace(/&quot;/g, '"').replace(/&amp;/g, "&"));
  }
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml)?.[1] ?? "";
  const styles: CellStyle[] = [];
  for (const m of xfs.matchAll(/<(?:\w+:)?xf\b[^>]*>/g)) {
    const id = Number(/\bnumFmtId="(\d+)"/.exec(m[0])?.[1] ?? 0);
    const format = custom.get(id) ?? BUILTIN_DATES[id] ?? (id === 1 ? "0" : "");
    styles.push(format ? styleOf(format) : { kind: "general" });
  }
  return styles;
}

/** The cell's text from its attributes (`t`, `s`) and inner XML. */
export function cellText(
  attrs: string,
  inner: string,
  shared: readonly string[],
  styles: readonly CellStyle[],
  runText: (xml: string) => string,
): string {
  const type = /\bt="(\w+)"/.exec(attrs)?.[1] ?? "n";
  if (type === "inlineStr") return runText(/<(?:\w+:)?is\b[^>]*>([\s\S]*?)<\/(?:\w+:)?is>/.exec(inner)?.[1] ?? "");
  const v = /<(?:\w+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?v>/.exec(inner)?.[1];
  if (v === undefined) return "";
  if (type === "s") return shared[Number(v)] ?? "";
  if (type === "b") return v === "1" ? "TRUE" : "FALSE";
  if (type !== "n") return runText(`<t>${v}</t>`); // str (a formula's text), e (an error such as #N/A), d (ISO date)
  const style = styles[Number(/\bs="(\d+)"/.exec(attrs)?.[1] ?? 0)] ?? { kind: "general" };
  return numberText(v.trim(), style);
}

/** A stored number as text: the stored digits, unless its format pads it or makes it a date. */
export function numberText(stored: string, style: CellStyle): string {
  const n = Number(stored);
  if (!Number.isFinite(n)) return stored;
  if (style.kind === "date") return formatDate(n, style.format);
  const text = plainNumber(stored, n);
  if (style.kind === "padded") {
    const [whole = "", decimals = ""] = style.format.split(".");
    const fixed = decimals ? n.toFixed(decimals.length) : text;
    const [int = "", frac] = fixed.replace(/^-/, "").split(".");
    const padded = int.padStart(whole.length, "0") + (frac !== undefined ? `.${frac}` : "");
    return n < 0 ? `-${padded}` : padded;
  }
  return text;
}

/** The stored digits; a writer's exponent form (6.2812345E+12) or float noise (0.30000000000000004) undone. */
function plainNumber(stored: string, n: number): string {
  if (/^-?\d+$/.test(stored)) return stored.replace(/^(-?)0+(?=\d)/, "$1");
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return String(Number(n.toPrecision(15)));
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const FULL_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** An Excel date serial (1900 system) rendered with the cell's own format: "as written". */
export function formatDate(serial: number, format: string): string {
  const ms = Math.round((serial - 25569) * 86_400_000);
  const d = new Date(ms);
  const parts = {
    y: d.getUTCFullYear(),
    mo: d.getUTCMonth(),
    d: d.getUTCDate(),
    h: d.getUTCHours(),
    mi: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
  };
  const ampm = /AM\/PM/i.test(format);
  const pad = (x: number, width = 2) => String(x).padStart(width, "0");
  const tokens =
    format.replace(/\[[^\]]*\]|\\|"/g, "").match(/AM\/PM|yyyy|yy|mmmm|mmm|mm|m|dd|d|hh|h|ss|s|\.0+|./gi) ?? [];
  let out = "";
  let afterHour = false;
  tokens.forEach((raw, i) => {
    const t = raw.toLowerCase();
    const minuteContext =
      afterHour ||
      /^s/.test(
        tokens
          .slice(i + 1)
          .find((x) => /[a-z]/i.test(x))
          ?.toLowerCase() ?? "",
      );
    if (t === "yyyy") out += pad(parts.y, 4);
    else if (t === "yy") out += pad(parts.y % 100);
    else if (t === "mmmm") out += FULL_MONTHS[parts.mo];
    else if (t === "mmm") out += MONTHS[parts.mo];
    else if (t === "mm" || t === "m")
      out += minuteContext ? pad(parts.mi) : t === "mm" ? pad(parts.mo + 1) : parts.mo + 1;
    else if (t === "dd") out += pad(parts.d);
    else if (t === "d") out += parts.d;
    else if (t === "hh" || t === "h") {
      const hour = ampm ? ((parts.h + 11) % 12) + 1 : parts.h;
      out += t === "hh" ? pad(hour) : hour;
      afterHour = true;
      return;
    } else if (t === "ss" || t === "s") out += pad(parts.s);
    else if (t === "am/pm") out += parts.h < 12 ? "AM" : "PM";
    else if (t.startsWith(".")) out += "";
    else out += raw;
    if (/[a-z]/.test(t) && t !== "mm" && t !== "m") afterHour = false;
  });
  return out;
}
