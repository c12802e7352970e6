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
    <name>AddMembersDialog</name>
    <message>
        <location filename="../../app/ui/group_dialogs.py" line="169"/>
        <source>Add members</source>
        <translation>Tambah anggota</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_dialogs.py" line="175"/>
        <source>Add</source>
        <translation>Tambah</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_dialogs.py" line="177"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_dialogs.py" line="182"/>
        <source>A group has at most 100 members, you included.</source>
        <translation>Grup berisi paling banyak 100 anggota, termasuk Anda.</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_dialogs.py" line="193"/>
        <source>Every contact who can join is in the group already.</source>
        <translation>Semua kontak yang dapat bergabung sudah ada di grup.</translation>
    </message>
</context>
<context>
    <name>BackupCodeDialog</name>
    <message>
        <location filename="../../app/ui/backup.py" line="163"/>
        <source>Your backup code</source>
        <translation>Kode cadangan Anda</translation>
    </message>
    <message>
        <location filename="../../app/ui/backup.py" line="169"/>
        <source>Write this code down and keep it apart from this computer. It is shown only this once. Without it the backup cannot be read: nobody can recover it.</source>
        <translation>Tulis kode ini dan simpan terpisah dari komputer ini. Kode ini hanya ditampilkan sekali ini. Tanpanya cadangan tidak dapat dibaca: tidak ada yang dapat memulihkannya.</translation>
    </message>
    <message>
        <location filename="../../app/ui/backup.py" line="183"/>
        <source>Backup code</source>
        <translation>Kode cadangan</translation>
    </message>
    <message>
        <location filename="../../app/ui/backup.py" line="184"/>
        <source>Copy</source>
        <translation>Salin</translation>
    </message>
    <message>
        <location filename="../../app/ui/backup.py" line="186"/>
        <source>I have written it down</source>
        <translation>Saya sudah menuliskannya</translation>
    </message>
    <message>
        <location filename="../../app/ui/backup.py" line="187"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>BackupGroup</name>
    <message>
        <location filename="../../app/ui/backup.py" line="46"/>
        <source>Backup</source>
        <translation>Cadangan</translation>
    </message>
    <message>
        <location filename="../../app/ui/backup.py" line="55"/>
        <source>One encrypted file with your identity, contacts and messages, to bring them back on a new computer. It is locked with a backup code, shown once, on the first backup.</source>
        <translation>Satu berkas terenkripsi berisi identitas, kontak, dan pesan Anda, untuk memulihkannya di komputer baru. Berkas ini dikunci dengan kode cadangan yang ditampilkan sekali, pada pencadangan pertama.</translation>
    </message>
    <message>
        <location filename="../../app/ui/backup.py" line="63"/>
        <source>Include attachments</source>
        <translation>Sertakan lampiran</translation>
    </message>
    <message>
        <location filename="../../app/ui/backup.py" line="65"/>
        <source>Create backup…</source>
        <translation>Buat cadangan…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backup.py" line="67"/>
        <source>New backup code…</source>
        <translation>Kode cadangan baru…</translation>
    </message>
    <message>
        <location filename="../../app/ui/backup.py" line="69"/>
        <source>Back up with a new code; older backups keep opening with the old one.</source>
        <translation>Cadangkan dengan kode baru; cadangan lama tetap dibuka dengan kode lama.</translation>
    </message>
    <message>
        <location filename="../../app/ui/backup.py" line="73"/>
        <source>Backup progress</source>
        <translation>Kemajuan pencadangan</translation>
    </message>
    <message>
        <location filename="../../app/ui/backup.py" line="96"/>
        <source>Save backup</source>
        <translation>Simpan cadangan</translation>
    </message>
    <message>
        <location filename="../../app/ui/backup.py" line="98"/>
        <source>Bisik backups (*.bisikbak)</source>
        <translation>Cadangan Bisik (*.bisikbak)</translation>
    </message>
    <message>
        <location filename="../../app/ui/backup.py" line="112"/>
        <source>Writing the backup…</source>
        <translation>Menulis cadangan…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/backup.py" line="137"/>
        <source>Backup saved: %n message(s), %1.</source>
        <translation>
            <numerusform>Cadangan tersimpan: %n pesan, %1.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/backup.py" line="148"/>
        <source>That file exists already, and a backup never replaces a file. Choose another name.</source>
        <translation>Berkas itu sudah ada, dan pencadangan tidak pernah menimpa berkas. Pilih nama lain.</translation>
    </message>
    <message>
        <location filename="../../app/ui/backup.py" line="152"/>
        <source>The backup could not be written: %1</source>
        <translation>Cadangan tidak dapat ditulis: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/backup.py" line="154"/>
        <source>The backup failed: %1</source>
        <translation>Pencadangan gagal: %1</translation>
    </message>
