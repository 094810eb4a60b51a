/**
 * Rule I13: the Indonesian words of the common problem codes (web/src/errors.ts), keyed by their
 * English sentence. The codes themselves stay the same in every language.
 */
export const ID_ERRORS: Record<string, string> = {
  // invalid_credentials
  "That email and password don't match. Check both and try again.":
    "Email dan kata sandi itu tidak cocok. Periksa keduanya dan coba lagi.",
  // validation_failed
  "Some of the fields need another look.": "Beberapa isian perlu diperiksa lagi.",
  // unauthenticated
  "You are signed out. Sign in to continue.": "Anda sudah keluar. Masuk untuk melanjutkan.",
  // forbidden
  "Your role does not allow this. Ask an admin of your organization if you need it.":
    "Peran Anda tidak mengizinkan ini. Minta admin organisasi Anda jika Anda memerlukannya.",
  // csrf_rejected
  "This request was blocked because it did not come from this page. Reload the page and try again.":
    "Permintaan ini diblokir karena tidak berasal dari halaman ini. Muat ulang halaman dan coba lagi.",
  // reset_token_invalid
  "This reset link is invalid, already used or expired.":
    "Tautan atur ulang ini tidak valid, sudah dipakai, atau kedaluwarsa.",
  // current_password_wrong
  "The current password is not right.": "Kata sandi saat ini tidak benar.",
  // mail_unavailable
  "The email could not be sent. Try again in a moment.": "Email tidak dapat dikirim. Coba lagi sebentar lagi.",
  // not_found
  "That could not be found. It may have been removed, or you no longer have access to it.":
    "Itu tidak ditemukan. Mungkin sudah dihapus, atau Anda tidak lagi memiliki akses.",
  // malformed_json
  "The app sent a request the server could not read. Reload the page and try again.":
    "Aplikasi mengirim permintaan yang tidak dapat dibaca server. Muat ulang halaman dan coba lagi.",
  // network_error
  "Can't reach the server. Check your connection and try again.":
    "Server tidak dapat dihubungi. Periksa koneksi Anda dan coba lagi.",
  // internal_error
  "Something went wrong on our side. Try again in a moment.":
    "Terjadi kesalahan di pihak kami. Coba lagi sebentar lagi.",
  // window_expired
  "The 24-hour window with this customer has closed. Only an approved template message can be sent now.":
    "Jendela 24 jam dengan pelanggan ini sudah tertutup. Sekarang hanya pesan template yang disetujui yang dapat dikirim.",
  // room_resolved
  "This conversation is resolved. Start a new one with a template message.":
    "Percakapan ini sudah selesai. Mulai percakapan baru dengan pesan template.",
  // contact_blocked
  "This contact is blocked. Unblock them to send messages.":
    "Kontak ini diblokir. Buka blokirnya untuk mengirim pesan.",
  // room_assigned_elsewhere
  "This conversation is assigned to another agent. Ask a supervisor to transfer it to you.":
    "Percakapan ini ditugaskan ke agen lain. Minta supervisor memindahkannya kepada Anda.",
  // block_needs_open_room
  "A contact can only be blocked from an open conversation.":
    "Kontak hanya dapat diblokir dari percakapan yang terbuka.",
  // reply_target_missing
  "The message you replied to could not be found. Send it without the reply.":
    "Pesan yang Anda balas tidak ditemukan. Kirim tanpa balasan.",
  // room_open
  "This contact already has an open conversation. Send from there.":
    "Kontak ini sudah memiliki percakapan terbuka. Kirim dari sana.",
  // template_not_sendable
  "This template is not approved for sending. Pick another one.":
    "Template ini tidak disetujui untuk dikirim. Pilih yang lain.",
  // template_variables_mismatch
  "Fill in every field of the template.": "Isi setiap isian template.",
  // media_missing
  "The attached file was not found. Attach it again.": "Berkas lampiran tidak ditemukan. Lampirkan lagi.",
  // payload_too_large
  "This is too large to send. Use a smaller file or a shorter text.":
    "Ini terlalu besar untuk dikirim. Gunakan berkas yang lebih kecil atau teks yang lebih pendek.",
  // send_interrupted
  "The message could not be sent; any charge for it was given back. Try again.":
    "Pesan tidak dapat dikirim; biaya untuknya sudah dikembalikan. Coba lagi.",
  // room_not_ready
  "This conversation is still being opened. Try again in a moment.":
    "Percakapan ini masih dibuka. Coba lagi sebentar lagi.",
  // websocket_required
  "The live connection could not be opened. Reload the page.":
    "Koneksi langsung tidak dapat dibuka. Muat ulang halaman.",
  // insufficient_balance
  "The WhatsApp balance cannot pay for this message. An admin can top up in Finance; then try again.":
    "Saldo WhatsApp tidak cukup untuk pesan ini. Admin dapat mengisi saldo di Keuangan; lalu coba lagi.",
  // channel_disconnected
  "This WhatsApp number is disconnected. Reconnect it in Channels first.":
    "Nomor WhatsApp ini terputus. Hubungkan kembali di Kanal terlebih dahulu.",
  // provider_unavailable
  "WhatsApp could not be reached. Nothing was changed; try again in a moment.":
    "WhatsApp tidak dapat dihubungi. Tidak ada yang berubah; coba lagi sebentar lagi.",
  // channel_credentials_invalid
  "The access token was not accepted: it may be expired, revoked or mistyped. Paste a current token and try again.":
    "Token akses tidak diterima: mungkin kedaluwarsa, dicabut, atau salah ketik. Tempel token yang masih berlaku lalu coba lagi.",
  // phone_number_not_found
  "No phone number with this phone number id was found for this access token. Check the id in WhatsApp › API setup.":
    "Tidak ada nomor telepon dengan ID nomor telepon ini untuk token akses ini. Periksa ID-nya di WhatsApp › API setup.",
  // otp_required
  "Enter the 6-digit code we emailed you.": "Masukkan kode 6 digit yang kami kirim lewat email.",
  // otp_invalid
  "That code is not right, has expired or was already used. Check the email, or send a new code.":
    "Kode itu salah, kedaluwarsa, atau sudah dipakai. Periksa email, atau kirim kode baru.",
  // email_taken
  "Another account already uses this email.": "Akun lain sudah memakai email ini.",
  // name_taken
  "That name is already used. Choose another one.": "Nama itu sudah dipakai. Pilih nama lain.",
  "a few minutes": "beberapa menit",
  "1 second": "1 detik",
  "{count} seconds": "{count} detik",
  "1 minute": "1 menit",
  "{count} minutes": "{count} menit",
  "Something unexpected went wrong. Reload the page and try again.":
    "Terjadi kesalahan tak terduga. Muat ulang halaman dan coba lagi.",
  "Too many sign-in attempts for this email. Wait {wait} and try again, or reset your password.":
    "Terlalu banyak percobaan masuk untuk email ini. Tunggu {wait} lalu coba lagi, atau atur ulang kata sandi Anda.",
  "Too many wrong codes. Wait {wait}, then send a new code.":
    "Terlalu banyak kode yang salah. Tunggu {wait}, lalu kirim kode baru.",
  "Too many codes were asked for. Use the last code we emailed, or wait {wait}.":
    "Terlalu banyak kode yang diminta. Gunakan kode terakhir yang kami kirim, atau tunggu {wait}.",
  "Too many requests. Wait {wait} and try again.": "Terlalu banyak permintaan. Tunggu {wait} lalu coba lagi.",
  "The request did not work. Try again.": "Permintaan tidak berhasil. Coba lagi.",
  "WhatsApp refused the template.": "WhatsApp menolak template ini.",
  "Enter an email address like name@example.com.": "Masukkan alamat email seperti nama@contoh.com.",
  "This field is required.": "Isian ini wajib diisi.",
  "This is too long.": "Ini terlalu panjang.",
  "Enter your email address.": "Masukkan alamat email Anda.",
  "Choose a new password.": "Pilih kata sandi baru.",
  "Use at least {count} characters.": "Gunakan minimal {count} karakter.",
  "The two passwords are not the same.": "Kedua kata sandi tidak sama.",
  "This invitation is invalid, already accepted, withdrawn or expired.":
    "Undangan ini tidak valid, sudah diterima, ditarik, atau kedaluwarsa.",
  "Choose a password to join.": "Pilih kata sandi untuk bergabung.",
  "This confirmation link is invalid, already used or expired. Ask your admin to change the email again.":
    "Tautan konfirmasi ini tidak valid, sudah dipakai, atau kedaluwarsa. Minta admin Anda mengubah email lagi.",
  "This person has already been invited. Remove the invitation to send a new one.":
    "Orang ini sudah diundang. Hapus undangannya untuk mengirim undangan baru.",
  "This person has not accepted yet, so only the role can change.":
    "Orang ini belum menerima undangan, jadi hanya perannya yang dapat diubah.",
  "This template's header needs its value. Reload the page to see the template as it is now, then fill in every field.":
    "Header template ini memerlukan nilainya. Muat ulang halaman untuk melihat template seperti sekarang, lalu isi setiap isian.",
  "Each link button of this template needs the end of its link. Reload the page to see the template as it is now, then fill in every field.":
    "Setiap tombol tautan template ini memerlukan akhiran tautannya. Muat ulang halaman untuk melihat template seperti sekarang, lalu isi setiap isian.",
  "This template has no photo, video or document header, so no file can go with it.":
    "Template ini tidak memiliki header foto, video, atau dokumen, jadi tidak ada berkas yang dapat disertakan.",
  "The header's file is not of the kind this template shows (a photo, video or document).":
    "Berkas header tidak sesuai dengan jenis yang ditampilkan template ini (foto, video, atau dokumen).",
  "This file was uploaded as a template sample and can't be sent as a message. Attach it again from the message box.":
    "Berkas ini diunggah sebagai contoh template dan tidak dapat dikirim sebagai pesan. Lampirkan lagi dari kotak pesan.",
  "This kind of file can't be sent on WhatsApp. Try a JPEG or PNG image, an MP4 video, an audio file, or a PDF or Office document.":
    "Jenis berkas ini tidak dapat dikirim di WhatsApp. Coba gambar JPEG atau PNG, video MP4, berkas audio, atau dokumen PDF atau Office.",
  "This file is too large for WhatsApp (images up to 5 MB, video and audio up to 16 MB, documents up to 100 MB).":
    "Berkas ini terlalu besar untuk WhatsApp (gambar hingga 5 MB, video dan audio hingga 16 MB, dokumen hingga 100 MB).",
  "An organization needs at least one admin. Make someone else an admin first.":
    "Organisasi memerlukan setidaknya satu admin. Jadikan orang lain admin terlebih dahulu.",
  "This person is already a member of your organization.": "Orang ini sudah menjadi anggota organisasi Anda.",
  "This person also belongs to an organization you do not administer, so their name and email can't be changed here. Their role can still be changed.":
    "Orang ini juga anggota organisasi yang tidak Anda kelola, jadi nama dan emailnya tidak dapat diubah di sini. Perannya masih dapat diubah.",
  "A quick reply with this title already exists. Choose another title.":
    "Balasan cepat dengan judul ini sudah ada. Pilih judul lain.",
  "This WhatsApp number is already connected.": "Nomor WhatsApp ini sudah terhubung.",
  "This organization has no billing package, so there is nothing to top up.":
    "Organisasi ini tidak memiliki paket tagihan, jadi tidak ada yang dapat diisi saldonya.",
  "Top-ups are not available right now: no payment provider is set up. Nothing was charged.":
    "Pengisian saldo belum tersedia saat ini: belum ada penyedia pembayaran yang diatur. Tidak ada biaya yang ditagih.",
  "A submitted template cannot be changed. Delete it and submit a new one under another name.":
    "Template yang sudah diajukan tidak dapat diubah. Hapus lalu ajukan template baru dengan nama lain.",
  "The code is wrong. 1 try left before the code is locked.": "Kode salah. Tersisa 1 percobaan sebelum kode dikunci.",
  "The code is wrong. {count} tries left before the code is locked.":
    "Kode salah. Tersisa {count} percobaan sebelum kode dikunci.",
  "The code has expired or was already used. Request a new one.":
    "Kode sudah kedaluwarsa atau sudah dipakai. Minta kode baru.",
  "The code was already used. Request a new one.": "Kode sudah dipakai. Minta kode baru.",
  // Field errors (zod's own words for a number out of range, a value of the wrong form)
  "Use a number up to {max}.": "Gunakan angka paling besar {max}.",
  "Use a number of at least {min}.": "Gunakan angka paling kecil {min}.",
  "This is not in the expected format.": "Format isian ini tidak sesuai.",
  // Inbox, contacts, profile and settings
  "This conversation could not be reached. Try again.": "Percakapan ini tidak dapat dihubungi. Coba lagi.",
  "A label with this name already exists. Choose another name.": "Label dengan nama ini sudah ada. Pilih nama lain.",
  "Pick a snooze time within the next 30 days.": "Pilih waktu tunda dalam 30 hari ke depan.",
  "This number has reached its daily messaging limit: no more new customers can get a template today. Customers who wrote in the last 24 hours can still be answered.":
    "Nomor ini sudah mencapai batas pesan hariannya: hari ini tidak ada lagi pelanggan baru yang dapat menerima template. Pelanggan yang menulis dalam 24 jam terakhir masih dapat dibalas.",
  "This contact is on another kind of channel. Start the conversation from a channel of that kind.":
    "Kontak ini ada di jenis kanal lain. Mulai percakapan dari kanal dengan jenis tersebut.",
  "Billing is busy with other sends of your organization. Try again in a moment.":
    "Penagihan sedang sibuk dengan pengiriman lain dari organisasi Anda. Coba lagi sebentar lagi.",
  "The file could not be uploaded to the provider. Try again in a moment.":
    "Berkas tidak dapat diunggah ke penyedia. Coba lagi sebentar lagi.",
  "Only an admin of your organization can change your name.":
    "Hanya admin organisasi Anda yang dapat mengubah nama Anda.",
  "Some open intervals are empty or overlap. Check the days marked below.":
    "Beberapa jam buka kosong atau saling tumpang tindih. Periksa hari yang ditandai di bawah.",
  "Choose an approved template of this name and language that has no variables.":
    "Pilih template yang disetujui dengan nama dan bahasa ini yang tidak memiliki variabel.",
  "Write the site's domain without the slash at the end, like https://shop.example.":
    "Tulis domain situs tanpa garis miring di akhir, seperti https://shop.example.",
  "Enter the site's domain as https://host, without a path, like https://shop.example.":
    "Masukkan domain situs sebagai https://host, tanpa path, seperti https://shop.example.",
  "The provider refused these credentials. Check them and try again.":
    "Penyedia menolak kredensial ini. Periksa lalu coba lagi.",
  "The header sample is no longer stored. Upload it again.": "Contoh header sudah tidak tersimpan. Unggah lagi.",
  "A list file can be at most 5 MB.": "Berkas daftar paling besar 5 MB.",
  "The campaign could not be created. Try again.": "Kampanye tidak dapat dibuat. Coba lagi.",
  // Tenant webhooks
  "A webhook URL must be a full https address on a public host, without a user name or password.":
    "URL webhook harus berupa alamat https lengkap pada host publik, tanpa nama pengguna atau kata sandi.",
  "Enter a full URL, like https://example.com/webhooks.": "Masukkan URL lengkap, seperti https://example.com/webhooks.",
  "A webhook URL cannot carry a user name or password.":
    "URL webhook tidak boleh memuat nama pengguna atau kata sandi.",
  "A webhook URL must use https.": "URL webhook harus memakai https.",
  "A webhook URL cannot point at a private, loopback or link-local address.":
    "URL webhook tidak boleh mengarah ke alamat privat, loopback, atau link-local.",
  "This endpoint is disabled. Enable it first.": "Endpoint ini dinonaktifkan. Aktifkan terlebih dahulu.",
  // Calls
  "Another agent answered this call.": "Agen lain sudah menjawab panggilan ini.",
  "This call has ended.": "Panggilan ini sudah berakhir.",
  "You are on another call. End it first.": "Anda sedang dalam panggilan lain. Akhiri dulu.",
  "WhatsApp refused this call action. Try again in a moment.":
    "WhatsApp menolak tindakan panggilan ini. Coba lagi sebentar lagi.",
  "This kind of channel has no calls.": "Jenis kanal ini tidak mendukung panggilan.",
  "Call permission can only be requested in an active conversation: the customer's 24-hour window, or a template sent in the last 24 hours.":
    "Izin panggilan hanya dapat diminta dalam percakapan aktif: jendela 24 jam pelanggan, atau template yang dikirim dalam 24 jam terakhir.",
  "Call permission can be requested at most once a day and twice a week. Try again later.":
    "Izin panggilan dapat diminta paling banyak sekali sehari dan dua kali seminggu. Coba lagi nanti.",
  "This customer has not allowed calls yet. Request call permission first.":
    "Pelanggan ini belum mengizinkan panggilan. Minta izin panggilan terlebih dahulu.",
  "Outbound calls are turned off for this number. An admin can turn them on.":
    "Panggilan keluar dimatikan untuk nomor ini. Admin dapat menyalakannya.",
  "Outbound calls need a voice balance of at least Rp 50,000. An admin can top up in Finance.":
    "Panggilan keluar memerlukan saldo suara minimal Rp 50.000. Admin dapat mengisi saldo di Keuangan.",
  "This number has had 10 connected calls in the last 24 hours. Try again later.":
    "Nomor ini sudah mendapat 10 panggilan tersambung dalam 24 jam terakhir. Coba lagi nanti.",
  "An agent is already in another ring group of this number. Each agent can be in one group per number.":
    "Seorang agen sudah ada di grup dering lain untuk nomor ini. Setiap agen hanya dapat berada di satu grup per nomor.",
};
