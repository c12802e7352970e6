"""Fixtures for the desktop app tests: a fake profile gateway over FakeMessenger, and windows."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.service.api import MessengerApi
from app.ui.i18n import install_language
from app.ui.onboarding import FirstRunPage
from app.ui.prefs import Preferences
from app.ui.profiles import JoinError, RestoreError, WrongPassphraseError
from app.ui.window import BisikWindow
from tests.ui.fake_messenger import FakeMessenger

PASSPHRASE = "correct horse battery"
FAKE_BACKUP = b"BISIKBAK fake backup"  # what FakeMessenger.create_backup writes
FAKE_CODE = "12345" * 6  # and the code it makes


FAKE_LINK = "bisik-link:AAAAfake"  # what FakeGateway.begin_link shows


class FakeReceivedLink:
    """The answer FakePendingLink.wait gives: accepting makes the gateway's profile exist."""

    def __init__(self, gateway: FakeGateway, code: str, account_name: str) -> None:
        self._gateway = gateway
        self.code = code
        self.account_name = account_name

    def accept(self) -> MessengerApi:
        gateway = self._gateway
        gateway.accepted_on = threading.current_thread()
        if gateway.accept_error is not None:
            raise gateway.accept_error
        gateway._exists = True
        gateway.messenger.set_display_name(self.account_name)
        return gateway.messenger


class FakePendingLink:
    """Waits a moment per call; answers with the gateway's `link_answer` (code, account name)
    once a test sets it, or raises its `wait_error` once."""

    def __init__(self, gateway: FakeGateway) -> None:
        self._gateway = gateway
        self.link = FAKE_LINK
        self.waits: list[tuple[float, threading.Thread]] = []  # (timeout, thread) per call

    def wait(self, timeout: float) -> FakeReceivedLink | None:
        self.waits.append((timeout, threading.current_thread()))
        time.sleep(min(timeout, 0.02))
        gateway = self._gateway
        error, gateway.wait_error = gateway.wait_error, None
        if error is not None:
            raise error
        if gateway.link_answer is None:
            return None
        return FakeReceivedLink(gateway, *gateway.link_answer)


class FakeGateway:
    """A profile that exists once created; the passphrase is checked like the real one."""

    def __init__(self, messenger: FakeMessenger, exists: bool = True) -> None:
        self.messenger = messenger
        self._exists = exists
        self.created: tuple[str, str, str] | None = None
        self.remembered = False
        self.restored: tuple[Path, str] | None = None
        self.joining: tuple[str, str] | None = None  # begin_link's (passphrase, relay)
        self.pending: FakePendingLink | None = None
        self.link_answer: tuple[str, str] | None = None
        self.wait_error: Exception | None = None
        self.accept_error: Exception | None = None
        self.accepted_on: threading.Thread | None = None

    def exists(self) -> bool:
        return self._exists

    def create(self, display_name: str, passphrase: str, relay_url: str) -> MessengerApi:
        self.created = (display_name, passphrase, relay_url)
        self._exists = True
        self.messenger.set_display_name(display_name)
        return self.messenger

    def restore(
        self,
        backup: Path,
        code: str,
        passphrase: str,
        progress: Callable[[int, int], None] | None = None,
    ) -> MessengerApi:
        """Opens FakeMessenger.create_backup's file with its code; refuses as the real one."""
        if self._exists:
            raise RestoreError("a profile exists in this folder already", "exists")
        if backup.read_bytes() != FAKE_BACKUP:
            raise RestoreError("not a Bisik backup", "damaged")
        if "".join(code.split()).replace("-", "") != FAKE_CODE:
            raise RestoreError("the code does not open this backup", "wrong_code")
        for done in range(0, 11):
            if progress is not None:
                progress(done, 10)
        self.restored = (backup, passphrase)
        self._exists = True
        return self.messenger

    def begin_link(self, passphrase: str, relay_url: str) -> FakePendingLink:
        if self._exists:
            raise JoinError("a profile exists in this folder already", "exists")
        self.joining = (passphrase, relay_url)
        self.pending = FakePendingLink(self)
        return self.pending

    def unlock(self, passphrase: str) -> MessengerApi:
        if passphrase != PASSPHRASE:
            raise WrongPassphraseError("wrong passphrase")
        self.messenger.locked = False
        return self.messenger

    def unlock_remembered(self) -> MessengerApi | None:
        return self.messenger if self.remembered else None

    def set_remembered(self, messenger: MessengerApi, remember: bool) -> None:
        self.remembered = remember


@pytest.fixture
def fake() -> FakeMessenger:
    messenger = FakeMessenger("Rani")
    ayu = messenger.add_peer("Ayu Lestari")
    messenger.receive(ayu, "Halo! Sudah sampai?", at=1.7e9)
    messenger.add_peer("Budi Santoso")
    return messenger


@pytest.fixture
def prefs(tmp_path: Path) -> Preferences:
    return Preferences(tmp_path / "bisik.ini")


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    install_language(qapp, "en")
    qapp.setProperty("bisik_language", "en")
    yield
    install_language(qapp, "en")
    qapp.setProperty("bisik_language", "en")


def open_window(qtbot: QtBot, gateway: FakeGateway, prefs: Preferences) -> BisikWindow:
    window = BisikWindow(gateway, prefs, use_tray=False)
    qtbot.addWidget(window)
    window.show()
    return window


def walk_to_relay_step(window: BisikWindow, name: str, passphrase: str) -> FirstRunPage:
    """Fill in the first run's name and passphrase steps; returns the page, at the relay step."""
    page = window.first_run
    assert page is not None
    page.name.setText(name)
    page.next.click()
    page.passphrase.setText(passphrase)
    page.again.setText(passphrase)
    page.next.click()
    assert page.steps.currentIndex() == 2
    return page


def unlock(qtbot: QtBot, window: BisikWindow, passphrase: str = PASSPHRASE) -> MessengerApi:
    """Unlock from the unlock page; returns the window's messenger once its list has loaded."""
    page = window.unlock_page
    assert page is not None
    page.passphrase.setText(passphrase)
    with qtbot.wait_signal(window.unlocked, timeout=5000):
        page.button.click()
    qtbot.waitUntil(lambda: window.main_view is not None and window.main_view.model.rowCount() > 0)
    messenger = window.messenger
    assert messenger is not None
    return messenger


@pytest.fixture
def window(qtbot: QtBot, fake: FakeMessenger, prefs: Preferences, english: None) -> BisikWindow:
    win = open_window(qtbot, FakeGateway(fake), prefs)
    unlock(qtbot, win)
    return win
