"""'Remember on this device': the raw key in the OS keyring, under the profile's random id.

Off by default. Whoever can read the user's keyring can then open the profile without the
passphrase, which is the trade the user opts into.
"""

from __future__ import annotations

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

from app.store.errors import KeyringUnavailable

SERVICE = "bisik"
_KEY_HEX_CHARS = 64


def store(profile_id: str, key: bytes | bytearray) -> None:
    """Remember `key`. The keyring needs a str, which is its own from then on (never wiped here)."""
    try:
        keyring.set_password(SERVICE, profile_id, key.hex())
    except KeyringError as exc:
        raise KeyringUnavailable(str(exc)) from exc


def recall(profile_id: str) -> bytearray | None:
    """The remembered key, or None if none is (or no keyring answers, or the entry is junk); in a
    bytearray of the caller's (a Database takes it over and wipes it)."""
    try:
        value = keyring.get_password(SERVICE, profile_id)
    except KeyringError:
        return None
    if value is None or len(value) != _KEY_HEX_CHARS:
        return None
    try:
        return bytearray.fromhex(value)
    except ValueError:
        return None


def forget(profile_id: str) -> None:
    try:
        keyring.delete_password(SERVICE, profile_id)
    except PasswordDeleteError:
        pass  # nothing was remembered
    except KeyringError as exc:
        raise KeyringUnavailable(str(exc)) from exc