</context>
<context>
    <name>BisikWindow</name>
    <message>
        <location filename="../../app/ui/window.py" line="124"/>
        <source>Bisik — DEMO: %1</source>
        <translation>Bisik — DEMO: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="127"/>
        <source>DEMO: %1. A throwaway profile (passphrase: %2), deleted when the demo ends.</source>
        <translation>DEMO: %1. Profil sementara (frasa sandi: %2), dihapus saat demo selesai.</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="158"/>
        <source>Locking…</source>
        <translation>Mengunci…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="225"/>
        <source>The relay on this computer did not start: %1</source>
        <translation>Relai di komputer ini tidak berjalan: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="241"/>
        <source>Wrong passphrase. Try again.</source>
        <translation>Frasa sandi salah. Coba lagi.</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="333"/>
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
        <location filename="../../app/ui/formatting.py" line="38"/>
        <source>Today</source>
        <translation>Hari ini</translation>
    </message>
    <message>
        <location filename="../../app/ui/formatting.py" line="40"/>
        <source>Yesterday</source>
        <translation>Kemarin</translation>
    </message>
    <message>
        <location filename="../../app/ui/conversation_delegate.py" line="34"/>
        <source>Message request</source>
        <translation>Permintaan pesan</translation>
    </message>
    <message>
        <location filename="../../app/ui/conversation_delegate.py" line="36"/>
        <source>Blocked</source>
        <translation>Diblokir</translation>
    </message>
    <message>
        <location filename="../../app/ui/bubble_layout.py" line="123"/>
        <location filename="../../app/ui/bubbles.py" line="175"/>
        <source>Not sent. Click to retry.</source>
        <translation>Tidak terkirim. Klik untuk mencoba lagi.</translation>
    </message>
    <message>
        <location filename="../../app/ui/bubble_layout.py" line="158"/>
        <source>This message was deleted.</source>
        <translation>Pesan ini telah dihapus.</translation>
    </message>
    <message>
        <location filename="../../app/ui/bubble_layout.py" line="160"/>
        <source>This message needs a newer version of Bisik.</source>
        <translation>Pesan ini memerlukan versi Bisik yang lebih baru.</translation>
    </message>
    <message>
        <location filename="../../app/ui/bubble_layout.py" line="176"/>
        <source>You turned disappearing messages off.</source>
        <translation>Anda mematikan pesan sementara.</translation>
    </message>
    <message>
        <location filename="../../app/ui/bubble_layout.py" line="178"/>
        <source>%1 turned disappearing messages off.</source>
        <translation>%1 mematikan pesan sementara.</translation>
    </message>
    <message>
        <location filename="../../app/ui/bubble_layout.py" line="182"/>
        <source>You set disappearing messages to %2.</source>
        <translation>Anda mengatur pesan sementara ke %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/bubble_layout.py" line="184"/>
        <source>%1 set disappearing messages to %2.</source>
        <translation>%1 mengatur pesan sementara ke %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/bubble_layout.py" line="188"/>
        <source>Disappearing messages changed.</source>
        <translation>Pesan sementara diubah.</translation>
    </message>
    <message>
        <location filename="../../app/ui/bubble_layout.py" line="189"/>
        <source>The other side</source>
        <translation>Lawan bicara</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/bubble_layout.py" line="194"/>
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n hari</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/bubble_layout.py" line="196"/>
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n jam</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/bubble_layout.py" line="197"/>
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n menit</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../app/ui/bubbles.py" line="149"/>
        <source>edited</source>
        <translation>diedit</translation>
    </message>
    <message>
        <location filename="../../app/ui/bubbles.py" line="213"/>
        <source>Reply</source>
        <translation>Balas</translation>
    </message>
    <message>
        <location filename="../../app/ui/bubbles.py" line="215"/>
        <location filename="../../app/ui/group_directory.py" line="80"/>
        <source>You</source>
        <translation>Anda</translation>
    </message>
    <message>
        <location filename="../../app/ui/bubbles.py" line="228"/>
        <source>Original message not loaded</source>
        <translation>Pesan asli belum dimuat</translation>
    </message>
    <message>
        <location filename="../../app/ui/bubbles.py" line="279"/>
        <source>click to download</source>
        <translation>klik untuk mengunduh</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <location filename="../../app/ui/chat.py" line="64"/>
        <source>Safety number</source>
        <translation>Nomor keamanan</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="64"/>
        <source>More</source>
        <translation>Lainnya</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="68"/>
        <source>Accept new key</source>
        <translation>Terima kunci baru</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="69"/>
        <source>View safety number</source>
        <translation>Lihat nomor keamanan</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="73"/>
        <source>Accept</source>
        <translation>Terima</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="74"/>
        <location filename="../../app/ui/chat.py" line="131"/>
        <source>Block</source>
        <translation>Blokir</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="77"/>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="80"/>
        <source>Unblock</source>
        <translation>Buka blokir</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="83"/>
        <source>You blocked this contact. Nothing is sent or shown.</source>
        <translation>Anda memblokir kontak ini. Tidak ada yang dikirim atau ditampilkan.</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="126"/>
        <source>Disappearing messages</source>
        <translation>Pesan sementara</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="172"/>
        <source>End-to-end encrypted · verified</source>
        <translation>Terenkripsi ujung ke ujung · terverifikasi</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="173"/>
        <source>End-to-end encrypted · not verified yet</source>
        <translation>Terenkripsi ujung ke ujung · belum diverifikasi</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="174"/>
        <source>Safety number changed</source>
        <translation>Nomor keamanan berubah</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="177"/>
        <source>disappearing messages on</source>
        <translation>pesan sementara aktif</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="181"/>
        <source>%1 moved to a new key, and their old key signed the move. Accept it to keep this chat and its safety status; sending is paused until then.</source>
        <translation>%1 pindah ke kunci baru, dan kunci lamanya menandatangani perpindahan itu. Terima agar obrolan ini dan status keamanannya tetap; pengiriman dijeda sampai saat itu.</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="186"/>
        <source>%1&apos;s safety number changed. This can mean they reinstalled Bisik, or that someone is in the middle. Sending is paused until you accept the new key.</source>
        <translation>Nomor keamanan %1 berubah. Mungkin ia memasang ulang Bisik, atau ada pihak lain di tengah. Pengiriman dijeda sampai Anda menerima kunci baru.</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="193"/>
        <source>A message request from someone not in your contacts, calling themselves %1 (account %2). A name proves nothing: accept only if you expected them.</source>
        <translation>Permintaan pesan dari seseorang yang tidak ada di kontak Anda, yang menyebut dirinya %1 (akun %2). Nama tidak membuktikan apa pun: terima hanya jika Anda menantikannya.</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="196"/>
        <source>(no name)</source>
        <translation>(tanpa nama)</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="232"/>
        <source>%1 is typing…</source>
        <translation>%1 sedang mengetik…</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="304"/>
        <source>Save attachment</source>
        <translation>Simpan lampiran</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat.py" line="337"/>
        <source>Attach files</source>
        <translation>Lampirkan berkas</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../app/ui/chat_view.py" line="42"/>
        <source>Messages</source>
        <translation>Pesan</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="163"/>
        <source>Reply</source>
        <translation>Balas</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="166"/>
        <source>React</source>
        <translation>Beri reaksi</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="171"/>
        <source>Copy text</source>
        <translation>Salin teks</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="175"/>
        <source>Save attachment as…</source>
        <translation>Simpan lampiran sebagai…</translation>
    </message>
    <message>
        <location filename="../../app/ui/chat_view.py" line="179"/>
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
    <name>ContactPicker</name>
    <message>
        <location filename="../../app/ui/group_dialogs.py" line="38"/>
        <source>Contacts</source>
        <translation>Kontak</translation>
    </message>
