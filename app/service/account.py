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
from app.service.errors import (
    CorruptProfile,
    NotAProfile,
    ProfileExists,
    ProfileFromNewerVersion,
    ProfileInUse,
    RelayDown,
    ServiceError,
    StorageError,
    WrongPassphrase,
    service_errors,
)
from app.service.messenger import Messenger, check_display_name, check_relay_url
from app.store import KdfParams, Store
from app.store.profile import PROFILE_FILE

__all__ = [
    "CorruptProfile",
    "KdfParams",
    "NotAProfile",
    "ProfileExists",
    "ProfileFromNewerVersion",
    "ProfileInUse",
    "StorageError",
    "WrongPassphrase",
    "create_profile",
    "open_profile",
    "open_remembered",
    "profile_exists",
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
) -> Messenger:
    """Make a profile with a new identity and publish its keys if the relay answers.

    `kdf` is for tests only (KdfParams.interactive()); the product always uses the default.
    """
    display_name = check_display_name(display_name)
    relay_url = check_relay_url(relay_url)
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
    messenger = Messenger(store, folder)
    with contextlib.suppress(RelayDown):  # else the first sync that reaches the relay does it
        messenger.publish_keys()
    return messenger


@service_errors
def open_profile(folder: Path, passphrase: str) -> Messenger:
    """Unlock a profile (one Argon2id run); WrongPassphrase, ProfileInUse, NotAProfile,
    CorruptProfile, ProfileFromNewerVersion or another StorageError on failure."""
    return _messenger(Store.open(folder, passphrase), folder)


@service_errors
def open_remembered(folder: Path) -> Messenger | None:
    """Unlock with the key remembered on this device, or None if there is none (errors as
    `open_profile`; KeyringUnavailable when no keyring answers)."""
    store = Store.open_remembered(folder)
    return None if store is None else _messenger(store, folder)


def _messenger(store: Store, folder: Path) -> Messenger:
    if not store.has_own_identity():
        store.lock()
        raise CorruptProfile("the profile has no identity (its creation was interrupted)")
    return Messenger(store, folder)
