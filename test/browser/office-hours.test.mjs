// Settings > Office hours in the browser (rule I9): an admin sets the week's open intervals and the away
// reply; mistakes are shown on the weekday they are in; agents do not see the page. The saved hours keep
// the organization open all day (23:59 to 00:00 closed) and are switched off again at the end, so the
// away reply never reaches the other browser tests sharing this server; its sending is tested in
// test/worker/office-hours.test.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { apiAs, overflowsHorizontally, screenshot, signIn, useBrowser, VIEWPORTS, withPage } from "./helpers.mjs";

useBrowser();

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

test("an admin sets office hours and the away reply; an error names its weekday; agents do not see the page (I9)", async (t) => {
  const admin = await apiAs("admin@demo.test");
  t.after(async () => {
    const saved = await admin.get("/api/settings/office-hours");
    const { timeZone: _, ...hours } = saved;
    await admin.put("/api/settings/office-hours", { ...hours, enabled: false });
  });
  await withPage(
    t,
    async (page) => {
      await signIn(page, "admin@demo.test");
      await page.goto(new URL("/admin/office-hours", page.url()).href);
      await page.getByRole("heading", { level: 1, name: "Office hours" }).waitFor();
      await page.getByText("on the clock of Asia/Jakarta").waitFor();

      await page.getByRole("switch", { name: /Send the away reply/ }).check();
      for (const day of DAYS) {
        const open = page.getByRole("button", { name: `Open on ${day}` });
        if (await open.isVisible()) await open.click();
        await page.getByLabel(`${day} opens`).fill("00:00");
        await page.getByLabel(`${day} closes`).fill("23:59");
      }
      await page.getByLabel("Away reply", { exact: true }).fill("Terima kasih! Kami buka lagi besok pukul 09.00.");

      // A second Monday interval that opens and closes at the same minute is refused, on Monday's row.
      await page.getByRole("button", { name: "Add hours on Monday" }).click();
      await page.getByRole("button", { name: "Save office hours" }).click();
      await page.getByText("Some open intervals are empty or overlap.").waitFor();
      const monday = page.getByTestId("office-day-mon");
      await monday.getByText("23:59-23:59 opens and closes at the same time.").waitFor();
      assert.equal(await page.getByTestId("office-day-tue").locator(".field-error").count(), 0);
      await page.getByRole("button", { name: "Remove Monday 23:59–23:59" }).click();

      await page.getByRole("button", { name: "Save office hours" }).click();
      await page.getByText("Office hours saved.").waitFor();
      assert.equal(await overflowsHorizontally(page), false, "no sideways scrolling at 360 px");
      await screenshot(page, "office-hours-360");

      await page.reload();
      await page.getByLabel("Saturday closes").waitFor();
      assert.equal(await page.getByLabel("Saturday opens").inputValue(), "00:00");
      assert.equal(
        await page.getByLabel("Away reply", { exact: true }).inputValue(),
        "Terima kasih! Kami buka lagi besok pukul 09.00.",
      );
      assert.equal(await page.getByRole("switch", { name: /Send the away reply/ }).isChecked(), true);
      const saved = await admin.get("/api/settings/office-hours");
      assert.deepEqual(saved.days.sun, [{ open: "00:00", close: "23:59" }]);
      assert.equal(saved.enabled, true);

      // What is typed while a save is on its way stays on screen, to be saved next.
      let release = () => {};
      const held = new Promise((resolve) => {
        release = resolve;
      });
      await page.route("**/api/settings/office-hours", async (route) => {
        if (route.request().method() === "PUT") await held;
        await route.continue();
      });
      const away = page.getByLabel("Away reply", { exact: true });
      await away.fill("Kami buka lagi besok.");
      await page.getByRole("button", { name: "Save office hours" }).click();
      await page.getByRole("button", { name: "Saving…" }).waitFor();
      await away.fill("Kami buka lagi besok pukul 08.00.");
      release();
      await page.getByRole("button", { name: "Save office hours" }).waitFor();
      assert.equal(await away.inputValue(), "Kami buka lagi besok pukul 08.00.");
      assert.equal(await page.getByText("Office hours saved.").count(), 0, "not 'saved' while a change is not");
      assert.equal((await admin.get("/api/settings/office-hours")).awayMessage, "Kami buka lagi besok.");
      await page.unrouteAll();
      await page.getByRole("button", { name: "Save office hours" }).click();
      await page.getByText("Office hours saved.").waitFor();
      assert.equal((await admin.get("/api/settings/office-hours")).awayMessage, "Kami buka lagi besok pukul 08.00.");
    },
    { viewport: VIEWPORTS.narrow },
  );

  await withPage(t, async (page) => {
    await signIn(page, "agent@demo.test");
    await page.goto(new URL("/admin/settings", page.url()).href);
    await page.getByRole("navigation", { name: "Administration" }).waitFor();
    assert.equal(await page.getByRole("link", { name: "Office hours" }).count(), 0);
  });
});
