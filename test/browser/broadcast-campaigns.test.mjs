// Broadcast > Campaigns in the browser (rules T6-T9, A3): an admin creates a campaign from the demo's
// approved template to a list with its variables mapped, watches it reach completed without a
// reload, sees the recipients and downloads the CSV; a campaign to an undeliverable number (the
// sandbox's 62800 prefix) ends with a failed recipient and offers Retry failed; an agent does not
// get the page. Run at 360 px wide, partly by keyboard.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import {
  apiAs,
  confirmWithEnter,
  csvFile,
  eventually,
  overflowsHorizontally,
  screenshot,
  signIn,
  uniquePhone,
  useBrowser,
  VIEWPORTS,
  withPage,
} from "./helpers.mjs";
import { openRoom } from "./helpers-inbox.mjs";

useBrowser();

/** The demo's approved template with two body variables (order_update), found through the API. */
async function approvedTemplate() {
  const admin = await apiAs("admin@demo.test");
  const { templates } = await admin.get("/api/templates?status=APPROVED");
  const template = templates.find((t) => t.name === "order_update");
  assert.ok(template, "the demo has the approved order_update template");
  return template;
}

async function uploadList(page, name, lines) {
  await page.goto("/broadcast/lists");
  const form = page.getByRole("form", { name: "Upload a list" });
  await form.getByLabel("List name").fill(name);
  await form.getByLabel("File (CSV or XLSX)").setInputFiles(csvFile(lines));
  await form.getByRole("button", { name: "Upload list" }).click();
  await page.getByTestId("list-preview").getByRole("heading", { level: 1, name }).waitFor();
}

test("an admin sends a campaign to a list and watches it complete live, then downloads the CSV (T6)", async (t) => {
  const template = await approvedTemplate();
  const listName = `Buyers ${Date.now()}`;
  const campaignName = `Shipped ${Date.now()}`;
  const [ayu, budi] = [uniquePhone(), uniquePhone()];
  await withPage(
    t,
    async (page) => {
      await signIn(page, "admin@demo.test");
      await uploadList(page, listName, ["phone,name,order", `${ayu},Ayu,A-1001`, `${budi},Budi,A-1002`]);

      await page.getByRole("navigation", { name: "Broadcast" }).getByRole("link", { name: "Campaigns" }).click();
      await page.getByRole("heading", { level: 1, name: "Campaigns" }).waitFor();
      await page.getByRole("link", { name: "New campaign" }).click();
      const form = page.getByRole("form", { name: "New campaign" });
      await form.getByLabel("Campaign name").fill(campaignName);
      await form.getByLabel("Template (approved)").selectOption(template.id);
      await form.getByLabel("Contact list", { exact: true }).selectOption({ label: `${listName} (2)` });
      // The variables map to the list's columns in order; the preview fills them from its first row.
      await form.getByLabel("{{1}} column").selectOption("name");
      await form.getByLabel("{{2}} column").selectOption("order");
      await form.getByTestId("campaign-preview").getByText("Hi Ayu, your order A-1001 has shipped.").waitFor();
      assert.equal(await overflowsHorizontally(page), false, "the form fits 360 px");
      await screenshot(page, "broadcast-campaign-new-360");
      // By keyboard; a second press while it is being created makes no second campaign.
      await form.getByRole("button", { name: "Send campaign" }).focus();
      await page.keyboard.press("Enter");
      await page.keyboard.press("Enter");

      const view = page.getByTestId("campaign-page");
      await view.getByRole("heading", { level: 1, name: campaignName }).waitFor();
      await page.evaluate(() => {
        window.__noReload = true;
      });
      await view.getByTestId("campaign-status").filter({ hasText: "Completed" }).waitFor({ timeout: 30_000 });
      await view.getByTestId("campaign-progress").filter({ hasText: "2 of 2 done" }).waitFor();
      assert.equal(await page.evaluate(() => window.__noReload), true, "the page updated without a reload");
      assert.equal(await view.getByRole("progressbar", { name: "Campaign progress" }).getAttribute("value"), "2");

      const recipients = view.getByTestId("campaign-recipients");
      // When the campaign ends the table reloads, to show the final states: count once it is back.
      await eventually(async () => (await recipients.locator("tbody tr").count()) === 2, "both recipients listed");
      await recipients.getByRole("cell", { name: `+${ayu}`, exact: true }).waitFor();
      assert.equal(await overflowsHorizontally(page), false, "the campaign page fits 360 px");
      await screenshot(page, "broadcast-campaign-completed-360");

      const [download] = await Promise.all([
        page.waitForEvent("download"),
        view.getByRole("link", { name: "Export CSV" }).click(),
      ]);
      const text = await readFile(await download.path(), "utf8");
      assert.match(text, /^row,phone,state,reason/);
      assert.ok(text.includes(ayu) && text.includes(budi), "the CSV has both recipients");

      await page.getByRole("link", { name: "All campaigns" }).click();
      const row = page.getByTestId("campaigns").getByRole("row").filter({ hasText: campaignName });
      await row.getByText("Completed").waitFor();
      assert.equal(await row.count(), 1, "one campaign created");
    },
    { viewport: VIEWPORTS.narrow },
  );
});

