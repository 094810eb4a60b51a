/**
 * Rule I13: Indonesian words for the agent screens, keyed by the English sentence `t()` is given
 * (merged into the one dictionary in ./id.ts).
 */
export const ID_AGENT: Record<string, string> = {
  // Admin › Labels (rule I11)
  Labels: "Label",
  "Labels sort the conversations: agents put them on rooms and filter the inbox by them.":
    "Label mengelompokkan percakapan: agen memasangnya pada ruang percakapan dan menyaring kotak masuk dengannya.",
  "Add a label": "Tambah label",
  "Add label": "Tambah label",
  "The label {name} was added.": "Label {name} telah ditambahkan.",
  "Loading labels…": "Memuat label…",
  "No labels yet": "Belum ada label",
  "Add the first one above: a name and a colour.": "Tambahkan yang pertama di atas: nama dan warna.",
  "Give the label a name.": "Beri nama label.",
  Name: "Nama",
  Colour: "Warna",
  Cancel: "Batal",
  Save: "Simpan",
  "Saving…": "Menyimpan…",
  "Edit the label {name}": "Ubah label {name}",
  "The label {name} was saved.": "Label {name} telah disimpan.",
  "The label {name} was deleted.": "Label {name} telah dihapus.",
  "1 open room": "1 ruang terbuka",
  "{count} open rooms": "{count} ruang terbuka",
  "Delete {name}? No open room carries it.": "Hapus {name}? Tidak ada ruang terbuka yang memakainya.",
  "Delete {name}? 1 open room loses it.": "Hapus {name}? 1 ruang terbuka akan kehilangan label ini.",
  "Delete {name}? {count} open rooms lose it.": "Hapus {name}? {count} ruang terbuka akan kehilangan label ini.",
  "Deleting…": "Menghapus…",
  Delete: "Hapus",
  Edit: "Ubah",
  "Delete the label {name}": "Hapus label {name}",
  // The inbox list's tools
  "Labels:": "Label:",
  "Bulk actions": "Tindakan massal",
  "Assign or label": "Tugaskan atau beri label",
  "Assign or label…": "Tugaskan atau beri label…",
  // Left over on the inbox list, the error screen and the profile (found by the whole-file check)
  "Something went wrong while showing this page. Your messages are safe; reload to continue.":
    "Terjadi kesalahan saat menampilkan halaman ini. Pesan Anda aman; muat ulang untuk melanjutkan.",
  Reload: "Muat ulang",
  "Channel: {kind}, {name}.": "Saluran: {kind}, {name}.",
  Select: "Pilih",
  "Assign to {name}": "Tugaskan ke {name}",
  "Label {name}": "Label {name}",
  Apply: "Terapkan",
  Clear: "Kosongkan",
  Dismiss: "Tutup",
  "{name} is in {tab} now.": "{name} sekarang ada di {tab}.",
  "{name} is assigned to {agent} now.": "{name} sekarang ditugaskan ke {agent}.",
  "Show {tab}": "Tampilkan {tab}",
  "{tab} conversations": "Percakapan {tab}",
  "Select {name}": "Pilih {name}",
  "{count} unread": "{count} belum dibaca",
  // The bulk bar (issue 17)
  "{count} selected": "{count} dipilih",
  "Working…": "Sedang diproses…",
  "Done for 1 conversation.": "Selesai untuk 1 percakapan.",
  "Done for {count} conversations.": "Selesai untuk {count} percakapan.",
  "Done for {done}; not for {failed} ({reasons}).": "Selesai untuk {done}; tidak untuk {failed} ({reasons}).",
  "This browser has not been allowed to show notifications yet.": "Browser ini belum diizinkan menampilkan notifikasi.",
  // Desktop notifications
  "New message · {time}": "Pesan baru · {time}",
  "Assigned to you": "Ditugaskan kepada Anda",
};
