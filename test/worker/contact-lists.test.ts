// Rule T5 (and A3, T9) through the API: contact list uploads parsed in the real Worker (workerd),
// CSV and XLSX, checked whole, stored in one batch or refused with every problem and nothing kept.
import { env } from "cloudflare:workers";
import { zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_LIST_COLUMNS, MAX_LIST_ERRORS } from "../../worker/domain/contact-list";
import { csvContacts, noise, uploadList, type XlsxCell, xlsx } from "./contact-lists-fixtures";
import { call, expectProblem, json, seedAndSignIn } from "./helpers";

let admin: string;
let supervisor: string;
let agent: string;
let other: string;

beforeAll(async () => {
  [admin, supervisor, agent, other] = await seedAndSignIn(
    "admin@demo.test",
    "supervisor@demo.test",
    "agent@demo.test",
    "boss@other.test",
  );
});

type ListJson = {
  id: string;
  name: string;
  columns: string[];
  variableColumns: string[];
  rowCount: number;
  duplicateCount: number;
  createdAt: number;
};
type Row = { rowNo: number; phone: string; cells: Record<string, string> };
type DetailJson = ListJson & { rows: Row[]; nextCursor: string | null };
type ListErrorJson = { path: string; row: number | null; column: string | null; code: string; message: string };
type InvalidJson = { code: string; detail: string; errors: ListErrorJson[] };

const detail = async (id: string, query = "", cookie = admin) =>
  json<DetailJson>(await call(`/api/contact-lists/${id}${query}`, { cookie }));
const created = async (res: Response) => {
  if (res.status !== 201) throw new Error(`expected 201, got ${res.status} ${await res.text()}`);
  return json<ListJson>(res);
};
const invalid = async (res: Response) => {
  const body = (await expectProblem(res.clone(), 422, "list_invalid")) as unknown as InvalidJson;
  return body;
};
const countRows = async () =>
  (await env.DB.prepare("SELECT count(*) AS n FROM contact_list_rows").first<{ n: number }>())?.n ?? 0;
const countLists = async () =>
  (await env.DB.prepare("SELECT count(*) AS n FROM contact_lists").first<{ n: number }>())?.n ?? 0;

describe("uploading a CSV (T5)", () => {
  it("keeps 5,000 contacts from a CSV, phones in E.164, every cell text, variables from column E", async () => {
    const list = await created(await uploadList({ cookie: admin }, "December promo", csvContacts(5_000), "promo.csv"));
    expect(list).toMatchObject({
      name: "December promo",
      columns: ["phone", "name", "city", "segment", "promo", "due"],
      variableColumns: ["promo", "due"],
      rowCount: 5_000,
      duplicateCount: 0,
    });
    const page = await detail(list.id, "?limit=2");
    expect(page.rows).toEqual([
      {
        rowNo: 2,
        phone: "+6281210000000",
        cells: {
          phone: "+6281210000000",
          name: "Customer 0",
          city: "Jakarta",
          segment: "retail",
          promo: "PROMO0",
          due: "2026-12-01",
        },
      },
      expect.objectContaining({ rowNo: 3, phone: "+6281210000001" }),
    ]);
    const next = await detail(list.id, `?limit=2&cursor=${encodeURIComponent(page.nextCursor ?? "")}`);
    expect(next.rows.map((r) => r.rowNo)).toEqual([4, 5]);
    const last = await detail(list.id, "?limit=500");
    expect(last.rows).toHaveLength(500);
    const { n } = (await env.DB.prepare("SELECT count(*) AS n FROM contact_list_rows WHERE list_id = ?")
      .bind(list.id)
      .first<{ n: number }>()) ?? { n: 0 };
    expect(n).toBe(5_000);
  });

  it("reads a BOM, `;` as the delimiter, a quoted newline inside a cell, and Indonesian phone forms", async () => {
    const csv =
      '\uFEFFPhone;Full Name;City;Segment;Note\r\n08123456789;"Ayu; Dewi";Bandung;vip;"line one\nline two"\r\n' +
      "+62 812-3456-791;Budi;Surabaya;vip;x\r\n628123456792;Citra;;retail;0012\r\n8123456793;Dani;Medan;retail;\r\n\r\n";
    const list = await created(await uploadList({ cookie: admin }, "Semicolons", csv, "semi.csv"));
    expect(list.columns).toEqual(["phone", "fullname", "city", "segment", "note"]);
    expect(list.variableColumns).toEqual(["note"]);
    const { rows } = await detail(list.id);
    expect(rows.map((r) => r.phone)).toEqual(["+628123456789", "+628123456791", "+628123456792", "+628123456793"]);
    expect(rows[0]?.cells).toMatchObject({ fullname: "Ayu; Dewi", note: "line one\nline two" });
    expect(rows[2]?.cells.note).toBe("0012");
    expect(rows.map((r) => r.rowNo)).toEqual([2, 3, 4, 5]);
  });

  it("stores a list of wide rows whole (about 4 MB of cells, split across statements of one batch)", async () => {
    const headings = ["phone", ...Array.from({ length: 49 }, (_, i) => `v${i}`)];
    const lines = [headings.join(",")];
    for (let i = 0; i < 80; i++) {
      lines.push(
        [`0812${String(30_000_000 + i)}`, ...headings.slice(1).map((_, k) => noise(i * 50 + k, 1_000))].join(","),
      );
    }
    const list = await created(await uploadList({ cookie: admin }, "Wide", lines.join("\n"), "wide.csv"));
    expect(list.rowCount).toBe(80);
    const { rows } = await detail(list.id, "?limit=100");
    expect(rows).toHaveLength(80);
    expect(rows[79]?.cells.v48).toBe(noise(79 * 50 + 48, 1_000));
  });

  it("drops a phone seen earlier in the file (in any of its forms) and counts it", async () => {
    const csv = "phone,name\n08123456789,A\n+628123456789,B\n628123456789,C\n08123456780,D\n8123456780,E\n";
    const list = await created(await uploadList({ cookie: admin }, "Dupes", csv, "d.csv"));
    expect(list).toMatchObject({ rowCount: 2, duplicateCount: 3 });
    const { rows } = await detail(list.id);
    expect(rows.map((r) => [r.rowNo, r.cells.name])).toEqual([
      [2, "A"],
      [5, "D"],
    ]);
  });
});

