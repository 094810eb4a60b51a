// Rule I13: the admin's pages speak Bahasa Indonesia. A browser in Indonesian (on UTC): Finance,
// Reports, Broadcast (lists and campaigns) and Contacts show their headings, labels and buttons in
// Indonesian, month names in the app's language, and a refused list file's problems and a missing
// name in Indonesian too; the English headings are gone. Nothing is saved (the admin's language is
// the browser's: nobody chose one), so other files find the demo tenant as it was.
import assert from "node:assert/strict";
import { test } from "node:test";
import { csvFile, customerSays, DEMO_PASSWORD, uniquePhone, useBrowser, withPage } from "./helpers.mjs";

useBrowser();

const INDONESIAN = { locale: "id-ID", timezoneId: "UTC" };
/** Signs in on the sign-in page as it reads in Indonesian. */
async function masuk(page, email) {
  await page.goto("/login");
  await page.getByRole("heading", { name: "Masuk" }).waitFor();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Kata sandi", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Masuk" }).click();
  await page.getByRole("button", { name: "Keluar" }).waitFor();
}

const headingGone = async (page, name) =>
  assert.equal(await page.getByRole("heading", { name, exact: true }).count(), 0, `no English "${name}"`);

test("Finance and Reports in Indonesian for an Indonesian browser", async (t) => {
  await withPage(
    t,
    async (page) => {
      await masuk(page, "admin@demo.test");
      await page.getByRole("navigation", { name: "Utama" }).getByRole("link", { name: "Keuangan" }).click();
      await page.getByRole("heading", { level: 1, name: "Pemakaian tagihan" }).waitFor();
      await page.getByRole("heading", { level: 2, name: "Sisa saat ini" }).waitFor();
      await page.getByRole("list", { name: "Sisa saldo" }).getByText("Kredit percakapan").waitFor();
      await page.getByRole("heading", { level: 2, name: "Isi saldo" }).waitFor();
      // Too little to top up: refused here, in Indonesian, before anything is sent.
      await page.getByText("Minimal Rp 10.000.", { exact: true }).waitFor();
      await page.getByLabel("Jumlah", { exact: true }).fill("10");
      await page.getByRole("button", { name: "Isi saldo Rp 10" }).click();
      await page.getByText("Isi saldo WhatsApp minimal Rp 10.000.", { exact: true }).waitFor();
      await page.getByRole("table", { name: "Buku besar" }).or(page.getByText("Belum ada catatan.")).waitFor();
      await page.getByRole("heading", { level: 2, name: "Per hari" }).waitFor();
      // The month picker names this month in Indonesian ("Desember 2026 (bulan ini)").
      const month = page.getByLabel("Bulan", { exact: true });
      const value = await month.inputValue();
      const [year, m] = value.split("-").map(Number);
      const name = new Intl.DateTimeFormat("id-ID", { month: "long", year: "numeric", timeZone: "UTC" }).format(
        Date.UTC(year, m - 1, 1),
      );
      assert.equal((await month.locator("option:checked").textContent())?.trim(), `${name} (bulan ini)`);
      await headingGone(page, "Billing usage");
      await headingGone(page, "Remaining now");

      await page.getByRole("navigation", { name: "Utama" }).getByRole("link", { name: "Laporan" }).click();
      await page.getByRole("heading", { level: 1, name: "Laporan" }).waitFor();
      await page.getByRole("form", { name: "Rentang tanggal" }).getByLabel("Dari").waitFor();
      await page.getByRole("tab", { name: "Ikhtisar", selected: true }).waitFor();
      await page.getByRole("heading", { level: 2, name: "Obrolan per hari" }).waitFor();
      await page.getByRole("list", { name: "Total", exact: true }).getByText("Respons pertama (median)").waitFor();
      await page.getByRole("heading", { level: 2, name: "Agen" }).waitFor();
      await headingGone(page, "Chats by day");

      await page.getByRole("tab", { name: "Aktivitas panggilan" }).click();
      await page.getByRole("heading", { level: 2, name: "Aktivitas panggilan" }).waitFor();
      const filters = page.getByRole("form", { name: "Filter panggilan" });
      await filters.getByLabel("Arah").waitFor();
      await filters.getByLabel("Hasil").selectOption({ label: "Dijawab" });
      await headingGone(page, "Call activity");

      await page.getByRole("tab", { name: "CSAT" }).click();
      await page.getByRole("list", { name: "Total CSAT" }).getByText("Tingkat tanggapan").waitFor();
      await page.getByRole("heading", { level: 2, name: "Tanggapan" }).waitFor();
      await headingGone(page, "Responses");
    },
    INDONESIAN,
  );
});

