"""The real ProfileGateway: app.service.account over one profile folder.

The service stack (crypto, SQLCipher, requests) is imported on first use, off the GUI thread,
so the unlock screen appears before any of it loads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from app.ui.profiles import (
    JoinError,
    JoinProblem,
    RestoreError,
    RestoreProblem,
    UnlockError,
    WrongPassphraseError,
)

if TYPE_CHECKING:
    from app.service import joining
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

    def restore(
        self,
        backup: Path,
        code: str,
        passphrase: str,
        progress: Callable[[int, int], None] | None = None,
    ) -> MessengerApi:
        from app.service import account, errors

        if self.exists():  # the service refuses too (no `replace`): this is only the first word
            raise RestoreError("a profile exists in this folder already", "exists")
        problems: list[tuple[type[Exception], RestoreProblem]] = [
            (errors.InvalidBackupCode, "code_form"),
            (errors.WrongBackupCode, "wrong_code"),
            (errors.BackupFromNewerVersion, "newer"),
            (errors.BadBackup, "damaged"),
            (errors.ProfileExists, "exists"),
            (errors.ServiceError, "other"),
            (OSError, "unreadable"),
        ]
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        try:
            return account.restore_profile(
                backup, code, self.folder, passphrase, replace=False, kdf=self._kdf,
                progress=progress,
            )  # fmt: skip
        except (errors.ServiceError, OSError) as exc:
            problem = next(p for kind, p in problems if isinstance(exc, kind))
            raise RestoreError(str(exc), problem) from exc

    def begin_link(self, passphrase: str, relay_url: str) -> _PendingLink:
        from app.service import joining

        with _join_errors():
            return _PendingLink(
                joining.begin_link(self.folder, passphrase, relay_url.strip(), kdf=self._kdf)
            )

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


@contextmanager
def _join_errors() -> Iterator[None]:
    """The service's errors while joining, as JoinError with a problem the page can put into the
    user's words."""
    from app.service import errors

    problems: list[tuple[type[Exception], JoinProblem]] = [
        (errors.RelayDown, "relay_down"),
        (errors.DeviceLinkError, "refused"),
        (errors.ProfileExists, "exists"),
        (errors.ServiceError, "other"),
    ]
    try:
        yield
    except errors.ServiceError as exc:
        problem = next(p for kind, p in problems if isinstance(exc, kind))
        raise JoinError(str(exc), problem) from exc


class _PendingLink:
    """app.service.joining's DeviceJoining behind the gateway's PendingLink."""

    def __init__(self, pending: joining.DeviceJoining) -> None:
        self._pending = pending
        self.link = pending.link

    def wait(self, timeout: float) -> _ReceivedLink | None:
        with _join_errors():
            received = self._pending.wait(timeout)
        return None if received is None else _ReceivedLink(received)


class _ReceivedLink:
    def __init__(self, received: joining.ReceivedLink) -> None:
        self._received = received
        self.code = received.code
        self.account_name = received.account_name

    def accept(self) -> MessengerApi:
        with _join_errors():
            return self._received.accept()
