import { describe, expect, it } from "vitest";
import { normalisePhone } from "../../worker/domain/phone";

const phone = (typed: string) => {
  const r = normalisePhone(typed);
  return r.ok ? r.phone : r.code;
};

describe("phone numbers to E.164 (T5)", () => {
  it("understands the Indonesian forms people type", () => {
    for (const typed of ["081234567890", "6281234567890", "+62 812-3456-7890", "81234567890", "0062 812 3456 7890"]) {
      expect(phone(typed), typed).toBe("+6281234567890");
    }
  });
  it("keeps other countries written with their code", () => {
    expect(phone("+1 (415) 555-0100")).toBe("+14155550100");
    expect(phone("+44 20 7946 0958")).toBe("+442079460958");
  });
  it("refuses what is not a phone number, saying why", () => {
    expect(phone("")).toBe("phone_invalid");
    expect(phone("08123abc")).toBe("phone_invalid");
    expect(phone("0812")).toBe("phone_invalid");
    expect(phone("+1234567890123456")).toBe("phone_invalid");
    expect(phone("6201234567")).toBe("phone_invalid");
    const r = normalisePhone("12");
    expect(r.ok ? "" : r.message).toMatch(/8 to 15 digits/);
  });
});
