<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>AddContactDialog</name>
    <message>
        <location filename="../../app/ui/dialogs.py" line="52"/>
        <source>Add contact</source>
        <translation>Tambah kontak</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="54"/>
        <source>Paste the invite link your contact sent you.</source>
        <translation>Tempel tautan undangan yang dikirim kontak Anda.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="57"/>
        <source>Invite link</source>
        <translation>Tautan undangan</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="64"/>
        <source>Add</source>
        <translation>Tambah</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="66"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="78"/>
        <source>Paste a link first.</source>
        <translation>Tempel tautan dulu.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="81"/>
        <source>Adding…</source>
        <translation>Menambahkan…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="90"/>
        <source>This link did not work: %1</source>
        <translation>Tautan ini tidak berhasil: %1</translation>
    </message>
</context>
<context>
    <name>BisikWindow</name>
    <message>
        <location filename="../../app/ui/window.py" line="120"/>
        <source>Bisik — DEMO: %1</source>
        <translation>Bisik — DEMO: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="123"/>
        <source>DEMO: %1. A throwaway profile (passphrase: %2), deleted when the demo ends.</source>
        <translation>DEMO: %1. Profil sementara (frasa sandi: %2), dihapus saat demo selesai.</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="152"/>
        <source>Locking…</source>
        <translation>Mengunci…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="188"/>
        <source>The relay on this computer did not start: %1</source>
        <translation>Relai di komputer ini tidak berjalan: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="204"/>
        <source>Wrong passphrase. Try again.</source>
        <translation>Frasa sandi salah. Coba lagi.</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="300"/>
        <source>New message</source>
        <translation>Pesan baru</translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <location filename="../../app/ui/dialogs.py" line="304"/>
        <source>Change passphrase</source>
        <translation>Ganti frasa sandi</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="311"/>
        <source>Current passphrase</source>
        <translation>Frasa sandi sekarang</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="312"/>
        <source>New passphrase</source>
        <translation>Frasa sandi baru</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="313"/>
        <source>New passphrase again</source>
        <translation>Ulangi frasa sandi baru</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="322"/>
        <source>Change</source>
        <translation>Ganti</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="325"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="335"/>
        <source>The new passphrases do not match.</source>
        <translation>Kedua frasa sandi baru tidak sama.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="338"/>
        <source>Use at least 8 characters.</source>
        <translation>Gunakan paling sedikit 8 karakter.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="341"/>
        <source>Changing…</source>
        <translation>Mengganti…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="351"/>
        <source>Could not change the passphrase: %1</source>
        <translation>Frasa sandi tidak dapat diganti: %1</translation>
    </message>
