"""Changing the passphrase: atomic, even when the process dies in the middle."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from app.store import KdfParams, Store, WrongPassphrase
from app.store.database import Database
from app.store.errors import StoreError
from app.store.profile import PROFILE_FILE

NEW = "pisang goreng 7"


def test_rekey_old_refused_new_accepted_data_intact(
    filled_folder: Path, passphrase: str, fast_kdf: KdfParams
) -> None:
    store = Store.open(filled_folder, passphrase)
    salt_before = json.loads((filled_folder / PROFILE_FILE).read_text())["key"]["salt"]
    store.change_passphrase(passphrase, NEW, kdf=fast_kdf)
    assert store.message_count(1) == 300  # still usable on the new key
    store.lock()
    doc = json.loads((filled_folder / PROFILE_FILE).read_text())
    assert "pending_key" not in doc
    assert doc["key"]["salt"] != salt_before  # a fresh salt for the new passphrase
    with pytest.raises(WrongPassphrase):
        Store.open(filled_folder, passphrase)
    store = Store.open(filled_folder, NEW)
    assert store.message_count(1) == 300
    assert store.messages_before(1, None, 1)[0].body.startswith("pesan nomor 299")
    store.lock()


def test_rekey_needs_the_old_passphrase(store: Store, folder: Path, passphrase: str) -> None:
    before = (folder / PROFILE_FILE).read_bytes()
    with pytest.raises(WrongPassphrase):
        store.change_passphrase("not it", NEW)
    assert (folder / PROFILE_FILE).read_bytes() == before


def test_rekey_reopens_other_threads_connections(
    store: Store, conversation: int, passphrase: str
) -> None:
    counts: list[int] = []
    worker = threading.Thread(target=lambda: counts.append(store.message_count(conversation)))
    worker.start()
    worker.join()
    store.change_passphrase(passphrase, NEW, kdf=KdfParams.interactive())
    worker = threading.Thread(target=lambda: counts.append(store.message_count(conversation)))
    worker.start()
    worker.join()
    assert counts == [0, 0]


# The child announces the moment PRAGMA rekey starts (after profile.json holds the pending slot),
# so that the parent's kill lands inside the rewrite or shortly after it.
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from app.store import KdfParams, Store
    from app.store.database import Database

    real_rekey = Database.rekey

    def announced_rekey(self, key):
        print("rekeying", flush=True)
        real_rekey(self, key)

    Database.rekey = announced_rekey
    store = Store.open(Path(sys.argv[1]), sys.argv[2])
    store.change_passphrase(sys.argv[2], sys.argv[3], kdf=KdfParams.interactive())
    print("done", flush=True)
    """
)


# Seconds after PRAGMA rekey starts (about 0.1 s for 8 MB here); BISIK_LONG=1 tries many more.
KILL_DELAYS = (
    [i * 0.005 for i in range(60)]
    if os.environ.get("BISIK_LONG") == "1"
    else [0.0, 0.02, 0.05, 0.1, 0.2]
)


def big_profile(folder: Path, passphrase: str) -> None:
    """Make the database big enough (about 8 MB) that a rekey takes a while to rewrite."""
    store = Store.open(folder, passphrase)
    attachment = store.create_attachment("big.bin", "application/octet-stream", 8 << 20)
    store.append_attachment(attachment, os.urandom(8 << 20))
    store.lock()


def open_with_either(folder: Path, passphrases: list[str]) -> str:
    """The passphrase that opens the profile now; fails if neither does."""
    for candidate in passphrases:
        try:
            store = Store.open(folder, candidate)
        except WrongPassphrase:
            continue
        assert store.message_count(1) == 300
        assert sum(len(c) for c in store.read_attachment(1)) == 8 << 20
        store.lock()
        return candidate
    raise AssertionError("neither passphrase opens the profile")


def test_kill_during_rekey_leaves_one_passphrase_working(
    filled_folder: Path, passphrase: str
) -> None:
    big_profile(filled_folder, passphrase)
    current = passphrase
    for delay in KILL_DELAYS:
        new = f"sandi-{delay}"
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(filled_folder), current, new],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "rekeying"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        current = open_with_either(filled_folder, [current, new])


class Crash(BaseException):
    """Stands for the process dying at a chosen point."""


def test_crash_before_rekey_keeps_old_passphrase(
    filled_folder: Path, passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(filled_folder, passphrase)

    def crash(self: object, key: bytes) -> None:
        raise Crash

    monkeypatch.setattr(Database, "rekey", crash)
    with pytest.raises(Crash):
        store.change_passphrase(passphrase, NEW, kdf=KdfParams.interactive())
    store.lock()
    assert "pending_key" in json.loads((filled_folder / PROFILE_FILE).read_text())
    with pytest.raises(WrongPassphrase):
        Store.open(filled_folder, NEW)
    Store.open(filled_folder, passphrase).lock()
    assert "pending_key" not in json.loads((filled_folder / PROFILE_FILE).read_text())
    with pytest.raises(WrongPassphrase):
        Store.open(filled_folder, NEW)


def test_crash_after_rekey_keeps_new_passphrase(
    filled_folder: Path, passphrase: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(filled_folder, passphrase)
    real_rekey = Database.rekey

    def rekey_then_crash(self: Database, key: bytearray) -> None:
        real_rekey(self, key)
        raise Crash

    monkeypatch.setattr(Database, "rekey", rekey_then_crash)
    with pytest.raises(Crash):
        store.change_passphrase(passphrase, NEW, kdf=KdfParams.interactive())
    store.lock()
    with pytest.raises(WrongPassphrase):
        Store.open(filled_folder, passphrase)
    reopened = Store.open(filled_folder, NEW)
    assert reopened.message_count(1) == 300
    reopened.lock()
    assert "pending_key" not in json.loads((filled_folder / PROFILE_FILE).read_text())
    with pytest.raises(WrongPassphrase):
        Store.open(filled_folder, passphrase)


# --- remember on this device ---------------------------------------------------------------------


class MemoryKeyring(KeyringBackend):
    """An in-memory keyring: no OS keyring runs here."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.entries: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_remember_is_off_by_default_and_opt_in(
    store: Store, folder: Path, passphrase: str, memory_keyring: MemoryKeyring
) -> None:
    assert not store.is_remembered()
    assert memory_keyring.entries == {}
    store.lock()
    assert Store.open_remembered(folder) is None
    store = Store.open(folder, passphrase)
    store.remember_on_device(True)
    store.lock()
    reopened = Store.open_remembered(folder)
    assert reopened is not None
    assert reopened.own_device_id() == "d" * 32
    reopened.change_passphrase(passphrase, NEW, kdf=KdfParams.interactive())
    reopened.lock()
    again = Store.open_remembered(folder)  # the keyring entry followed the new key
    assert again is not None
    again.remember_on_device(False)
    again.lock()
    assert memory_keyring.entries == {}
    assert Store.open_remembered(folder) is None


def test_junk_keyring_entry_is_ignored(
    store: Store, folder: Path, memory_keyring: MemoryKeyring
) -> None:
    store.remember_on_device(True)
    store.lock()
    ((entry, _),) = memory_keyring.entries.items()
    for junk in ("", "zz" * 32, "00" * 32, "00" * 64):
        memory_keyring.entries[entry] = junk
        assert Store.open_remembered(folder) is None


def test_remember_without_keyring_is_typed(store: Store) -> None:
    from keyring.backends.fail import Keyring as FailKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())  # type: ignore[no-untyped-call]
    try:
        with pytest.raises(StoreError):
            store.remember_on_device(True)
        assert not store.is_remembered()
    finally:
        keyring.set_keyring(previous)
