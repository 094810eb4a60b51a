// Rule T5 on plain data: headings, the phone column, variables from column E, every problem at once.
import { describe, expect, it } from "vitest";
import {
  checkContactList,
  columnLetter,
  MAX_CELL_CHARS,
  MAX_LIST_ROWS,
  normaliseHeading,
  type SheetRow,
  variableColumnsOf,
} from "../../worker/domain/contact-list";
import { normalisePhone } from "../../worker/domain/phone";

const sheet = (...rows: string[][]): SheetRow[] => rows.map((cells, i) => ({ rowNo: i + 1, cells }));
const errorsOf = (rows: SheetRow[]) => {
  const r = checkContactList(rows);
  return r.ok ? [] : r.errors.map((e) => [e.row, e.column, e.code]);
};

describe("contact list rules (T5)", () => {
  it("names columns as spreadsheets do", () => {
    expect([0, 3, 4, 25, 26, 27, 51, 701, 702].map(columnLetter)).toEqual([
      "A",
      "D",
      "E",
      "Z",
      "AA",
      "AB",
      "AZ",
      "ZZ",
      "AAA",
    ]);
  });

  it("keeps headings lowercase without spaces", () => {
    expect(normaliseHeading("\uFEFF  First Name ")).toBe("firstname");
    expect(normaliseHeading("PHONE")).toBe("phone");
  });

  it("takes variables from column E on (the fifth heading), never the phone", () => {
    expect(variableColumnsOf(["name", "phone", "city", "segment", "promo", "due"])).toEqual(["promo", "due"]);
    expect(variableColumnsOf(["a", "b", "c", "d", "phone", "e"])).toEqual(["e"]);
    expect(variableColumnsOf(["phone", "name"])).toEqual([]);
  });

  it("keeps every cell as text, phones as E.164, and skips blank rows", () => {
    const r = checkContactList(sheet(["Phone", "Code", "", ""], ["0812 3456 789", " 0012 ", "", ""], ["", "", "", ""]));
    expect(r).toEqual({
      ok: true,
      list: {
        columns: ["phone", "code"],
        variableColumns: [],
        rows: [{ rowNo: 2, phone: "+628123456789", cells: { phone: "+628123456789", code: "0012" } }],
        duplicateCount: 0,
        blankRowCount: 1,
      },
    });
  });

  it("finds the heading row below blank rows, and reports rows by their number in the file", () => {
    const r = checkContactList(sheet(["", ""], ["phone", "name"], ["0812", "a"]));
    expect(r.ok ? [] : r.errors.map((e) => [e.row, e.column, e.code])).toEqual([[3, "A", "phone_invalid"]]);
  });

  it("counts a repeated phone once, keeping its first row", () => {
    const r = checkContactList(
      sheet(["phone", "n"], ["08123456789", "a"], ["+62 812 3456 789", "b"], ["6281234567", "c"]),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.list.rows.map((x) => x.cells.n)).toEqual(["a", "c"]);
    expect(r.list.duplicateCount).toBe(1);
  });

  it("reports every problem at once with its row and column", () => {
    expect(
      errorsOf(
        sheet(
          ["name", "phone", "Name", "", "bad heading!"],
          ["a", "0812", "x", "y", "z"],
          ["b", "", "x", "", ""],
          ["c", "08123456789", "x".repeat(MAX_CELL_CHARS + 1), "", ""],
        ),
      ),
    ).toEqual([
      [1, "C", "heading_duplicate"],
      [1, "D", "heading_missing"],
      [1, "E", "heading_invalid"],
      [2, "B", "phone_invalid"],
      [3, "B", "phone_missing"],
      [4, "C", "cell_too_long"],
    ]);
  });

  it("needs a phone column, a heading row and at least one contact", () => {
    expect(errorsOf(sheet(["name"], ["a"]))).toEqual([[1, null, "phone_column_missing"]]);
    expect(errorsOf([])).toEqual([[1, null, "file_empty"]]);
    expect(errorsOf(sheet([""], [""]))).toEqual([[1, null, "file_empty"]]);
    expect(errorsOf(sheet(["phone"], [""]))).toEqual([[null, null, "file_empty"]]);
  });

  it("takes 5,000 contacts and refuses the 5,001st, naming its row", () => {
    const rows = (n: number) => sheet(["phone"], ...Array.from({ length: n }, (_, i) => [`08123${100000 + i}`]));
    const ok = checkContactList(rows(MAX_LIST_ROWS));
    expect(ok.ok && ok.list.rows.length).toBe(MAX_LIST_ROWS);
    expect(errorsOf(rows(MAX_LIST_ROWS + 1))).toEqual([[MAX_LIST_ROWS + 2, null, "too_many_rows"]]);
  });

  it("refuses more than 50 columns", () => {
    const headings = ["phone", ...Array.from({ length: 50 }, (_, i) => `v${i}`)];
    expect(errorsOf(sheet(headings, ["08123456789"]))).toEqual([[1, null, "too_many_columns"]]);
  });
});

describe("phone forms a list holds (T5)", () => {
  const phone = (typed: string) => {
    const r = normalisePhone(typed);
    return r.ok ? r.phone : r.message;
  };
  it("reads full-width digits and the trunk 0 after the country code", () => {
    expect(phone("０８１２３４５６７８９")).toBe("+628123456789");
    expect(phone("+62 0812 3456 789")).toBe("+628123456789");
    expect(phone("62 0812 3456 789")).toBe("+628123456789");
    expect(phone("6281234500000")).toBe("+6281234500000");
  });
  it("says why a number in scientific notation cannot be read", () => {
    expect(phone("6.28123E+12")).toMatch(/scientific notation.*Text/);
  });
});
