/**
 * Rule I13: Indonesian words for the admin screens' shared words, the admin navigation and the roles,
 * keyed by the English sentence `t()` is given (merged into the one dictionary in ./id.ts).
 */
export const ID_ADMIN: Record<string, string> = {
  "Enter an email address like name@example.com.": "Masukkan alamat email seperti nama@contoh.com.",
  "This field is required.": "Isian ini wajib diisi.",
  Cancel: "Batal",
  "This is the only time it is shown. Store it somewhere safe; {lost}.":
    "Ini satu-satunya saat rahasia ini ditampilkan. Simpan di tempat yang aman; {lost}.",
  Copied: "Tersalin",
  Copy: "Salin",
  "I have stored it": "Sudah saya simpan",
  Admin: "Admin",
  Administration: "Administrasi",
  Users: "Pengguna",
  Channels: "Kanal",
  "API keys": "Kunci API",
  "Quick replies": "Balasan cepat",
  "My quick replies": "Balasan cepat saya",
  Settings: "Pengaturan",
  Calls: "Panggilan",
  Team: "Tim",
  "Office hours": "Jam kerja",
  CSAT: "CSAT",
  Webhooks: "Webhook",
  Security: "Keamanan",
  "Only admins can open this page": "Hanya admin yang dapat membuka halaman ini",
  "Your role does not include this. Ask an admin of your organization if you need it.":
    "Peran Anda tidak mencakup ini. Minta admin organisasi Anda jika Anda memerlukannya.",
  Agent: "Agen",
  Supervisor: "Supervisor",
  "Answers the conversations assigned to them or unassigned.":
    "Menjawab percakapan yang ditugaskan kepadanya atau yang belum ditugaskan.",
  "Also sees every conversation and assigns them.": "Juga melihat setiap percakapan dan menugaskannya.",
  "Also manages users, channels, API keys and settings.": "Juga mengelola pengguna, kanal, kunci API, dan pengaturan.",
};
