"""Creating, unlocking and locking a profile: the step before a `Messenger` exists.

A profile is a folder (the store's profile.json, database and lock file, plus `transfers/` for
attachment ciphertext in flight). Like `Messenger`, these functions raise only ServiceErrors: the
store's typed errors come out as the service's classes of the same names (app/service/errors.py),
so a caller can tell WrongPassphrase from ProfileInUse; they are re-exported here for that.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from app import session
from app.service.backup import Progress, restore_folder
from app.service.errors import (
    BackupFromNewerVersion,
    BadBackup,
    CorruptProfile,
    InvalidBackupCode,
    NotAProfile,
    ProfileExists,
    ProfileFromNewerVersion,
    ProfileInUse,
    RelayDown,
    ServiceError,
    StorageError,
    WrongBackupCode,
    WrongPassphrase,
    service_errors,
)
from app.service.messenger import (
    Messenger,
    check_display_name,
    check_proxy_url,
    check_relay_url,
)
from app.store import KdfParams, Store
from app.store.profile import PROFILE_FILE

__all__ = [
    "BackupFromNewerVersion",
    "BadBackup",
    "CorruptProfile",
    "InvalidBackupCode",
    "KdfParams",
    "NotAProfile",
    "ProfileExists",
    "ProfileFromNewerVersion",
    "ProfileInUse",
    "StorageError",
    "WrongBackupCode",
    "WrongPassphrase",
    "create_profile",
    "open_profile",
    "open_remembered",
    "profile_exists",
    "restore_profile",
]


def profile_exists(folder: Path) -> bool:
    return (folder / PROFILE_FILE).is_file()


@service_errors
def create_profile(
    folder: Path,
    passphrase: str,
    display_name: str,
    relay_url: str,
    *,
    kdf: KdfParams | None = None,
    proxy: str | None = None,
) -> Messenger:
    """Make a profile with a new identity and publish its keys if the relay answers.

    `kdf` is for tests only (KdfParams.interactive()); the product always uses the default.
    `proxy` is used (not stored) as in `open_profile`, from the first request on.
    """
    display_name = check_display_name(display_name)
    relay_url = check_relay_url(relay_url)
    proxy = None if proxy is None else check_proxy_url(proxy)
    if not passphrase:
        raise ServiceError("the passphrase is empty")
    store = Store.create(folder, passphrase, kdf=kdf)
    try:
        with store.transaction():
            store.set_own_identity(session.new_identity_seed(), session.new_device_id())
            store.set_own_display_name(display_name)
            store.set_relay_url(relay_url)
            session.generate_signed_prekey(store, time.time())
    except BaseException:
        store.lock()
        raise
    messenger = Messenger(store, folder, proxy=proxy)
    with contextlib.suppress(RelayDown):  # else the first sync that reaches the relay does it
        messenger.publish_keys()
    return messenger


@service_errors
def open_profile(folder: Path, passphrase: str, *, proxy: str | None = None) -> Messenger:
    """Unlock a profile (one Argon2id run); WrongPassphrase, ProfileInUse, NotAProfile,
    CorruptProfile, ProfileFromNewerVersion or another StorageError on failure. A `proxy`
    ("" for none) is used instead of the profile's for this unlock, not stored; InvalidProxy
    (before the profile is opened) if it is not socks5h://host:port."""
    proxy = None if proxy is None else check_proxy_url(proxy)
    return _messenger(Store.open(folder, passphrase), folder, proxy)


@service_errors
def open_remembered(folder: Path) -> Messenger | None:
    """Unlock with the key remembered on this device, or None if there is none (errors as
    `open_profile`; KeyringUnavailable when no keyring answers)."""
    store = Store.open_remembered(folder)
    return None if store is None else _messenger(store, folder)


@service_errors
def restore_profile(
    backup: Path,
    code: str,
    folder: Path,
    passphrase: str,
    *,
    replace: bool = False,
    kdf: KdfParams | None = None,
    progress: Progress | None = None,
    proxy: str | None = None,
) -> Messenger:
    """Restore an encrypted backup as the profile in `folder`, under a new local `passphrase`,
    and open it (docs/backup.md). Sessions are not in a backup: the first message to each
    contact starts a fresh one; messages that were pending come back as failed, to retry.

    Nothing is written before the backup opened with `code` and the target is checked:
    InvalidBackupCode, WrongBackupCode, BadBackup (another kind of file, damaged, cut short or
    tampered with; also found later, while the rows are read), BackupFromNewerVersion, OSError
    for an unreadable file; ProfileExists if `folder` holds a profile and not `replace`,
    ServiceError if it holds something else, ProfileInUse if the profile there is open. The new
    profile is built in a temporary sibling folder and takes `folder`'s place only once it is
    whole; with `replace` the old profile is renamed to `<folder>.before-restore-<time>`, never
    deleted. `progress(rows done, rows in all)`; `kdf` for tests only; `proxy` as in
    `open_profile`.
    """
    proxy = None if proxy is None else check_proxy_url(proxy)
    restore_folder(backup, code, folder, passphrase, replace=replace, kdf=kdf, progress=progress)
    return _messenger(Store.open(folder, passphrase), folder, proxy)


def _messenger(store: Store, folder: Path, proxy: str | None = None) -> Messenger:
    if not store.has_own_identity():
        store.lock()
        raise CorruptProfile("the profile has no identity (its creation was interrupted)")
    return Messenger(store, folder, proxy=proxy)
