// Reports in the browser (rules R1, R2): a supervisor sees today's chats (a customer wrote, an agent
// answered), the chart also as a table, the agents table and the CSV export; agents have no Reports.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  customerSays,
  eventually,
  overflowsHorizontally,
  screenshot,
  signIn,
  uniquePhone,
  useBrowser,
  VIEWPORTS,
  withPage,
} from "./helpers.mjs";
import { roomOf } from "./helpers-inbox.mjs";

useBrowser();

test("a supervisor opens Reports and sees today's chats, response times and the agents (R1, R2)", async (t) => {
  const waId = uniquePhone();
  await customerSays(waId, "Halo, pesanan saya belum sampai", "Report Customer");
  const agent = await apiAs("agent@demo.test");
  const supervisor = await apiAs("supervisor@demo.test");
  const room = await roomOf(supervisor, waId);
  await agent.post(`/api/rooms/${room.id}/messages`, { type: "text", text: "Kami cek sekarang" });
  const today = new Date().toISOString().slice(0, 10);
  await eventually(async () => {
    const report = await supervisor.get(`/api/reports/overview?from=${today}&to=${today}&tz=UTC`);
    return report.totals.firstResponse.count > 0;
  }, "the reply counted");

  await withPage(
    t,
    async (page) => {
      await signIn(page, "supervisor@demo.test");
      await page.getByRole("link", { name: "Reports" }).click();
      await page.getByRole("heading", { level: 1, name: "Reports" }).waitFor();
      const totals = page.getByRole("list", { name: "Totals" });
      await totals.getByText("First response (median)").waitFor();
      assert.notEqual(
        await totals.getByRole("listitem").filter({ hasText: "Chats" }).first().locator("strong").textContent(),
        "0",
      );
      await page.getByRole("img", { name: /Chats per day/ }).waitFor();
      await page.getByText("Show as a table").click();
      await page.getByRole("table", { name: "Chats by day" }).waitFor();
      await page.getByRole("table", { name: "Agents" }).getByRole("rowheader", { name: "Budi Agent" }).waitFor();
      await screenshot(page, "reports-360");
      assert.equal(await overflowsHorizontally(page), false, "no sideways scrolling at 360 px");
      const href = await page.getByRole("link", { name: "Export CSV" }).first().getAttribute("href");
      const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href);
      assert.match(csv, /^day,channel_id,chats,inbound,business\r\n/);
    },
    { viewport: VIEWPORTS.narrow },
  );

  await withPage(t, async (page) => {
    await signIn(page, "agent@demo.test");
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    assert.equal(await page.getByRole("link", { name: "Reports" }).count(), 0);
  });
});

test("reports that fail to load say why, and Try again loads them (R1)", async (t) => {
  await withPage(t, async (page) => {
    // The network fails the first time (as a dropped connection would); the page offers to try again.
    let failures = 0;
    await page.route("**/api/reports/overview*", async (route) => {
      if (failures > 0) return route.continue();
      failures++;
      await route.abort("failed");
    });
    await signIn(page, "supervisor@demo.test");
    await page.getByRole("link", { name: "Reports" }).click();
    const failed = page.getByRole("alert").filter({ has: page.getByRole("button", { name: "Try again" }) });
    await failed.waitFor();
    assert.equal(await page.getByRole("list", { name: "Totals" }).count(), 0);
    await failed.getByRole("button", { name: "Try again" }).click();
    await page.getByRole("list", { name: "Totals" }).getByText("First response (median)").waitFor();
    assert.equal(await failed.count(), 0, "the error is gone once the reports are in");
  });
});