test("Broadcast lists and campaigns, and Contacts, in Indonesian for an Indonesian browser", async (t) => {
  const waId = uniquePhone();
  const name = `Kontak ${waId.slice(-5)}`;
  await customerSays(waId, "Halo, saya mau bertanya", name);
  await withPage(
    t,
    async (page) => {
      await masuk(page, "admin@demo.test");
      await page.goto("/broadcast/lists");
      await page.getByRole("heading", { level: 1, name: "Daftar kontak" }).waitFor();
      await page.getByRole("navigation", { name: "Siaran" }).getByRole("link", { name: "Kampanye" }).waitFor();
      const form = page.getByRole("form", { name: "Unggah daftar" });
      // The shared sheet upload: a missing name, then a refused file's problems, in Indonesian.
      await form.getByRole("button", { name: "Unggah daftar" }).click();
      await form.getByText("Beri nama daftar ini.").waitFor();
      await form.getByLabel("Nama daftar").fill(`Buruk ${Date.now()}`);
      await form
        .getByLabel("Berkas (CSV atau XLSX)")
        .setInputFiles(csvFile(["name,phone", "Ayu,0812", "Budi,", "Citra,08123456789"], "daftar.csv"));
      await form.getByRole("button", { name: "Unggah daftar" }).click();
      await page.getByRole("heading", { name: "2 masalah di berkas" }).waitFor();
      const problems = page.getByTestId("list-problems");
      for (const column of ["Baris", "Kolom", "Masalah"]) {
        await problems.getByRole("columnheader", { name: column, exact: true }).waitFor();
      }
      await page.getByRole("alert").filter({ hasText: "Perbaiki berkas lalu unggah lagi." }).waitFor();
      await headingGone(page, "Contact lists");
      await headingGone(page, "Upload a list");

      await page.getByRole("navigation", { name: "Siaran" }).getByRole("link", { name: "Kampanye" }).click();
      await page.getByRole("heading", { level: 1, name: "Kampanye" }).waitFor();
      await page.getByRole("link", { name: "Kampanye baru" }).click();
      await page.getByRole("heading", { level: 1, name: "Kampanye baru" }).waitFor();
      const campaign = page.getByRole("form", { name: "Kampanye baru" });
      await campaign.getByLabel("Nama kampanye").waitFor();
      await campaign.getByRole("group", { name: "Kirim ke" }).getByLabel("Satu nomor telepon").check();
      await campaign.getByLabel("Nomor telepon", { exact: true }).waitFor();
      await campaign.getByText("Perkiraan sebelum mengirim").waitFor();
      await campaign.getByRole("button", { name: "Kirim kampanye" }).click();
      await campaign.getByRole("alert").filter({ hasText: "Beri nama kampanye ini." }).waitFor();
      await headingGone(page, "New campaign");

      await page.getByRole("navigation", { name: "Utama" }).getByRole("link", { name: "Kontak" }).click();
      await page.getByRole("heading", { level: 1, name: "Kontak" }).waitFor();
      await page.getByRole("form", { name: "Impor kontak" }).getByLabel("Berkas (CSV atau XLSX)").waitFor();
      await page.getByRole("link", { name: "Ekspor CSV" }).waitFor();
      await page.getByLabel("Cari kontak").fill(waId.slice(-7));
      const contacts = page.getByRole("table", { name: "Kontak" });
      await contacts.getByRole("columnheader", { name: "Telepon atau id" }).waitFor();
      await contacts.getByRole("link", { name, exact: true }).click();
      await page.getByRole("heading", { level: 1, name }).waitFor();
      const profile = page.getByRole("form", { name: "Profil" });
      await profile.getByRole("button", { name: "Simpan profil" }).waitFor();
      await profile.getByRole("group", { name: "Atribut khusus" }).waitFor();
      await page.getByRole("heading", { level: 2, name: "Pemblokiran" }).waitFor();
      await page.getByRole("link", { name: "Semua kontak" }).waitFor();
      await headingGone(page, "Blocking");
    },
    INDONESIAN,
  );
});