describe("refusing a bad file with every problem, keeping nothing (T5)", () => {
  it("refuses 5,001 contacts, naming the first row over the limit", async () => {
    const [lists, rows] = [await countLists(), await countRows()];
    const body = await invalid(await uploadList({ cookie: admin }, "Too many", csvContacts(5_001), "big.csv"));
    expect(body.errors).toEqual([expect.objectContaining({ code: "too_many_rows", row: 5_002, column: null })]);
    expect([await countLists(), await countRows()]).toEqual([lists, rows]);
  });

  it("refuses a file without a phone column", async () => {
    const body = await invalid(await uploadList({ cookie: admin }, "No phone", "name,city\nAyu,Bandung\n", "x.csv"));
    expect(body.errors).toEqual([expect.objectContaining({ code: "phone_column_missing", row: 1 })]);
  });

  it("lists every bad phone with its row and column, and heading problems, at once", async () => {
    const [lists, rows] = [await countLists(), await countRows()];
    const csv = [
      "name,phone,city,city,,extra",
      "Ayu,08123456789,a,b,,",
      "Budi,0812,a,b,,",
      "Citra,,a,b,,",
      "Dani,08123abc,a,b,,",
      "Eka,6.28123E+12,a,b,,",
      "Fani,081234567891,a,b,stray,",
    ].join("\n");
    const body = await invalid(await uploadList({ cookie: admin }, "Bad", csv, "bad.csv"));
    const found = body.errors.map((e) => [e.row, e.column, e.code]);
    expect(found).toEqual(
      expect.arrayContaining([
        [1, "D", "heading_duplicate"],
        [1, "E", "heading_missing"],
        [3, "B", "phone_invalid"],
        [4, "B", "phone_missing"],
        [5, "B", "phone_invalid"],
        [6, "B", "phone_invalid"],
      ]),
    );
    expect(found).toHaveLength(6);
    expect(body.errors.find((e) => e.row === 6)?.message).toMatch(/scientific notation/);
    expect(body.errors.find((e) => e.row === 3)?.path).toBe("3.B");
    expect(body.detail).toMatch(/6 problems; nothing was kept/);
    expect([await countLists(), await countRows()]).toEqual([lists, rows]);
  });

  it("stops listing after 1,000 problems, and a row a million cells wide is read as 200", async () => {
    const manyBad = ["phone", ...Array.from({ length: 3_000 }, () => "0812")].join("\n");
    const body = await invalid(await uploadList({ cookie: admin }, "Many bad", manyBad, "many.csv"));
    expect(body.errors).toHaveLength(MAX_LIST_ERRORS + 1);
    expect(body.errors.at(-1)).toMatchObject({ code: "too_many_errors", row: MAX_LIST_ERRORS + 2 });
    expect(body.errors.at(-1)?.message).toMatch(/2,000 rows from here were not checked/);
    const wide = `phone\n08123456789${",a".repeat(1_000_000)}\n`;
    const wideBody = await invalid(await uploadList({ cookie: admin }, "Wide", wide, "wide.csv"));
    expect(wideBody.errors.length).toBeLessThanOrEqual(MAX_LIST_COLUMNS * 4 + 1);
    expect(wideBody.errors.map((e) => e.code)).toContain("too_many_columns");
  });

  it("refuses an old .xls, a binary file, an empty file, and a missing name or file (400)", async () => {
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect((await invalid(await uploadList({ cookie: admin }, "x", xls, "old.xls"))).errors[0]?.code).toBe("file_type");
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]);
    expect((await invalid(await uploadList({ cookie: admin }, "x", png, "a.csv"))).errors[0]?.code).toBe("file_type");
    const broken = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    expect((await invalid(await uploadList({ cookie: admin }, "x", broken, "a.xlsx"))).errors[0]?.code).toBe(
      "file_unreadable",
    );
    expect((await invalid(await uploadList({ cookie: admin }, "x", "phone\n", "a.csv"))).errors[0]?.code).toBe(
      "file_empty",
    );
    await expectProblem(
      await uploadList({ cookie: admin }, "  ", "phone\n0812345678\n", "a.csv"),
      400,
      "validation_failed",
    );
  });

  it("refuses a file over 5 MB with 413 before reading it", async () => {
    const big = `phone,name\n${"08123456789,x\n".repeat(Math.ceil((5 * 1024 * 1024) / 14) + 10)}`;
    await expectProblem(await uploadList({ cookie: admin }, "Huge", big, "huge.csv"), 413, "list_too_large");
  });

  it("refuses a zip bomb: a sheet that unpacks to more than 40 MB is never inflated", async () => {
    const bomb = zipSync({
      "_rels/.rels": new TextEncoder().encode(
        '<Relationships><Relationship Id="r" Type="x/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      ),
      "xl/workbook.xml": new TextEncoder().encode('<workbook><sheets><sheet r:id="rId1"/></sheets></workbook>'),
      "xl/worksheets/sheet1.xml": new Uint8Array(41 * 1024 * 1024),
    });
    expect(bomb.length).toBeLessThan(200 * 1024);
    const body = await invalid(await uploadList({ cookie: admin }, "Bomb", bomb, "bomb.xlsx"));
    expect(body.errors).toEqual([
      expect.objectContaining({ code: "file_unreadable", message: expect.stringMatching(/40 MB/) }),
    ]);
  });
});

