// Issue 17 item 3 (rule I11): finding and sorting work in a real browser. Label a room and filter the
// list by it (a reload keeps the filter), find an old message's words, snooze a room and see it come
// back, bulk resolve from the list; the filter bar at 360 px.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  BASE_URL,
  customerSays,
  eventually,
  inboxTab,
  overflowsHorizontally,
  roomItem,
  signIn,
  unique,
  uniquePhone,
  useBrowser,
  VIEWPORTS,
  withPage,
} from "./helpers.mjs";
import { openRoom, roomOf } from "./helpers-inbox.mjs";

useBrowser();

/**
 * Every read of the labels the page makes fails until the returned function lets them through. A
 * cookie the page sends with each request decides, so what counts is when the page made the read,
 * not when the route gets to it (the editor's own read may reach the route only after the alert
 * shows and the test goes on).
 */
async function failLabelReads(page, context) {
  await context.addCookies([{ name: "labels-fail", value: "1", url: BASE_URL }]);
  await page.route(/\/api\/labels(\?|$)/, async (route) => {
    const cookie = (await route.request().allHeaders()).cookie ?? "";
    return route.request().method() === "GET" && /(^|;\s*)labels-fail=1/.test(cookie)
      ? route.fulfill({ status: 503, contentType: "application/problem+json", body: "{}" })
      : route.continue();
  });
  return () => context.clearCookies({ name: "labels-fail" });
}

/**
 * Signs the agent in, opens the unassigned room of `name` and its label editor while every read of
 * the labels fails, and waits for the editor to say so. `letReadsThrough` ends the failures.
 */
async function editorWithoutLabels(page, context, name) {
  const letReadsThrough = await failLabelReads(page, context);
  await signIn(page, "agent@demo.test");
  await inboxTab(page, "Unassigned").click();
  await roomItem(page, name).click();
  await page.getByRole("button", { name: "Labels" }).click();
  const editor = page.locator("#label-editor");
  const alert = editor.getByRole("alert").filter({ hasText: "The labels could not be loaded" });
  await alert.waitFor();
  return { editor, alert, letReadsThrough };
}

test("label a room, filter the list by the label, and a reload keeps the filter", async (t) => {
  const supervisor = await apiAs("supervisor@demo.test");
  const label = await supervisor.post("/api/labels", { name: `Refund ${unique()}`, colour: "#dc2626" });
  const [labelled, other] = [uniquePhone(), uniquePhone()];
  await customerSays(labelled, "Saya minta refund", "Lala Label");
  await customerSays(other, "Halo", "Olga Other");
  try {
    await withPage(t, async (page) => {
      await signIn(page, "agent@demo.test");
      await inboxTab(page, "Unassigned").click();
      await roomItem(page, "Olga Other").waitFor();
      await roomItem(page, "Lala Label").click();
      await page.getByRole("button", { name: "Labels" }).click();
      await page.getByRole("checkbox", { name: label.name }).check();
      const tools = page.locator(".room-tools");
      await tools.locator(".label-chip", { hasText: label.name }).waitFor();
      // The change is in the room's history.
      await page.getByRole("log", { name: "Messages" }).getByText(`Label added: ${label.name}`).first().waitFor();
      await roomItem(page, "Lala Label").locator(".label-chip", { hasText: label.name }).waitFor();

      await page.getByRole("button", { name: /^Filters/ }).click();
      await page.getByLabel("Label", { exact: true }).selectOption(label.id);
      await eventually(async () => (await roomItem(page, "Olga Other").count()) === 0, "the other room to leave");
      await roomItem(page, "Lala Label").waitFor();
      assert.match(page.url(), new RegExp(`label=${label.id}`));

      await page.reload();
      await roomItem(page, "Lala Label").waitFor();
      assert.equal(await roomItem(page, "Olga Other").count(), 0, "the filter holds after a reload");
      // The filter's options come with the labels, a request of their own.
      await eventually(
        async () => (await page.getByLabel("Label", { exact: true }).inputValue()) === label.id,
        "the label filter shown",
      );
      await page.getByRole("button", { name: "Clear filters" }).click();
      await roomItem(page, "Olga Other").waitFor();
    });
  } finally {
    await supervisor.delete(`/api/labels/${label.id}`);
  }
});

