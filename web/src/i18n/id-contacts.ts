/**
 * Rule I13: Indonesian words for the Contacts pages (list, import, one contact),
 * keyed by the English sentence `t()` is given (merged into the one dictionary in ./id.ts).
 */
export const ID_CONTACTS: Record<string, string> = {
  // ---- Contacts (issue 17 item 5) ------------------------------------------------------------
  "Contacts · {organization}": "Kontak · {organization}",
  "Every customer who wrote on any channel, and those you imported.":
    "Setiap pelanggan yang menulis di kanal mana pun, dan yang Anda impor.",
  "Import contacts": "Impor kontak",
  "A {phone} column; {name}, {email} and {notes} fill the profile, any other column is a custom attribute. Every cell is read as text; a known phone is updated.":
    "Kolom {phone}; {name}, {email}, dan {notes} mengisi profil, kolom lainnya menjadi atribut khusus. Setiap sel dibaca sebagai teks; nomor yang sudah dikenal diperbarui.",
  "Import progress": "Kemajuan impor",
  "Importing…": "Mengimpor…",
  "The file is {size}; it can be at most 5 MB.": "Berkas ini {size}; paling besar 5 MB.",
  "Fix the file and import it again.": "Perbaiki berkas lalu impor lagi.",
  "{created} contacts added, {updated} updated.": "{created} kontak ditambahkan, {updated} diperbarui.",
  "{count} rows of other channels left out.": "{count} baris dari kanal lain tidak disertakan.",
  "Search contacts": "Cari kontak",
  "Name, phone or email": "Nama, telepon, atau email",
  "Loading contacts…": "Memuat kontak…",
  "No contact matches “{query}”": "Tidak ada kontak yang cocok dengan “{query}”",
  "No contacts yet": "Belum ada kontak",
  "Phone or id": "Telepon atau id",
  "No name": "Tanpa nama",
  Blocked: "Diblokir",
  "Loading more contacts…": "Memuat kontak lainnya…",
  "Show more contacts": "Tampilkan kontak lainnya",
  // One contact
  Assigned: "Ditugaskan",
  "Loading the contact…": "Memuat kontak…",
  "All contacts": "Semua kontak",
  Notes: "Catatan",
  "Custom attributes": "Atribut khusus",
  "Attribute {n} name": "Nama atribut {n}",
  "name, e.g. tier": "nama, misalnya tier",
  "Attribute {n} value": "Nilai atribut {n}",
  "Remove attribute {name}": "Hapus atribut {name}",
  "Add attribute": "Tambah atribut",
  "The profile was saved.": "Profil telah disimpan.",
  "Save profile": "Simpan profil",
  Blocking: "Pemblokiran",
  "Blocked: their messages open no room and reach no agent.":
    "Diblokir: pesan mereka tidak membuka percakapan dan tidak sampai ke agen.",
  "A blocked contact's messages open no room and reach no agent.":
    "Pesan dari kontak yang diblokir tidak membuka percakapan dan tidak sampai ke agen.",
  "Unblock contact": "Buka blokir kontak",
  "Block contact": "Blokir kontak",
  "Loading more conversations…": "Memuat percakapan lainnya…",
  "Show more conversations": "Tampilkan percakapan lainnya",
};
