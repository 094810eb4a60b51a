/**
 * Rule I13: Indonesian words for Admin › Channels, the channel forms and the webchat embed,
 * keyed by the English sentence `t()` is given (merged into the one dictionary in ./id.ts).
 */
export const ID_ADMIN_CHANNELS: Record<string, string> = {
  Save: "Simpan",
  "/{title} was saved.": "/{title} telah disimpan.",
  "/{title} was deleted.": "/{title} telah dihapus.",
  Channel: "Kanal",
  "Store {channel}": "Toko {channel}",
  Connect: "Hubungkan",
  "Connecting…": "Menghubungkan…",
  "Where your customers write to you: WhatsApp, Telegram, LINE, Messenger, Instagram, email and your website's chat widget. Disconnecting keeps every conversation.":
    "Tempat pelanggan menulis kepada Anda: WhatsApp, Telegram, LINE, Messenger, Instagram, email, dan widget chat di situs Anda. Memutuskan kanal tetap menyimpan setiap percakapan.",
  "Connect a channel": "Hubungkan kanal",
  "Copy the identity secret of {name} now": "Salin rahasia identitas {name} sekarang",
  "if it is lost, make a new one.": "jika hilang, buat yang baru.",
  "{name} is connected. Paste its snippet before </body> on {site}.":
    "{name} sudah terhubung. Tempel cuplikannya sebelum </body> di {site}.",
  "your site": "situs Anda",
  "{name} is connected; its webhook is set.": "{name} sudah terhubung; webhook-nya sudah dipasang.",
  "{name} is connected. Forward {address} to {inbound}.": "{name} sudah terhubung. Teruskan {address} ke {inbound}.",
  "{name} is connected. Point its webhook at {url}.": "{name} sudah terhubung. Arahkan webhook-nya ke {url}.",
  "Loading channels…": "Memuat kanal…",
  "No channels yet": "Belum ada kanal",
  "Connect a WhatsApp number, a Telegram or LINE bot, a Facebook Page or an Instagram account to start receiving messages.":
    "Hubungkan nomor WhatsApp, bot Telegram atau LINE, Halaman Facebook, atau akun Instagram untuk mulai menerima pesan.",
  "Channel name": "Nama kanal",
  "added {time}": "ditambahkan {time}",
  "Meta app id {id}": "ID aplikasi Meta {id}",
  "Meta app id not set (asked of Meta when needed)":
    "ID aplikasi Meta belum diisi (ditanyakan ke Meta saat diperlukan)",
  "Forward mail to:": "Teruskan email ke:",
  "Webhook:": "Webhook:",
  Connected: "Terhubung",
  Disconnected: "Terputus",
  "Disconnect {name}": "Putuskan {name}",
  "Reconnect {name}": "Hubungkan ulang {name}",
  "{name} is disconnected; its conversations are kept.": "{name} terputus; percakapannya tetap disimpan.",
  "{name} is connected again.": "{name} terhubung kembali.",
  Disconnect: "Putuskan",
  Reconnect: "Hubungkan ulang",
  "New identity secret for {name}": "Rahasia identitas baru untuk {name}",
  "{name} has a new identity secret; the old one no longer verifies users.":
    "{name} punya rahasia identitas baru; yang lama tidak lagi memverifikasi pengguna.",
  "New identity secret": "Rahasia identitas baru",
  "Paste before </body> on your site:": "Tempel sebelum </body> di situs Anda:",
  "Copy the snippet of {name}": "Salin cuplikan {name}",
  "Optional: to keep a signed-in user's chat on every browser, your server computes hex(HMAC-SHA256(this secret, user id)) and your page sets window.edgeInboxSettings = { user: { id, hash, name } } before the snippet. A wrong hash is refused.":
    "Opsional: agar chat pengguna yang sudah masuk tetap ada di setiap peramban, server Anda menghitung hex(HMAC-SHA256(rahasia ini, id pengguna)) dan halaman Anda mengatur window.edgeInboxSettings = { user: { id, hash, name } } sebelum cuplikan. Hash yang salah ditolak.",
  "Digits only: the Meta app your access token belongs to (App settings › Basic). Template header samples upload to it; left empty, Meta is asked.":
    "Hanya angka: aplikasi Meta pemilik token akses Anda (App settings › Basic). Contoh header template diunggah ke sana; jika kosong, Meta yang ditanya.",
  "Digits only.": "Hanya angka.",
  "Page access token": "Token akses Halaman",
  "App secret": "Rahasia aplikasi",
  "Webhook verify token": "Token verifikasi webhook",
  "Any phrase of 8 characters or more; enter the same in Meta's webhook settings.":
    "Frasa apa saja, minimal 8 karakter; masukkan yang sama di pengaturan webhook Meta.",
  "Connect a WhatsApp number": "Hubungkan nomor WhatsApp",
  "The ids and secrets come from your Meta app (WhatsApp › API setup). Secrets are never shown again.":
    "ID dan rahasia berasal dari aplikasi Meta Anda (WhatsApp › API setup). Rahasia tidak pernah ditampilkan lagi.",
  "Display phone number": "Nomor telepon tampilan",
  "Phone number id": "ID nomor telepon",
  "WhatsApp Business account id": "ID akun WhatsApp Business",
  "Meta app id (optional)": "ID aplikasi Meta (opsional)",
  "Access token": "Token akses",
  "Connect a Telegram bot": "Hubungkan bot Telegram",
  "Create a bot with @BotFather and paste its token. We check it with Telegram and register our webhook ourselves. The token is never shown again.":
    "Buat bot dengan @BotFather lalu tempel tokennya. Kami memeriksanya ke Telegram dan mendaftarkan webhook kami sendiri. Token tidak pernah ditampilkan lagi.",
  "Bot token": "Token bot",
  "Connect a LINE Official Account": "Hubungkan LINE Official Account",
  "From the LINE Developers console (Messaging API channel): the channel secret and a long-lived channel access token. We set the webhook URL for you.":
    "Dari LINE Developers console (kanal Messaging API): rahasia kanal dan token akses kanal jangka panjang. Kami memasang URL webhook untuk Anda.",
  "Channel secret": "Rahasia kanal",
  "Channel access token": "Token akses kanal",
  "Connect a Facebook Page": "Hubungkan Halaman Facebook",
  "From your Meta app (Messenger › Settings). After connecting, give Meta the webhook URL shown here and the same verify token.":
    "Dari aplikasi Meta Anda (Messenger › Settings). Setelah terhubung, berikan ke Meta URL webhook yang tampil di sini dan token verifikasi yang sama.",
  "Facebook Page id": "ID Halaman Facebook",
  "Connect an Instagram account": "Hubungkan akun Instagram",
  "From your Meta app (Instagram › API setup). After connecting, give Meta the webhook URL shown here and the same verify token.":
    "Dari aplikasi Meta Anda (Instagram › API setup). Setelah terhubung, berikan ke Meta URL webhook yang tampil di sini dan token verifikasi yang sama.",
  "Instagram account id": "ID akun Instagram",
  "Connect a mailbox": "Hubungkan kotak surat",
  "Your support address. After connecting, forward its mail to the inbound address shown here (for example with Cloudflare Email Routing or your mail provider's forwarding rule). Replies go out from your support address.":
    "Alamat dukungan Anda. Setelah terhubung, teruskan emailnya ke alamat masuk yang tampil di sini (misalnya dengan Cloudflare Email Routing atau aturan penerusan penyedia email Anda). Balasan dikirim dari alamat dukungan Anda.",
  "Support email address": "Alamat email dukungan",
  "Add a webchat widget to your website": "Tambahkan widget webchat ke situs Anda",
  'Rule G2: the domain is your site\'s address without a "/" at the end (https://shop.example, not https://shop.example/). Only that site can show and use the widget. After connecting, paste the snippet shown before </body>.':
    'Domain adalah alamat situs Anda tanpa "/" di akhir (https://shop.example, bukan https://shop.example/). Hanya situs itu yang dapat menampilkan dan memakai widget. Setelah terhubung, tempel cuplikan yang tampil sebelum </body>.',
  Domain: "Domain",
  'The site\'s address only: no "/" at the end, no path.': 'Alamat situs saja: tanpa "/" di akhir, tanpa path.',
  "phone number id {id}": "ID nomor telepon {id}",
  "bot id {id}": "ID bot {id}",
  "LINE bot": "Bot LINE",
  "Page id {id}": "ID Halaman {id}",
  "Instagram account id {id}": "ID akun Instagram {id}",
  "widget id {id}": "ID widget {id}",
};
