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
        <location filename="../../app/ui/window.py" line="123"/>
        <source>Bisik — DEMO: %1</source>
        <translation>Bisik — DEMO: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="126"/>
        <source>DEMO: %1. A throwaway profile (passphrase: %2), deleted when the demo ends.</source>
        <translation>DEMO: %1. Profil sementara (frasa sandi: %2), dihapus saat demo selesai.</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="156"/>
        <source>Locking…</source>
        <translation>Mengunci…</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="213"/>
        <source>The relay on this computer did not start: %1</source>
        <translation>Relai di komputer ini tidak berjalan: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="229"/>
        <source>Wrong passphrase. Try again.</source>
        <translation>Frasa sandi salah. Coba lagi.</translation>
    </message>
    <message>
        <location filename="../../app/ui/window.py" line="321"/>
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
        <location filename="../../app/ui/onboarding.py" line="177"/>
        <source>Welcome to Bisik</source>
        <translation>Selamat datang di Bisik</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="179"/>
        <source>Messages are encrypted on this computer and can only be read by the person you send them to. The relay that carries them sees neither what you say nor to whom.</source>
        <translation>Pesan dienkripsi di komputer ini dan hanya dapat dibaca oleh orang yang Anda kirimi. Relai yang membawanya tidak melihat apa yang Anda katakan maupun kepada siapa.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="174"/>
        <source>Your name, as your contacts will see it</source>
        <translation>Nama Anda, seperti yang dilihat kontak Anda</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="153"/>
        <source>Restore from a backup…</source>
        <translation>Pulihkan dari cadangan…</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="154"/>
        <source>Bring back a profile from a backup file</source>
        <translation>Kembalikan profil dari berkas cadangan</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="175"/>
        <location filename="../../app/ui/onboarding.py" line="182"/>
        <source>Display name</source>
        <translation>Nama tampilan</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="202"/>
        <source>Choose a passphrase</source>
        <translation>Pilih frasa sandi</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="204"/>
        <source>Everything Bisik keeps on this computer is encrypted with this passphrase. A few unrelated words are easy to remember and hard to guess.</source>
        <translation>Semua yang disimpan Bisik di komputer ini dienkripsi dengan frasa sandi ini. Beberapa kata yang tidak berhubungan mudah diingat dan sulit ditebak.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="200"/>
        <source>Passphrase</source>
        <translation>Frasa sandi</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="192"/>
        <source>There is no way to recover a forgotten passphrase: not by us, not by anyone. Without it, your messages cannot be opened.</source>
        <translation>Frasa sandi yang terlupa tidak dapat dipulihkan: tidak oleh kami, tidak oleh siapa pun. Tanpanya, pesan Anda tidak dapat dibuka.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="200"/>
        <source>Again</source>
        <translation>Ulangi</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="216"/>
        <source>Choose a relay</source>
        <translation>Pilih relai</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="218"/>
        <source>The relay holds encrypted envelopes until your contacts collect them. Use the address your group shares, or run one on this computer for a local network.</source>
        <translation>Relai menyimpan amplop terenkripsi sampai kontak Anda mengambilnya. Gunakan alamat yang dibagikan kelompok Anda, atau jalankan relai di komputer ini untuk jaringan lokal.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="212"/>
        <location filename="../../app/ui/onboarding.py" line="222"/>
        <source>Relay address</source>
        <translation>Alamat relai</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="213"/>
        <source>Run a relay on this computer (local network)</source>
        <translation>Jalankan relai di komputer ini (jaringan lokal)</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="150"/>
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="151"/>
        <location filename="../../app/ui/onboarding.py" line="230"/>
        <source>Next</source>
        <translation>Lanjut</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="230"/>
        <source>Create profile</source>
        <translation>Buat profil</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="237"/>
        <source>Please enter a name.</source>
        <translation>Silakan isi nama.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="241"/>
        <source>Enter a relay address such as https://relay.example.</source>
        <translation>Isi alamat relai, misalnya https://relay.example.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="257"/>
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
    <name>MainView</name>
    <message>
        <location filename="../../app/ui/mainview.py" line="96"/>
        <location filename="../../app/ui/mainview.py" line="225"/>
        <source>Chats</source>
        <translation>Obrolan</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="99"/>
        <location filename="../../app/ui/mainview.py" line="184"/>
        <source>Add contact</source>
        <translation>Tambah kontak</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="100"/>
        <source>New group…</source>
        <translation>Grup baru…</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="102"/>
        <source>Your invite link</source>
        <translation>Tautan undangan Anda</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="104"/>
        <source>Search messages (Ctrl+F)</source>
        <translation>Cari pesan (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="106"/>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="107"/>
        <source>Lock now (Ctrl+L)</source>
        <translation>Kunci sekarang (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="128"/>
        <location filename="../../app/ui/mainview.py" line="129"/>
        <source>Filter chats</source>
        <translation>Saring obrolan</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="138"/>
        <source>Conversations</source>
        <translation>Percakapan</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="147"/>
        <location filename="../../app/ui/mainview.py" line="225"/>
        <source>Message requests</source>
        <translation>Permintaan pesan</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="178"/>
        <source>Choose a chat on the left, or add a contact with their invite link.</source>
        <translation>Pilih obrolan di kiri, atau tambahkan kontak dengan tautan undangannya.</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="186"/>
        <source>Show my invite link</source>
        <translation>Tampilkan tautan undangan saya</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="209"/>
        <source>Connected to the relay.</source>
        <translation>Terhubung ke relai.</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="211"/>
        <source>Offline: messages wait and are sent when the relay is back.</source>
        <translation>Luring: pesan menunggu dan dikirim saat relai kembali.</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="218"/>
        <source>Back to chats</source>
        <translation>Kembali ke obrolan</translation>
    </message>
    <message>
        <location filename="../../app/ui/mainview.py" line="220"/>
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
        <location filename="../../app/ui/settings.py" line="63"/>
        <source>Settings</source>
        <translation>Pengaturan</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="105"/>
        <location filename="../../app/ui/settings.py" line="113"/>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="106"/>
        <source>Same as the system</source>
        <translation>Sama dengan sistem</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="107"/>
        <source>Light</source>
        <translation>Terang</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="108"/>
        <source>Dark</source>
        <translation>Gelap</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="110"/>
        <location filename="../../app/ui/settings.py" line="114"/>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="118"/>
        <location filename="../../app/ui/settings.py" line="152"/>
        <source>Notifications</source>
        <translation>Notifikasi</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="119"/>
        <source>Off</source>
        <translation>Mati</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="120"/>
        <source>Sender only</source>
        <translation>Pengirim saja</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="121"/>
        <source>Sender and message</source>
        <translation>Pengirim dan pesan</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="124"/>
        <source>Lock after idle minutes</source>
        <translation>Kunci setelah menganggur (menit)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="126"/>
        <source> min</source>
        <translation> mnt</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="127"/>
        <source>Never</source>
        <translation>Tidak pernah</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="131"/>
        <source>Disappearing messages for new chats</source>
        <translation>Pesan sementara untuk obrolan baru</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="135"/>
        <source>Remember on this device (no passphrase at start)</source>
        <translation>Ingat di perangkat ini (tanpa frasa sandi saat mulai)</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="161"/>
        <location filename="../../app/ui/settings.py" line="168"/>
        <source>Display name</source>
        <translation>Nama tampilan</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="163"/>
        <location filename="../../app/ui/settings.py" line="169"/>
        <source>Relay address</source>
        <translation>Alamat relai</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="164"/>
        <source>Change passphrase…</source>
        <translation>Ganti frasa sandi…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="175"/>
        <location filename="../../app/ui/settings.py" line="190"/>
        <source>SOCKS5 proxy</source>
        <translation>Proksi SOCKS5</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="179"/>
        <source>Every connection to a relay goes through this proxy, never around it; empty connects directly. For Tor: socks5h://127.0.0.1:9050 (Tor Browser: port 9150). Only socks5h:// is taken: with it the proxy also looks up the relay&apos;s name, so no DNS query leaves this computer.</source>
        <translation>Setiap koneksi ke relai melewati proksi ini, tidak pernah memutarinya; kosong berarti terhubung langsung. Untuk Tor: socks5h://127.0.0.1:9050 (Tor Browser: port 9150). Hanya socks5h:// yang diterima: dengannya proksi juga mencari nama relai, sehingga tidak ada kueri DNS yang keluar dari komputer ini.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="188"/>
        <source>Network</source>
        <translation>Jaringan</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="212"/>
        <location filename="../../app/ui/settings.py" line="220"/>
        <source>Wait until the backup is written.</source>
        <translation>Tunggu sampai cadangan selesai ditulis.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="247"/>
        <source>Saving…</source>
        <translation>Menyimpan…</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="258"/>
        <source>Not saved: %1</source>
        <translation>Tidak tersimpan: %1</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="111"/>
        <source>Appearance</source>
        <translation>Tampilan</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="150"/>
        <source>Privacy</source>
        <translation>Privasi</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="153"/>
        <source>Lock after idle</source>
        <translation>Kunci saat menganggur</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="154"/>
        <source>Disappearing messages</source>
        <translation>Pesan sementara</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="137"/>
        <source>Anyone who can use this computer account can then open Bisik.</source>
        <translation>Siapa pun yang dapat memakai akun komputer ini lalu dapat membuka Bisik.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="143"/>
        <source>Not available in a portable copy: the key would stay in this computer&apos;s keyring.</source>
        <translation>Tidak tersedia di salinan portabel: kuncinya akan tertinggal di keyring komputer ini.</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="166"/>
        <source>Account</source>
        <translation>Akun</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="72"/>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <location filename="../../app/ui/settings.py" line="75"/>
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
        <location filename="../../app/ui/onboarding.py" line="279"/>
        <source>Bisik is locked</source>
        <translation>Bisik terkunci</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="280"/>
        <source>Enter your passphrase to open your messages.</source>
        <translation>Masukkan frasa sandi untuk membuka pesan Anda.</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="269"/>
        <location filename="../../app/ui/onboarding.py" line="270"/>
        <source>Passphrase</source>
        <translation>Frasa sandi</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="271"/>
        <source>Unlock</source>
        <translation>Buka</translation>
    </message>
    <message>
        <location filename="../../app/ui/onboarding.py" line="295"/>
        <source>Unlocking…</source>
        <translation>Membuka…</translation>
    </message>
</context>
</TS>