</context>
<context>
    <name>DeviceErrors</name>
    <message>
        <location filename="../../app/ui/devices.py" line="46"/>
        <source>This computer was unlinked from the account: it can no longer see or change the account&apos;s devices.</source>
        <translation>Komputer ini sudah dilepas dari akun: komputer ini tidak dapat lagi melihat atau mengubah perangkat akun.</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="50"/>
        <source>The relay cannot be reached now. Try again later.</source>
        <translation>Relai tidak dapat dihubungi sekarang. Coba lagi nanti.</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="53"/>
        <source>The device list on the relay does not verify, so nothing was changed: %1</source>
        <translation>Daftar perangkat di relai tidak lolos pemeriksaan, jadi tidak ada yang diubah: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="56"/>
        <source>This link did not work: %1</source>
        <translation>Tautan ini tidak berhasil: %1</translation>
    </message>
</context>
<context>
    <name>Disappearing</name>
    <message>
        <location filename="../../app/ui/formatting.py" line="14"/>
        <source>Off</source>
        <translation>Mati</translation>
    </message>
    <message>
        <location filename="../../app/ui/formatting.py" line="15"/>
        <source>5 minutes</source>
        <translation>5 menit</translation>
    </message>
    <message>
        <location filename="../../app/ui/formatting.py" line="16"/>
        <source>1 hour</source>
        <translation>1 jam</translation>
    </message>
    <message>
        <location filename="../../app/ui/formatting.py" line="17"/>
        <source>1 day</source>
        <translation>1 hari</translation>
    </message>
    <message>
        <location filename="../../app/ui/formatting.py" line="18"/>
        <source>1 week</source>
        <translation>1 minggu</translation>
    </message>
</context>
<context>
    <name>FirstRunPage</name>
    <message>
        <location filename="../../app/ui/onboarding.py" line="187"/>
        <source>Welcome to Bisik</source>
        <translation>Selamat datang di Bisik</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="189"/>
        <source>Messages are encrypted on this computer and can only be read by the person you send them to. The relay that carries them sees neither what you say nor to whom.</source>
        <translation>Pesan dienkripsi di komputer ini dan hanya dapat dibaca oleh orang yang Anda kirimi. Relai yang membawanya tidak melihat apa yang Anda katakan maupun kepada siapa.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="184"/>
        <source>Your name, as your contacts will see it</source>
        <translation>Nama Anda, seperti yang dilihat kontak Anda</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="154"/>
        <source>Restore from a backup…</source>
        <translation>Pulihkan dari cadangan…</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="155"/>
        <source>Bring back a profile from a backup file</source>
        <translation>Kembalikan profil dari berkas cadangan</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="156"/>
        <source>Link to an existing account…</source>
        <translation>Tautkan ke akun yang sudah ada…</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="158"/>
        <source>Use this computer as another device of an account you already have</source>
        <translation>Pakai komputer ini sebagai perangkat lain dari akun yang sudah Anda miliki</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="185"/>
        <location filename="../../app/ui/onboarding.py" line="192"/>
        <source>Display name</source>
        <translation>Nama tampilan</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="212"/>
        <source>Choose a passphrase</source>
        <translation>Pilih frasa sandi</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="214"/>
        <source>Everything Bisik keeps on this computer is encrypted with this passphrase. A few unrelated words are easy to remember and hard to guess.</source>
        <translation>Semua yang disimpan Bisik di komputer ini dienkripsi dengan frasa sandi ini. Beberapa kata yang tidak berhubungan mudah diingat dan sulit ditebak.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="210"/>
        <source>Passphrase</source>
        <translation>Frasa sandi</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="202"/>
        <source>There is no way to recover a forgotten passphrase: not by us, not by anyone. Without it, your messages cannot be opened.</source>
        <translation>Frasa sandi yang terlupa tidak dapat dipulihkan: tidak oleh kami, tidak oleh siapa pun. Tanpanya, pesan Anda tidak dapat dibuka.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="210"/>
        <source>Again</source>
        <translation>Ulangi</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="226"/>
        <source>Choose a relay</source>
        <translation>Pilih relai</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="228"/>
        <source>The relay holds encrypted envelopes until your contacts collect them. Use the address your group shares, or run one on this computer for a local network.</source>
        <translation>Relai menyimpan amplop terenkripsi sampai kontak Anda mengambilnya. Gunakan alamat yang dibagikan kelompok Anda, atau jalankan relai di komputer ini untuk jaringan lokal.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="222"/>
        <location filename="../../app/ui/onboarding.py" line="232"/>
        <source>Relay address</source>
        <translation>Alamat relai</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="223"/>
        <source>Run a relay on this computer (local network)</source>
        <translation>Jalankan relai di komputer ini (jaringan lokal)</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="151"/>
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="152"/>
        <location filename="../../app/ui/onboarding.py" line="241"/>
        <source>Next</source>
        <translation>Lanjut</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="241"/>
        <source>Create profile</source>
        <translation>Buat profil</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="248"/>
        <source>Please enter a name.</source>
        <translation>Silakan isi nama.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="252"/>
        <source>Enter a relay address such as https://relay.example.</source>
        <translation>Isi alamat relai, misalnya https://relay.example.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="269"/>
        <source>Creating your keys…</source>
        <translation>Membuat kunci Anda…</translation>
    </message>
