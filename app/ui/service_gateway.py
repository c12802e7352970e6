"""The real ProfileGateway: app.service.account over one profile folder.

The service stack (crypto, SQLCipher, requests) is imported on first use, off the GUI thread,
so the unlock screen appears before any of it loads.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.ui.profiles import UnlockError, WrongPassphraseError

if TYPE_CHECKING:
    from app.service.account import KdfParams
    from app.service.api import MessengerApi

PROFILE_FILE = "profile.json"  # the store's marker file; checked without importing the store


class ServiceGateway:
    """`kdf` is for tests only (the store's INTERACTIVE parameters); the app uses the default."""

    def __init__(self, folder: Path, kdf: KdfParams | None = None) -> None:
        self.folder = folder
        self._kdf = kdf

    def exists(self) -> bool:
        return (self.folder / PROFILE_FILE).is_file()

    def create(self, display_name: str, passphrase: str, relay_url: str) -> MessengerApi:
        from app.service import account
        from app.service.errors import ServiceError

        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            return account.create_profile(
                self.folder, passphrase, display_name, relay_url, kdf=self._kdf
            )
        except ServiceError as exc:
            raise UnlockError(str(exc)) from exc

    def unlock(self, passphrase: str) -> MessengerApi:
        from app.service import account
        from app.service.errors import ServiceError

        try:
            return account.open_profile(self.folder, passphrase)
        except account.WrongPassphrase as exc:
            raise WrongPassphraseError(str(exc)) from exc
        except ServiceError as exc:
            raise UnlockError(str(exc)) from exc

    def unlock_remembered(self) -> MessengerApi | None:
        from app.service import account
        from app.service.errors import ServiceError

        try:
            return account.open_remembered(self.folder)
        except ServiceError as exc:
            raise UnlockError(str(exc)) from exc

    def set_remembered(self, messenger: MessengerApi, remember: bool) -> None:
        from app.service.errors import ServiceError

        try:
            messenger.remember_on_device(remember)
        except ServiceError as exc:  # e.g. no OS keyring answers
            raise UnlockError(str(exc)) from exc
