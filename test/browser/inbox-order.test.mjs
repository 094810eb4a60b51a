// Rule I5 in the browser: the inbox shows every room as it is now. An answer that left the server
// before a change but arrives after the feed told of it (a slow request under load) is older than
// what the page shows, and never takes the room back to how it was.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  customerSays,
  eventually,
  findRoomItem,
  inboxTab,
  roomItem,
  uniquePhone,
  useBrowser,
  withPage,
} from "./helpers.mjs";
import { openRoom, sendReply } from "./helpers-inbox.mjs";

useBrowser();

test("a slow answer from before a reply does not take the room back to Unassigned", async (t) => {
  const waId = uniquePhone();
  const name = "Okta Order";
  await customerSays(waId, "Is anyone there?", name);
  await withPage(t, async (page) => {
    // Opening the unread room marks it read; its answer (the room as it was then, unassigned) is
    // held until after the reply that assigns the room.
    let heldRead = false;
    let release;
    const released = new Promise((resolve) => {
      release = resolve;
    });
    await page.route(/\/api\/rooms\/[^/]+\/read$/, async (route) => {
      const response = await route.fetch();
      heldRead = true;
      await released;
      await route.fulfill({ response });
    });
    await openRoom(page, "agent@demo.test", name);
    await eventually(async () => heldRead, "the mark-read answer held");

    await sendReply(page, "Yes, I am looking into it.");
    await roomItem(page, name).waitFor({ state: "detached" });
    const moved = page.locator(".room-moved");
    await moved.getByText(`${name} is in Assigned to me now.`).waitFor();
    const status = page.locator(".facts dd").first();
    await status.getByText("Assigned", { exact: true }).waitFor();

    // Any moment the page shows the room back in Unassigned counts, however soon a later event
    // (the reply's delivery) would put it right again.
    await page.evaluate((contact) => {
      window.roomWentBack = false;
      new MutationObserver(() => {
        const listed = [...document.querySelectorAll(".room-list .room-item")].some((el) =>
          el.textContent.includes(contact),
        );
        if (listed || document.querySelector(".facts dd")?.textContent === "Unassigned") window.roomWentBack = true;
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    }, name);
    const answered = page.waitForResponse(/\/api\/rooms\/[^/]+\/read$/);
    release();
    await (await answered).finished();
    // Time for the page to read the answer and apply it, if it would.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));

    assert.equal(await page.evaluate(() => window.roomWentBack), false, "the room never went back to Unassigned");
    assert.equal(await roomItem(page, name).count(), 0, "the room stays out of Unassigned");
    assert.equal(await moved.getByText(`${name} is in Assigned to me now.`).count(), 1);
    await moved.getByRole("button", { name: "Show Assigned to me" }).click();
    assert.equal(await inboxTab(page, "Assigned to me").getAttribute("aria-selected"), "true");
    await findRoomItem(page, name);
    assert.equal(await moved.count(), 0);
  });
});
