// The network drops and returns: the app says it is offline / reconnecting, and when it is back
// every message that arrived meanwhile is there, once, in order (resume from the last seq).
import assert from "node:assert/strict";
import { test } from "node:test";
import { customerSays, inboxTab, roomItem, signIn, uniquePhone, useBrowser, withPage } from "./helpers.mjs";

useBrowser();

test("offline then online in the browser context: no message is missed, none is doubled", async (t) => {
  const waId = uniquePhone();
  const name = "Dodi Offline";
  await customerSays(waId, "First, before the drop", name);
  await withPage(t, async (page, context) => {
    await signIn(page, "agent@demo.test");
    await inboxTab(page, "Unassigned").click();
    await roomItem(page, name).click();
    const log = page.getByRole("log", { name: "Messages" });
    await log.getByText("First, before the drop").waitFor();

    await context.setOffline(true);
    const banner = page.getByRole("status").filter({ hasText: "You are offline." });
    await banner.waitFor();

    const missed = ["Second, while offline", "Third, while offline", "Fourth, while offline"];
    for (const text of missed) await customerSays(waId, text);
    await page.waitForTimeout(500);
    assert.equal(await log.getByText("while offline").count(), 0, "nothing arrives while offline");

    await context.setOffline(false);
    for (const text of missed) await log.getByText(text).waitFor({ timeout: 5_000 });
    await banner.waitFor({ state: "detached" });
    const texts = await page
      .locator('[data-testid="message"][data-direction="in"] .bubble-text')
      .evaluateAll((els) => els.map((el) => el.textContent));
    assert.deepEqual(texts, ["First, before the drop", ...missed], "every message once, in order");

    // The inbox list caught up too, and later messages still stream in live.
    await roomItem(page, name).getByText("Fourth, while offline").waitFor();
    await customerSays(waId, "Fifth, after the return");
    await log.getByText("Fifth, after the return").waitFor({ timeout: 2_000 });
    assert.equal(await log.getByText("Fifth, after the return").count(), 1);
  });
});

test("a room opened after a drop in the inbox feed still shows rooms created meanwhile", async (t) => {
  const waId = uniquePhone();
  const name = "Eka While Away";
  await withPage(t, async (page, context) => {
    await signIn(page, "agent@demo.test");
    await inboxTab(page, "Unassigned").click();
    await page.getByRole("tabpanel").waitFor();
    await context.setOffline(true);
    await page.getByRole("status").filter({ hasText: "You are offline." }).waitFor();
    await customerSays(waId, "I wrote while you were away", name);
    await context.setOffline(false);
    await roomItem(page, name).waitFor({ timeout: 5_000 });
  });
});
