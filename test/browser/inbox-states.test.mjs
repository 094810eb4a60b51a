// What the inbox shows besides a happy list: the tabs each role gets, the channel a room came in on,
// a list the API failed to give (in words, with a retry), and sockets the server drops without the
// browser going offline ("Reconnecting…", then everything that arrived meanwhile, once, in order).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  customerSays,
  eventually,
  inboxTab,
  roomItem,
  signIn,
  uniquePhone,
  useBrowser,
  withPage,
} from "./helpers.mjs";

useBrowser();

const tabNames = (page) =>
  page
    .getByRole("tablist", { name: "Conversations" })
    .getByRole("tab")
    .evaluateAll((tabs) => tabs.map((tab) => tab.firstChild?.textContent?.trim()));

test("the All tab is for supervisors and admins, not for agents", async (t) => {
  const waId = uniquePhone();
  const name = "Joko Everyone";
  await customerSays(waId, "Is anyone there?", name);
  await withPage(t, async (page) => {
    await signIn(page, "agent@demo.test");
    assert.deepEqual(
      await tabNames(page),
      ["Assigned to me", "Unassigned", "Resolved", "Snoozed"],
      "an agent has no All tab",
    );
    assert.equal(await page.getByRole("tab", { name: /^All/ }).count(), 0);
  });
  for (const email of ["supervisor@demo.test", "admin@demo.test"]) {
    await withPage(t, async (page) => {
      await signIn(page, email);
      assert.deepEqual(
        await tabNames(page),
        ["Assigned to me", "Unassigned", "Resolved", "All", "Snoozed"],
        `tabs of ${email}`,
      );
      await inboxTab(page, "All").click();
      assert.equal(await inboxTab(page, "All").getAttribute("aria-selected"), "true");
      await roomItem(page, name).waitFor();
    });
  }
});

test("each room in the list shows the channel it came in on", async (t) => {
  const waId = uniquePhone();
  const name = "Lina Channel";
  await customerSays(waId, "Which number did I write to?", name);
  const admin = await apiAs("admin@demo.test");
  const sandbox = (await admin.get("/api/channels")).channels.find((c) => c.phoneNumberId === "100000000000001");
  await withPage(t, async (page) => {
    await signIn(page, "agent@demo.test");
    await inboxTab(page, "Unassigned").click();
    const item = roomItem(page, name);
    await item.waitFor();
    const icon = item.locator(".room-channel");
    assert.ok(await icon.isVisible(), "the channel icon is on screen");
    assert.equal(await icon.getAttribute("title"), `WhatsApp · ${sandbox.name}`);
    const box = await icon.locator("svg").boundingBox();
    assert.ok(box && box.width >= 12 && box.height >= 12, "the WhatsApp icon is drawn");
    // Said in words too, for screen readers: the link names the channel.
    assert.match((await item.textContent()) ?? "", new RegExp(`Channel: WhatsApp, ${sandbox.name}\\.`));
  });
});

test("when the API fails to list rooms the inbox says so in words and can try again", async (t) => {
  await withPage(t, async (page) => {
    let failing = true;
    let refused = 0;
    let lastRefusedAt = 0;
    await page.route(
      (url) => url.pathname === "/api/rooms",
      async (route) => {
        if (!failing || route.request().method() !== "GET") return route.fallback();
        refused += 1;
        lastRefusedAt = Date.now();
        await route.fulfill({
          status: 500,
          contentType: "application/problem+json",
          body: JSON.stringify({
            type: "urn:edge-inbox:problem:internal_error",
            title: "Internal Server Error",
            status: 500,
            code: "internal_error",
            detail: "Something went wrong on our side. It has been logged.",
          }),
        });
      },
    );
    await signIn(page, "agent@demo.test");
    const panel = page.getByRole("tabpanel");
    const alert = panel.getByRole("alert");
    await alert.getByText("Something went wrong on our side. Try again in a moment.").waitFor();
    assert.ok(refused > 0, "the list was asked for and refused");
    // Not a blank screen: the inbox around the failed list is still there.
    assert.ok(await page.getByRole("heading", { level: 1, name: "Inbox" }).isVisible());
    assert.ok(await page.getByRole("searchbox", { name: "Search conversations" }).isVisible());
    assert.equal(await panel.locator(".room-list").count(), 0);

    // The feed's connection reloads the lists by itself, a few times a second apart while they fail:
    // let that stop first, so that what loads the list below is the button, not a retry of its own.
    await eventually(async () => Date.now() - lastRefusedAt > 1_500, "the inbox's own retries to stop", 15_000);
    failing = false;
    await alert.getByRole("button", { name: "Try again" }).click();
    await panel.locator(".room-list, .state-empty").first().waitFor();
    assert.equal(await panel.getByRole("alert").count(), 0, "the error is gone once the list loads");
  });
});

test("the server drops the sockets (no offline event): Reconnecting… shows, then nothing is missed", async (t) => {
  const waId = uniquePhone();
  const name = "Nyoman Dropped";
  await customerSays(waId, "One, before the drop", name);
  await withPage(t, async (page) => {
    // Every WebSocket goes through this proxy, so the test can cut it from the server's side.
    let refusing = false;
    const open = new Set();
    await page.routeWebSocket(/\/ws(\?|$)/, (ws) => {
      if (refusing) {
        ws.close({ code: 1011, reason: "server going away" });
        return;
      }
      const server = ws.connectToServer();
      const pair = { ws, server };
      open.add(pair);
      ws.onClose(() => open.delete(pair));
    });
    await signIn(page, "agent@demo.test");
    await inboxTab(page, "Unassigned").click();
    await roomItem(page, name).click();
    const log = page.getByRole("log", { name: "Messages" });
    await log.getByText("One, before the drop").waitFor();
    const connected = async () => (await page.evaluate(() => navigator.onLine)) && open.size >= 2;
    for (let i = 0; i < 50 && !(await connected()); i++) await page.waitForTimeout(100);
    assert.ok(open.size >= 2, "the feed and the room socket are open");

    refusing = true;
    for (const { ws, server } of [...open]) {
      await server.close({ code: 1011, reason: "server going away" });
      await ws.close({ code: 1011, reason: "server going away" });
    }
    const banner = page.getByRole("status").filter({ hasText: "Reconnecting…" });
    await banner.waitFor();
    assert.equal(await page.evaluate(() => navigator.onLine), true, "the browser never went offline");
    assert.equal(await page.getByText("You are offline.").count(), 0);

    const missed = ["Two, while dropped", "Three, while dropped"];
    for (const text of missed) await customerSays(waId, text);
    await page.waitForTimeout(500);
    assert.equal(await log.getByText("while dropped").count(), 0, "nothing arrives while the sockets are down");
    assert.ok(await banner.isVisible(), "still reconnecting while the server refuses");

    refusing = false;
    for (const text of missed) await log.getByText(text).waitFor({ timeout: 15_000 });
    await banner.waitFor({ state: "detached", timeout: 15_000 });
    const texts = await page
      .locator('[data-testid="message"][data-direction="in"] .bubble-text')
      .evaluateAll((els) => els.map((el) => el.textContent));
    assert.deepEqual(texts, ["One, before the drop", ...missed], "every message once, in order");
    await roomItem(page, name).getByText("Three, while dropped").waitFor();

    await customerSays(waId, "Four, after the return");
    await log.getByText("Four, after the return").waitFor({ timeout: 5_000 });
    assert.equal(await log.getByText("Four, after the return").count(), 1);
  });
});