test("a list whose columns fail to load says so and loads them on Try again", async (t) => {
  const listName = `Columns ${Date.now()}`;
  await withPage(t, async (page) => {
    await signIn(page, "admin@demo.test");
    await uploadList(page, listName, ["phone,name,order", `${uniquePhone()},Citra,A-2001`]);
    // The list's detail (its columns and first row) fails once, as on a dropped connection.
    let failed = false;
    await page.route(/\/api\/contact-lists\/[^/?]+\?/, (route) => {
      if (failed) return route.continue();
      failed = true;
      return route.fulfill({ status: 503, contentType: "application/problem+json", body: "{}" });
    });
    await page.goto("/broadcast/campaigns/new");
    const form = page.getByRole("form", { name: "New campaign" });
    await form.getByLabel("Contact list", { exact: true }).selectOption({ label: `${listName} (1)` });
    const alert = form.getByRole("alert").filter({ hasText: "The list's columns could not be loaded" });
    await alert.waitFor();
    await alert.getByRole("button", { name: "Try again" }).click();
    await form.getByLabel("{{1}} column").selectOption("name");
    await form.getByTestId("campaign-preview").getByText("Hi Citra").waitFor();
    assert.equal(await alert.count(), 0, "the error is gone once the columns are loaded");
  });
});

test("a campaign's recipients load a page at a time: Show more recipients brings the rest", async (t) => {
  const template = await approvedTemplate();
  const listName = `Many ${Date.now()}`;
  const phones = Array.from({ length: 55 }, () => uniquePhone());
  await withPage(t, async (page) => {
    await signIn(page, "admin@demo.test");
    await uploadList(page, listName, ["phone,name,order", ...phones.map((p, i) => `${p},C${i},A-${i}`)]);
    const admin = await apiAs("admin@demo.test");
    const { lists } = await admin.get("/api/contact-lists");
    const list = lists.find((l) => l.name === listName);
    const variables = [{ column: "name" }, { column: "order" }];
    const campaign = await admin.post("/api/campaigns", {
      name: `Paged ${Date.now()}`,
      templateId: template.id,
      listId: list.id,
      variables,
    });
    // Opened once it has ended: a table that reloads as the campaign ends would drop a page shown before.
    await eventually(
      async () => (await admin.get(`/api/campaigns/${campaign.id}`)).status === "completed",
      "the campaign to complete",
      30_000,
    );
    await page.goto(`/broadcast/campaigns/${campaign.id}`);
    const view = page.getByTestId("campaign-page");
    await view.getByTestId("campaign-status").filter({ hasText: "Completed" }).waitFor();
    const rows = view.getByTestId("campaign-recipients").locator("tbody tr");
    await eventually(async () => (await rows.count()) === 50, "the first page of 50 recipients");
    await view.getByRole("button", { name: "Show more recipients" }).click();
    await eventually(async () => (await rows.count()) === 55, "all 55 recipients");
    assert.equal(await view.getByRole("button", { name: "Show more recipients" }).count(), 0, "no page is left");
  });
});

test("a refused number is said in words; an undeliverable one fails with its reason, and Retry failed is offered (T7)", async (t) => {
  const template = await approvedTemplate();
  const name = `Undeliverable ${Date.now()}`;
  await withPage(t, async (page) => {
    await signIn(page, "admin@demo.test");
    await page.goto("/broadcast/campaigns/new");
    const form = page.getByRole("form", { name: "New campaign" });
    await form.getByLabel("Campaign name").fill(name);
    await form.getByLabel("Template (approved)").selectOption(template.id);
    await form.getByLabel("One phone number").check();
    await form.getByLabel("{{1}} value").fill("Citra");
    await form.getByLabel("{{2}} value").fill("A-2001");
    await form.getByTestId("campaign-preview").getByText("Hi Citra, your order A-2001 has shipped.").waitFor();
    // A refusal (422 phone_invalid) is said in words, and the same form can then be sent.
    await form.getByLabel("Phone number", { exact: true }).fill("0812");
    await form.getByRole("button", { name: "Send campaign" }).click();
    await form.getByRole("alert").filter({ hasText: "That phone number is not valid." }).waitFor();
    await form.getByLabel("Phone number", { exact: true }).fill("6280012345678");
    await form.getByRole("button", { name: "Send campaign" }).click();

    const view = page.getByTestId("campaign-page");
    await view.getByRole("heading", { level: 1, name }).waitFor();
    await view.getByRole("button", { name: "Retry failed" }).waitFor({ timeout: 30_000 });
    const recipients = view.getByTestId("campaign-recipients");
    await recipients.getByRole("cell", { name: "failed", exact: true }).waitFor();
    await view.getByLabel("Show").selectOption("failed");
    await recipients.getByRole("cell", { name: "+6280012345678" }).waitFor();
    await recipients.getByText("The number is not on WhatsApp or cannot receive messages.").waitFor();
    await screenshot(page, "broadcast-campaign-failed");
    await view.getByRole("button", { name: "Retry failed" }).click();
    await page.getByRole("status").filter({ hasText: "1 failed recipient queued again." }).waitFor();
  });
});

