import { describe, expect, it } from "vitest";
import { checkContactList } from "../../worker/domain/contact-list";
import { EMAIL, mergedAttributes, profilesOf, whatsAppRowsOf } from "../../worker/domain/contact-profile";

// Issue 17 item 5: how an imported row becomes a contact's profile (pure, no I/O).

const sheet = (...lines: string[][]) => lines.map((cells, i) => ({ rowNo: i + 1, cells }));

describe("contact profiles from an imported sheet", () => {
  it("fills name, email and notes, makes every other heading an attribute, and strips the + of the phone", () => {
    const checked = checkContactList(
      sheet(
        ["Phone", "Name", "Email", "Notes", "Member Since"],
        ["0812-3456-7890", "Ayu", "ayu@example.com", "vip", "2021"],
      ),
    );
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    const { profiles, errors } = profilesOf(checked.list);
    expect(errors).toEqual([]);
    expect(profiles).toEqual([
      {
        rowNo: 2,
        phone: "6281234567890",
        name: "Ayu",
        email: "ayu@example.com",
        notes: "vip",
        attributes: { membersince: "2021" },
      },
    ]);
  });

  it("names the row of a bad email; ignores an export's kind and blocked columns", () => {
    const checked = checkContactList(
      sheet(["phone", "email", "kind", "blocked"], ["08123456789", "nope", "whatsapp", "no"]),
    );
    if (!checked.ok) throw new Error("unexpected");
    const { profiles, errors } = profilesOf(checked.list);
    expect(errors).toMatchObject([{ row: 2, code: "email_invalid" }]);
    expect(profiles[0]?.attributes).toEqual({});
  });

  it("leaves out the rows of other channels by their kind", () => {
    const { rows, otherKinds } = whatsAppRowsOf(
      sheet(["phone", "kind"], ["08123456789", "whatsapp"], ["555123", "telegram"], ["08123456780", ""]),
    );
    expect(rows.map((r) => r.cells[0])).toEqual(["phone", "08123456789", "08123456780"]);
    expect(otherKinds).toBe(1);
    expect(whatsAppRowsOf(sheet(["phone"], ["08123456789"])).otherKinds).toBe(0);
  });

  it("keeps the attributes a file does not name, the file's values winning", () => {
    expect(mergedAttributes({ since: "2020", tier: "silver" }, { tier: "gold" })).toEqual({
      since: "2020",
      tier: "gold",
    });
  });

  it("reads an email loosely but not a missing @ or domain", () => {
    expect(EMAIL.test("a.b+c@shop.co.id")).toBe(true);
    expect(EMAIL.test("nobody")).toBe(false);
    expect(EMAIL.test("a@b")).toBe(false);
  });
});
