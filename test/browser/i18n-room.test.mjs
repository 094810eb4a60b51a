// Rule I13 (issue 17, item 6): an agent whose browser speaks Indonesian works in a room in Indonesian:
// the message list (a day separator, a photo and a document with its size), the contact panel, the
// room tools, the template picker and the call strip of a WhatsApp room, the page title; a rare
// problem code (a file WhatsApp does not take) in Indonesian words; and, signed out, the
// forgot-password and not-found pages.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  customerSays,
  customerSendsFile,
  eventually,
  inboxTab,
  roomItem,
  tinyPng,
  titleOf,
  uniquePhone,
  useBrowser,
  withPage,
} from "./helpers.mjs";

useBrowser();

const INDONESIAN = { locale: "id-ID", timezoneId: "UTC" };

/** A small PDF: "%PDF-" and enough bytes to be "3 KB". */
function pdf(bytes = 3 * 1024) {
  const head = Buffer.from("%PDF-1.4\n");
  return Buffer.concat([head, Buffer.alloc(bytes - head.length, 0x20)]);
}

test("signed out in Indonesian: the forgot-password and not-found pages, with their titles", async (t) => {
  await withPage(
    t,
    async (page) => {
      await page.goto("/forgot-password");
      await page.getByRole("heading", { name: "Atur ulang kata sandi Anda", level: 1 }).waitFor();
      await page
        .getByText("Masukkan email yang Anda pakai untuk masuk dan kami akan mengirim tautan atur ulang.")
        .waitFor();
      await page.getByRole("button", { name: "Kirim tautan atur ulang" }).waitFor();
      await page.getByRole("link", { name: "Kembali ke halaman masuk" }).waitFor();
      await titleOf(page, "Atur ulang kata sandi Anda · Edge Inbox");
      // The browser's own check of the email is in Indonesian too.
      await page.getByLabel("Email").fill("bukan-email");
      await page.getByRole("button", { name: "Kirim tautan atur ulang" }).click();
      await page.getByText("Masukkan alamat email seperti nama@contoh.com.").waitFor();

      await page.goto("/halaman-yang-tidak-ada");
      await page.getByRole("heading", { name: "Halaman tidak ditemukan", level: 1 }).waitFor();
      await page.getByText("Tidak ada halaman di alamat ini.").waitFor();
      await page.getByRole("link", { name: "Ke kotak masuk" }).waitFor();
      await titleOf(page, "Halaman tidak ditemukan · Edge Inbox");
    },
    INDONESIAN,
  );
});

test("an agent in Indonesian: a WhatsApp room's messages, panel, tools, template picker, call strip and a refused file", async (t) => {
  const waId = uniquePhone();
  const name = "Dewi Bahasa";
  await customerSays(waId, "Paket saya rusak", name);
  await customerSendsFile(waId, { bytes: tinyPng(24), filename: "kotak.png", mimeType: "image/png", caption: "Kotak" });
  await customerSendsFile(waId, { bytes: pdf(), filename: "faktur.pdf", mimeType: "application/pdf" });
  // A fresh browser has chosen nothing on the profile page: its language (Indonesian) decides.
  await withPage(
    t,
    async (page) => {
      await page.goto("/login");
      await page.getByLabel("Email").fill("agent@demo.test");
      await page.getByLabel("Kata sandi", { exact: true }).fill("demo-password-1");
      await page.getByRole("button", { name: "Masuk" }).click();
      await inboxTab(page, "Belum ditugaskan").click();
      await roomItem(page, name).click();
      await page.getByRole("heading", { level: 2, name }).waitFor();

      // The message list: the day's separator, the photo and the document with its size.
      const log = page.getByRole("log", { name: "Pesan" });
      await log.getByText("Paket saya rusak").waitFor();
      assert.equal((await log.locator(".day-break").first().textContent())?.trim(), "Hari ini");
      await log.getByRole("img", { name: "Foto: Kotak" }).waitFor();
      const document = log.locator(".file-card").filter({ hasText: "faktur.pdf" });
      await document.getByText("3 KB").waitFor();
      await document.getByRole("link", { name: "Buka" }).waitFor();
      await page.getByRole("button", { name: /^Balas Dewi Bahasa: Paket saya rusak$/ }).waitFor();

      // The page title is the conversation's, in Indonesian.
      await eventually(async () => /^Percakapan · .+ · Edge Inbox$/.test(await page.title()), "an Indonesian title");

      // The contact panel (open beside the room on a wide screen).
      const panel = page.getByRole("complementary", { name: "Detail kontak dan percakapan" });
      await panel.getByRole("heading", { name: "Detail" }).waitFor();
      for (const term of ["Status", "Ditugaskan ke", "Jendela balasan", "Dibuka"]) {
        await panel.getByText(term, { exact: true }).waitFor();
      }
      await panel.getByText("Belum ditugaskan", { exact: true }).waitFor();
      await panel.getByRole("button", { name: "Blokir kontak" }).waitFor();

      // The room tools under the header.
      await page.getByRole("button", { name: "Label", exact: true }).waitFor();
      await page.getByRole("button", { name: "Tandai belum dibaca" }).waitFor();
      await page.getByRole("button", { name: "Tunda", exact: true }).click();
      await page.getByRole("combobox", { name: "Tunda sampai" }).waitFor();
      await page.getByRole("option", { name: "Besok pagi" }).waitFor({ state: "attached" });

      // The call strip of a WhatsApp room: no permission yet, and the request button.
      const bar = page.getByTestId("room-call-bar");
      await bar.getByText("Pelanggan belum mengizinkan panggilan.").waitFor();
      await bar.getByRole("button", { name: "Minta izin" }).waitFor();

      // The template picker inside the window.
      await page.getByRole("button", { name: "Template", exact: true }).click();
      const picker = page.getByLabel("Template", { exact: true });
      await picker.getByRole("option", { name: "Pilih template…" }).waitFor({ state: "attached" });
      await picker.selectOption({ label: "order_update (en) · utilitas" });
      await page.getByLabel("Nilai untuk {{2}}").waitFor();
      await page.getByText("Contoh: A-1001").waitFor();
      await page.getByRole("button", { name: "Kirim template" }).waitFor();
      await page.getByRole("button", { name: "Batal" }).click();

      // A rare problem: a GIF is not a file WhatsApp takes (unsupported_media_type), said in Indonesian.
      const message = page.getByRole("textbox", { name: "Pesan" });
      await message.waitFor();
      assert.equal(await message.getAttribute("placeholder"), "Balas… (/ untuk balasan cepat)");
      await page.getByLabel("Lampirkan berkas", { exact: true }).setInputFiles({
        name: "animasi.gif",
        mimeType: "image/gif",
        buffer: Buffer.from("GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;"),
      });
      await page.getByText("· teks di bawah menjadi keterangannya").waitFor();
      await message.press("Enter");
      const failed = log.getByRole("alert");
      await failed
        .getByText("Belum terkirim. Jenis berkas ini tidak dapat dikirim di WhatsApp.", { exact: false })
        .waitFor();
      await failed.getByRole("button", { name: "Coba lagi" }).waitFor();
      await failed.getByRole("button", { name: "Buang" }).click();
      await failed.waitFor({ state: "detached" });
    },
    INDONESIAN,
  );
});
