// Issue 17 item 7: the profile page, reached from the header by keyboard. A person changes their name
// (an admin: rule I7), chooses the notification sound, no desktop notifications and Bahasa Indonesia,
// and finds them again after a reload (kept on the server, <html lang> follows); changes their password
// and signs in with the new one. The test works on a person it adds and removes again, so no demo
// password or setting is left changed. At 360 px an agent sets their availability from the header.
import assert from "node:assert/strict";
import { test } from "node:test";
import { addUserAs, apiAs, eventually, signIn, useBrowser, VIEWPORTS, withPage } from "./helpers.mjs";

useBrowser();

test("name, notification choices, language and password from the profile page", async (t) => {
  const admin = await apiAs("admin@demo.test");
  const email = `profile-${Date.now()}@demo.test`;
  const password = "profile-password-1";
  const user = await addUserAs(admin, { email, name: "Rina Profile", role: "admin" }, password);
  try {
    await withPage(t, async (page) => {
      await signIn(page, email, password);
      // From the header, by keyboard: the account menu, then its profile link.
      await page.getByRole("button", { name: /^Account: Rina Profile/ }).focus();
      await page.keyboard.press("Enter");
      const link = page.getByRole("link", { name: "Profile and notifications" });
      await link.focus();
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: "Profile", level: 1 }).waitFor();

      await page.getByLabel("Your name").fill("Rina Renamed");
      await page.getByRole("button", { name: "Save name" }).click();
      await page.getByText("Your name is saved.").waitFor();
      await page.getByRole("button", { name: /^Account: Rina Renamed/ }).waitFor();

      await page.getByRole("checkbox", { name: "Play a sound" }).check();
      await page.getByRole("checkbox", { name: "Show a desktop notification" }).uncheck();
      await page.getByLabel("Language", { exact: true }).selectOption("id");
      await page.getByRole("button", { name: "Save choices" }).click();
      // Rule I13: the page now speaks the language chosen.
      await page.getByText("Pilihan Anda tersimpan.").waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.lang), "id");

      await page.reload();
      await page.getByRole("heading", { name: "Profil", level: 1 }).waitFor();
      assert.equal(await page.getByLabel("Nama Anda").inputValue(), "Rina Renamed");
      assert.equal(await page.getByRole("checkbox", { name: "Putar suara" }).isChecked(), true);
      assert.equal(await page.getByRole("checkbox", { name: "Tampilkan notifikasi desktop" }).isChecked(), false);
      assert.equal(await page.getByLabel("Bahasa", { exact: true }).inputValue(), "id");
      assert.equal(await page.evaluate(() => document.documentElement.lang), "id");

      // A wrong current password is said at its field; the right one changes it.
      const newPassword = "profile-password-2";
      await page.getByLabel("Kata sandi saat ini").fill("not-my-password");
      await page.getByLabel("Kata sandi baru", { exact: true }).fill(newPassword);
      await page.getByLabel("Ulangi kata sandi baru").fill(newPassword);
      await page.getByRole("button", { name: "Ubah kata sandi" }).click();
      await page.getByText("Kata sandi saat ini tidak benar.").waitFor();
      await page.getByLabel("Kata sandi saat ini").fill(password);
      await page.getByRole("button", { name: "Ubah kata sandi" }).click();
      await page.getByText("Kata sandi Anda telah diubah.").waitFor();

      await page.getByRole("button", { name: "Keluar" }).click();
      await page.getByLabel("Email").waitFor();
      await signIn(page, email, newPassword);
      // Another browser, the same person: the choices came along.
      const me = await (await apiAs(email, newPassword)).me;
      assert.deepEqual(me.preferences, { language: "id", notificationSound: true, desktopNotifications: false });
    });
  } finally {
    await admin.delete(`/api/users/${user.id}`);
  }
});

test("an agent sees their name is an admin's to change, and sets their availability at 360 px", async (t) => {
  await withPage(
    t,
    async (page) => {
      await signIn(page, "agent@demo.test");
      const menu = page.getByRole("button", { name: /^Account: Budi Agent/ });
      await menu.focus();
      await page.keyboard.press("Enter");
      // Focus lands on the current choice; the arrow keys move between them.
      await page.waitForFunction(() => document.activeElement?.getAttribute("type") === "radio");
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("value")), "online");
      assert.equal(await page.getByRole("radio", { name: /Online/ }).isChecked(), true);
      await page.keyboard.press("ArrowDown");
      await page.getByRole("button", { name: "Account: Budi Agent, Away" }).waitFor();
      // The menu shows the choice at once; the server has it once the page's save has answered.
      const supervisor = await apiAs("supervisor@demo.test");
      await eventually(
        async () =>
          (await supervisor.get("/api/team/availability")).members.find((m) => m.id === "usr_demo_agent")
            ?.availability === "away",
        "away saved",
      );
      await page.keyboard.press("Escape");
      assert.equal(await menu.evaluate((el) => el === document.activeElement), true);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `no sideways scroll at 360 px (${width})`);

      await page.goto("/profile");
      await page.getByText("Only an admin of your organization can change your name.").waitFor();
      assert.equal(await page.getByLabel("Your name").count(), 0);
    },
    { viewport: VIEWPORTS.narrow },
  );
});
