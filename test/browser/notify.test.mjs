// Rule I5 while the tab is hidden: a browser notification (once allowed) and a count in the title; on
// another page of the app (the inbox out of sight) the notification too.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  customerSays,
  eventually,
  inboxTab,
  roomItem,
  signIn,
  titleOf,
  uniquePhone,
  useBrowser,
  withPage,
} from "./helpers.mjs";

useBrowser();

/** Records the page's notifications instead of relying on the desktop to show them. */
function recordNotifications(page) {
  return page.addInitScript(() => {
    window.__notifications = [];
    const Real = window.Notification;
    window.Notification = class extends Real {
      constructor(title, options) {
        super(title, options);
        window.__notifications.push({ title, body: options?.body ?? "" });
      }
    };
  });
}

test("while the tab is hidden a new message counts in the title and shows a notification", async (t) => {
  await withPage(t, async (page, context) => {
    await context.grantPermissions(["notifications"]);
    await recordNotifications(page);
    await signIn(page, "agent@demo.test");
    await inboxTab(page, "Unassigned").click();
    await page.getByRole("tabpanel").waitFor();
    const title = await titleOf(page, /^Inbox · /);

    await page.evaluate(() => {
      Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
      Object.defineProperty(document, "hidden", { value: true, configurable: true });
      document.dispatchEvent(new Event("visibilitychange"));
    });
    const waId = uniquePhone();
    await customerSays(waId, "Are you open on Sunday?", "Hana Hidden");
    await eventually(async () => (await page.title()) === `(1) ${title}`, "the count in the title", 5_000);
    const shown = await eventually(
      () => page.evaluate(() => window.__notifications.find((n) => n.title === "Hana Hidden")),
      "a notification",
      5_000,
    );
    assert.equal(shown.body, "Are you open on Sunday?");

    await customerSays(waId, "Or Saturday?");
    await eventually(async () => (await page.title()) === `(2) ${title}`, "the count to grow", 5_000);

    await page.evaluate(() => {
      Object.defineProperty(document, "visibilityState", { value: "visible", configurable: true });
      Object.defineProperty(document, "hidden", { value: false, configurable: true });
      document.dispatchEvent(new Event("visibilitychange"));
    });
    await eventually(async () => (await page.title()) === title, "the count to clear when the tab is shown", 2_000);
  });
});

test("on another page of the app a new message shows a notification; on the inbox it does not", async (t) => {
  await withPage(t, async (page, context) => {
    await context.grantPermissions(["notifications"]);
    await recordNotifications(page);
    await signIn(page, "supervisor@demo.test");
    await inboxTab(page, "Unassigned").click();
    await page.getByRole("tabpanel").waitFor();
    await customerSays(uniquePhone(), "Seen in the list", "Ina Inbox");
    await roomItem(page, "Ina Inbox").waitFor();
    await page.getByRole("link", { name: "Reports" }).first().click();
    await page.waitForURL("**/reports");
    await customerSays(uniquePhone(), "Anyone there?", "Rudi Reports");
    const shown = await eventually(
      () => page.evaluate(() => window.__notifications.find((n) => n.title === "Rudi Reports")),
      "a notification on the Reports page",
      5_000,
    );
    assert.equal(shown.body, "Anyone there?");
    assert.equal(
      await page.evaluate(() => window.__notifications.some((n) => n.title === "Ina Inbox")),
      false,
      "none while the inbox showed it",
    );
  });
});

test("the bell asks for notification permission and disappears once decided", async (t) => {
  await withPage(t, async (page, context) => {
    await signIn(page, "agent@demo.test");
    const bell = page.getByRole("button", { name: "Turn on notifications" });
    await bell.waitFor();
    await context.grantPermissions(["notifications"]);
    await bell.click();
    await bell.waitFor({ state: "detached" });
  });
});
