import { normalisePhone } from "./phone";

/**
 * Rule T5: the rules of an uploaded contact list, on plain data (the file already decoded to rows of
 * text cells by worker/features/contact-lists/decode-*.ts). At most 5,000 contacts; headings
 * lowercase without spaces; a `phone` column; variable columns from column E on; every cell is text.
 * Every problem is reported (row and column as the spreadsheet shows them), never only the first.
 */
export const MAX_LIST_ROWS = 5_000;
export const MAX_LIST_COLUMNS = 50;
/** T5: a refused file lists this many problems at most, then says how many rows were not checked. */
export const MAX_LIST_ERRORS = 1_000;
export const MAX_CELL_CHARS = 1_024;
export const MAX_HEADING_CHARS = 64;
/** Help centre: "store variable data in the columns starting from column E"; A-D hold the contact. */
export const FIRST_VARIABLE_COLUMN = 4;
export const PHONE_HEADING = "phone";

/** A row of the sheet as decoded: its number in the file (the heading row is usually 1) and its cells. */
export type SheetRow = { rowNo: number; cells: string[] };

/** One problem of a file: `row`/`column` as the spreadsheet shows them (null when it is the whole file). */
export type ListError = { row: number | null; column: string | null; code: ListErrorCode; message: string };
export type ListErrorCode =
  | "file_empty"
  | "file_unreadable"
  | "file_type"
  | "too_many_rows"
  | "too_many_errors"
  | "too_many_columns"
  | "heading_missing"
  | "heading_invalid"
  | "heading_duplicate"
  | "phone_column_missing"
  | "phone_missing"
  | "phone_invalid"
  | "cell_too_long"
  /** A contact import's `email` cell (issue 17 item 5). */
  | "email_invalid";

export type ListContact = { rowNo: number; phone: string; cells: Record<string, string> };
export type CheckedList = {
  columns: string[];
  variableColumns: string[];
  rows: ListContact[];
  duplicateCount: number;
  /** Rows with no text at all: skipped, not an error. */
  blankRowCount: number;
};
export type ListCheck = { ok: true; list: CheckedList } | { ok: false; errors: ListError[] };

/**
 * The variable columns of a list: its headings from the fifth on (column E when no column is blank;
 * blank columns are left out of a list), the phone column excepted.
 */
export function variableColumnsOf(columns: readonly string[]): string[] {
  return columns.slice(FIRST_VARIABLE_COLUMN).filter((name) => name !== PHONE_HEADING);
}

/** "A", "B", ... "Z", "AA": the letter of a 0-based column index, as spreadsheets name it. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** A cell as stored: BOM and surrounding spaces gone, Unicode in one (NFC) form. */
export function cleanCell(raw: string): string {
  return raw
    .replace(/^\uFEFF/, "")
    .trim()
    .normalize("NFC");
}

/** A heading as the list keeps it: lowercase, no spaces ("First Name" -> "firstname"). */
export function normaliseHeading(raw: string): string {
  return cleanCell(raw).toLowerCase().replace(/\s+/g, "");
}

const HEADING_PATTERN = /^[\p{L}\p{N}_-]+$/u;

type Headings = { columns: string[]; used: number[]; errors: ListError[] };

/** The heading row: which columns are kept (a heading, or data under it) and their names. */
function readHeadings(heading: SheetRow, data: SheetRow[]): Headings {
  const width = Math.max(heading.cells.length, ...data.map((r) => r.cells.length));
  const errors: ListError[] = [];
  const columns: string[] = [];
  const used: number[] = [];
  const seen = new Map<string, string>();
  const at = (i: number) => ({ row: heading.rowNo, column: columnLetter(i) });
  for (let i = 0; i < width; i++) {
    const name = normaliseHeading(heading.cells[i] ?? "");
    const hasData = data.some((r) => cleanCell(r.cells[i] ?? "") !== "");
    if (name === "" && !hasData) continue;
    if (name === "") {
      errors.push({ ...at(i), code: "heading_missing", message: `Column ${columnLetter(i)} has data but no heading.` });
    } else if (name.length > MAX_HEADING_CHARS || !HEADING_PATTERN.test(name)) {
      errors.push({
        ...at(i),
        code: "heading_invalid",
        message: `The heading "${name.slice(0, 40)}" must be letters, digits, _ or -, at most ${MAX_HEADING_CHARS}.`,
      });
    } else if (seen.has(name)) {
      errors.push({
        ...at(i),
        code: "heading_duplicate",
        message: `The heading "${name}" is also the heading of column ${seen.get(name)}.`,
      });
    } else seen.set(name, columnLetter(i));
    columns.push(name);
    used.push(i);
  }
  if (used.length > MAX_LIST_COLUMNS) {
    errors.push({
      row: heading.rowNo,
      column: null,
      code: "too_many_columns",
      message: `A list has at most ${MAX_LIST_COLUMNS} columns; this one has ${used.length}.`,
    });
  }
  if (!seen.has(PHONE_HEADING)) {
    errors.push({
      row: heading.rowNo,
      column: null,
      code: "phone_column_missing",
      message: `No column is headed "${PHONE_HEADING}": name the column of phone numbers "${PHONE_HEADING}".`,
    });
  }
  return { columns, used, errors };
}

