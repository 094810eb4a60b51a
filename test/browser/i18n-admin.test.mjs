// Rule I13 on the admin's screens: an admin whose browser speaks Indonesian finds Admin › Users,
// Channels and Settings, the template list and the template editor in Indonesian: their headings,
// labels and buttons, no English heading left. The admin's saved language is put back.
import assert from "node:assert/strict";
import { test } from "node:test";
import { apiAs, DEMO_PASSWORD, screenshot, useBrowser, withPage } from "./helpers.mjs";

useBrowser();

const ADMIN = "admin@demo.test";

/** Every heading on the page: none may be one of the English ones this page had. */
async function assertNoEnglishHeading(page, english) {
  const headings = (await page.getByRole("heading").allTextContents()).map((text) => text.trim());
  const left = headings.filter((text) => english.includes(text));
  assert.deepEqual(left, [], `English headings left on ${page.url()}: ${left.join(", ")}`);
}

test("an admin with an Indonesian browser: admin pages, templates and the template editor in Indonesian", async (t) => {
  const admin = await apiAs(ADMIN);
  const before = admin.me.preferences.language;
  // A saved English choice would win over the browser's language; a saved Indonesian one is the same.
  if (before && before !== "id") await admin.patch("/api/me", { language: "id" });
  const takenLabel = `Sudah ada ${Date.now()}`;
  const label = await admin.post("/api/labels", { name: takenLabel, colour: "#16a34a" });
  try {
    await withPage(
      t,
      async (page) => {
        await page.goto("/login");
        await page.getByLabel("Email").fill(ADMIN);
        await page.getByLabel("Kata sandi", { exact: true }).fill(DEMO_PASSWORD);
        await page.getByRole("button", { name: "Masuk" }).click();
        await page.getByRole("button", { name: "Keluar" }).waitFor();

        // Admin › Users: the heading, the tabs, the invite button and the form's labels.
        await page.goto("/admin/users");
        await page.getByRole("heading", { level: 1, name: "Pengguna" }).waitFor();
        const tabs = page.getByRole("navigation", { name: "Administrasi" });
        for (const tab of ["Pengguna", "Kanal", "Kunci API", "Balasan cepat", "Pengaturan", "Jam kerja", "Keamanan"]) {
          await tabs.getByRole("link", { name: tab, exact: true }).waitFor();
        }
        await page.getByRole("list", { name: "Pengguna" }).getByText("Admin", { exact: true }).first().waitFor();
        await page.getByRole("button", { name: "Undang pengguna" }).click();
        await page.getByRole("heading", { level: 2, name: "Undang pengguna" }).waitFor();
        await page.getByLabel("Nama", { exact: true }).waitFor();
        await page.getByLabel("Peran", { exact: true }).waitFor();
        await page.getByRole("button", { name: "Kirim undangan" }).waitFor();
        await page.getByRole("button", { name: "Batal" }).click();
        assert.equal(await page.evaluate(() => document.documentElement.lang), "id");
        await assertNoEnglishHeading(page, ["Users", "Invite a user", "No users yet"]);

        // Admin › Channels: the list and the connect form with its per-kind fields.
        await tabs.getByRole("link", { name: "Kanal", exact: true }).click();
        await page.getByRole("heading", { level: 1, name: "Kanal" }).waitFor();
        await page
          .getByRole("list", { name: "Kanal" })
          .getByText(/^(Terhubung|Terputus)$/)
          .first()
          .waitFor();
        await page.getByRole("button", { name: "Hubungkan kanal" }).click();
        await page.getByRole("heading", { level: 2, name: "Hubungkan nomor WhatsApp" }).waitFor();
        await page.getByLabel("ID nomor telepon").waitFor();
        await page.getByLabel("Token verifikasi webhook").waitFor();
        await page.getByRole("button", { name: "Hubungkan", exact: true }).waitFor();
        await page.getByRole("radio", { name: "Telegram" }).check();
        await page.getByRole("heading", { level: 2, name: "Hubungkan bot Telegram" }).waitFor();
        await page.getByLabel("Token bot").waitFor();
        await screenshot(page, "i18n-admin-channels");
        await page.getByRole("button", { name: "Batal" }).click();
        await assertNoEnglishHeading(page, ["Channels", "Connect a WhatsApp number", "Connect a Telegram bot"]);

        // Admin › Settings: expired conversations and automatic assignment.
        await tabs.getByRole("link", { name: "Pengaturan", exact: true }).click();
        await page.getByRole("heading", { level: 1, name: "Pengaturan" }).waitFor();
        await page.getByRole("heading", { level: 2, name: "Percakapan kedaluwarsa" }).waitFor();
        await page.getByRole("heading", { level: 2, name: "Penugasan otomatis" }).waitFor();
        await page.getByRole("switch", { name: /Selesaikan percakapan secara otomatis/ }).waitFor();
        await page.getByRole("button", { name: "Selesaikan semua yang kedaluwarsa" }).waitFor();
        await page.getByRole("button", { name: "Simpan penugasan" }).waitFor();
        await assertNoEnglishHeading(page, ["Settings", "Expired conversations", "Automatic assignment"]);

        // Admin › Labels: a name already taken is refused (409 label_exists) in Indonesian words.
        await page.goto("/admin/labels");
        await page.getByRole("heading", { level: 1, name: "Label" }).waitFor();
        await page.getByLabel("Nama", { exact: true }).fill(takenLabel);
        await page.getByRole("button", { name: "Tambah label" }).click();
        await page.getByText("Label dengan nama ini sudah ada. Pilih nama lain.").waitFor();

        // Templates: the list, its filters and a template's status and category in words.
        await page.getByRole("link", { name: "Template", exact: true }).click();
        await page.getByRole("heading", { level: 1, name: "Template" }).waitFor();
        const approved = page.locator('[data-testid="template"][data-status="APPROVED"]').first();
        await approved.getByTestId("status").getByText("Disetujui").waitFor();
        await page.getByLabel("Kategori").waitFor();
        await page.getByLabel("Bahasa").waitFor();
        await page.getByLabel("Status").selectOption("APPROVED");
        await page.getByRole("button", { name: "Hapus filter" }).click();
        await assertNoEnglishHeading(page, ["Templates", "No templates yet"]);

        // The template editor: its sections, fields, preview, and a rule's problem in Indonesian.
        await page.getByRole("button", { name: "Template baru" }).click();
        await page.getByRole("heading", { level: 1, name: "Template baru" }).waitFor();
        for (const heading of ["Dasar", "Header", "Pesan", "Tombol"]) {
          await page.getByRole("heading", { level: 2, name: new RegExp(`^${heading}`) }).waitFor();
        }
        await page.getByLabel("Nomor WhatsApp").waitFor();
        await page.getByLabel("Isi pesan", { exact: true }).fill("Halo  {{1}}");
        await page.getByText("Gunakan satu spasi di antara kata.").waitFor();
        await page.getByRole("textbox", { name: "Contoh untuk {{1}}" }).waitFor();
        await page.getByRole("complementary", { name: "Pratinjau" }).waitFor();
        await page.getByRole("button", { name: "Ajukan untuk ditinjau" }).click();
        await page.getByText(/masalah perlu diperbaiki sebelum WhatsApp menerima template ini/).waitFor();
        await screenshot(page, "i18n-admin-template-editor");
        await assertNoEnglishHeading(page, [
          "New template",
          "Basics",
          "Message",
          "Header optional",
          "Buttons optional",
        ]);
        await page.getByRole("button", { name: "Buang" }).click();
        await page.getByRole("heading", { level: 1, name: "Template" }).waitFor();
      },
      { locale: "id-ID", timezoneId: "UTC" },
    );
  } finally {
    await admin.delete(`/api/labels/${label.id}`);
    if (before && before !== "id") await admin.patch("/api/me", { language: before });
  }
});
