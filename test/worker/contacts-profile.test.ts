import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, expectProblem, json, ORIGIN, seedAndSignIn } from "./helpers";
import { customerWrites, roomOfContact } from "./rooms-helpers";

// Issue 17 item 5: the Contacts page's API: profiles, a contact's rooms, import and export as CSV.

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

type ContactJson = {
  id: string;
  externalId: string;
  kind: string;
  name: string | null;
  email: string | null;
  notes: string | null;
  attributes: Record<string, string>;
};

async function importCsv(cookie: string, text: string, filename = "contacts.csv") {
  const form = new FormData();
  form.set("file", new File([new TextEncoder().encode(text)], filename));
  return exports.default.fetch(
    new Request(`${ORIGIN}/api/contacts/import`, {
      method: "POST",
      headers: { origin: ORIGIN, cookie: `sid=${cookie}` },
      body: form,
    }),
  );
}

const contactByPhone = async (phone: string) => {
  const { contacts } = await json<{ contacts: ContactJson[] }>(
    await call(`/api/contacts?q=${phone}`, { cookie: agent }),
  );
  return contacts.find((c) => c.externalId === phone);
};

describe("a contact's profile", () => {
  it("an agent keeps email, notes and custom attributes; bad input is 400; another tenant's contact is 404", async () => {
    await customerWrites({ waId: "6281700000001", name: "Sari Profile", text: "halo" });
    const contact = (await contactByPhone("6281700000001")) as ContactJson;
    const res = await call(`/api/contacts/${contact.id}`, {
      method: "PATCH",
      cookie: agent,
      body: { email: "sari@example.com", notes: "Prefers calls after 17:00", attributes: { tier: "gold", city: "" } },
    });
    expect(res.status).toBe(200);
    expect(await json<ContactJson>(res)).toMatchObject({
      name: "Sari Profile",
      email: "sari@example.com",
      notes: "Prefers calls after 17:00",
      attributes: { tier: "gold" },
    });
    const shown = await json<ContactJson>(await call(`/api/contacts/${contact.id}`, { cookie: supervisor }));
    expect(shown.attributes).toEqual({ tier: "gold" });

    const cleared = await call(`/api/contacts/${contact.id}`, {
      method: "PATCH",
      cookie: agent,
      body: { notes: null },
    });
    expect(await json<ContactJson>(cleared)).toMatchObject({ notes: null, email: "sari@example.com" });
    await expectProblem(
      await call(`/api/contacts/${contact.id}`, { method: "PATCH", cookie: agent, body: { email: "not an email" } }),
      400,
      "validation_failed",
    );
    await expectProblem(
      await call(`/api/contacts/${contact.id}`, {
        method: "PATCH",
        cookie: agent,
        body: { attributes: { "a b": "x" } },
      }),
      400,
      "validation_failed",
    );
    await expectProblem(
      await call(`/api/contacts/${contact.id}`, { method: "PATCH", cookie: agent, body: { nickname: "x" } }),
      400,
      "validation_failed",
    );
    await expectProblem(
      await call(`/api/contacts/${contact.id}`, { method: "PATCH", cookie: other, body: { notes: "mine now" } }),
      404,
      "not_found",
    );
    expect((await contactByPhone("6281700000001"))?.notes).toBeNull();
  });

  it("lists the contact's rooms, newest first, a page at a time", async () => {
    await customerWrites({ waId: "6281700000002", name: "Two Rooms", text: "first" });
    const first = await roomOfContact(supervisor, "6281700000002");
    expect((await call(`/api/rooms/${first.id}/resolve`, { cookie: supervisor, body: {} })).status).toBe(200);
    // A WhatsApp timestamp has whole seconds: the next second, so the new room's message is the newest activity.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await customerWrites({ waId: "6281700000002", name: "Two Rooms", text: "second" });
    const contact = (await contactByPhone("6281700000002")) as ContactJson;
    const second = await env.DB.prepare("SELECT id FROM rooms WHERE contact_id = ? AND status <> 'resolved'")
      .bind(contact.id)
      .first<{ id: string }>();
    expect(second?.id).toBeTruthy();
    expect(second?.id).not.toBe(first.id);

    type Page = { rooms: { id: string; status: string }[]; nextCursor: string | null };
    const one = await json<Page>(await call(`/api/contacts/${contact.id}/rooms?limit=1`, { cookie: agent }));
    expect(one.rooms.map((r) => r.id)).toEqual([second?.id]);
    expect(one.nextCursor).not.toBeNull();
    const two = await json<Page>(
      await call(`/api/contacts/${contact.id}/rooms?limit=1&cursor=${encodeURIComponent(one.nextCursor ?? "")}`, {
        cookie: agent,
      }),
    );
    expect(two.rooms).toMatchObject([{ id: first.id, status: "resolved" }]);
    expect(two.nextCursor).toBeNull();
    await expectProblem(await call(`/api/contacts/${contact.id}/rooms`, { cookie: other }), 404, "not_found");
  });
});