test("labels that fail to load are said so in the room's editor, with Try again, not as no labels", async (t) => {
  const supervisor = await apiAs("supervisor@demo.test");
  const label = await supervisor.post("/api/labels", { name: `Retry ${unique()}`, colour: "#16a34a" });
  await customerSays(uniquePhone(), "Halo label", "Lina Load");
  try {
    await withPage(t, async (page, context) => {
      const { editor, alert, letReadsThrough } = await editorWithoutLabels(page, context, "Lina Load");
      assert.equal(await editor.getByText("No labels yet.").count(), 0, "not said to be empty");
      await letReadsThrough();
      await alert.getByRole("button", { name: "Try again" }).click();
      await editor.getByRole("checkbox", { name: label.name }).waitFor();
      assert.equal(await alert.count(), 0);
    });
  } finally {
    await supervisor.delete(`/api/labels/${label.id}`);
  }
});

test("a label the feed brings while the labels failed to load is ticked without dropping the room's others", async (t) => {
  const supervisor = await apiAs("supervisor@demo.test");
  const kept = await supervisor.post("/api/labels", { name: `Kept ${unique()}`, colour: "#7c3aed" });
  const waId = uniquePhone();
  await customerSays(waId, "Halo lagi", "Kiki Keep");
  const room = await roomOf(supervisor, waId);
  await supervisor.put(`/api/rooms/${room.id}/labels`, { labelIds: [kept.id] });
  let added;
  try {
    await withPage(t, async (page, context) => {
      // The editor's catalogue stays empty.
      const { editor, alert } = await editorWithoutLabels(page, context, "Kiki Keep");
      // A supervisor adds a label: the feed brings it into the editor, the only one it knows.
      added = await supervisor.post("/api/labels", { name: `Added ${unique()}`, colour: "#ea580c" });
      await editor.getByRole("checkbox", { name: added.name }).check();
      await page.locator(".room-tools .label-chip", { hasText: added.name }).waitFor();
      // The catalogue is still incomplete, and says so; the room keeps the label the editor never showed.
      assert.equal(await alert.count(), 1);
      const labels = await eventually(async () => {
        const { labels } = await supervisor.get(`/api/rooms/${room.id}`);
        return labels?.length === 2 ? labels : null;
      }, "the room's two labels");
      assert.deepEqual(labels.map((l) => l.id).sort(), [kept.id, added.id].sort());
    });
  } finally {
    await supervisor.delete(`/api/labels/${kept.id}`);
    if (added) await supervisor.delete(`/api/labels/${added.id}`);
  }
});

test("the search finds the words of an old message, not only the newest", async (t) => {
  const waId = uniquePhone();
  const word = `resi${unique()}`;
  await customerSays(waId, `Nomor ${word} belum sampai`, "Sari Search");
  await customerSays(waId, "Terima kasih");
  const agent = await apiAs("agent@demo.test");
  await eventually(
    async () => (await agent.get(`/api/rooms?q=${word}`)).rooms.length === 1,
    "the search index to hold the message",
  );
  await withPage(t, async (page) => {
    await signIn(page, "agent@demo.test");
    await page.getByRole("searchbox", { name: "Search conversations" }).fill(word);
    const item = roomItem(page, "Sari Search");
    await item.waitFor();
    assert.match(
      (await item.textContent()) ?? "",
      /Terima kasih/,
      "the list shows the newest message, found by an old one",
    );
    assert.equal(await page.locator(".room-list .room-item").count(), 1);
    // The page writes the URL before it loads the list, but Playwright learns of a history change by
    // an event of its own, which may come after the list shows: wait for it rather than race it.
    await eventually(async () => new RegExp(`q=${word}`).test(page.url()), "the URL to hold the search");
  });
});

test("a snoozed room leaves the list and comes back by itself, and when the customer writes", async (t) => {
  const [waId, later] = [uniquePhone(), uniquePhone()];
  await customerSays(waId, "Besok saja ya", "Sam Snooze");
  await customerSays(later, "Nanti", "Wira Wake");
  const agent = await apiAs("agent@demo.test");
  await withPage(t, async (page) => {
    await openRoom(page, "agent@demo.test", "Sam Snooze");
    await page.getByRole("button", { name: "Snooze", exact: true }).click();
    await page.getByLabel("Snooze until").selectOption("1h");
    await page.locator(".snooze-form").getByRole("button", { name: "Snooze" }).click();
    await eventually(async () => (await roomItem(page, "Sam Snooze").count()) === 0, "the room to leave the list");
    await inboxTab(page, "Snoozed").click();
    await roomItem(page, "Sam Snooze").waitFor();
    // The customer writes: the snooze ends.
    await customerSays(waId, "Eh, sekarang saja");
    await inboxTab(page, "Unassigned").click();
    await roomItem(page, "Sam Snooze").waitFor({ timeout: 15_000 });

    // Snoozed for a few seconds: back in the list at its time, without a reload.
    await roomItem(page, "Wira Wake").waitFor();
    const room = (await agent.get(`/api/rooms?view=unassigned&q=${later}`)).rooms[0];
    const until = Date.now() + 10_000;
    await agent.post(`/api/rooms/${room.id}/snooze`, { until });
    await page.reload();
    await inboxTab(page, "Unassigned").click();
    await roomItem(page, "Sam Snooze").waitFor();
    // Only meaningful while the snooze lasts (a slow machine may have used up its 10 s by now).
    if (Date.now() < until - 1_000)
      assert.equal(await roomItem(page, "Wira Wake").count(), 0, "snoozed: not in the list");
    await roomItem(page, "Wira Wake").waitFor({ timeout: 25_000 });
  });
});

