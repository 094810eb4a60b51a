// Contacts in the browser (issue 17 item 5): an agent finds a customer, keeps their email, notes and
// custom attributes, and opens their conversation from the profile; a supervisor imports a CSV (a bad
// row is shown by row and nothing is kept; the fixed file adds and updates) and exports. At 360 px too.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  csvFile,
  customerSays,
  overflowsHorizontally,
  screenshot,
  signIn,
  uniquePhone,
  useBrowser,
  VIEWPORTS,
  withPage,
} from "./helpers.mjs";

useBrowser();

test("an agent finds a customer, keeps their profile, and opens their conversation from it", async (t) => {
  const waId = uniquePhone();
  const name = `Profile ${waId.slice(-5)}`;
  await customerSays(waId, "Halo, ini soal pesanan saya", name);

  await withPage(t, async (page) => {
    await signIn(page, "agent@demo.test");
    await page.getByRole("link", { name: "Contacts", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Contacts" }).waitFor();
    assert.equal(await page.getByRole("form", { name: "Import contacts" }).count(), 0, "agents do not import");
    await page.getByLabel("Search contacts").fill(waId.slice(-7));
    const table = page.getByRole("table", { name: "Contacts" });
    await table.getByRole("row").filter({ hasText: name }).waitFor();
    await table.getByRole("link", { name, exact: true }).click();

    await page.getByRole("heading", { level: 1, name }).waitFor();
    const form = page.getByRole("form", { name: "Profile" });
    await form.getByLabel("Email").fill("not-an-email");
    await form.getByRole("button", { name: "Save profile" }).click();
    await form.getByRole("alert").or(form.locator(".field-error")).first().waitFor();
    await form.getByLabel("Email").fill("pelanggan@example.com");
    await form.getByLabel("Notes").fill("Prefers a call after 17:00");
    await form.getByRole("button", { name: "Add attribute" }).click();
    await form.getByLabel("Attribute 1 name").fill("tier");
    await form.getByLabel("Attribute 1 value").fill("gold");
    await form.getByRole("button", { name: "Save profile" }).click();
    await form.getByText("The profile was saved.").waitFor();

    await page.reload();
    const again = page.getByRole("form", { name: "Profile" });
    await again.getByLabel("Email").waitFor();
    assert.equal(await again.getByLabel("Email").inputValue(), "pelanggan@example.com");
    assert.equal(await again.getByLabel("Notes").inputValue(), "Prefers a call after 17:00");
    assert.equal(await again.getByLabel("Attribute 1 value").inputValue(), "gold");

    await page.setViewportSize(VIEWPORTS.narrow);
    assert.equal(await overflowsHorizontally(page), false, "the profile fits 360 px");
    await screenshot(page, "contact-profile-360");
    await page.setViewportSize(VIEWPORTS.desktop);

    const conversations = page.getByRole("list", { name: "Conversations" });
    await conversations.getByText("Halo, ini soal pesanan saya").waitFor();
    await conversations.getByRole("link").first().click();
    await page.waitForURL(/\/rooms\//);
    await page.getByText("Halo, ini soal pesanan saya").first().waitFor();
  });
});

test("a supervisor imports a CSV: a bad row is shown and nothing kept; the fixed file adds and updates", async (t) => {
  const known = uniquePhone();
  await customerSays(known, "halo", `Known ${known.slice(-4)}`);
  const fresh = uniquePhone();
  const lines = (email) => [
    "phone,name,email,segment",
    `${known},,known@example.com,retail`,
    `${fresh},Fresh ${fresh.slice(-4)},${email},vip`,
  ];

  await withPage(t, async (page) => {
    await signIn(page, "supervisor@demo.test");
    await page.goto("/contacts");
    const form = page.getByRole("form", { name: "Import contacts" });
    await form.getByLabel("File (CSV or XLSX)").setInputFiles(csvFile(lines("fresh-at-example")));
    await form.getByRole("button", { name: "Import contacts" }).click();
    const problems = form.getByTestId("list-problems");
    await problems.waitFor();
    assert.match(await problems.textContent(), /3.*is not an email address/);

    await form.getByLabel("File (CSV or XLSX)").setInputFiles(csvFile(lines("fresh@example.com")));
    await form.getByRole("button", { name: "Import contacts" }).click();
    await form.getByText("1 contacts added, 1 updated.").waitFor();

    await page.getByLabel("Search contacts").fill(fresh.slice(-7));
    await page.getByRole("table", { name: "Contacts" }).getByText("fresh@example.com").waitFor();
    const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    const text = await (await page.request.get(href)).text();
    assert.ok(text.split("\r\n")[0].startsWith("phone,kind,name,email,notes,blocked"), "the export's headings");
    assert.ok(text.includes(`${fresh},whatsapp,Fresh ${fresh.slice(-4)},fresh@example.com`), "the imported row");

    await page.setViewportSize(VIEWPORTS.narrow);
    assert.equal(await overflowsHorizontally(page), false, "the contacts page fits 360 px");
  });

  const supervisor = await apiAs("supervisor@demo.test");
  const { contacts } = await supervisor.get(`/api/contacts?q=${known}`);
  assert.deepEqual(contacts[0].attributes, { segment: "retail" }, "the known contact was updated, not duplicated");
  assert.equal(contacts.length, 1);
});