describe("importing and exporting contacts (T5 cell rules)", () => {
  it("creates and updates by phone, keeps attributes the file does not name, skips other channels' rows", async () => {
    await customerWrites({ waId: "6281700000003", name: "Known Customer", text: "halo" });
    const known = (await contactByPhone("6281700000003")) as ContactJson;
    await call(`/api/contacts/${known.id}`, {
      method: "PATCH",
      cookie: agent,
      body: { attributes: { since: "2024" } },
    });

    const csv = [
      "Phone,Name,Email,Notes,Tier,kind",
      "081700000003,,known@example.com,,gold,whatsapp",
      "+62 817-0000-0004,Budi Baru,budi@example.com,Met at the fair,silver,",
      "081700000004,Budi Again,,,,",
      "123456789,Telegram Person,,,,telegram",
    ].join("\n");
    const res = await importCsv(supervisor, csv);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ created: 1, updated: 1, duplicateCount: 1, otherChannelCount: 1 });

    expect(await contactByPhone("6281700000003")).toMatchObject({
      name: "Known Customer",
      email: "known@example.com",
      attributes: { since: "2024", tier: "gold" },
    });
    expect(await contactByPhone("6281700000004")).toMatchObject({
      kind: "whatsapp",
      name: "Budi Baru",
      notes: "Met at the fair",
      attributes: { tier: "silver" },
    });
    const telegram = await env.DB.prepare("SELECT count(*) AS n FROM contacts WHERE external_id = '123456789'").first<{
      n: number;
    }>();
    expect(telegram?.n).toBe(0);
  });

  it("refuses a file with a bad email whole (422 list_invalid with the row), and agents may not import", async () => {
    const before = await env.DB.prepare("SELECT count(*) AS n FROM contacts").first<{ n: number }>();
    const res = await importCsv(
      admin,
      "phone,name,email\n081700000005,Ok Person,ok@example.com\n081700000006,Bad,not-mail\n",
    );
    const problem = (await expectProblem(res, 422, "list_invalid")) as unknown as {
      errors: { row: number; code: string }[];
    };
    expect(problem.errors).toEqual([expect.objectContaining({ row: 3, code: "email_invalid" })]);
    const after = await env.DB.prepare("SELECT count(*) AS n FROM contacts").first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
    await expectProblem(await importCsv(agent, "phone\n081700000007\n"), 403, "forbidden");
  });

  it("exports every contact as CSV, attributes as columns, a formula-like cell as text", async () => {
    await customerWrites({ waId: "6281700000008", name: '=HYPERLINK("x")', text: "halo" });
    const res = await call("/api/contacts/export", { cookie: supervisor });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const lines = (await res.text()).split("\r\n");
    expect(lines[0]).toMatch(/^phone,kind,name,email,notes,blocked,.*\btier\b/);
    expect(lines.find((l) => l.startsWith("6281700000004,"))).toContain(
      "Budi Baru,budi@example.com,Met at the fair,no",
    );
    expect(lines.find((l) => l.startsWith("6281700000008,"))).toContain(`"'=HYPERLINK(""x"")"`);
    await expectProblem(await call("/api/contacts/export", { cookie: agent }), 403, "forbidden");
    const theirs = await call("/api/contacts/export", { cookie: other });
    expect(await theirs.text()).not.toContain("6281700000004");
  });
});