test("snoozing until tomorrow morning means 09:00 in the organization's time zone, whatever the device's (I13)", async (t) => {
  await customerSays(uniquePhone(), "Besok pagi saja", "Tari Tomorrow");
  await withPage(
    t,
    async (page) => {
      await openRoom(page, "agent@demo.test", "Tari Tomorrow");
      await page.getByRole("button", { name: "Snooze", exact: true }).click();
      await page.getByLabel("Snooze until").selectOption("tomorrow");
      const [request] = await Promise.all([
        page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/snooze")),
        page.locator(".snooze-form").getByRole("button", { name: "Snooze" }).click(),
      ]);
      const { until } = request.postDataJSON();
      const jakarta = (ms) =>
        new Intl.DateTimeFormat("en-CA", {
          timeZone: "Asia/Jakarta",
          hourCycle: "h23",
          year: "numeric",
          month: "2-digit",
          day: "2-digit",
          hour: "2-digit",
          minute: "2-digit",
        }).format(ms);
      const tomorrow = jakarta(Date.now() + 24 * 3_600_000).slice(0, 10);
      assert.equal(jakarta(until), `${tomorrow}, 09:00`, "09:00 tomorrow in Jakarta, the organization's zone");
    },
    { timezoneId: "America/Los_Angeles" },
  );
});

test("bulk resolve from the list, selected with the keyboard", async (t) => {
  const [a, b] = [uniquePhone(), uniquePhone()];
  await customerSays(a, "Sudah beres", "Bima Bulk");
  await customerSays(b, "Sudah beres juga", "Cici Bulk");
  await withPage(t, async (page) => {
    await signIn(page, "supervisor@demo.test");
    await inboxTab(page, "All").click();
    const select = page.getByRole("button", { name: "Select", exact: true });
    await select.focus();
    await page.keyboard.press("Enter");
    assert.equal(await select.getAttribute("aria-pressed"), "true");
    for (const name of ["Bima Bulk", "Cici Bulk"]) {
      const box = page.getByRole("checkbox", { name: `Select ${name}` });
      await box.focus();
      await page.keyboard.press("Space");
      assert.equal(await box.isChecked(), true);
    }
    await page.locator(".bulk-bar").getByText("2 selected").waitFor();
    await page.locator(".bulk-bar").getByRole("button", { name: "Resolve" }).click();
    await page.locator(".bulk-bar").getByText("Done for 2 conversations.").waitFor();
    for (const name of ["Bima Bulk", "Cici Bulk"]) {
      await roomItem(page, name).locator(".chip", { hasText: "Resolved" }).waitFor();
    }
  });
  const supervisor = await apiAs("supervisor@demo.test");
  for (const waId of [a, b]) {
    const [room] = (await supervisor.get(`/api/rooms?view=all&q=${waId}`)).rooms;
    assert.equal(room.status, "resolved");
  }
});

test("the filter bar fits a 360 px phone and works from the keyboard", async (t) => {
  await withPage(
    t,
    async (page) => {
      await signIn(page, "supervisor@demo.test");
      const toggle = page.getByRole("button", { name: /^Filters/ });
      await toggle.focus();
      await page.keyboard.press("Enter");
      assert.equal(await toggle.getAttribute("aria-expanded"), "true");
      await page.getByLabel("Reply window").focus();
      await page.getByLabel("Reply window").selectOption("open");
      await eventually(async () => page.url().includes("window=open"), "the filter in the URL");
      assert.equal(await overflowsHorizontally(page), false, "nothing sticks out at 360 px");
      await page.getByRole("button", { name: "Clear filters" }).click();
      await eventually(async () => !page.url().includes("window="), "the filter cleared");
    },
    { viewport: VIEWPORTS.narrow },
  );
});
