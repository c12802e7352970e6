"""Encrypted backup and restore end to end: real relay process, real SQLCipher profiles, real
files. A profile is backed up, its disk "dies", the backup is restored into a new folder under a
new passphrase, and the conversation goes on with fresh sessions and no key change. Then every
way a restore must refuse: an existing profile, a wrong code, a cut or altered file, a newer
format; each leaves the disk as it was."""

from __future__ import annotations

import json
import re
import shutil
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.crypto import backup as backup_format
from app.service.account import (
    BackupFromNewerVersion,
    BadBackup,
    KdfParams,
    ProfileExists,
    WrongBackupCode,
    restore_profile,
)
from app.service.api import MessageStatus, TrustState
from app.service.errors import InvalidBackupCode
from app.service.messenger import Messenger
from tests.e2e.support import cli, conversation_id, make_pair, make_profile
from tests.relay_process import RelayProcess

NEW_PASSPHRASE = "payung-teduh 9 kelinci"
CODE_LINE = re.compile(r"^\s*(\d{5}(?: \d{5}){5})\s*$", re.MULTILINE)


@pytest.fixture(autouse=True)
def cheap_backup_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process backups with libsodium's minimum Argon2id limits (the CLI's stay MODERATE)."""
    monkeypatch.setattr(backup_format, "DEFAULT_LIMITS", backup_format.BackupLimits.cheap())


def restore(backup: Path, code: str, folder: Path, *, replace: bool = False) -> Messenger:
    return restore_profile(
        backup, code, folder, NEW_PASSPHRASE, replace=replace, kdf=KdfParams.interactive()
    )


def everything(m: Messenger) -> list[object]:
    """Every conversation and every message in it, as the facade shows them."""
    shown: list[object] = []
    for conversation in sorted(m.conversations(), key=lambda c: c.conversation_id):
        shown.append(conversation)
        after = 0
        while page := m.messages_after(conversation.conversation_id, after, 500):
            shown += page
            after = page[-1].message_id
    return shown


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir())


@pytest.fixture
def pair(relay: RelayProcess, tmp_path: Path) -> Iterator[tuple[Messenger, Messenger]]:
    a, b = make_pair(tmp_path / "disk", relay.url)
    yield a, b
    a.lock()
    b.lock()


def test_a_dead_disk_restored_goes_on_talking(
    pair: tuple[Messenger, Messenger], tmp_path: Path
) -> None:
    a, b = pair
    ab, ba = conversation_id(a, b), conversation_id(b, a)
    for i in range(12):
        a.send_text(ab, f"dari Ani {i}")
        b.send_text(ba, f"dari Budi {i}")
    photo = tmp_path / "foto.bin"
    photo.write_bytes(bytes(range(256)) * 700)  # 175 KB: several backup frames
    b.send_file(ba, photo)
    a.flush_outbox()
    b.flush_outbox()
    a.sync_once()
    b.sync_once()
    (incoming_file,) = [m for m in a.messages_after(ab, 0, 500) if m.attachment is not None]
    a.download_attachment(incoming_file.message_id)
    a.react(incoming_file.message_id, "🌺")
    a.mark_verified(b.own_account_id())
    b.mark_verified(a.own_account_id())
    a.flush_outbox()
    b.sync_once()

    seen: list[tuple[int, int]] = []
    result = a.create_backup(tmp_path / "ani.bisikbackup", progress=lambda *p: seen.append(p))
    assert result.code is not None and CODE_LINE.match(result.code)
    assert (result.messages, result.attachments) == (25, 1)
    assert result.size == (tmp_path / "ani.bisikbackup").stat().st_size > 175_000
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1]
    assert (tmp_path / "ani.bisikbackup").stat().st_mode & 0o777 == 0o600
    again = a.create_backup(tmp_path / "again.bisikbackup", include_attachments=False)
    # without the file's bytes: the rows, and about 55 KB of ML-KEM prekeys (41 of 1.3 KB)
    assert again.code is None and again.attachments == 0 and again.size < 130_000
    before, own_id = everything(a), a.own_account_id()
    a.lock()
    shutil.rmtree(tmp_path / "disk" / "a")  # the dead disk

    fresh = tmp_path / "new-laptop" / "ani"
    a2 = restore(tmp_path / "ani.bisikbackup", result.code, fresh)
    try:
        assert a2.own_account_id() == own_id
        assert everything(a2) == before
        assert a2.contact(b.own_account_id()).trust is TrustState.VERIFIED
        saved = tmp_path / "saved.bin"
        a2.save_attachment(incoming_file.message_id, saved)
        assert saved.read_bytes() == photo.read_bytes()
        assert a2.setting("backup_code") == result.code  # later backups keep the code

        sent = a2.send_text(ab, "disk baru, chat lama")  # a fresh X3DH session
        a2.flush_outbox()
        assert a2.message(sent.message_id).status is MessageStatus.SENT
        b.sync_once()
        assert b.messages_before(ba, None, 1)[0].body == "disk baru, chat lama"
        assert b.contact(a.own_account_id()).trust is TrustState.VERIFIED  # no key change
        b.send_text(ba, "selamat datang kembali")
        b.flush_outbox()
        a2.sync_once()
        assert a2.messages_before(ab, None, 1)[0].body == "selamat datang kembali"
        assert a2.create_backup(tmp_path / "later.bisikbackup").code is None
    finally:
        a2.lock()


def test_restore_never_overwrites_a_profile_unless_asked(
    pair: tuple[Messenger, Messenger], relay: RelayProcess, tmp_path: Path
) -> None:
    a, b = pair
    a.send_text(conversation_id(a, b), "cadangan")
    backup = tmp_path / "ani.bisikbackup"
    code = a.create_backup(backup).code
    assert code is not None
    other = tmp_path / "there" / "citra"
    make_profile(other, "Citra", relay.url).lock()
    there = files(other)
    listed = siblings(other)
    with pytest.raises(ProfileExists, match="replace"):
        restore(backup, code, other)
    assert files(other) == there and siblings(other) == listed
    assert files(tmp_path / "disk" / "a")  # the source is untouched too

    a2 = restore(backup, code, other, replace=True)
    try:
        assert a2.own_display_name() == "Ani"
        (aside,) = [p for p in other.parent.iterdir() if ".before-restore-" in p.name]
        assert aside.name.startswith("citra.before-restore-")
        assert files(aside) == there  # the old profile, kept whole
    finally:
        a2.lock()

    empty = tmp_path / "empty"
    empty.mkdir()
    restore(backup, code, empty).lock()  # an empty folder is as good as none
    clutter = tmp_path / "clutter"
    clutter.mkdir()
    (clutter / "notes.txt").write_text("mine")
    with pytest.raises(Exception, match="not empty"):
        restore(backup, code, clutter, replace=True)
    assert files(clutter) == {"notes.txt": b"mine"}


def test_a_bad_backup_or_code_leaves_nothing_behind(
    pair: tuple[Messenger, Messenger], tmp_path: Path
) -> None:
    a, b = pair
    big = tmp_path / "big.bin"
    big.write_bytes(bytes(range(256)) * 1000)
    a.send_file(conversation_id(a, b), big)
    backup = tmp_path / "ani.bisikbackup"
    code = a.create_backup(backup).code
    assert code is not None
    data = backup.read_bytes()
    header = 62
    (first,) = struct.unpack_from(">I", data, header)
    middle = header + 4 + first + 4 + 1000  # inside the second frame: found during the import
    target = tmp_path / "restored" / "ani"
    (tmp_path / "restored").mkdir()
    wrong = "00000 00000 00000 00000 00000 00000"
    flipped = bytearray(data)
    flipped[middle] ^= 0x20
    newer = data[:8] + struct.pack(">H", 2) + data[10:]
    cases: list[tuple[bytes, str, type[Exception]]] = [
        (data, wrong, WrongBackupCode),
        (data, "12345", InvalidBackupCode),
        (data[: len(data) // 2], code, BadBackup),
        (data[:-1], code, BadBackup),
        (bytes(flipped), code, BadBackup),
        (data + b"\x00", code, BadBackup),
        (newer, code, BackupFromNewerVersion),
        (b"", code, BadBackup),
    ]
    for content, typed, expected in cases:
        damaged = tmp_path / "damaged.bisikbackup"
        damaged.write_bytes(content)
        with pytest.raises(expected) as caught:
            restore(damaged, typed, target)
        assert "\n" not in str(caught.value) and str(caught.value)
        assert siblings(target) == [], expected  # no folder made, none left behind
    with pytest.raises(FileNotFoundError):
        restore(tmp_path / "nowhere.bisikbackup", code, target)
    with pytest.raises(FileExistsError):
        a.create_backup(backup)  # never over an existing file
    assert backup.read_bytes() == data
    assert not (tmp_path / "ani.bisikbackup.partial").exists()


def test_the_cli_backs_up_and_restores(relay: RelayProcess, tmp_path: Path) -> None:
    profile = tmp_path / "ani"
    cli(profile, "init", "--name", "Ani", "--relay", relay.url)
    created = cli(profile, "backup", "create", str(tmp_path / "one.bisikbackup"))
    found = CODE_LINE.search(created.stdout)
    assert found is not None, created.stdout
    code = found.group(1)
    assert "shown only this once" in created.stdout and "cannot be read" in created.stdout
    assert created.stderr == ""  # progress only on a terminal
    second = cli(profile, "--json", "backup", "create", str(tmp_path / "two.bisikbackup"))
    shown = json.loads(second.stdout)
    assert shown["code"] is None and shown["file"] == str(tmp_path / "two.bisikbackup")
    assert shown["bytes"] == (tmp_path / "two.bisikbackup").stat().st_size
    assert not CODE_LINE.search(second.stdout)

    target = tmp_path / "restored"
    refused = cli(
        target,
        "backup",
        "restore",
        str(tmp_path / "two.bisikbackup"),
        check=False,
        env={"BISIK_BACKUP_CODE": "11111-11111-11111-11111-11111-11111"},
    )
    assert refused.returncode == 1
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "wrong backup code" in refused.stderr and "Traceback" not in refused.stderr
    assert not target.exists()

    restored = cli(
        target,
        "--json",
        "backup",
        "restore",
        str(tmp_path / "two.bisikbackup"),
        env={"BISIK_BACKUP_CODE": code.replace(" ", "-")},
    )
    done = json.loads(restored.stdout)
    assert done["profile"] == str(target) and done["kept_aside"] is None
    assert cli(target, "--json", "invite").returncode == 0
    exists = cli(
        target,
        "backup",
        "restore",
        str(tmp_path / "one.bisikbackup"),
        check=False,
        env={"BISIK_BACKUP_CODE": code},
    )
    assert exists.returncode == 1 and "already holds a profile" in exists.stderr