test("a scheduled campaign waits for its time and is cancelled after a confirm (T6)", async (t) => {
  const template = await approvedTemplate();
  const name = `Tomorrow ${Date.now()}`;
  const tomorrow = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 16);
  await withPage(t, async (page) => {
    await signIn(page, "admin@demo.test");
    await page.goto("/broadcast/campaigns/new");
    const form = page.getByRole("form", { name: "New campaign" });
    await form.getByLabel("Campaign name").fill(name);
    await form.getByLabel("Template (approved)").selectOption(template.id);
    await form.getByLabel("One phone number").check();
    await form.getByLabel("Phone number", { exact: true }).fill(uniquePhone());
    await form.getByLabel("{{1}} value").fill("Dani");
    await form.getByLabel("{{2}} value").fill("A-3001");
    await form.getByLabel("At a time").check();
    await form.getByLabel("Send at").fill(tomorrow);
    await form.getByRole("button", { name: "Schedule campaign" }).click();

    const view = page.getByTestId("campaign-page");
    await view.getByTestId("campaign-status").filter({ hasText: "Scheduled" }).waitFor();
    await view.getByRole("button", { name: "Cancel campaign" }).click();
    await confirmWithEnter(page, view.getByRole("group", { name: new RegExp(`Cancel ${name}\\?`) }), "Cancel campaign");
    await view.getByTestId("campaign-status").filter({ hasText: "Cancelled" }).waitFor();
    await page.getByRole("status").filter({ hasText: "nothing more is sent" }).waitFor();
    assert.equal(await view.getByRole("button", { name: "Cancel campaign" }).count(), 0);
  });
});

test("a broadcast shows in its recipient's room, said to be the campaign's (I3)", async (t) => {
  const template = await approvedTemplate();
  const admin = await apiAs("admin@demo.test");
  const waId = uniquePhone();
  const name = `Restock ${Date.now()}`;
  const created = await admin.post("/api/campaigns", {
    name,
    templateId: template.id,
    phone: `+${waId}`,
    variables: [{ value: "Ayu" }, { value: "A-7" }],
  });
  await eventually(async () => (await admin.get(`/api/campaigns/${created.id}`)).status === "completed", "completed");
  // The list shows a contact without a name by its number, as the room's header does.
  const shown = `+62 ${waId.slice(2, 5)} ${waId.slice(5, 9)} ${waId.slice(9)}`;
  await withPage(
    t,
    async (page) => {
      const log = await openRoom(page, "agent@demo.test", shown);
      const bubble = log.locator('[data-testid="message"][data-direction="out"]');
      await bubble.filter({ hasText: "Hi Ayu, your order A-7 has shipped." }).waitFor();
      await bubble.getByText(`Broadcast · ${name}`, { exact: true }).waitFor();
      assert.equal(await bubble.count(), 1, "the broadcast is the room's one message");
      assert.equal(await overflowsHorizontally(page), false, "the room fits 360 px");
      await screenshot(page, "broadcast-in-room-360");
    },
    { viewport: VIEWPORTS.narrow },
  );
});

test("an agent does not get the Campaigns page (A3)", async (t) => {
  await withPage(t, async (page) => {
    await signIn(page, "agent@demo.test");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Inbox" }).waitFor();
    await page.goto("/broadcast/campaigns");
    await page.getByRole("heading", { name: "Only admins can open this page" }).waitFor();
    assert.equal(await page.getByRole("heading", { name: "Campaigns", level: 1 }).count(), 0);
    await page.goto("/broadcast/campaigns/new");
    await page.getByRole("heading", { name: "Only admins can open this page" }).waitFor();
  });
});
