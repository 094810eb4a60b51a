// Rule T5, XLSX cells as text: stored digits kept, padded codes padded, dates in their own format.
import { describe, expect, it } from "vitest";
import { decodeXlsx } from "../../worker/features/contact-lists/decode-xlsx";
import { formatDate, numberText, readStyles } from "../../worker/features/contact-lists/xlsx-cells";
import { xlsx } from "./contact-lists-fixtures";

const general = { kind: "general" } as const;

describe("XLSX numbers and dates as text (T5)", () => {
  it("keeps a number's stored digits: never 6.28123E+12", () => {
    expect(numberText("6281234500000", general)).toBe("6281234500000");
    expect(numberText("6.2812345E+12", general)).toBe("6281234500000");
    expect(numberText("0.30000000000000004", general)).toBe("0.3");
    expect(numberText("12.5", general)).toBe("12.5");
  });

  it("pads a number whose format pads it (0000 shows 12 as 0012)", () => {
    expect(numberText("12", { kind: "padded", format: "0000" })).toBe("0012");
    expect(numberText("3.5", { kind: "padded", format: "00.00" })).toBe("03.50");
  });

  it("writes a date as its format writes it, the default short date as YYYY-MM-DD", () => {
    expect(formatDate(46_000, "d/m/yyyy")).toBe("9/12/2025");
    expect(formatDate(46_000, "dd-mmm-yy")).toBe("09-Dec-25");
    expect(formatDate(46_000.5, "yyyy-mm-dd h:mm")).toBe("2025-12-09 12:00");
    expect(formatDate(46_000.25, "h:mm AM/PM")).toBe("6:00 AM");
    const styles = readStyles(
      '<styleSheet><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>',
    );
    expect(numberText("46000", styles[1] ?? general)).toBe("2025-12-09");
  });

  it("reads text, inline strings, booleans and sparse cells of the first sheet", () => {
    const rows = decodeXlsx(
      xlsx([
        ["phone", "code", null, "flag"],
        [{ number: "6281234567890" }, "0012", { inline: "a & b" }, { bool: true }],
      ]),
    );
    expect(rows).toEqual([
      { rowNo: 1, cells: ["phone", "code", "", "flag"] },
      { rowNo: 2, cells: ["6281234567890", "0012", "a & b", "TRUE"] },
    ]);
  });
});