</context>
<context>
    <name>Group</name>
    <message>
        <location filename="../../app/ui/group_panel.py" line="35"/>
        <source>1 member</source>
        <translation>1 anggota</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="36"/>
        <source>%1 members</source>
        <translation>%1 anggota</translation>
    </message>
</context>
<context>
    <name>GroupChat</name>
    <message>
        <location filename="../../app/ui/group_chat.py" line="46"/>
        <source>Group members…</source>
        <translation>Anggota grup…</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_chat.py" line="47"/>
        <source>Leave group…</source>
        <translation>Keluar dari grup…</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_chat.py" line="48"/>
        <location filename="../../app/ui/group_chat.py" line="49"/>
        <source>Group members</source>
        <translation>Anggota grup</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_chat.py" line="79"/>
        <source>You are no longer in this group.</source>
        <translation>Anda tidak lagi menjadi anggota grup ini.</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_chat.py" line="81"/>
        <source>Group · end-to-end encrypted</source>
        <translation>Grup · terenkripsi ujung ke ujung</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_chat.py" line="83"/>
        <source>end-to-end encrypted</source>
        <translation>terenkripsi ujung ke ujung</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_chat.py" line="85"/>
        <source>disappearing messages on</source>
        <translation>pesan sementara aktif</translation>
    </message>
</context>
<context>
    <name>GroupLine</name>
    <message>
        <location filename="../../app/ui/group_lines.py" line="20"/>
        <source>You</source>
        <translation>Anda</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_lines.py" line="22"/>
        <source>you</source>
        <translation>Anda</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_lines.py" line="32"/>
        <location filename="../../app/ui/group_lines.py" line="34"/>
        <location filename="../../app/ui/group_lines.py" line="48"/>
        <source>The group changed.</source>
        <translation>Grup berubah.</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_lines.py" line="37"/>
        <source>%1 created the group “%3”.</source>
        <translation>%1 membuat grup “%3”.</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_lines.py" line="38"/>
        <source>%1 added you to the group.</source>
        <translation>%1 menambahkan Anda ke grup.</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_lines.py" line="39"/>
        <source>%1 added %2.</source>
        <translation>%1 menambahkan %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_lines.py" line="40"/>
        <source>%1 removed %2.</source>
        <translation>%1 mengeluarkan %2.</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_lines.py" line="41"/>
        <source>%1 left the group.</source>
        <translation>%1 keluar dari grup.</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_lines.py" line="42"/>
        <source>%1 renamed the group to “%3”.</source>
        <translation>%1 mengganti nama grup menjadi “%3”.</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_lines.py" line="43"/>
        <source>%1 made %2 an admin.</source>
        <translation>%1 menjadikan %2 admin.</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_lines.py" line="44"/>
        <source>%1 dismissed %2 as admin.</source>
        <translation>%1 mencabut status admin %2.</translation>
    </message>
