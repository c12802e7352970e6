"""`Store`: one unlocked profile. Opening, locking, rekeying, remember-on-device and settings
here; every other table's API in a mixin of its own, composed below.

The store implements the session layer's `ProtocolStores` (app/session/stores.py) and gives the
service layer contacts, conversations, messages, outbox, attachments and settings. Every method
runs on the calling thread's own connection (see app/store/database.py) and, unless it is inside
`transaction()`, commits on its own. Once it is open, a failure SQLite reports comes out as a
typed StoreError (app/store/base.py). docs/store.md lists the modules.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from app.crypto.secret import wipe_in_place
from app.session.stores import ProtocolStores
from app.store import remember
from app.store.attachments import AttachmentsMixin
from app.store.backup import BackupMixin
from app.store.base import StoreBase
from app.store.contacts import ContactsMixin
from app.store.database import Database, connect, open_verified
from app.store.devices import DevicesMixin
from app.store.errors import CorruptProfile, NotAProfile, ProfileExists, WrongPassphrase
from app.store.groups import GroupsMixin
from app.store.messages import MessagesMixin
from app.store.outbox import OutboxMixin
from app.store.profile import (
    DATABASE_FILE,
    LOCK_FILE,
    PROFILE_FILE,
    FolderLock,
    KdfParams,
    KeySlot,
    ProfileFile,
    read_profile_file,
    write_profile_file,
)
from app.store.protocol import ProtocolStoresMixin
from app.store.schema import migrate


class Store(
    ProtocolStoresMixin,
    ContactsMixin,
    DevicesMixin,
    GroupsMixin,
    MessagesMixin,
    OutboxMixin,
    AttachmentsMixin,
    BackupMixin,
    StoreBase,
):
    """An unlocked profile. Make one with `Store.create` or `Store.open`; end it with `lock()`."""

    def __repr__(self) -> str:
        return f"<Store {self._folder}>"

    # --- opening, locking, passphrase ------------------------------------------------------------

    @classmethod
    def create(cls, folder: Path, passphrase: str, *, kdf: KdfParams | None = None) -> Store:
        """Make a new, empty profile in `folder` (created if missing; must hold no profile).

        `kdf` exists for tests (KdfParams.interactive()); the product always uses the default.
        """
        folder.mkdir(parents=True, exist_ok=True)
        if (folder / PROFILE_FILE).exists() or (folder / DATABASE_FILE).exists():
            raise ProfileExists(f"{folder} already holds a profile")
        slot, key = KeySlot.create(passphrase, kdf or KdfParams.moderate())
        profile = ProfileFile(os.urandom(16).hex(), slot)
        (folder / LOCK_FILE).touch()
        with _holding_lock(folder) as lock:
            conn = connect(folder / DATABASE_FILE, key)
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                migrate(conn)
            finally:
                conn.close()
            write_profile_file(folder, profile)
            return cls(folder, profile, Database(folder / DATABASE_FILE, key), lock)

    @classmethod
    def open(cls, folder: Path, passphrase: str) -> Store:
        """Unlock the profile in `folder`: one Argon2id run, then the database opens.

        Raises NotAProfile, CorruptProfile, ProfileFromNewerVersion, ProfileInUse or
        WrongPassphrase, each before anything in the folder is written.
        """
        profile = _read_profile(folder)
        with _holding_lock(folder) as lock:  # before Argon2id: a busy profile fails fast
            keys = [(slot, slot.derive_key(passphrase)) for slot in profile.slots()]
            accepted = [(slot, key) for slot, key in keys if slot.accepts(key)]
            if not accepted:
                raise WrongPassphrase("wrong passphrase")
            return cls._open_with(folder, profile, accepted, lock)

    @classmethod
    def open_remembered(cls, folder: Path) -> Store | None:
        """Unlock with the key remembered on this device, or None if none is remembered."""
        profile = _read_profile(folder)
        key = remember.recall(profile.profile_id)
        if key is None:
            return None
        accepted = [(slot, key) for slot in profile.slots() if slot.accepts(key)]
        if not accepted:
            return None  # a stale entry from before a passphrase change elsewhere
        with _holding_lock(folder) as lock:
            return cls._open_with(folder, profile, accepted, lock)

    @classmethod
    def _open_with(
        cls,
        folder: Path,
        profile: ProfileFile,
        accepted: list[tuple[KeySlot, bytearray]],
        lock: FolderLock,
    ) -> Store:
        path = folder / DATABASE_FILE
        for slot, key in accepted:
            try:
                conn = open_verified(path, key)
            except CorruptProfile:
                if profile.pending is None:
                    raise
                continue  # a passphrase change was interrupted; the database has the other key
            try:
                migrate(conn)
            finally:
                conn.close()
            if profile.pending is not None:
                profile = ProfileFile(profile.profile_id, slot)
                write_profile_file(folder, profile)
            return cls(folder, profile, Database(path, key), lock)
        raise WrongPassphrase("a passphrase change was interrupted; the other passphrase opens it")

    def lock(self) -> None:
        """Close every connection, wipe the key and the seed, release the folder. It is done."""
        self._db.close()
        if self._seed is not None:
            wipe_in_place(self._seed)  # ours (sqlcipher3 made it for own_identity_seed)
            self._seed = None
        self._lock.release()

    def change_passphrase(self, old: str, new: str, *, kdf: KdfParams | None = None) -> None:
        """Re-encrypt the database under a key from `new` (fresh salt); crash-safe.

        profile.json first records the new slot as pending, then the database is rekeyed in one
        SQLCipher transaction, then the new slot replaces the old: after a crash at any point,
        the passphrase whose key the database has opens it.
        """
        if not self._profile.key.accepts(self._profile.key.derive_key(old)):
            raise WrongPassphrase("wrong passphrase")
        slot, key = KeySlot.create(new, kdf or self._profile.key.kdf)
        write_profile_file(
            self._folder, ProfileFile(self._profile.profile_id, self._profile.key, slot)
        )
        self._db.rekey(key)
        self._profile = ProfileFile(self._profile.profile_id, slot)
        write_profile_file(self._folder, self._profile)
        if remember.recall(self._profile.profile_id) is not None:
            remember.store(self._profile.profile_id, key)

    def remember_on_device(self, enabled: bool) -> None:
        """Keep the key in the OS keyring so the profile opens without a passphrase (opt-in)."""
        if enabled:
            key = self._db.key()
            remember.store(self._profile.profile_id, key)
        else:
            remember.forget(self._profile.profile_id)

    def is_remembered(self) -> bool:
        return remember.recall(self._profile.profile_id) is not None

    # --- settings ------------------------------------------------------------------------------

    def setting(self, key: str, default: str = "") -> str:
        row = self._one("SELECT value FROM settings WHERE key = ?", (key,))
        return default if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        self._conn().execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value)
        )


if TYPE_CHECKING:
    # The structural contract with the session layer, checked by mypy.
    _implements: type[ProtocolStores] = Store


@contextmanager
def _holding_lock(folder: Path) -> Iterator[FolderLock]:
    """Take the folder's lock; give it back if the block fails (on success the Store keeps it)."""
    lock = FolderLock(folder)
    lock.acquire()
    try:
        yield lock
    except BaseException:
        lock.release()
        raise


def _read_profile(folder: Path) -> ProfileFile:
    if not (folder / DATABASE_FILE).is_file():
        raise NotAProfile(f"no {DATABASE_FILE} in {folder}")
    return read_profile_file(folder)