describe("uploading an XLSX (T5)", () => {
  it("reads 5,000 rows of a >512 KB workbook with numeric phones: every digit kept, 0012 stays 0012, dates as written", async () => {
    const rows: XlsxCell[][] = [["phone", "name", "code", "joined", "note", "padded"]];
    for (let i = 0; i < 5_000; i++) {
      rows.push([
        { number: String(6281234500000 + i) },
        `Customer ${i}`,
        String(i % 100).padStart(4, "0"),
        { number: String(46_000 + (i % 300)), style: "date" },
        { inline: noise(i, 110) },
        { number: String(i % 100), style: "padded" },
      ]);
    }
    const file = xlsx(rows);
    expect(file.length).toBeGreaterThan(512 * 1024);
    const list = await created(await uploadList({ cookie: admin }, "Workbook", file, "contacts.xlsx"));
    expect(list).toMatchObject({ rowCount: 5_000, duplicateCount: 0, variableColumns: ["note", "padded"] });
    const { rows: first } = await detail(list.id, "?limit=13");
    expect(first[0]).toMatchObject({
      rowNo: 2,
      phone: "+6281234500000",
      cells: { code: "0000", joined: "9/12/2025", name: "Customer 0" },
    });
    expect(first[12]).toMatchObject({ phone: "+6281234500012", cells: { code: "0012", padded: "0012" } });
    const { rows: tail } = await detail(list.id, `?limit=1&cursor=${encodeURIComponent(btoa("[5000]"))}`);
    expect(tail[0]).toMatchObject({ rowNo: 5_001, phone: "+6281234504999" });
  });

  it("refuses a workbook's bad rows with the sheet's own row numbers and column letters", async () => {
    const file = xlsx([
      ["Name", "Phone"],
      ["Ayu", { number: "6281234567890" }],
      [],
      ["Budi", { number: "12345" }],
      ["Citra", { bool: true }],
    ]);
    const body = await invalid(await uploadList({ cookie: admin }, "Bad workbook", file, "bad.xlsx"));
    expect(body.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [4, "B", "phone_invalid"],
      [5, "B", "phone_invalid"],
    ]);
  });
});