</context>
<context>
    <name>GroupMembersDialog</name>
    <message>
        <location filename="../../app/ui/group_panel.py" line="68"/>
        <source>Members</source>
        <translation>Anggota</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="73"/>
        <source>Add members…</source>
        <translation>Tambah anggota…</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="74"/>
        <source>Remove</source>
        <translation>Keluarkan</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="75"/>
        <location filename="../../app/ui/group_panel.py" line="174"/>
        <source>Make admin</source>
        <translation>Jadikan admin</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="76"/>
        <source>Rename…</source>
        <translation>Ganti nama…</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="77"/>
        <source>Leave group…</source>
        <translation>Keluar dari grup…</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="79"/>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="121"/>
        <source>Members of %1</source>
        <translation>Anggota %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="129"/>
        <source>(you)</source>
        <translation>(Anda)</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="130"/>
        <source>admin</source>
        <translation>admin</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="174"/>
        <source>Dismiss as admin</source>
        <translation>Cabut status admin</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="176"/>
        <source>You are no longer in this group.</source>
        <translation>Anda tidak lagi menjadi anggota grup ini.</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="180"/>
        <source>Saving…</source>
        <translation>Menyimpan…</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="214"/>
        <source>Rename group</source>
        <translation>Ganti nama grup</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="215"/>
        <source>Group name</source>
        <translation>Nama grup</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="217"/>
        <source>Rename</source>
        <translation>Ganti nama</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="218"/>
        <location filename="../../app/ui/group_panel.py" line="240"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="230"/>
        <source>Leave group</source>
        <translation>Keluar dari grup</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="232"/>
        <source>Leave %1?</source>
        <translation>Keluar dari %1?</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="235"/>
        <source>The other members are told. You keep the messages so far, but you will get no new ones and cannot write here unless an admin adds you again.</source>
        <translation>Anggota lain akan diberi tahu. Pesan sejauh ini tetap Anda simpan, tetapi Anda tidak akan menerima pesan baru dan tidak dapat menulis di sini kecuali admin menambahkan Anda lagi.</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="239"/>
        <source>Leave</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_panel.py" line="252"/>
        <source>Leaving…</source>
        <translation>Keluar…</translation>
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
    <name>JoinPage</name>
    <message>
        <location filename="../../app/ui/join.py" line="89"/>
        <location filename="../../app/ui/join.py" line="92"/>
        <source>Relay address</source>
        <translation>Alamat relai</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="93"/>
        <source>New passphrase</source>
        <translation>Frasa sandi baru</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="93"/>
        <source>Again</source>
        <translation>Ulangi</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="96"/>
        <source>Use the relay address the other computer shows in Settings. The passphrase protects what this computer keeps; it need not be the other computer&apos;s.</source>
        <translation>Pakai alamat relai yang ditampilkan komputer lain di Pengaturan. Frasa sandi melindungi apa yang disimpan komputer ini; tidak harus sama dengan milik komputer lain.</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="104"/>
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="106"/>
        <source>Show link</source>
        <translation>Tampilkan tautan</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="112"/>
        <source>Link to an existing account</source>
        <translation>Tautkan ke akun yang sudah ada</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="114"/>
        <source>Use this computer as one more device of an account you already have on another computer. Your contacts come along; earlier messages stay where they are.</source>
        <translation>Pakai komputer ini sebagai satu perangkat lagi dari akun yang sudah Anda miliki di komputer lain. Kontak Anda ikut dibawa; pesan-pesan sebelumnya tetap di tempatnya.</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="123"/>
        <source>QR code of the device link</source>
        <translation>Kode QR tautan perangkat</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="126"/>
        <source>Device link</source>
        <translation>Tautan perangkat</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="127"/>
        <source>Copy link</source>
        <translation>Salin tautan</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="133"/>
        <source>Time left</source>
        <translation>Sisa waktu</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="137"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="144"/>
        <source>Link this computer</source>
        <translation>Tautkan komputer ini</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="146"/>
        <source>On the computer that has your account, open Settings, Linked devices, “Link a new device…”, and give it this link: scan the code, or copy the link there in a way you trust. Whoever answers this link first gets to link this computer.</source>
        <translation>Di komputer yang memiliki akun Anda, buka Pengaturan, Perangkat tertaut, “Tautkan perangkat baru…”, lalu berikan tautan ini: pindai kodenya, atau salin tautannya ke sana dengan cara yang Anda percayai. Siapa pun yang pertama menjawab tautan ini dapat menautkan komputer ini.</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="154"/>
        <source>Code to compare</source>
        <translation>Kode untuk dibandingkan</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="160"/>
        <source>They differ — cancel</source>
        <translation>Berbeda — batalkan</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="162"/>
        <source>The codes match — link this computer</source>
        <translation>Kodenya sama — tautkan komputer ini</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="168"/>
        <source>Compare the codes</source>
        <translation>Bandingkan kodenya</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="170"/>
        <source>The other computer now shows a code. Link this computer only if it is exactly the same code.</source>
        <translation>Komputer lain sekarang menampilkan sebuah kode. Tautkan komputer ini hanya jika kodenya persis sama.</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="180"/>
        <source>Enter a relay address such as https://relay.example.</source>
        <translation>Isi alamat relai, misalnya https://relay.example.</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="185"/>
        <source>Making a link…</source>
        <translation>Membuat tautan…</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="220"/>
        <source>Waiting for the other computer… %1 left</source>
        <translation>Menunggu komputer lain… sisa %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="234"/>
        <source>No answer came within ten minutes. Show a new link to try again.</source>
        <translation>Tidak ada jawaban dalam sepuluh menit. Tampilkan tautan baru untuk mencoba lagi.</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="256"/>
        <source>Account: %1</source>
        <translation>Akun: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="224"/>
        <source>The relay does not answer; trying again…</source>
        <translation>Relai tidak menjawab; mencoba lagi…</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="281"/>
        <source>The relay cannot be reached. Check its address and the network, then try again.</source>
        <translation>Relai tidak dapat dihubungi. Periksa alamatnya dan jaringan, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="285"/>
        <source>An answer came that does not open: it was not made for this link, or it was changed on the way. Nothing was created. Show a new link to try again.</source>
        <translation>Datang jawaban yang tidak dapat dibuka: jawaban itu tidak dibuat untuk tautan ini, atau diubah di perjalanan. Tidak ada yang dibuat. Tampilkan tautan baru untuk mencoba lagi.</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="289"/>
        <source>A profile exists here already; linking never replaces one.</source>
        <translation>Di sini sudah ada profil; penautan tidak pernah menggantikannya.</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="290"/>
        <source>This computer was not linked: %1</source>
        <translation>Komputer ini tidak ditautkan: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="306"/>
        <source>Cancelled. Nothing was created on this computer.</source>
        <translation>Dibatalkan. Tidak ada yang dibuat di komputer ini.</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="311"/>
        <source>Cancelled: nothing was created on this computer. Different codes mean someone else answered or took the link. On the other computer, choose “The codes differ” and do what it says.</source>
        <translation>Dibatalkan: tidak ada yang dibuat di komputer ini. Kode yang berbeda berarti orang lain menjawab atau mengambil tautannya. Di komputer lain, pilih “Kodenya berbeda” dan ikuti petunjuknya.</translation>
    </message>
    <message>
        <location filename="../../app/ui/join.py" line="323"/>
        <source>Linking this computer…</source>
        <translation>Menautkan komputer ini…</translation>
    </message>
