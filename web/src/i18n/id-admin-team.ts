/**
 * Rule I13: Indonesian words for Admin › Team (assignment), Calls and Quick replies,
 * keyed by the English sentence `t()` is given (merged into the one dictionary in ./id.ts).
 */
export const ID_ADMIN_TEAM: Record<string, string> = {
  Online: "Online",
  Away: "Sedang pergi",
  Offline: "Offline",
  "1 open conversation": "1 percakapan terbuka",
  "{count} open conversations": "{count} percakapan terbuka",
  "The cap is a whole number from 1 to 500.": "Batasnya bilangan bulat dari 1 sampai 500.",
  "Saved. New conversations go to online agents in turn, at most {open} each.":
    "Tersimpan. Percakapan baru diberikan bergiliran ke agen yang online, paling banyak {open} per agen.",
  "Saved. New conversations wait in Unassigned until someone takes them.":
    "Tersimpan. Percakapan baru menunggu di Belum ditugaskan sampai ada yang mengambilnya.",
  "Automatic assignment": "Penugasan otomatis",
  "A new conversation goes to the next online agent in turn. Agents who are away, offline or already hold the maximum of open conversations are skipped; when nobody can take it, it waits in Unassigned.":
    "Percakapan baru diberikan bergiliran ke agen online berikutnya. Agen yang sedang pergi, offline, atau sudah memegang jumlah maksimum percakapan terbuka dilewati; jika tidak ada yang dapat menerimanya, percakapan menunggu di Belum ditugaskan.",
  "Loading assignment settings…": "Memuat pengaturan penugasan…",
  "Assign new conversations automatically": "Tugaskan percakapan baru secara otomatis",
  "To online agents, in turn.": "Ke agen yang online, bergiliran.",
  "Only admins change this.": "Hanya admin yang dapat mengubah ini.",
  "Open conversations per agent, at most": "Percakapan terbuka per agen, paling banyak",
  "Save assignment": "Simpan penugasan",
  "Who is available for conversations now and how many open conversations each person holds.":
    "Siapa yang siap menerima percakapan sekarang dan berapa percakapan terbuka yang dipegang setiap orang.",
  Refresh: "Muat ulang",
  "Loading the team…": "Memuat tim…",
  "Team availability": "Ketersediaan tim",
  "(inbox not open)": "(kotak masuk tidak dibuka)",
  "Round robin: the next free agent, in turn": "Bergiliran: agen berikutnya yang bebas",
  "Ring everyone: the first to accept takes it": "Bunyikan semua: yang pertama menerima yang mengambil",
  "a WhatsApp number": "sebuah nomor WhatsApp",
  "Who rings when a customer calls a WhatsApp number: the conversation's agent first, then ring groups.":
    "Siapa yang berdering saat pelanggan menelepon nomor WhatsApp: agen percakapan lebih dulu, lalu grup dering.",
  "Add ring group": "Tambah grup dering",
  "Add a ring group": "Tambah grup dering",
  "{name} was added.": "{name} telah ditambahkan.",
  "Ring groups": "Grup dering",
  "Loading ring groups…": "Memuat grup dering…",
  "No ring groups yet": "Belum ada grup dering",
  "Without a ring group, a customer's call rings only the agent of their open conversation.":
    "Tanpa grup dering, panggilan pelanggan hanya membunyikan agen dari percakapan terbukanya.",
  "{name} was saved.": "{name} telah disimpan.",
  "A former member": "Mantan anggota",
  "rings {seconds} s": "berdering {seconds} dtk",
  "No members yet": "Belum ada anggota",
  "{name} was deleted.": "{name} telah dihapus.",
  "Calling on each number": "Panggilan di setiap nomor",
  "Both are off until you turn them on. WhatsApp is told first.":
    "Keduanya mati sampai Anda menyalakannya. WhatsApp diberi tahu lebih dulu.",
  "Loading {name}…": "Memuat {name}…",
  "Customers can call this number": "Pelanggan dapat menelepon nomor ini",
  "Agents can call customers from this number": "Agen dapat menelepon pelanggan dari nomor ini",
  "Delete {name}?": "Hapus {name}?",
  "Deleting…": "Menghapus…",
  Delete: "Hapus",
  "Delete {name}": "Hapus {name}",
  "Answers your team sends often. Agents type": "Jawaban yang sering dikirim tim Anda. Agen mengetik",
  "and the title in a reply to insert one.": "dan judulnya di balasan untuk menyisipkannya.",
  "Your own answers, beside the team's: only you see them. Type":
    "Jawaban Anda sendiri, di samping milik tim: hanya Anda yang melihatnya. Ketik",
  "and the title in a reply. Write {contact} or {agent} to have the names filled in.":
    "dan judulnya di balasan. Tulis {contact} atau {agent} agar namanya terisi.",
  "Add quick reply": "Tambah balasan cepat",
  "Add a quick reply": "Tambah balasan cepat",
  "/{title} was added.": "/{title} telah ditambahkan.",
  "Loading quick replies…": "Memuat balasan cepat…",
  "No quick replies yet": "Belum ada balasan cepat",
  "Add the answers your team types again and again.": "Tambahkan jawaban yang diketik tim Anda berulang kali.",
  "Add the answers you type again and again.": "Tambahkan jawaban yang Anda ketik berulang kali.",
  Title: "Judul",
  "One word (letters, digits, - and _): agents type /title to insert it.":
    "Satu kata (huruf, angka, - dan _): agen mengetik /judul untuk menyisipkannya.",
  Message: "Pesan",
};
