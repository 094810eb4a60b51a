// Rule I2 in the browser: once the 24-hour window has closed, the composer offers only approved
// templates, with a field per variable and a live preview, and sending one works.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  customerConversation,
  customerSaidLongAgo,
  eventually,
  inboxTab,
  roomItem,
  signIn,
  uniquePhone,
  useBrowser,
  withPage,
} from "./helpers.mjs";

useBrowser();

test("in a room whose window has expired the composer offers only templates, and sending one works", async (t) => {
  const waId = uniquePhone();
  const name = "Agus Expired";
  await customerSaidLongAgo(waId, name, "Is my refund done?", 25);
  await withPage(t, async (page) => {
    await signIn(page, "agent@demo.test");
    await inboxTab(page, "Unassigned").click();
    const item = roomItem(page, name);
    await item.getByText("Window expired").waitFor();
    await item.click();
    await page.getByRole("log", { name: "Messages" }).getByText("Is my refund done?").waitFor();

    // Only templates: no free-form message box, no attachment.
    await page.getByText("The 24-hour window has closed.").waitFor();
    assert.equal(await page.getByRole("textbox", { name: "Message" }).count(), 0, "no free-form reply box");
    assert.equal(await page.getByText("Attach a file").count(), 0, "no attachments");
    // The countdown in the conversation's header (the details panel has its own).
    await page.locator(".room-header-status").getByTestId("window-countdown").getByText("Window expired").waitFor();

    const picker = page.getByLabel("Template", { exact: true });
    // Other tests may have added approved templates: pick this one by name.
    await picker.selectOption({ label: "order_update (en) · utility" });
    assert.match(await picker.locator("option:checked").textContent(), /order_update \(en\)/);
    const preview = page.getByTestId("template-preview");
    assert.equal((await preview.textContent())?.trim(), "Hi {{1}}, your order {{2}} has shipped.");
    const send = page.getByRole("button", { name: "Send template" });
    assert.equal(await send.isDisabled(), true, "sending waits until every variable is filled");

    await page.getByLabel("Value for {{1}}").fill("Agus");
    assert.equal(
      (await preview.textContent())?.trim(),
      "Hi Agus, your order {{2}} has shipped.",
      "the preview is live",
    );
    await page.getByLabel("Value for {{2}}").fill("A-2042");
    assert.equal((await preview.textContent())?.trim(), "Hi Agus, your order A-2042 has shipped.");
    await send.click();

    const sent = page
      .locator('[data-testid="message"][data-direction="out"]')
      .filter({ hasText: "Hi Agus, your order A-2042 has shipped." });
    await sent.waitFor();
    await sent.getByText("Template").waitFor();
    await page.getByRole("status").filter({ hasText: "Template sent." }).waitFor();
    await sent.and(page.locator('[data-status="delivered"], [data-status="read"]')).waitFor({ timeout: 10_000 });
    const phone = await eventually(
      async () => (await customerConversation(waId)).find((m) => m.direction === "out" && m.type === "template"),
      "the template on the customer's phone",
    );
    assert.ok(phone);
    // Still outside the window: the composer stays a template picker.
    assert.equal(await page.getByRole("textbox", { name: "Message" }).count(), 0);
  });
});

test("a room with an open window offers the reply box, with a countdown", async (t) => {
  const waId = uniquePhone();
  const name = "Wulan Open";
  await customerSaidLongAgo(waId, name, "Hello from 23 hours ago", 23);
  await withPage(t, async (page) => {
    await signIn(page, "agent@demo.test");
    await inboxTab(page, "Unassigned").click();
    const item = roomItem(page, name);
    await item.getByText(/59 min left|1 h left|\d+ min left/).waitFor();
    await item.click();
    await page.getByRole("textbox", { name: "Message" }).waitFor();
    const countdown = page.locator(".room-header").getByTestId("window-countdown");
    assert.match((await countdown.textContent()) ?? "", /(\d+ min|\d+ s|1 h) left/);
  });
});
