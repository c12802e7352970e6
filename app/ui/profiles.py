"""The seam between the app and the profile on disk: creating, restoring, joining and opening one
happen before a MessengerApi exists, so the windows talk to this small Protocol and tests give
them a fake.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from app.service.api import MessengerApi

RestoreProblem = Literal[
    "code_form", "wrong_code", "damaged", "newer", "exists", "unreadable", "other"
]
JoinProblem = Literal["relay_down", "refused", "exists", "other"]


class UnlockError(Exception):
    """A profile that cannot be opened; `str()` is one line fit to show as is."""


class WrongPassphraseError(UnlockError):
    """The passphrase does not open this profile."""


class RestoreError(UnlockError):
    """A backup that was not restored; `problem` says why, for a message in the user's language
    (`str()` is the service's own words, in English)."""

    def __init__(self, message: str, problem: RestoreProblem = "other") -> None:
        super().__init__(message)
        self.problem: RestoreProblem = problem


class JoinError(UnlockError):
    """Linking this computer to an account failed; `problem` says why, as RestoreError's does:
    "relay_down" (not now, later works), "refused" (an answer that does not open: not for this
    link, or altered), "exists" (a profile is here already), "other"."""

    def __init__(self, message: str, problem: JoinProblem = "other") -> None:
        super().__init__(message)
        self.problem: JoinProblem = problem


class ReceivedLink(Protocol):
    """The linking device's answer: show `code` and `account_name`, and only once the user saw
    the same code on both screens, `accept` (slow, network: call from a worker). JoinError."""

    @property
    def code(self) -> str: ...

    @property
    def account_name(self) -> str: ...

    def accept(self) -> MessengerApi: ...


class PendingLink(Protocol):
    """A new device waiting to be linked: `link` to show, `wait` for the answer (a long poll of
    up to `timeout` seconds, None if none came: call from a worker, again and again). JoinError."""

    @property
    def link(self) -> str: ...

    def wait(self, timeout: float) -> ReceivedLink | None: ...


class ProfileGateway(Protocol):
    """One profile folder: does it exist, create it, open it, remember its key on this device."""

    def exists(self) -> bool: ...

    def create(self, display_name: str, passphrase: str, relay_url: str) -> MessengerApi:
        """Create the profile and return it unlocked. Slow (Argon2id): call from a worker."""
        ...

    def restore(
        self,
        backup: Path,
        code: str,
        passphrase: str,
        progress: Callable[[int, int], None] | None = None,
    ) -> MessengerApi:
        """Restore a backup as this (absent) profile under a new passphrase and return it
        unlocked; never over an existing profile. RestoreError. Slow: call from a worker, and
        `progress(rows done, rows in all)` comes from that worker."""
        ...

    def begin_link(self, passphrase: str, relay_url: str) -> PendingLink:
        """Start making this (absent) profile a new device of an existing account on `relay_url`;
        nothing is written before `accept`. JoinError. Makes keys: call from a worker."""
        ...

    def unlock(self, passphrase: str) -> MessengerApi:
        """Open the profile or raise WrongPassphraseError / UnlockError. Slow: use a worker."""
        ...

    def unlock_remembered(self) -> MessengerApi | None:
        """Open with the key kept in the OS keyring, or None when nothing is remembered."""
        ...

    def set_remembered(self, messenger: MessengerApi, remember: bool) -> None:
        """Keep (or forget) the open profile's key in the OS keyring."""
        ...
