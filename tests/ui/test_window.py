"""The window's lifecycle: first run, unlock, lock (Ctrl+L and idle), settings that persist."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui import paths, theme
from app.ui.local_relay import LocalRelay
from app.ui.prefs import Notify, Preferences
from app.ui.settings import SettingsDialog
from app.ui.theme import ThemeChoice
from app.ui.tray import Tray
from app.ui.window import BisikWindow
from tests.ui.conftest import PASSPHRASE, FakeGateway, open_window, unlock, walk_to_relay_step
from tests.ui.fake_messenger import FakeMessenger


def test_first_run_walks_three_steps_and_opens_the_messenger(
    qtbot: QtBot, prefs: Preferences, english: None
) -> None:
    gateway = FakeGateway(FakeMessenger(), exists=False)
    window = open_window(qtbot, gateway, prefs)
    page = window.first_run
    assert page is not None

    page.next.click()
    assert page.steps.currentIndex() == 0, "an empty name must not pass"
    page.name.setText("Rani")
    page.next.click()
    page.passphrase.setText("short")
    page.again.setText("short")
    page.next.click()
    assert page.steps.currentIndex() == 1
    assert "8" in page.status.text()
    page.passphrase.setText(PASSPHRASE)
    page.again.setText(PASSPHRASE + "x")
    page.next.click()
    assert page.steps.currentIndex() == 1, "mismatched passphrases must not pass"
    page.again.setText(PASSPHRASE)
    assert page.strength.value() >= 2
    page.next.click()
    assert page.steps.currentIndex() == 2
    page.relay.setText("http://127.0.0.1:9")
    with qtbot.wait_signal(window.unlocked, timeout=5000):
        page.next.click()

    assert gateway.created == ("Rani", PASSPHRASE, "http://127.0.0.1:9")
    assert window.main_view is not None
    assert window.stack.currentWidget() is window.main_view


def test_wrong_then_right_passphrase(
    qtbot: QtBot, fake: FakeMessenger, prefs: Preferences, english: None
) -> None:
    window = open_window(qtbot, FakeGateway(fake), prefs)
    page = window.unlock_page
    assert page is not None
    page.passphrase.setText("wrong one")
    page.button.click()
    qtbot.waitUntil(lambda: page.button.isEnabled(), timeout=5000)
    assert page.status.text() == "Wrong passphrase. Try again."
    assert window.messenger is None
    assert unlock(qtbot, window) is fake and fake.started


def test_ctrl_l_locks_and_drops_the_decrypted_views(
    qtbot: QtBot, window: BisikWindow, fake: FakeMessenger
) -> None:
    view = window.main_view
    assert view is not None and view.model.rowCount() == 2
    with qtbot.wait_signal(window.locked, timeout=5000):
        QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert fake.locked
    assert window.messenger is None and window.main_view is None
    assert view.model.rowCount() == 0
    assert window.unlock_page is not None
    unlock(qtbot, window)


def test_idle_lock(qtbot: QtBot, window: BisikWindow, fake: FakeMessenger) -> None:
    window.idle.set_interval_ms(50)
    with qtbot.wait_signal(window.locked, timeout=5000):
        pass
    assert fake.locked and window.unlock_page is not None


def test_settings_persist_across_restart(
    qtbot: QtBot, window: BisikWindow, prefs: Preferences, fake: FakeMessenger
) -> None:
    dialog = SettingsDialog(prefs, fake, window.runner, window)
    qtbot.waitUntil(dialog.save.isEnabled, timeout=5000)
    assert dialog.relay.text() == fake.relay_url()
    dialog.theme.setCurrentIndex(dialog.theme.findData(ThemeChoice.DARK))
    dialog.notify.setCurrentIndex(dialog.notify.findData(Notify.SENDER_AND_TEXT))
    dialog.idle_lock.setValue(7)
    dialog.relay.setText("https://relay.example.org")
    dialog.disappearing.setCurrentIndex(dialog.disappearing.findData("86400"))
    dialog.applied.connect(window.apply_preferences)
    dialog.save.click()
    qtbot.waitUntil(lambda: fake.relay_url() == "https://relay.example.org", timeout=5000)
    assert fake.setting("disappearing_default") == "86400"
    assert theme.colors() == theme.DARK

    again = Preferences(prefs.path)  # a restart reads the same file
    assert again.theme is ThemeChoice.DARK
    assert again.notify is Notify.SENDER_AND_TEXT
    assert again.idle_lock_minutes == 7
    theme.apply(QApplication.instance(), ThemeChoice.LIGHT)  # type: ignore[arg-type]


def test_preferences_survive_a_garbled_file(tmp_path: Path) -> None:
    path = tmp_path / "bisik.ini"
    path.write_text("[General]\ntheme=purple\nidle_lock_minutes=-3\nlanguage=xx\nnotifications=1\n")
    prefs = Preferences(path)
    assert prefs.theme is ThemeChoice.SYSTEM
    assert prefs.idle_lock_minutes == 15
    assert prefs.language == "en"
    assert prefs.notify is Notify.SENDER


def test_remembered_profile_opens_without_the_passphrase(
    qtbot: QtBot, fake: FakeMessenger, prefs: Preferences, english: None
) -> None:
    gateway = FakeGateway(fake)
    gateway.remembered = True
    prefs.remember = True
    window = BisikWindow(gateway, prefs, use_tray=False)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.main_view is not None, timeout=5000)


def test_a_portable_copy_never_keeps_the_key_on_the_host(
    qtbot: QtBot,
    fake: FakeMessenger,
    prefs: Preferences,
    english: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(paths, "portable_data_dir", lambda: tmp_path / "bisik-data")
    gateway = FakeGateway(fake)
    gateway.remembered = True
    prefs.remember = True  # say, an INI copied from an installed Bisik
    window = open_window(qtbot, gateway, prefs)
    assert window.unlock_page is not None and window.unlock_page.passphrase.isEnabled()
    unlock(qtbot, window)  # the passphrase is asked for: the keyring is not consulted

    dialog = SettingsDialog(prefs, fake, window.runner, window)
    changes: list[bool] = []
    dialog.remember_changed.connect(changes.append)
    assert not dialog.remember.isEnabled() and not dialog.remember.isChecked()
    assert "portable" in dialog.remember.toolTip()
    qtbot.waitUntil(dialog.save.isEnabled, timeout=5000)
    dialog.save.click()
    assert changes == []  # saving asks nothing of the keyring either


def test_first_run_can_start_a_relay_on_this_computer(
    qtbot: QtBot, tmp_path: Path, prefs: Preferences, english: None
) -> None:
    gateway = FakeGateway(FakeMessenger(), exists=False)
    window = BisikWindow(
        gateway,
        prefs,
        local_relay_factory=lambda: LocalRelay(tmp_path / "relay.sqlite3"),
        use_tray=False,
    )
    qtbot.addWidget(window)
    page = walk_to_relay_step(window, "Rani", PASSPHRASE)
    page.local.setChecked(True)
    assert not page.relay.isEnabled()
    with qtbot.wait_signal(window.unlocked, timeout=30_000):
        page.next.click()
    relay = window.local_relay
    assert relay is not None and relay.running
    assert gateway.created is not None and gateway.created[2] == relay.url
    assert relay.url.startswith("http://127.0.0.1:")
    assert prefs.run_local_relay
    window.close()
    assert not relay.running


class RecordingTray(Tray):
    """The real tray logic, with the platform popup replaced by a list (offscreen has no tray)."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[tuple[str, str]] = []

    def notify(self, title: str, text: str) -> None:
        self.shown.append((title, text))


def test_notifications_default_to_the_sender_only(
    qtbot: QtBot, window: BisikWindow, fake: FakeMessenger, prefs: Preferences
) -> None:
    tray = RecordingTray()
    window.tray = tray
    assert prefs.notify is Notify.SENDER
    fake.receive(2, "rahasia: kode pintu 1234")
    qtbot.waitUntil(lambda: len(tray.shown) == 1, timeout=5000)
    assert tray.shown == [("Budi Santoso", "New message")]

    prefs.notify = Notify.SENDER_AND_TEXT
    fake.receive(2, "sampai jumpa")
    qtbot.waitUntil(lambda: len(tray.shown) == 2, timeout=5000)
    assert tray.shown[-1] == ("Budi Santoso", "sampai jumpa")

    prefs.notify = Notify.OFF
    fake.receive(2, "diam")
    qtbot.wait(100)
    assert len(tray.shown) == 2
    qtbot.waitUntil(lambda: tray.unread == 4, timeout=5000)
    assert window.windowTitle() == "Bisik (4)"  # Ayu's first message is still unread too
