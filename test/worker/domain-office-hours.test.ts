import { describe, expect, it } from "vitest";
import { hoursProblems, type OfficeHours, officeState, WEEKDAYS } from "../../worker/domain/office-hours";

const none = () => Object.fromEntries(WEEKDAYS.map((d) => [d, []])) as unknown as OfficeHours["days"];
const weekdays9to17 = (): OfficeHours => {
  const days = none();
  for (const d of ["mon", "tue", "wed", "thu", "fri"] as const) days[d] = [{ open: "09:00", close: "17:00" }];
  return { enabled: true, awayMessage: "We are closed", days };
};
// 2026-12-07 is a Monday. Jakarta is UTC+7, New York UTC-5 in December.
const jakarta = (day: number, hhmm: string) => Date.parse(`2026-12-${String(day).padStart(2, "0")}T${hhmm}:00+07:00`);

describe("office hours (I9)", () => {
  it("is open from the opening minute and closed from the closing minute", () => {
    const h = weekdays9to17();
    expect(officeState(h, "Asia/Jakarta", jakarta(7, "08:59")).open).toBe(false);
    expect(officeState(h, "Asia/Jakarta", jakarta(7, "09:00")).open).toBe(true);
    expect(officeState(h, "Asia/Jakarta", jakarta(7, "16:59")).open).toBe(true);
    expect(officeState(h, "Asia/Jakarta", jakarta(7, "17:00"))).toEqual({ open: false, period: "2026-12-07T17:00" });
  });

  it("names one closed period per gap: the night, and the whole weekend", () => {
    const h = weekdays9to17();
    const night = officeState(h, "Asia/Jakarta", jakarta(7, "23:30"));
    const morning = officeState(h, "Asia/Jakarta", jakarta(8, "06:00"));
    expect(night).toEqual(morning);
    expect(officeState(h, "Asia/Jakarta", jakarta(8, "18:00"))).toEqual({ open: false, period: "2026-12-08T17:00" });
    // Friday 17:00 to Monday 09:00 is one period: a closed weekday (Saturday, Sunday) does not start another.
    const friday = officeState(h, "Asia/Jakarta", jakarta(11, "20:00"));
    const sunday = officeState(h, "Asia/Jakarta", jakarta(13, "12:00"));
    expect(friday).toEqual({ open: false, period: "2026-12-11T17:00" });
    expect(sunday).toEqual(friday);
  });

  it("reads the wall clock of the tenant's time zone", () => {
    const h = weekdays9to17();
    // 10:00 in New York on Monday is 22:00 in Jakarta.
    const at = Date.parse("2026-12-07T10:00:00-05:00");
    expect(officeState(h, "America/New_York", at).open).toBe(true);
    expect(officeState(h, "Asia/Jakarta", at)).toEqual({ open: false, period: "2026-12-07T17:00" });
  });

  it("keeps an overnight span open past midnight, also from Sunday into Monday", () => {
    const days = none();
    days.fri = [{ open: "20:00", close: "02:00" }];
    days.sun = [{ open: "22:00", close: "01:00" }];
    const h: OfficeHours = { enabled: true, awayMessage: "x", days };
    expect(officeState(h, "Asia/Jakarta", jakarta(12, "01:59")).open).toBe(true);
    expect(officeState(h, "Asia/Jakarta", jakarta(12, "02:00"))).toEqual({ open: false, period: "2026-12-12T02:00" });
    expect(officeState(h, "Asia/Jakarta", jakarta(14, "00:30")).open).toBe(true);
    expect(officeState(h, "Asia/Jakarta", jakarta(14, "01:00"))).toEqual({ open: false, period: "2026-12-14T01:00" });
  });

  it("has several intervals a day, and each gap is its own period", () => {
    const days = none();
    days.mon = [
      { open: "08:00", close: "12:00" },
      { open: "13:00", close: "24:00" },
    ];
    const h: OfficeHours = { enabled: true, awayMessage: "x", days };
    expect(officeState(h, "Asia/Jakarta", jakarta(7, "12:30"))).toEqual({ open: false, period: "2026-12-07T12:00" });
    expect(officeState(h, "Asia/Jakarta", jakarta(7, "23:59")).open).toBe(true);
    expect(officeState(h, "Asia/Jakarta", jakarta(8, "00:00"))).toEqual({ open: false, period: "2026-12-08T00:00" });
  });

  it("is always open when switched off, and one period when no day opens", () => {
    const h = weekdays9to17();
    expect(officeState({ ...h, enabled: false }, "Asia/Jakarta", jakarta(13, "12:00")).open).toBe(true);
    expect(officeState({ ...h, days: none() }, "Asia/Jakarta", jakarta(13, "12:00"))).toEqual({
      open: false,
      period: "always",
    });
  });

  it("refuses an empty interval and overlapping ones", () => {
    const days = none();
    days.mon = [{ open: "09:00", close: "09:00" }];
    expect(hoursProblems(days)).toHaveLength(1);
    days.mon = [
      { open: "09:00", close: "13:00" },
      { open: "12:00", close: "17:00" },
    ];
    expect(hoursProblems(days).map((p) => p.message)).toEqual(["Two intervals overlap."]);
    days.mon = [{ open: "22:00", close: "10:00" }];
    days.tue = [{ open: "09:00", close: "17:00" }];
    expect(hoursProblems(days)).toHaveLength(1);
    expect(hoursProblems(weekdays9to17().days)).toEqual([]);
  });
});