</context>
<context>
    <name>Chat</name>
    <message>
        <location filename="../../app/ui/delegates.py" line="96"/>
        <source>Today</source>
        <translation>Hari ini</translation>
    </message>
    <message>
        <location filename="../../app/ui/delegates.py" line="98"/>
        <source>Yesterday</source>
        <translation>Kemarin</translation>
    </message>
    <message>
        <location filename="../../app/ui/delegates.py" line="170"/>
        <source>Message request</source>
        <translation>Permintaan pesan</translation>
    </message>
    <message>
        <location filename="../../app/ui/delegates.py" line="172"/>
        <source>Blocked</source>
        <translation>Diblokir</translation>
    </message>
    <message>
        <location filename="../../app/ui/delegates.py" line="256"/>
        <location filename="../../app/ui/delegates.py" line="415"/>
        <source>Not sent. Click to retry.</source>
        <translation>Tidak terkirim. Klik untuk mencoba lagi.</translation>
    </message>
    <message>
        <location filename="../../app/ui/delegates.py" line="275"/>
        <source>This message was deleted.</source>
        <translation>Pesan ini telah dihapus.</translation>
    </message>
    <message>
        <location filename="../../app/ui/delegates.py" line="277"/>
        <source>This message needs a newer version of Bisik.</source>
        <translation>Pesan ini memerlukan versi Bisik yang lebih baru.</translation>
    </message>
    <message>
        <location filename="../../app/ui/delegates.py" line="279"/>
        <source>Disappearing messages changed.</source>
        <translation>Pesan sementara diubah.</translation>
    </message>
    <message>
        <location filename="../../app/ui/delegates.py" line="387"/>
        <source>edited</source>
        <translation>diedit</translation>
    </message>
    <message>
        <location filename="../../app/ui/delegates.py" line="439"/>
        <source>Reply</source>
        <translation>Balas</translation>
    </message>
    <message>
        <location filename="../../app/ui/delegates.py" line="441"/>
        <source>You</source>
        <translation>Anda</translation>
    </message>
    <message>
        <location filename="../../app/ui/delegates.py" line="454"/>
        <source>Original message not loaded</source>
        <translation>Pesan asli belum dimuat</translation>
    </message>
    <message>
        <location filename="../../app/ui/delegates.py" line="505"/>
        <source>click to download</source>
        <translation>klik untuk mengunduh</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <location filename="../../app/ui/chat.py" line="270"/>
        <source>Safety number</source>
        <translation>Nomor keamanan</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="275"/>
        <location filename="../../app/ui/chat.py" line="276"/>
        <source>More</source>
        <translation>Lainnya</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="292"/>
        <source>Accept new key</source>
        <translation>Terima kunci baru</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="293"/>
        <source>View safety number</source>
        <translation>Lihat nomor keamanan</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="297"/>
        <source>Accept</source>
        <translation>Terima</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="298"/>
        <location filename="../../app/ui/chat.py" line="346"/>
        <source>Block</source>
        <translation>Blokir</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="302"/>
        <source>Unblock</source>
        <translation>Buka blokir</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="305"/>
        <source>You blocked this contact. Nothing is sent or shown.</source>
        <translation>Anda memblokir kontak ini. Tidak ada yang dikirim atau ditampilkan.</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="341"/>
        <source>Disappearing messages</source>
        <translation>Pesan sementara</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="387"/>
        <source>End-to-end encrypted · verified</source>
        <translation>Terenkripsi ujung ke ujung · terverifikasi</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="388"/>
        <source>End-to-end encrypted · not verified yet</source>
        <translation>Terenkripsi ujung ke ujung · belum diverifikasi</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="389"/>
        <source>Safety number changed</source>
        <translation>Nomor keamanan berubah</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="392"/>
        <source>disappearing messages on</source>
        <translation>pesan sementara aktif</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="396"/>
        <source>%1&apos;s safety number changed. This can mean they reinstalled Bisik, or that someone is in the middle. Sending is paused until you accept the new key.</source>
        <translation>Nomor keamanan %1 berubah. Mungkin ia memasang ulang Bisik, atau ada pihak lain di tengah. Pengiriman dijeda sampai Anda menerima kunci baru.</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="402"/>
        <source>%1 is not in your contacts and wants to talk. Accept to reply.</source>
        <translation>%1 tidak ada di kontak Anda dan ingin mengobrol. Terima untuk membalas.</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="426"/>
        <source>%1 is typing…</source>
        <translation>%1 sedang mengetik…</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="483"/>
        <source>Save attachment</source>
        <translation>Simpan lampiran</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="519"/>
        <source>Attach files</source>
        <translation>Lampirkan berkas</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../app/ui/chat.py" line="77"/>
        <source>Messages</source>
        <translation>Pesan</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="194"/>
        <source>Reply</source>
        <translation>Balas</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="197"/>
        <source>React</source>
        <translation>Beri reaksi</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="202"/>
        <source>Copy text</source>
        <translation>Salin teks</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="206"/>
        <source>Save attachment as…</source>
        <translation>Simpan lampiran sebagai…</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="210"/>
        <source>Retry sending</source>
        <translation>Coba kirim lagi</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../app/ui/composer.py" line="100"/>
        <source>Cancel reply</source>
        <translation>Batalkan balasan</translation>
    </message>
    <message>
        <location filename="../../app/ui/composer.py" line="109"/>
        <source>Attach a file</source>
        <translation>Lampirkan berkas</translation>
    </message>
    <message>
        <location filename="../../app/ui/composer.py" line="112"/>
        <source>Write a message</source>
        <translation>Tulis pesan</translation>
    </message>
    <message>
        <location filename="../../app/ui/composer.py" line="113"/>
        <source>Message</source>
        <translation>Pesan</translation>
    </message>
    <message>
        <location filename="../../app/ui/composer.py" line="114"/>
        <source>Send (Enter)</source>
        <translation>Kirim (Enter)</translation>
    </message>
    <message>
        <location filename="../../app/ui/composer.py" line="115"/>
        <source>Send</source>
        <translation>Kirim</translation>
    </message>
    <message>
        <location filename="../../app/ui/composer.py" line="150"/>
        <source>Replying to: %1</source>
        <translation>Membalas: %1</translation>
    </message>