describe("lists as a resource: roles, tenants, pages, delete (A3, T9)", () => {
  it("is admin only: an agent and a supervisor get 403 on every route", async () => {
    for (const cookie of [agent, supervisor]) {
      await expectProblem(await uploadList({ cookie }, "x", "phone\n08123456789\n", "a.csv"), 403, "forbidden");
      await expectProblem(await call("/api/contact-lists", { cookie }), 403, "forbidden");
      await expectProblem(await call("/api/contact-lists/cl_x", { cookie }), 403, "forbidden");
      await expectProblem(await call("/api/contact-lists/cl_x", { cookie, method: "DELETE" }), 403, "forbidden");
    }
  });

  it("works with a tenant admin API key (T9)", async () => {
    const key = await json<{ secret: string }>(
      await call("/api/api-keys", { cookie: admin, body: { name: "broadcast key", role: "admin" } }),
    );
    const list = await created(await uploadList({ bearer: key.secret }, "Via API", "phone\n08123456789\n", "a.csv"));
    const read = await call(`/api/contact-lists/${list.id}`, { bearer: key.secret });
    expect(read.status).toBe(200);
  });

  it("never shows another organization's list: 404 to read or delete, absent from its pages", async () => {
    const mine = await created(await uploadList({ cookie: admin }, "Mine", "phone\n08123456789\n", "a.csv"));
    await expectProblem(await call(`/api/contact-lists/${mine.id}`, { cookie: other }), 404, "not_found");
    await expectProblem(
      await call(`/api/contact-lists/${mine.id}`, { cookie: other, method: "DELETE" }),
      404,
      "not_found",
    );
    const theirs = await json<{ lists: ListJson[] }>(await call("/api/contact-lists", { cookie: other }));
    expect(theirs.lists.map((l) => l.id)).not.toContain(mine.id);
    expect((await call(`/api/contact-lists/${mine.id}`, { cookie: admin })).status).toBe(200);
  });

  it("pages the lists newest first with a cursor", async () => {
    const names = ["Page A", "Page B", "Page C"];
    for (const name of names) await created(await uploadList({ cookie: admin }, name, "phone\n08123456789\n", "a.csv"));
    const seen: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page: { lists: ListJson[]; nextCursor: string | null } = await json(
        await call(`/api/contact-lists?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, {
          cookie: admin,
        }),
      );
      expect(page.lists.length).toBeLessThanOrEqual(2);
      seen.push(...page.lists.map((l) => l.name));
      cursor = page.nextCursor;
    }
    expect(seen.slice(0, 3)).toEqual(["Page C", "Page B", "Page A"]);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await countListsOf("org_demo"));
    await expectProblem(await call("/api/contact-lists?cursor=nope", { cookie: admin }), 400, "validation_failed");
  });

  it("deletes a list and its rows", async () => {
    const list = await created(
      await uploadList({ cookie: admin }, "Gone", "phone\n08123456789\n08123456788\n", "a.csv"),
    );
    expect((await call(`/api/contact-lists/${list.id}`, { cookie: admin, method: "DELETE" })).status).toBe(204);
    await expectProblem(await call(`/api/contact-lists/${list.id}`, { cookie: admin }), 404, "not_found");
    const { n } = (await env.DB.prepare("SELECT count(*) AS n FROM contact_list_rows WHERE list_id = ?")
      .bind(list.id)
      .first<{ n: number }>()) ?? { n: -1 };
    expect(n).toBe(0);
  });

  it("is in the OpenAPI document", async () => {
    const doc = await json<{ paths: Record<string, Record<string, unknown>> }>(await call("/api/openapi.json"));
    expect(Object.keys(doc.paths["/api/contact-lists"] ?? {})).toEqual(expect.arrayContaining(["get", "post"]));
    expect(Object.keys(doc.paths["/api/contact-lists/{id}"] ?? {})).toEqual(expect.arrayContaining(["get", "delete"]));
  });
});

async function countListsOf(organizationId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM contact_lists WHERE organization_id = ?")
    .bind(organizationId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}
