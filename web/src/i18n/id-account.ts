/**
 * Rule I13: Indonesian words for the account pages (invitation, password, email), the shortcuts, the app shell and shared words,
 * keyed by the English sentence `t()` is given (merged into the one dictionary in ./id.ts).
 */
export const ID_ACCOUNT: Record<string, string> = {
  "At least {count} characters.": "Minimal {count} karakter.",
  Organization: "Organisasi",
  "{organization} invited you to join as an admin.": "{organization} mengundang Anda bergabung sebagai admin.",
  "{organization} invited you to join as a supervisor.": "{organization} mengundang Anda bergabung sebagai supervisor.",
  "{organization} invited you to join as an agent.": "{organization} mengundang Anda bergabung sebagai agen.",
  Invitations: "Undangan",
  "Join {organization}": "Bergabung dengan {organization}",
  "Check your email": "Periksa email Anda",
  "If {email} has an account, we sent it a link to choose a new password. The link works for 30 minutes.":
    "Jika {email} memiliki akun, kami telah mengirim tautan untuk memilih kata sandi baru. Tautan berlaku selama 30 menit.",
  "Nothing arrived? Check the spam folder, or ask for another link.":
    "Tidak ada yang masuk? Periksa folder spam, atau minta tautan lain.",
  "Send another link": "Kirim tautan lain",
  "Back to sign in": "Kembali ke halaman masuk",
  "Reset your password": "Atur ulang kata sandi Anda",
  "Enter the email you sign in with and we'll send you a reset link.":
    "Masukkan email yang Anda pakai untuk masuk dan kami akan mengirim tautan atur ulang.",
  "Send reset link": "Kirim tautan atur ulang",
  "Your password has been changed. Sign in with your new password.":
    "Kata sandi Anda sudah diubah. Masuk dengan kata sandi baru Anda.",
  "Ask for a new reset link": "Minta tautan atur ulang baru",
  "Choose a new password": "Pilih kata sandi baru",
  "This page needs the link from your reset email, and this address has no reset token.":
    "Halaman ini memerlukan tautan dari email atur ulang Anda, dan alamat ini tidak memiliki token atur ulang.",
  "Pick a password you don't use anywhere else.": "Pilih kata sandi yang tidak Anda pakai di tempat lain.",
  "Repeat new password": "Ulangi kata sandi baru",
  "Set new password": "Simpan kata sandi baru",
  "Go to the inbox": "Ke kotak masuk",
  "Page not found": "Halaman tidak ditemukan",
  "There is no page at this address.": "Tidak ada halaman di alamat ini.",
  "You are invited to {organization} as an admin, as {email}.":
    "Anda diundang ke {organization} sebagai admin, dengan email {email}.",
  "You are invited to {organization} as a supervisor, as {email}.":
    "Anda diundang ke {organization} sebagai supervisor, dengan email {email}.",
  "You are invited to {organization} as an agent, as {email}.":
    "Anda diundang ke {organization} sebagai agen, dengan email {email}.",
  "You joined {organization}. Sign in with your new password to continue.":
    "Anda sudah bergabung dengan {organization}. Masuk dengan kata sandi baru Anda untuk melanjutkan.",
  "You joined {organization}. Sign in to continue.":
    "Anda sudah bergabung dengan {organization}. Masuk untuk melanjutkan.",
  Invitation: "Undangan",
  "Go to sign in": "Ke halaman masuk",
  "This page needs the link from your invitation email.": "Halaman ini memerlukan tautan dari email undangan Anda.",
  "This invitation is invalid, already accepted, withdrawn or expired. Ask your admin to invite you again.":
    "Undangan ini tidak valid, sudah diterima, ditarik, atau kedaluwarsa. Minta admin Anda mengundang Anda lagi.",
  "Loading your invitation…": "Memuat undangan Anda…",
  "Not now": "Nanti saja",
  "Choose your password. Only you know it: nobody at {organization} ever sees it.":
    "Pilih kata sandi Anda. Hanya Anda yang mengetahuinya: tidak seorang pun di {organization} dapat melihatnya.",
  "Choose a password": "Pilih kata sandi",
  "Repeat the password": "Ulangi kata sandi",
  "You already have an account: you keep your password and sign in as usual.":
    "Anda sudah memiliki akun: kata sandi Anda tetap sama dan Anda masuk seperti biasa.",
  "Joining…": "Bergabung…",
  "Confirm your email": "Konfirmasi email Anda",
  "This page needs the link from your confirmation email.": "Halaman ini memerlukan tautan dari email konfirmasi Anda.",
  "Email confirmed": "Email terkonfirmasi",
  "Your email is now {email}. Sign in with it from now on.":
    "Email Anda sekarang {email}. Mulai sekarang masuk dengan email ini.",
  "Your account's email is being changed to this address. Until you confirm, you keep signing in with the old one.":
    "Email akun Anda sedang diubah ke alamat ini. Sampai Anda mengonfirmasi, Anda tetap masuk dengan email lama.",
  "Your current password": "Kata sandi Anda saat ini",
  "The password you sign in with today: it shows the account is yours.":
    "Kata sandi yang Anda pakai untuk masuk saat ini: ini menunjukkan bahwa akun ini milik Anda.",
  "Confirming…": "Mengonfirmasi…",
  "Confirm my new email": "Konfirmasi email baru saya",
  "Keyboard shortcuts": "Pintasan keyboard",
  "Shortcuts do nothing while you type in a field.": "Pintasan tidak berfungsi saat Anda mengetik di sebuah isian.",
  "Next conversation in the list": "Percakapan berikutnya di daftar",
  "Previous conversation in the list": "Percakapan sebelumnya di daftar",
  "Write a reply (focus the message box)": "Tulis balasan (fokus ke kotak pesan)",
  "Choose a template": "Pilih template",
  "Assign the conversation to me (Take)": "Tugaskan percakapan ke saya (Ambil)",
  "Resolve the conversation": "Selesaikan percakapan",
  "Show these shortcuts": "Tampilkan pintasan ini",
  "Enter the 6 digits of the code.": "Masukkan 6 digit kode.",
  "Sending a code to your email…": "Mengirim kode ke email Anda…",
  "This code has expired. Send a new one.": "Kode ini sudah kedaluwarsa. Kirim kode baru.",
  "We emailed a 6-digit code to {email}. It works once, until {time}.":
    "Kami mengirim kode 6 digit ke {email}. Kode hanya berlaku sekali, sampai pukul {time}.",
  "6-digit code": "Kode 6 digit",
  "Send a new code": "Kirim kode baru",
  "Skip to main content": "Langsung ke konten utama",
  "Top up soon, or replies and template messages will stop going out.":
    "Segera isi saldo, atau balasan dan pesan template akan berhenti terkirim.",
  "Loading your profile…": "Memuat profil Anda…",
  "The profile page could not be loaded. Check your connection and try again.":
    "Halaman profil tidak dapat dimuat. Periksa koneksi Anda dan coba lagi.",
  "Loading admin…": "Memuat halaman admin…",
  "The admin pages could not be loaded. Check your connection and try again.":
    "Halaman admin tidak dapat dimuat. Periksa koneksi Anda dan coba lagi.",
  "The templates page could not be loaded. Check your connection and try again.":
    "Halaman template tidak dapat dimuat. Periksa koneksi Anda dan coba lagi.",
  "Loading reports…": "Memuat laporan…",
  "The reports page could not be loaded. Check your connection and try again.":
    "Halaman laporan tidak dapat dimuat. Periksa koneksi Anda dan coba lagi.",
  "Loading contacts…": "Memuat kontak…",
  "The contacts page could not be loaded. Check your connection and try again.":
    "Halaman kontak tidak dapat dimuat. Periksa koneksi Anda dan coba lagi.",
  "Loading broadcast…": "Memuat siaran…",
  "The broadcast pages could not be loaded. Check your connection and try again.":
    "Halaman siaran tidak dapat dimuat. Periksa koneksi Anda dan coba lagi.",
  "Loading billing usage…": "Memuat pemakaian tagihan…",
  "The billing page could not be loaded. Check your connection and try again.":
    "Halaman tagihan tidak dapat dimuat. Periksa koneksi Anda dan coba lagi.",
  you: "Anda",
  Someone: "Seseorang",
  "The call has no offer.": "Panggilan ini tidak memiliki penawaran.",
  "Your session has ended. Sign in again to continue.": "Sesi Anda telah berakhir. Masuk lagi untuk melanjutkan.",
  "You signed out.": "Anda sudah keluar.",
  "Microphone {number}": "Mikrofon {number}",
  "This browser cannot use a microphone here.": "Browser ini tidak dapat memakai mikrofon di sini.",
  "The browser did not allow the microphone. Allow it for this site (the icon in the address bar) and try again.":
    "Browser tidak mengizinkan mikrofon. Izinkan untuk situs ini (ikon di bilah alamat) lalu coba lagi.",
  "No microphone could be opened. Plug one in or choose another, and try again.":
    "Tidak ada mikrofon yang dapat dibuka. Colokkan mikrofon atau pilih yang lain, lalu coba lagi.",
  "{count} s": "{count} detik",
  "{count} min": "{count} menit",
  "{hours} h {minutes} min": "{hours} jam {minutes} menit",
  "{count} h": "{count} jam",
  conversation: "percakapan",
  "open conversation": "percakapan terbuka",
  message: "pesan",
  contact: "kontak",
  problem: "masalah",
  duplicate: "duplikat",
  "failed recipient": "penerima yang gagal",
};
