// Rule I13: the web app speaks Bahasa Indonesia and English, and shows every time in the
// organization's time zone. A browser in Indonesian on UTC: the agent's inbox is in Indonesian and a
// message's time is Jakarta's (UTC+7, named "WIB"), not the browser's; the language chosen on the
// profile page wins over the browser's after a reload and in another browser (it is kept on the server,
// null until chosen). The agent's saved language is put back.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  apiAs,
  customerSays,
  DEMO_PASSWORD,
  inboxTab,
  roomItem,
  uniquePhone,
  useBrowser,
  withPage,
} from "./helpers.mjs";

useBrowser();

const clock = (ms, timeZone) =>
  new Intl.DateTimeFormat("id-ID", { hour: "2-digit", minute: "2-digit", timeZone }).format(ms);

test("an Indonesian browser on UTC: the inbox in Indonesian, times in Jakarta's zone; English once chosen", async (t) => {
  const agent = await apiAs("agent@demo.test");
  const before = agent.me.preferences.language;
  const waId = uniquePhone();
  const name = "Sari Waktu";
  // Never chosen (null): the browser's language applies.
  await agent.patch("/api/me", { language: null });
  try {
    await withPage(
      t,
      async (page) => {
        // The sign-in page already speaks the browser's language.
        await page.goto("/login");
        await page.getByRole("heading", { name: "Masuk" }).waitFor();
        await page.getByLabel("Email").fill("agent@demo.test");
        await page.getByLabel("Kata sandi", { exact: true }).fill(DEMO_PASSWORD);
        await page.getByRole("button", { name: "Masuk" }).click();
        await page.getByRole("button", { name: "Keluar" }).waitFor();
        await page.getByRole("heading", { name: "Kotak masuk", level: 1 }).waitFor();
        assert.equal(await page.evaluate(() => document.documentElement.lang), "id");
        await inboxTab(page, "Ditugaskan ke saya").waitFor();
        await inboxTab(page, "Selesai").waitFor();
        await page.getByLabel("Cari percakapan").waitFor();

        // A customer writes; the message's time is Jakarta's wall clock, the zone named in full.
        await customerSays(waId, "Jam berapa sekarang?", name);
        await inboxTab(page, "Belum ditugaskan").click();
        await roomItem(page, name).click();
        const time = page.locator('[role="log"] time').last();
        await time.waitFor();
        const at = Date.parse((await time.getAttribute("datetime")) ?? "");
        assert.ok(Number.isFinite(at), "the message's time carries its instant");
        const shown = (await time.textContent())?.trim();
        assert.equal(shown, clock(at, "Asia/Jakarta"), "the time on the organization's clock");
        assert.notEqual(shown, clock(at, "UTC"), "not the browser's UTC clock");
        assert.match((await time.getAttribute("title")) ?? "", /WIB/, "the full time names the zone");
        await page.getByRole("button", { name: "Ambil" }).waitFor();

        // Issue 17's bulk bar: the count and its button in Indonesian, the room's checkbox named in it too.
        await page.getByRole("button", { name: "Pilih", exact: true }).click();
        await page.getByRole("checkbox", { name: `Pilih ${name}` }).check();
        const bulk = page.getByRole("region", { name: "Tindakan massal" });
        await bulk.getByText("1 dipilih", { exact: true }).waitFor();
        await page.getByRole("list", { name: "Percakapan Belum ditugaskan" }).waitFor();
        await bulk.getByRole("button", { name: "Selesaikan", exact: true }).waitFor();
        await bulk.getByRole("button", { name: "Kosongkan" }).click();
        await page.getByRole("button", { name: "Pilih", exact: true }).click();

        // The person's choice wins over the browser's, and stays after a reload.
        await page.goto("/profile");
        await page.getByRole("heading", { name: "Profil", level: 1 }).waitFor();
        await page.getByLabel("Bahasa", { exact: true }).selectOption("en");
        await page.getByRole("button", { name: "Simpan pilihan" }).click();
        await page.getByText("Your choices are saved.").waitFor();
        await page.goto("/");
        await page.reload();
        await page.getByRole("heading", { name: "Inbox", level: 1 }).waitFor();
        await inboxTab(page, "Assigned to me").waitFor();
        assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
      },
      { locale: "id-ID", timezoneId: "UTC" },
    );
    // The saved English is kept on the server: another browser (nothing in its storage) speaks it too.
    assert.equal((await apiAs("agent@demo.test")).me.preferences.language, "en");
    await withPage(
      t,
      async (page) => {
        await page.goto("/login");
        // Before sign-in nobody is known: the browser's language.
        await page.getByLabel("Email").fill("agent@demo.test");
        await page.getByLabel("Kata sandi", { exact: true }).fill(DEMO_PASSWORD);
        await page.getByRole("button", { name: "Masuk" }).click();
        await page.getByRole("heading", { name: "Inbox", level: 1 }).waitFor();
        await page.getByRole("button", { name: "Sign out" }).waitFor();
        assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
      },
      { locale: "id-ID", timezoneId: "UTC" },
    );
  } finally {
    await agent.patch("/api/me", { language: before });
  }
});