</context>
<context>
    <name>Disappearing</name>
    <message>
        <location filename="../../app/ui/delegates.py" line="44"/>
        <source>Off</source>
        <translation>Mati</translation>
    </message>
    <message>
        <location filename="../../app/ui/delegates.py" line="45"/>
        <source>5 minutes</source>
        <translation>5 menit</translation>
    </message>
    <message>
        <location filename="../../app/ui/delegates.py" line="46"/>
        <source>1 hour</source>
        <translation>1 jam</translation>
    </message>
    <message>
        <location filename="../../app/ui/delegates.py" line="47"/>
        <source>1 day</source>
        <translation>1 hari</translation>
    </message>
    <message>
        <location filename="../../app/ui/delegates.py" line="48"/>
        <source>1 week</source>
        <translation>1 minggu</translation>
    </message>
</context>
<context>
    <name>FirstRunPage</name>
    <message>
        <location filename="../../app/ui/onboarding.py" line="123"/>
        <source>Welcome to Bisik</source>
        <translation>Selamat datang di Bisik</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="125"/>
        <source>Messages are encrypted on this computer and can only be read by the person you send them to. The relay that carries them sees neither what you say nor to whom.</source>
        <translation>Pesan dienkripsi di komputer ini dan hanya dapat dibaca oleh orang yang Anda kirimi. Relai yang membawanya tidak melihat apa yang Anda katakan maupun kepada siapa.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="120"/>
        <source>Your name, as your contacts will see it</source>
        <translation>Nama Anda, seperti yang dilihat kontak Anda</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="121"/>
        <location filename="../../app/ui/onboarding.py" line="128"/>
        <source>Display name</source>
        <translation>Nama tampilan</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="163"/>
        <source>Choose a passphrase</source>
        <translation>Pilih frasa sandi</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="165"/>
        <source>Everything Bisik keeps on this computer is encrypted with this passphrase. A few unrelated words are easy to remember and hard to guess.</source>
        <translation>Semua yang disimpan Bisik di komputer ini dienkripsi dengan frasa sandi ini. Beberapa kata yang tidak berhubungan mudah diingat dan sulit ditebak.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="135"/>
        <location filename="../../app/ui/onboarding.py" line="158"/>
        <source>Passphrase</source>
        <translation>Frasa sandi</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="138"/>
        <source>Passphrase again</source>
        <translation>Ulangi frasa sandi</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="143"/>
        <source>Passphrase strength</source>
        <translation>Kekuatan frasa sandi</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="150"/>
        <source>There is no way to recover a forgotten passphrase: not by us, not by anyone. Without it, your messages cannot be opened.</source>
        <translation>Frasa sandi yang terlupa tidak dapat dipulihkan: tidak oleh kami, tidak oleh siapa pun. Tanpanya, pesan Anda tidak dapat dibuka.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="159"/>
        <source>Again</source>
        <translation>Ulangi</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="177"/>
        <source>Choose a relay</source>
        <translation>Pilih relai</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="179"/>
        <source>The relay holds encrypted envelopes until your contacts collect them. Use the address your group shares, or run one on this computer for a local network.</source>
        <translation>Relai menyimpan amplop terenkripsi sampai kontak Anda mengambilnya. Gunakan alamat yang dibagikan kelompok Anda, atau jalankan relai di komputer ini untuk jaringan lokal.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="173"/>
        <location filename="../../app/ui/onboarding.py" line="183"/>
        <source>Relay address</source>
        <translation>Alamat relai</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="174"/>
        <source>Run a relay on this computer (local network)</source>
        <translation>Jalankan relai di komputer ini (jaringan lokal)</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="100"/>
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="101"/>
        <location filename="../../app/ui/onboarding.py" line="190"/>
        <source>Next</source>
        <translation>Lanjut</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="190"/>
        <source>Create profile</source>
        <translation>Buat profil</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="199"/>
        <source>Too short: use at least 8 characters.</source>
        <translation>Terlalu pendek: gunakan paling sedikit 8 karakter.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="200"/>
        <source>Weak: add more words.</source>
        <translation>Lemah: tambahkan kata lagi.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="201"/>
        <source>Fair.</source>
        <translation>Cukup.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="202"/>
        <source>Strong.</source>
        <translation>Kuat.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="209"/>
        <source>Please enter a name.</source>
        <translation>Silakan isi nama.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="211"/>
        <source>Use at least 8 characters.</source>
        <translation>Gunakan paling sedikit 8 karakter.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="213"/>
        <source>The two passphrases do not match.</source>
        <translation>Kedua frasa sandi tidak sama.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="215"/>
        <source>Enter a relay address such as https://relay.example.</source>
        <translation>Isi alamat relai, misalnya https://relay.example.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="230"/>
        <source>Creating your keys…</source>
        <translation>Membuat kunci Anda…</translation>
    </message>
