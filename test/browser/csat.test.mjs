// CSAT in the browser (rule R3): an admin switches the survey on in Settings > CSAT; a resolved
// conversation's customer taps a rating on their phone (the sandbox simulator) and adds a comment; a
// supervisor opens Reports > CSAT and sees the satisfaction, the distribution as a chart and a table,
// and the response with its comment. CSAT is switched off again at the end, so no survey reaches the
// other browser tests sharing this server; the sending rules are tested in test/worker/csat.test.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  customerConversation,
  customerSays,
  eventually,
  overflowsHorizontally,
  sandboxPost,
  screenshot,
  signIn,
  uniquePhone,
  useBrowser,
  VIEWPORTS,
  withPage,
} from "./helpers.mjs";
import { roomOf } from "./helpers-inbox.mjs";

useBrowser();

const QUESTION = "Seberapa puas Anda dengan bantuan kami hari ini?";

test("an admin switches CSAT on; a customer rates and comments; a supervisor sees it in Reports > CSAT (R3)", async (t) => {
  const admin = await apiAs("admin@demo.test");
  t.after(async () => {
    const saved = await admin.get("/api/settings/csat");
    await admin.put("/api/settings/csat", { ...saved, enabled: false });
  });

  await withPage(
    t,
    async (page) => {
      await signIn(page, "admin@demo.test");
      await page.goto(new URL("/admin/csat", page.url()).href);
      await page.getByRole("heading", { level: 1, name: "CSAT survey" }).waitFor();
      await page.getByRole("switch", { name: /Send the CSAT survey/ }).check();
      await page.getByLabel("Question", { exact: true }).fill(QUESTION);
      const after = page.getByLabel("After the 24-hour window");
      assert.match(await after.locator("option:checked").textContent(), /None: skip it/);
      await page.getByRole("button", { name: "Save CSAT survey" }).click();
      await page.getByText("CSAT survey saved.").waitFor();
      assert.equal(await overflowsHorizontally(page), false, "no sideways scrolling at 360 px");
      await screenshot(page, "csat-settings-360");
      await page.reload();
      await page.getByLabel("Question", { exact: true }).waitFor();
      assert.equal(await page.getByLabel("Question", { exact: true }).inputValue(), QUESTION);
      assert.equal(await page.getByRole("switch", { name: /Send the CSAT survey/ }).isChecked(), true);
    },
    { viewport: VIEWPORTS.narrow },
  );

  // A conversation: the customer writes, the agent answers and resolves; the customer's phone gets the
  // rating question, taps 5 and writes a comment.
  const waId = uniquePhone();
  await customerSays(waId, "Halo, bagaimana cara tukar barang?", "CSAT Customer");
  const agent = await apiAs("agent@demo.test");
  const supervisor = await apiAs("supervisor@demo.test");
  const room = await roomOf(supervisor, waId);
  await agent.post(`/api/rooms/${room.id}/messages`, { type: "text", text: "Bisa lewat menu Pesanan Saya" });
  await agent.post(`/api/rooms/${room.id}/resolve`, {});
  const question = await eventually(
    async () => {
      const messages = await customerConversation(waId);
      return messages.find((m) => m.direction === "out" && m.type === "interactive");
    },
    "the rating question on the customer's phone",
    15_000,
  );
  assert.equal(question.text, QUESTION);
  await sandboxPost(`/customers/${waId}/messages`, {
    type: "tap",
    messageId: question.id,
    optionId: `csat:${room.id}:5`,
  });
  await customerSays(waId, "Sangat membantu, terima kasih!");
  // Days on the organization's clock (Asia/Jakarta), which may already be tomorrow in UTC.
  const jakartaDay = (ms) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(ms);
  const today = jakartaDay(Date.now());
  const yesterday = jakartaDay(Date.now() - 86_400_000);
  await eventually(
    async () => {
      const report = await supervisor.get(`/api/reports/csat?from=${yesterday}&to=${today}`);
      return report.responseList.some((r) => r.roomId === room.id && r.comment === "Sangat membantu, terima kasih!");
    },
    "the rating and comment recorded",
    15_000,
  );

  await withPage(
    t,
    async (page) => {
      await signIn(page, "supervisor@demo.test");
      await page.getByRole("link", { name: "Reports" }).click();
      await page.getByRole("heading", { level: 1, name: "Reports" }).waitFor();
      // Keyboard: the tabs move with the arrow keys.
      await page.getByRole("tab", { name: "Overview" }).focus();
      await page.keyboard.press("ArrowRight");
      const csatTab = page.getByRole("tab", { name: "CSAT" });
      assert.equal(await csatTab.getAttribute("aria-selected"), "true");
      const totals = page.getByRole("list", { name: "CSAT totals" });
      await totals.getByText("Satisfaction (4-5 of responses)").waitFor();
      const satisfaction = totals.getByRole("listitem").filter({ hasText: "Satisfaction" }).locator("strong");
      assert.match(await satisfaction.textContent(), /^\d+%$/);
      await page.getByRole("img", { name: /Ratings from 5 to 1/ }).waitFor();
      await page.getByText("Show as a table").click();
      const ratings = page.getByRole("table", { name: "Ratings" });
      const fives = Number(
        await ratings.getByRole("row").filter({ hasText: /^5/ }).locator("td").first().textContent(),
      );
      assert.ok(fives >= 1, "the 5 is counted");
      await page
        .getByRole("table", { name: "CSAT responses" })
        .getByRole("row")
        .filter({ hasText: "Sangat membantu, terima kasih!" })
        .filter({ hasText: "Budi Agent" })
        .waitFor();
      assert.equal(await overflowsHorizontally(page), false, "no sideways scrolling at 360 px");
      await screenshot(page, "reports-csat-360");
      const href = await page.getByRole("link", { name: "Export CSV" }).first().getAttribute("href");
      assert.match(href, /^\/api\/reports\/csat\.csv\?/);
      const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href);
      assert.match(csv, /^surveys_sent,responses,satisfaction_percent,response_rate_percent\r\n/);
      assert.match(csv, /Sangat membantu, terima kasih!/);
    },
    { viewport: VIEWPORTS.narrow },
  );
});