/** The contacts of the data rows, one per phone (later rows with a phone seen before are counted); problems to `errors`. */
function readContacts(data: SheetRow[], { columns, used }: Headings, errors: ListError[]) {
  const phoneAt = used[columns.indexOf(PHONE_HEADING)];
  const contacts: ListContact[] = [];
  const seenPhones = new Set<string>();
  let duplicateCount = 0;
  for (const [index, row] of data.entries()) {
    if (errors.length >= MAX_LIST_ERRORS) {
      errors.push({
        row: row.rowNo,
        column: null,
        code: "too_many_errors",
        message: `Checking stopped after ${MAX_LIST_ERRORS.toLocaleString("en")} problems; ${(data.length - index).toLocaleString("en")} rows from here were not checked.`,
      });
      break;
    }
    const cells: Record<string, string> = {};
    used.forEach((i, k) => {
      const text = cleanCell(row.cells[i] ?? "");
      if (text.length > MAX_CELL_CHARS) {
        errors.push({
          row: row.rowNo,
          column: columnLetter(i),
          code: "cell_too_long",
          message: `A cell holds at most ${MAX_CELL_CHARS} characters; this one has ${text.length}.`,
        });
      }
      cells[columns[k] ?? ""] = text;
    });
    if (phoneAt === undefined) continue;
    const typed = cells[PHONE_HEADING] ?? "";
    const where = { row: row.rowNo, column: columnLetter(phoneAt) };
    const phone = typed === "" ? null : normalisePhone(typed);
    if (!phone) errors.push({ ...where, code: "phone_missing", message: "The phone number is empty." });
    else if (!phone.ok) errors.push({ ...where, code: "phone_invalid", message: phone.message });
    else if (seenPhones.has(phone.phone)) duplicateCount++;
    else {
      seenPhones.add(phone.phone);
      contacts.push({ rowNo: row.rowNo, phone: phone.phone, cells: { ...cells, [PHONE_HEADING]: phone.phone } });
    }
  }
  return { contacts, duplicateCount };
}

/**
 * Checks a decoded sheet against rule T5 and answers the contacts to keep, or every problem found.
 * `rows` is the heading row followed by the data rows. Phones become E.164; a phone seen before in
 * the file is a duplicate: the first row is kept, the others are counted.
 */
export function checkContactList(rows: readonly SheetRow[]): ListCheck {
  // The heading row is the first row with any text (blank rows above it are ignored).
  const start = rows.findIndex((r) => r.cells.some((c) => cleanCell(c) !== ""));
  const [heading, ...rest] = start < 0 ? [] : rows.slice(start);
  if (!heading) {
    return { ok: false, errors: [{ row: 1, column: null, code: "file_empty", message: "The file has no headings." }] };
  }
  const filled = rest.filter((r) => r.cells.some((c) => cleanCell(c) !== ""));
  const blankRowCount = rest.length - filled.length;
  const errors: ListError[] = [];
  const overflow = filled[MAX_LIST_ROWS];
  if (overflow) {
    errors.push({
      row: overflow.rowNo,
      column: null,
      code: "too_many_rows",
      message: `A list has at most ${MAX_LIST_ROWS.toLocaleString("en")} contacts: split the file.`,
    });
  }
  const data = filled.slice(0, MAX_LIST_ROWS);
  const headings = readHeadings(heading, data);
  errors.push(...headings.errors);
  const { columns } = headings;
  const { contacts, duplicateCount } = readContacts(data, headings, errors);
  if (errors.length > 0) return { ok: false, errors };
  if (contacts.length === 0) {
    return {
      ok: false,
      errors: [{ row: null, column: null, code: "file_empty", message: "The file has no contacts." }],
    };
  }
  const variableColumns = variableColumnsOf(columns);
  return { ok: true, list: { columns, variableColumns, rows: contacts, duplicateCount, blankRowCount } };
}