</context>
<context>
    <name>InviteDialog</name>
    <message>
        <location filename="../../app/ui/dialogs.py" line="98"/>
        <source>Your invite link</source>
        <translation>Tautan undangan Anda</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="101"/>
        <source>Send this link to someone you want to talk to, or let them scan the code. It holds your public key and relay address, nothing secret.</source>
        <translation>Kirim tautan ini kepada orang yang ingin Anda ajak bicara, atau biarkan ia memindai kodenya. Isinya kunci publik dan alamat relai Anda, tidak ada yang rahasia.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="111"/>
        <source>QR code of your invite link</source>
        <translation>Kode QR tautan undangan Anda</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="114"/>
        <source>Invite link</source>
        <translation>Tautan undangan</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="115"/>
        <source>Copy link</source>
        <translation>Salin tautan</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="117"/>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
</context>
<context>
    <name>MainView</name>
    <message>
        <location filename="../../app/ui/mainview.py" line="79"/>
        <source>Chats</source>
        <translation>Obrolan</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="82"/>
        <location filename="../../app/ui/mainview.py" line="151"/>
        <source>Add contact</source>
        <translation>Tambah kontak</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="83"/>
        <source>Your invite link</source>
        <translation>Tautan undangan Anda</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="85"/>
        <source>Search messages (Ctrl+F)</source>
        <translation>Cari pesan (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="87"/>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="88"/>
        <source>Lock now (Ctrl+L)</source>
        <translation>Kunci sekarang (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="107"/>
        <location filename="../../app/ui/mainview.py" line="108"/>
        <source>Filter chats</source>
        <translation>Saring obrolan</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="117"/>
        <source>Conversations</source>
        <translation>Percakapan</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="145"/>
        <source>Choose a chat on the left, or add a contact with their invite link.</source>
        <translation>Pilih obrolan di kiri, atau tambahkan kontak dengan tautan undangannya.</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="153"/>
        <source>Show my invite link</source>
        <translation>Tampilkan tautan undangan saya</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="177"/>
        <source>Connected to the relay.</source>
        <translation>Terhubung ke relai.</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="179"/>
        <source>Offline: messages wait and are sent when the relay is back.</source>
        <translation>Luring: pesan menunggu dan dikirim saat relai kembali.</translation>
    </message>
</context>
<context>
    <name>SafetyNumberDialog</name>
    <message>
        <location filename="../../app/ui/dialogs.py" line="142"/>
        <source>Safety number</source>
        <translation>Nomor keamanan</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="145"/>
        <source>Compare these numbers with %1, in person or on a call you trust. If they match, nobody is in the middle of your conversation.</source>
        <translation>Bandingkan angka ini dengan %1, langsung atau lewat panggilan yang Anda percaya. Jika sama, tidak ada pihak lain di tengah percakapan Anda.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="154"/>
        <source>QR code of the safety number</source>
        <translation>Kode QR nomor keamanan</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="159"/>
        <source>Safety number digits</source>
        <translation>Angka nomor keamanan</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="162"/>
        <source>Mark as verified</source>
        <translation>Tandai terverifikasi</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="164"/>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="193"/>
        <source>You have verified this contact.</source>
        <translation>Anda telah memverifikasi kontak ini.</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="193"/>
        <source>Not verified yet.</source>
        <translation>Belum diverifikasi.</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <location filename="../../app/ui/dialogs.py" line="231"/>
        <source>Search messages</source>
        <translation>Cari pesan</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="234"/>
        <location filename="../../app/ui/dialogs.py" line="235"/>
        <source>Search all messages</source>
        <translation>Cari di semua pesan</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="238"/>
        <source>Search results</source>
        <translation>Hasil pencarian</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/dialogs.py" line="284"/>
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n hasil</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs.py" line="284"/>
        <source>No messages found.</source>
        <translation>Tidak ada pesan yang ditemukan.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../app/ui/settings.py" line="60"/>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="93"/>
        <location filename="../../app/ui/settings.py" line="101"/>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="94"/>
        <source>Same as the system</source>
        <translation>Sama dengan sistem</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="95"/>
        <source>Light</source>
        <translation>Terang</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="96"/>
        <source>Dark</source>
        <translation>Gelap</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="98"/>
        <location filename="../../app/ui/settings.py" line="102"/>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="106"/>
        <location filename="../../app/ui/settings.py" line="140"/>
        <source>Notifications</source>
        <translation>Notifikasi</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="107"/>
        <source>Off</source>
        <translation>Mati</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="108"/>
        <source>Sender only</source>
        <translation>Pengirim saja</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="109"/>
        <source>Sender and message</source>
        <translation>Pengirim dan pesan</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="112"/>
        <source>Lock after idle minutes</source>
        <translation>Kunci setelah menganggur (menit)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="114"/>
        <source> min</source>
        <translation> mnt</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="115"/>
        <source>Never</source>
        <translation>Tidak pernah</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="119"/>
        <source>Disappearing messages for new chats</source>
        <translation>Pesan sementara untuk obrolan baru</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="123"/>
        <source>Remember on this device (no passphrase at start)</source>
        <translation>Ingat di perangkat ini (tanpa frasa sandi saat mulai)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="149"/>
        <location filename="../../app/ui/settings.py" line="156"/>
        <source>Display name</source>
        <translation>Nama tampilan</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="151"/>
        <location filename="../../app/ui/settings.py" line="157"/>
        <source>Relay address</source>
        <translation>Alamat relai</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="152"/>
        <source>Change passphrase…</source>
        <translation>Ganti frasa sandi…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="99"/>
        <source>Appearance</source>
        <translation>Tampilan</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="138"/>
        <source>Privacy</source>
        <translation>Privasi</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="141"/>
        <source>Lock after idle</source>
        <translation>Kunci saat menganggur</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="142"/>
        <source>Disappearing messages</source>
        <translation>Pesan sementara</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="125"/>
        <source>Anyone who can use this computer account can then open Bisik.</source>
        <translation>Siapa pun yang dapat memakai akun komputer ini lalu dapat membuka Bisik.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="131"/>
        <source>Not available in a portable copy: the key would stay in this computer&apos;s keyring.</source>
        <translation>Tidak tersedia di salinan portabel: kuncinya akan tertinggal di keyring komputer ini.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="154"/>
        <source>Account</source>
        <translation>Akun</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="67"/>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="70"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../app/ui/tray.py" line="49"/>
        <source>Show Bisik</source>
        <translation>Tampilkan Bisik</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray.py" line="50"/>
        <source>Lock now</source>
        <translation>Kunci sekarang</translation>
    </message>
    <message>
        <location filename="../../app/ui/tray.py" line="52"/>
        <source>Quit</source>
        <translation>Keluar</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/tray.py" line="72"/>
        <source>Bisik: %n unread</source>
        <translation>
            <numerusform>Bisik: %n belum dibaca</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <location filename="../../app/ui/onboarding.py" line="252"/>
        <source>Bisik is locked</source>
        <translation>Bisik terkunci</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="253"/>
        <source>Enter your passphrase to open your messages.</source>
        <translation>Masukkan frasa sandi untuk membuka pesan Anda.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="242"/>
        <location filename="../../app/ui/onboarding.py" line="243"/>
        <source>Passphrase</source>
        <translation>Frasa sandi</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="244"/>
        <source>Unlock</source>
        <translation>Buka</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="268"/>
        <source>Unlocking…</source>
        <translation>Membuka…</translation>
    </message>
</context>
</TS>
