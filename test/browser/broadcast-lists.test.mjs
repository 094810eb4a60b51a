// Broadcast > Lists in the browser (rules T5, A3): an admin uploads a list and sees its preview, a
// bad file shows every problem by row and column, the list is deleted after a confirm; an agent has
// no Broadcast menu. Run at 360 px wide, partly by keyboard.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  confirmWithEnter,
  csvFile,
  overflowsHorizontally,
  screenshot,
  signIn,
  useBrowser,
  VIEWPORTS,
  withPage,
} from "./helpers.mjs";

useBrowser();

test("an admin uploads a list and sees its columns and first rows, then deletes it after a confirm (T5)", async (t) => {
  const name = `Promo ${Date.now()}`;
  await withPage(
    t,
    async (page) => {
      await signIn(page, "admin@demo.test");
      await page.getByRole("link", { name: "Broadcast" }).click();
      await page.getByRole("heading", { level: 1, name: "Contact lists" }).waitFor();
      const form = page.getByRole("form", { name: "Upload a list" });
      await form.getByLabel("List name").fill(name);
      await form
        .getByLabel("File (CSV or XLSX)")
        .setInputFiles(
          csvFile([
            "Phone;Full Name;City;Segment;Promo Code",
            "08123456789;Ayu;Bandung;vip;0012",
            "+62 812-3456-7890;Budi;Surabaya;retail;0013",
            "628123456789;Ayu again;Bandung;vip;0014",
          ]),
        );
      // By keyboard: focus the submit button and press Enter.
      await form.getByRole("button", { name: "Upload list" }).focus();
      await page.keyboard.press("Enter");

      const preview = page.getByTestId("list-preview");
      await preview.getByRole("heading", { level: 1, name }).waitFor();
      await preview.getByText("2 contacts, 1 duplicate dropped").waitFor();
      const rows = preview.getByTestId("list-rows");
      for (const heading of ["phone", "fullname", "city", "segment", "promocode"]) {
        await rows.getByRole("columnheader", { name: heading, exact: true }).waitFor();
      }
      await rows.getByRole("cell", { name: "+628123456789", exact: true }).first().waitFor();
      await rows.getByRole("cell", { name: "0012", exact: true }).waitFor();
      assert.equal(await rows.locator("tbody tr").count(), 2);
      assert.equal(await overflowsHorizontally(page), false, "the preview fits 360 px (its table scrolls inside)");
      await screenshot(page, "broadcast-list-preview-360");

      await page.getByRole("link", { name: "All lists" }).click();
      await page.getByTestId("contact-lists").getByRole("link", { name }).waitFor();
      await page.getByTestId("contact-lists").getByRole("link", { name }).click();
      await preview.getByRole("button", { name: "Delete list" }).click();
      const confirm = preview.getByRole("group", { name: new RegExp(`Delete ${name}\\?`) });
      await confirmWithEnter(page, confirm, "Delete");
      await page
        .getByRole("status")
        .filter({ hasText: `The list ${name} was deleted.` })
        .waitFor();
      await page.getByRole("heading", { level: 1, name: "Contact lists" }).waitFor();
      assert.equal(await page.getByTestId("contact-lists").getByRole("link", { name }).count(), 0);
    },
    { viewport: VIEWPORTS.narrow },
  );
});

test("a long list's preview loads a page of rows at a time: Show more rows brings the next page", async (t) => {
  const name = `Long ${Date.now()}`;
  // 120 distinct numbers: the preview shows 50 rows a page.
  const lines = [
    "phone,name",
    ...Array.from({ length: 120 }, (_, i) => `0812${String(5000000 + i)},Customer ${i + 1}`),
  ];
  await withPage(t, async (page) => {
    await signIn(page, "admin@demo.test");
    await page.getByRole("link", { name: "Broadcast" }).click();
    const form = page.getByRole("form", { name: "Upload a list" });
    await form.getByLabel("List name").fill(name);
    await form.getByLabel("File (CSV or XLSX)").setInputFiles(csvFile(lines));
    await form.getByRole("button", { name: "Upload list" }).click();

    const preview = page.getByTestId("list-preview");
    await preview.getByRole("heading", { level: 1, name }).waitFor();
    const rows = preview.getByTestId("list-rows").locator("tbody tr");
    await preview.getByText("Showing 50 of 120 contacts.").waitFor();
    assert.equal(await rows.count(), 50);
    await preview.getByRole("button", { name: "Show more rows" }).click();
    await preview.getByText("Showing 100 of 120 contacts.").waitFor();
    await preview.getByRole("button", { name: "Show more rows" }).click();
    await preview.getByText("Showing 120 of 120 contacts.").waitFor();
    assert.equal(await rows.count(), 120);
    await rows.last().getByRole("cell", { name: "Customer 120", exact: true }).waitFor();
    assert.equal(await preview.getByRole("button", { name: "Show more rows" }).count(), 0, "no page is left");
  });
});

test("a bad file is refused with every problem in a row/column table, and nothing is kept (T5)", async (t) => {
  const name = `Bad ${Date.now()}`;
  await withPage(t, async (page) => {
    await signIn(page, "admin@demo.test");
    await page.goto("/broadcast/lists");
    const form = page.getByRole("form", { name: "Upload a list" });
    await form.getByLabel("List name").fill(name);
    await form
      .getByLabel("File (CSV or XLSX)")
      .setInputFiles(csvFile(["name,phone", "Ayu,0812", "Budi,", "Citra,08123456789", "Dani,08123abc"]));
    await form.getByRole("button", { name: "Upload list" }).click();
    await page.getByRole("heading", { name: "3 problems in the file" }).waitFor();
    const table = page.getByTestId("list-problems");
    const cells = await table
      .locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].slice(0, 2).map((td) => td.textContent)));
    assert.deepEqual(cells, [
      ["2", "B"],
      ["3", "B"],
      ["5", "B"],
    ]);
    await page.getByRole("alert").filter({ hasText: "nothing was kept" }).waitFor();
    await screenshot(page, "broadcast-list-problems");
    assert.equal(await page.getByRole("link", { name }).count(), 0, "a refused file is not listed");
  });
});

test("an agent has no Broadcast menu, and the page says it is for admins (A3)", async (t) => {
  await withPage(t, async (page) => {
    await signIn(page, "agent@demo.test");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Inbox" }).waitFor();
    assert.equal(await page.getByRole("link", { name: "Broadcast" }).count(), 0);
    await page.goto("/broadcast/lists");
    await page.getByRole("heading", { name: "Only admins can open this page" }).waitFor();
  });
});

test("Campaigns sits beside Lists (its own tests: broadcast-campaigns.test.mjs)", async (t) => {
  await withPage(t, async (page) => {
    await signIn(page, "admin@demo.test");
    await page.goto("/broadcast/lists");
    await page.getByRole("navigation", { name: "Broadcast" }).getByRole("link", { name: "Campaigns" }).click();
    await page.getByRole("heading", { level: 1, name: "Campaigns" }).waitFor();
    await page.getByRole("link", { name: "New campaign" }).waitFor();
  });
});