</context>
<context>
    <name>LinkDeviceDialog</name>
    <message>
        <location filename="../../app/ui/devices.py" line="208"/>
        <source>Link a new device</source>
        <translation>Tautkan perangkat baru</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="220"/>
        <source>On the new computer, choose “Link to an existing account” when Bisik starts, then paste the link it shows here.</source>
        <translation>Di komputer baru, pilih “Tautkan ke akun yang sudah ada” saat Bisik dimulai, lalu tempel di sini tautan yang ditampilkannya.</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="227"/>
        <source>Device link</source>
        <translation>Tautan perangkat</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="232"/>
        <source>Name of the new device</source>
        <translation>Nama perangkat baru</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="233"/>
        <source>For example: Office laptop</source>
        <translation>Misalnya: Laptop kantor</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="237"/>
        <location filename="../../app/ui/devices.py" line="248"/>
        <source>Link</source>
        <translation>Tautkan</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="238"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="241"/>
        <source>The new device gets your account&apos;s key, name and contacts. Use only a link you took from the new computer&apos;s screen yourself.</source>
        <translation>Perangkat baru mendapat kunci, nama, dan kontak akun Anda. Pakai hanya tautan yang Anda ambil sendiri dari layar komputer baru.</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="251"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="264"/>
        <source>Compare the codes</source>
        <translation>Bandingkan kodenya</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="268"/>
        <source>The new computer now shows a code too. Check that it is exactly this one, then confirm it there.</source>
        <translation>Komputer baru sekarang juga menampilkan sebuah kode. Periksa bahwa kodenya persis sama dengan ini, lalu konfirmasikan di sana.</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="274"/>
        <source>Code to compare</source>
        <translation>Kode untuk dibandingkan</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="277"/>
        <source>If the codes differ, do not confirm on the new computer, and treat your account as compromised: someone else took the link and may now hold your account&apos;s key.</source>
        <translation>Jika kodenya berbeda, jangan konfirmasi di komputer baru, dan anggap akun Anda sudah dibobol: orang lain mengambil tautannya dan mungkin kini memegang kunci akun Anda.</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="285"/>
        <source>The codes differ</source>
        <translation>Kodenya berbeda</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="288"/>
        <source>Done</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="305"/>
        <source>Paste the new computer&apos;s link first.</source>
        <translation>Tempel dulu tautan dari komputer baru.</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="309"/>
        <source>Give the new device a name.</source>
        <translation>Beri nama perangkat baru.</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="313"/>
        <source>This name is too long: use a shorter one.</source>
        <translation>Nama ini terlalu panjang: pakai yang lebih pendek.</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="316"/>
        <source>Linking…</source>
        <translation>Menautkan…</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="335"/>
        <source>Do not confirm on the new computer. Different codes mean someone else took the link, and the account&apos;s key has gone to them.</source>
        <translation>Jangan konfirmasi di komputer baru. Kode yang berbeda berarti orang lain mengambil tautannya, dan kunci akun sudah sampai kepadanya.</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="341"/>
        <source>Treat your account as compromised. Move it to a new key: make a new profile, announce the move to your contacts from this one (bisik-cli move-to), then link your own devices to the new profile again.</source>
        <translation>Anggap akun Anda sudah dibobol. Pindahkan ke kunci baru: buat profil baru, umumkan perpindahannya kepada kontak Anda dari profil ini (bisik-cli move-to), lalu tautkan lagi perangkat Anda sendiri ke profil baru.</translation>
    </message>
</context>
<context>
    <name>LinkedDevicesDialog</name>
    <message>
        <location filename="../../app/ui/devices.py" line="72"/>
        <source>Linked devices</source>
        <translation>Perangkat tertaut</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="76"/>
        <source>Every computer linked here holds your account&apos;s key: it reads and writes as you. Unlink one you no longer use. What it already has stays on it.</source>
        <translation>Setiap komputer yang tertaut di sini memegang kunci akun Anda: ia membaca dan menulis sebagai Anda. Lepas tautan komputer yang tidak Anda pakai lagi. Apa yang sudah ada padanya tetap tinggal di sana.</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="84"/>
        <source>Devices of this account</source>
        <translation>Perangkat akun ini</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="87"/>
        <source>Link a new device…</source>
        <translation>Tautkan perangkat baru…</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="89"/>
        <source>Unlink…</source>
        <translation>Lepas tautan…</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="92"/>
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="94"/>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="112"/>
        <source>Loading the devices…</source>
        <translation>Memuat perangkat…</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="122"/>
        <source>Device id: %1</source>
        <translation>ID perangkat: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="123"/>
        <source>Devices in this account: %1</source>
        <translation>Perangkat di akun ini: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="129"/>
        <source>this device</source>
        <translation>perangkat ini</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="131"/>
        <source>first device</source>
        <translation>perangkat pertama</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="132"/>
        <location filename="../../app/ui/devices.py" line="165"/>
        <source>(no name)</source>
        <translation>(tanpa nama)</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="164"/>
        <source>Unlink device</source>
        <translation>Lepas tautan perangkat</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="165"/>
        <source>Unlink %1?</source>
        <translation>Lepas tautan %1?</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="168"/>
        <source>It gets nothing new once your contacts have the new device list. It keeps what it already has, the account&apos;s key included: if it was lost or stolen, also move your account to a new key.</source>
        <translation>Perangkat itu tidak mendapat apa pun yang baru setelah kontak Anda memiliki daftar perangkat yang baru. Apa yang sudah dimilikinya tetap ada padanya, termasuk kunci akun: jika perangkat itu hilang atau dicuri, pindahkan juga akun Anda ke kunci baru.</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="173"/>
        <source>Unlink</source>
        <translation>Lepas tautan</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="174"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../app/ui/devices.py" line="183"/>
        <source>Unlinking…</source>
        <translation>Melepas tautan…</translation>
    </message>
