/**
 * Rule I13: the Indonesian words of the web app, keyed by the English sentence `t()` is given.
 * A key missing here is shown in English.
 */

import { ID_ACCOUNT } from "./id-account";
import { ID_ADMIN } from "./id-admin";
import { ID_ADMIN_CHANNELS } from "./id-admin-channels";
import { ID_ADMIN_SETTINGS } from "./id-admin-settings";
import { ID_ADMIN_TEAM } from "./id-admin-team";
import { ID_ADMIN_USERS } from "./id-admin-users";
import { ID_AGENT } from "./id-agent";
import { ID_BROADCAST } from "./id-broadcast";
import { ID_CALLS } from "./id-calls";
import { ID_CONTACTS } from "./id-contacts";
import { ID_ERRORS } from "./id-errors";
import { ID_FINANCE } from "./id-finance";
import { ID_REPORTS } from "./id-reports";
import { ID_ROOM } from "./id-room";
import { ID_TEMPLATES } from "./id-templates";

const ID_SCREENS: Record<string, string> = {
  // App header and navigation
  "Edge Inbox, go to the inbox": "Edge Inbox, ke kotak masuk",
  Main: "Utama",
  Inbox: "Kotak masuk",
  Contacts: "Kontak",
  Templates: "Template",
  Reports: "Laporan",
  Broadcast: "Siaran",
  Finance: "Keuangan",
  Admin: "Admin",
  Settings: "Pengaturan",
  Supervisor: "Supervisor",
  Agent: "Agen",
  "Turn on notifications": "Nyalakan notifikasi",
  "Turn on notifications for new messages": "Nyalakan notifikasi untuk pesan baru",
  "Signing out…": "Sedang keluar…",
  "Sign out": "Keluar",
  "Live: updates arrive as they happen": "Langsung: pembaruan datang saat terjadi",
  "Connecting…": "Menghubungkan…",
  Live: "Langsung",
  Connecting: "Menghubungkan",
  "You are offline. New messages will appear as soon as the connection is back.":
    "Anda sedang offline. Pesan baru akan muncul begitu koneksi kembali.",
  "Reconnecting… Messages that arrive meanwhile will appear once connected.":
    "Menghubungkan ulang… Pesan yang masuk sementara itu akan muncul setelah terhubung.",
  "The WhatsApp balance is running low.": "Saldo WhatsApp hampir habis.",
  "Top up in Finance": "Isi saldo di Keuangan",
  "Ask an admin to top up soon, or replies and template messages will stop going out.":
    "Minta admin segera mengisi saldo, atau balasan dan pesan template akan berhenti terkirim.",
  "Switched organization.": "Organisasi diganti.",
  "Switched to {name}.": "Beralih ke {name}.",
  "Account: {name}": "Akun: {name}",
  "Account: {name}, {availability}": "Akun: {name}, {availability}",
  "Your availability": "Ketersediaan Anda",
  "Profile and notifications": "Profil dan notifikasi",
  Online: "Online",
  Away: "Sedang pergi",
  Offline: "Offline",
  "New conversations may be assigned to you": "Percakapan baru dapat ditugaskan kepada Anda",
  "Keep working; no new conversations come to you": "Tetap bekerja; tidak ada percakapan baru untuk Anda",
  "Not taking conversations": "Tidak menerima percakapan",
  // Inbox list
  Conversation: "Percakapan",
  Conversations: "Percakapan",
  "Pick a conversation": "Pilih percakapan",
  "Choose a conversation on the left to read it and reply. New messages appear without reloading.":
    "Pilih percakapan di sebelah kiri untuk membaca dan membalasnya. Pesan baru muncul tanpa memuat ulang.",
  "Search name, number or message": "Cari nama, nomor, atau pesan",
  "Search conversations": "Cari percakapan",
  "Assigned to me": "Ditugaskan ke saya",
  Unassigned: "Belum ditugaskan",
  Resolved: "Selesai",
  All: "Semua",
  Snoozed: "Ditunda",
  " with unread messages": " dengan pesan belum dibaca",
  " unread": " belum dibaca",
  "Loading conversations…": "Memuat percakapan…",
  "The conversations could not be loaded.": "Percakapan tidak dapat dimuat.",
  "Loading…": "Memuat…",
  "Show older conversations": "Tampilkan percakapan lama",
  "Past 24 hours: a person may still reply (HUMAN_AGENT)":
    "Lewat 24 jam: seorang petugas masih boleh membalas (HUMAN_AGENT)",
  "Time left to reply freely (24-hour window)": "Sisa waktu untuk membalas bebas (jendela 24 jam)",
  "The 24-hour window has closed: only templates can be sent":
    "Jendela 24 jam sudah tertutup: hanya template yang dapat dikirim",
  "Window expired": "Jendela berakhir",
  "Template only": "Hanya template",
  "Blocked · ": "Diblokir · ",
  "No messages yet": "Belum ada pesan",
  "Marked unread": "Ditandai belum dibaca",
  You: "Anda",
  "No matches": "Tidak ada yang cocok",
  "No conversation in this tab matches these filters. Clear a filter to see more.":
    "Tidak ada percakapan di tab ini yang cocok dengan filter. Hapus filter untuk melihat lebih banyak.",
  "No conversation matches this search. Try part of a name, a phone number or a word from a message.":
    "Tidak ada percakapan yang cocok dengan pencarian ini. Coba sebagian nama, nomor telepon, atau kata dari pesan.",
  "No conversations assigned to you": "Tidak ada percakapan yang ditugaskan kepada Anda",
  "Conversations you take or are given show up here. Look in Unassigned for customers waiting for an answer.":
    "Percakapan yang Anda ambil atau diberikan kepada Anda muncul di sini. Lihat Belum ditugaskan untuk pelanggan yang menunggu jawaban.",
  "Nobody is waiting": "Tidak ada yang menunggu",
  "New conversations from customers show up here until someone takes them.":
    "Percakapan baru dari pelanggan muncul di sini sampai ada yang mengambilnya.",
  "No resolved conversations": "Tidak ada percakapan yang selesai",
  "Conversations appear here once they are resolved.": "Percakapan muncul di sini setelah diselesaikan.",
  "No conversations yet": "Belum ada percakapan",
  "Conversations with your customers will show up here as soon as they write.":
    "Percakapan dengan pelanggan Anda akan muncul di sini begitu mereka menulis.",
  "Nothing snoozed": "Tidak ada yang ditunda",
  "A snoozed conversation waits here until its time, or until the customer writes.":
    "Percakapan yang ditunda menunggu di sini sampai waktunya, atau sampai pelanggan menulis.",
  // Inbox filters
  "This channel": "Kanal ini",
  Filters: "Filter",
  "Filters ({count})": "Filter ({count})",
  "Filter conversations": "Filter percakapan",
  Label: "Label",
  "Any label": "Label apa pun",
  Anyone: "Siapa pun",
  "Nobody (unassigned)": "Tidak ada (belum ditugaskan)",
  Channel: "Kanal",
  "Every channel": "Semua kanal",
  "Reply window": "Jendela balasan",
  "Open or closed": "Terbuka atau tertutup",
  "Open (free replies)": "Terbuka (balasan bebas)",
  "Closed (templates only)": "Tertutup (hanya template)",
  "Active from": "Aktif dari",
  "Active until": "Aktif sampai",
  // The room
  "This conversation could not be loaded.": "Percakapan ini tidak dapat dimuat.",
  "Loading conversation…": "Memuat percakapan…",
  "The messages could not be loaded.": "Pesan tidak dapat dimuat.",
  "Loading messages…": "Memuat pesan…",
  "Reopen conversation": "Buka kembali percakapan",
  "Back to conversations": "Kembali ke percakapan",
  "Taking…": "Mengambil…",
  Take: "Ambil",
  "Resolving…": "Menyelesaikan…",
  Resolve: "Selesaikan",
  "Contact and conversation details": "Detail kontak dan percakapan",
  "You can still leave a private note.": "Anda masih dapat meninggalkan catatan pribadi.",
  "Send an approved template, e.g. an order update with its buttons.":
    "Kirim template yang disetujui, misalnya kabar pesanan dengan tombolnya.",
  "The 24-hour window has closed. Only an approved template can be sent until the customer writes again.":
    "Jendela 24 jam sudah tertutup. Hanya template yang disetujui yang dapat dikirim sampai pelanggan menulis lagi.",
  "The customer has not written yet. Start with an approved template.":
    "Pelanggan belum menulis. Mulai dengan template yang disetujui.",
  Write: "Tulis",
  Reply: "Balas",
  Template: "Template",
  "Private note": "Catatan pribadi",
  "Human replies allowed until {time}": "Balasan petugas diizinkan sampai {time}",
  "Human agent · {time} left": "Petugas · sisa {time}",
  "The 24-hour window closes {time}": "Jendela 24 jam tertutup {time}",
  "Reply window open, ": "Jendela balasan terbuka, ",
  "{time} left": "sisa {time}",
  "No customer message yet": "Belum ada pesan pelanggan",
  Today: "Hari ini",
  Yesterday: "Kemarin",
  // Sign-in page
  "Enter your password.": "Masukkan kata sandi Anda.",
  "Forgot your password?": "Lupa kata sandi?",
  "Sign in": "Masuk",
  "Welcome back. Sign in to answer your customers.": "Selamat datang kembali. Masuk untuk menjawab pelanggan Anda.",
  Email: "Email",
  Password: "Kata sandi",
  "Signing in…": "Sedang masuk…",
  // Profile page
  Profile: "Profil",
  "Your name, password, notifications and language, the same in every browser you use.":
    "Nama, kata sandi, notifikasi, dan bahasa Anda, sama di setiap peramban yang Anda gunakan.",
  "Enter your name.": "Masukkan nama Anda.",
  "Your name is saved.": "Nama Anda tersimpan.",
  Name: "Nama",
  "Your name": "Nama Anda",
  "Saving…": "Menyimpan…",
  "Save name": "Simpan nama",
  "Only an admin of your organization can change your name.":
    "Hanya admin organisasi Anda yang dapat mengubah nama Anda.",
  "Notifications and language": "Notifikasi dan bahasa",
  "When a customer writes while this tab is in the background":
    "Saat pelanggan menulis sementara tab ini berada di latar belakang",
  "Play a sound": "Putar suara",
  "Show a desktop notification": "Tampilkan notifikasi desktop",
  "Allow notifications": "Izinkan notifikasi",
  "This browser blocks notifications for this site: allow them in its site settings.":
    "Peramban ini memblokir notifikasi untuk situs ini: izinkan di pengaturan situsnya.",
  Language: "Bahasa",
  "Kept with your account. Until you choose, the app follows your browser's language.":
    "Disimpan bersama akun Anda. Sampai Anda memilih, aplikasi mengikuti bahasa peramban Anda.",
  "Save choices": "Simpan pilihan",
  "Your choices are saved.": "Pilihan Anda tersimpan.",
  "Enter your current password.": "Masukkan kata sandi Anda saat ini.",
  "Your password is changed. Your other sessions were signed out.":
    "Kata sandi Anda telah diubah. Sesi Anda yang lain telah dikeluarkan.",
  "One password for every organization you belong to.": "Satu kata sandi untuk setiap organisasi Anda.",
  "Current password": "Kata sandi saat ini",
  "New password": "Kata sandi baru",
  "New password again": "Ulangi kata sandi baru",
  "Changing…": "Mengubah…",
  "Change password": "Ubah kata sandi",
};

export const ID: Record<string, string> = {
  ...ID_SCREENS,
  ...ID_ROOM,
  ...ID_CALLS,
  ...ID_ACCOUNT,
  ...ID_ADMIN,
  ...ID_ADMIN_USERS,
  ...ID_ADMIN_TEAM,
  ...ID_ADMIN_CHANNELS,
  ...ID_ADMIN_SETTINGS,
  ...ID_TEMPLATES,
  ...ID_FINANCE,
  ...ID_REPORTS,
  ...ID_BROADCAST,
  ...ID_CONTACTS,
  ...ID_AGENT,
  ...ID_ERRORS,
};