</context>
<context>
    <name>MainView</name>
    <message>
        <location filename="../../app/ui/mainview.py" line="101"/>
        <location filename="../../app/ui/mainview.py" line="232"/>
        <source>Chats</source>
        <translation>Obrolan</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="104"/>
        <location filename="../../app/ui/mainview.py" line="189"/>
        <source>Add contact</source>
        <translation>Tambah kontak</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="105"/>
        <source>New group…</source>
        <translation>Grup baru…</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="107"/>
        <source>Your invite link</source>
        <translation>Tautan undangan Anda</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="109"/>
        <source>Search messages (Ctrl+F)</source>
        <translation>Cari pesan (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="111"/>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="112"/>
        <source>Lock now (Ctrl+L)</source>
        <translation>Kunci sekarang (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="133"/>
        <location filename="../../app/ui/mainview.py" line="134"/>
        <source>Filter chats</source>
        <translation>Saring obrolan</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="143"/>
        <source>Conversations</source>
        <translation>Percakapan</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="152"/>
        <location filename="../../app/ui/mainview.py" line="232"/>
        <source>Message requests</source>
        <translation>Permintaan pesan</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="183"/>
        <source>Choose a chat on the left, or add a contact with their invite link.</source>
        <translation>Pilih obrolan di kiri, atau tambahkan kontak dengan tautan undangannya.</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="191"/>
        <source>Show my invite link</source>
        <translation>Tampilkan tautan undangan saya</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="216"/>
        <source>Connected to the relay.</source>
        <translation>Terhubung ke relai.</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="218"/>
        <source>Offline: messages wait and are sent when the relay is back.</source>
        <translation>Luring: pesan menunggu dan dikirim saat relai kembali.</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="225"/>
        <source>Back to chats</source>
        <translation>Kembali ke obrolan</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="227"/>
        <source>Message requests (%1)</source>
        <translation>Permintaan pesan (%1)</translation>
    </message>
</context>
<context>
    <name>NewGroupDialog</name>
    <message>
        <location filename="../../app/ui/group_dialogs.py" line="84"/>
        <source>New group</source>
        <translation>Grup baru</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_dialogs.py" line="87"/>
        <location filename="../../app/ui/group_dialogs.py" line="88"/>
        <source>Group name</source>
        <translation>Nama grup</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_dialogs.py" line="90"/>
        <source>Choose who to invite (up to 99 contacts):</source>
        <translation>Pilih siapa yang diundang (paling banyak 99 kontak):</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_dialogs.py" line="96"/>
        <source>Create group</source>
        <translation>Buat grup</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_dialogs.py" line="99"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_dialogs.py" line="111"/>
        <source>Loading contacts…</source>
        <translation>Memuat kontak…</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_dialogs.py" line="117"/>
        <source>Add a contact first: a group is made of your contacts.</source>
        <translation>Tambahkan kontak dulu: grup dibuat dari kontak Anda.</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_dialogs.py" line="123"/>
        <source>1 contact chosen</source>
        <translation>1 kontak dipilih</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_dialogs.py" line="125"/>
        <source>%1 contacts chosen</source>
        <translation>%1 kontak dipilih</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_dialogs.py" line="130"/>
        <source>A group has at most 100 members, you included.</source>
        <translation>Grup berisi paling banyak 100 anggota, termasuk Anda.</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_dialogs.py" line="137"/>
        <source>Creating the group…</source>
        <translation>Membuat grup…</translation>
    </message>
    <message>
        <location filename="../../app/ui/group_dialogs.py" line="148"/>
        <source>Could not create the group: %1</source>
        <translation>Grup tidak dapat dibuat: %1</translation>
    </message>
</context>
<context>
    <name>PassphrasePair</name>
    <message>
        <location filename="../../app/ui/onboarding.py" line="93"/>
        <source>Passphrase</source>
        <translation>Frasa sandi</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="96"/>
        <source>Passphrase again</source>
        <translation>Ulangi frasa sandi</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="101"/>
        <source>Passphrase strength</source>
        <translation>Kekuatan frasa sandi</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="116"/>
        <source>Use at least 8 characters.</source>
        <translation>Gunakan paling sedikit 8 karakter.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="118"/>
        <source>The two passphrases do not match.</source>
        <translation>Kedua frasa sandi tidak sama.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="126"/>
        <source>Too short: use at least 8 characters.</source>
        <translation>Terlalu pendek: gunakan paling sedikit 8 karakter.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="127"/>
        <source>Weak: add more words.</source>
        <translation>Lemah: tambahkan kata lagi.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="128"/>
        <source>Fair.</source>
        <translation>Cukup.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="129"/>
        <source>Strong.</source>
        <translation>Kuat.</translation>
    </message>
</context>
<context>
    <name>RestorePage</name>
    <message>
        <location filename="../../app/ui/restore.py" line="45"/>
        <location filename="../../app/ui/restore.py" line="57"/>
        <source>Backup file</source>
        <translation>Berkas cadangan</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="46"/>
        <source>A file ending in .bisikbak</source>
        <translation>Berkas berakhiran .bisikbak</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="47"/>
        <source>Choose…</source>
        <translation>Pilih…</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="53"/>
        <location filename="../../app/ui/restore.py" line="58"/>
        <source>Backup code</source>
        <translation>Kode cadangan</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="59"/>
        <source>New passphrase</source>
        <translation>Frasa sandi baru</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="59"/>
        <source>Again</source>
        <translation>Ulangi</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="62"/>
        <source>The code only opens the backup. The new passphrase protects the profile on this computer from now on; it need not be the one you used before.</source>
        <translation>Kode hanya membuka cadangan. Frasa sandi baru melindungi profil di komputer ini mulai sekarang; tidak harus sama dengan yang dulu Anda pakai.</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="70"/>
        <source>Restore progress</source>
        <translation>Kemajuan pemulihan</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="76"/>
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="78"/>
        <source>Restore</source>
        <translation>Pulihkan</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="88"/>
        <source>Restore from a backup</source>
        <translation>Pulihkan dari cadangan</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="90"/>
        <source>Bring back your profile, contacts and messages from a backup file. You need the backup code that was shown when the first backup was made.</source>
        <translation>Kembalikan profil, kontak, dan pesan Anda dari berkas cadangan. Anda memerlukan kode cadangan yang ditampilkan saat cadangan pertama dibuat.</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="101"/>
        <source>Choose a backup</source>
        <translation>Pilih cadangan</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="103"/>
        <source>Bisik backups (*.bisikbak);;All files (*)</source>
        <translation>Cadangan Bisik (*.bisikbak);;Semua berkas (*)</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="113"/>
        <source>Choose the backup file first.</source>
        <translation>Pilih berkas cadangan dulu.</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="125"/>
        <source>A backup code has 30 digits; spaces and dashes between them are fine.</source>
        <translation>Kode cadangan terdiri dari 30 angka; spasi dan tanda hubung di antaranya boleh.</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="134"/>
        <source>Restoring… this can take a while.</source>
        <translation>Memulihkan… ini bisa memakan waktu.</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="146"/>
        <source>This code does not open the backup. Check the digits and try again.</source>
        <translation>Kode ini tidak membuka cadangan. Periksa angkanya lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="149"/>
        <source>This file is not a whole Bisik backup: it may be damaged, cut short or another kind of file.</source>
        <translation>Berkas ini bukan cadangan Bisik yang utuh: mungkin rusak, terpotong, atau jenis berkas lain.</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="153"/>
        <source>This backup was made by a newer version of Bisik. Update Bisik, then restore it.</source>
        <translation>Cadangan ini dibuat oleh Bisik versi yang lebih baru. Perbarui Bisik, lalu pulihkan.</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="155"/>
        <source>A profile exists here already; a restore never replaces one.</source>
        <translation>Di sini sudah ada profil; pemulihan tidak pernah menggantinya.</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="156"/>
        <source>The backup file could not be read: %1</source>
        <translation>Berkas cadangan tidak dapat dibaca: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/restore.py" line="158"/>
        <source>The backup was not restored: %1</source>
        <translation>Cadangan tidak dipulihkan: %1</translation>
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
        <location filename="../../app/ui/settings.py" line="65"/>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="107"/>
        <location filename="../../app/ui/settings.py" line="115"/>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="108"/>
        <source>Same as the system</source>
        <translation>Sama dengan sistem</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="109"/>
        <source>Light</source>
        <translation>Terang</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="110"/>
        <source>Dark</source>
        <translation>Gelap</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="112"/>
        <location filename="../../app/ui/settings.py" line="116"/>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="120"/>
        <location filename="../../app/ui/settings.py" line="154"/>
        <source>Notifications</source>
        <translation>Notifikasi</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="121"/>
        <source>Off</source>
        <translation>Mati</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="122"/>
        <source>Sender only</source>
        <translation>Pengirim saja</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="123"/>
        <source>Sender and message</source>
        <translation>Pengirim dan pesan</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="126"/>
        <source>Lock after idle minutes</source>
        <translation>Kunci setelah menganggur (menit)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="128"/>
        <source> min</source>
        <translation> mnt</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="129"/>
        <source>Never</source>
        <translation>Tidak pernah</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="133"/>
        <source>Disappearing messages for new chats</source>
        <translation>Pesan sementara untuk obrolan baru</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="137"/>
        <source>Remember on this device (no passphrase at start)</source>
        <translation>Ingat di perangkat ini (tanpa frasa sandi saat mulai)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="163"/>
        <location filename="../../app/ui/settings.py" line="177"/>
        <source>Display name</source>
        <translation>Nama tampilan</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="165"/>
        <location filename="../../app/ui/settings.py" line="178"/>
        <source>Relay address</source>
        <translation>Alamat relai</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="166"/>
        <source>Change passphrase…</source>
        <translation>Ganti frasa sandi…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="168"/>
        <source>Linked devices…</source>
        <translation>Perangkat tertaut…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="169"/>
        <source>The computers of this account; link a new one</source>
        <translation>Komputer-komputer akun ini; tautkan yang baru</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="184"/>
        <location filename="../../app/ui/settings.py" line="199"/>
        <source>SOCKS5 proxy</source>
        <translation>Proksi SOCKS5</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="188"/>
        <source>Every connection to a relay goes through this proxy, never around it; empty connects directly. For Tor: socks5h://127.0.0.1:9050 (Tor Browser: port 9150). Only socks5h:// is taken: with it the proxy also looks up the relay&apos;s name, so no DNS query leaves this computer.</source>
        <translation>Setiap koneksi ke relai melewati proksi ini, tidak pernah memutarinya; kosong berarti terhubung langsung. Untuk Tor: socks5h://127.0.0.1:9050 (Tor Browser: port 9150). Hanya socks5h:// yang diterima: dengannya proksi juga mencari nama relai, sehingga tidak ada kueri DNS yang keluar dari komputer ini.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="197"/>
        <source>Network</source>
        <translation>Jaringan</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="221"/>
        <location filename="../../app/ui/settings.py" line="229"/>
        <source>Wait until the backup is written.</source>
        <translation>Tunggu sampai cadangan selesai ditulis.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="256"/>
        <source>Saving…</source>
        <translation>Menyimpan…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="267"/>
        <source>Not saved: %1</source>
        <translation>Tidak tersimpan: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="113"/>
        <source>Appearance</source>
        <translation>Tampilan</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="152"/>
        <source>Privacy</source>
        <translation>Privasi</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="155"/>
        <source>Lock after idle</source>
        <translation>Kunci saat menganggur</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="156"/>
        <source>Disappearing messages</source>
        <translation>Pesan sementara</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="139"/>
        <source>Anyone who can use this computer account can then open Bisik.</source>
        <translation>Siapa pun yang dapat memakai akun komputer ini lalu dapat membuka Bisik.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="145"/>
        <source>Not available in a portable copy: the key would stay in this computer&apos;s keyring.</source>
        <translation>Tidak tersedia di salinan portabel: kuncinya akan tertinggal di keyring komputer ini.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="175"/>
        <source>Account</source>
        <translation>Akun</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="74"/>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="77"/>
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
    <name>UnlinkedNotice</name>
    <message>
        <location filename="../../app/ui/unlinked.py" line="45"/>
        <source>This computer was unlinked from your account by one of your other devices. It no longer sends or receives messages; what is already here stays readable.</source>
        <translation>Komputer ini sudah dilepas dari akun Anda oleh salah satu perangkat Anda yang lain. Komputer ini tidak lagi mengirim atau menerima pesan; apa yang sudah ada di sini tetap dapat dibaca.</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlinked.py" line="49"/>
        <source>This computer was unlinked</source>
        <translation>Komputer ini sudah dilepas</translation>
    </message>
    <message>
        <location filename="../../app/ui/unlinked.py" line="66"/>
        <source>This computer can no longer send messages.</source>
        <translation>Komputer ini tidak dapat lagi mengirim pesan.</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <location filename="../../app/ui/onboarding.py" line="291"/>
        <source>Bisik is locked</source>
        <translation>Bisik terkunci</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="292"/>
        <source>Enter your passphrase to open your messages.</source>
        <translation>Masukkan frasa sandi untuk membuka pesan Anda.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="281"/>
        <location filename="../../app/ui/onboarding.py" line="282"/>
        <source>Passphrase</source>
        <translation>Frasa sandi</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="283"/>
        <source>Unlock</source>
        <translation>Buka</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="307"/>
        <source>Unlocking…</source>
        <translation>Membuka…</translation>
    </message>
</context>
</TS>
