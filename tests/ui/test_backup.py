"""Backups in the settings dialog, the proxy field, and the restore page, over the fake."""

from __future__ import annotations

import datetime
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from app.service.api import BackupResult
from app.service.errors import ServiceError
from app.ui.backup import BackupCodeDialog, default_backup_name
from app.ui.onboarding import FirstRunPage
from app.ui.prefs import Preferences
from app.ui.restore import RestorePage
from app.ui.settings import SettingsDialog
from app.ui.window import BisikWindow
from tests.ui.conftest import FAKE_BACKUP, FakeGateway, open_window
from tests.ui.fake_messenger import FakeMessenger

WAIT = 5000


def settings(qtbot: QtBot, window: BisikWindow, prefs: Preferences, fake: FakeMessenger) -> Any:
    dialog = SettingsDialog(prefs, fake, window.runner, window)
    dialog.show()
    qtbot.waitUntil(dialog.save.isEnabled, timeout=WAIT)
    return dialog


def spy_on_backups(monkeypatch: pytest.MonkeyPatch, fake: FakeMessenger) -> list[tuple[Any, ...]]:
    """Each create_backup call as (thread, keyword arguments)."""
    calls: list[tuple[Any, ...]] = []
    original = fake.create_backup

    def create_backup(path: Path, **kwargs: Any) -> BackupResult:
        calls.append((threading.current_thread(), kwargs))
        return original(path, **kwargs)

    monkeypatch.setattr(fake, "create_backup", create_backup)
    return calls


def test_a_first_backup_shows_its_code_once_and_closes_only_once_ticked(
    qtbot: QtBot,
    window: BisikWindow,
    prefs: Preferences,
    fake: FakeMessenger,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = spy_on_backups(monkeypatch, fake)
    fake.bulk_fill(2, 49)  # 50 messages in all
    fake.backup_seconds = 0.6
    dialog = settings(qtbot, window, prefs, fake)
    group = dialog.backup
    assert group.attachments.isChecked()
    values: list[int] = []
    group.bar.valueChanged.connect(values.append)
    ticks: list[bool] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(group.running))
    timer.start(10)

    group.start(tmp_path / "first.bisikbak")
    assert group.bar.isVisible() and not group.create_button.isEnabled()
    dialog.reject()  # not while the backup is written: its code would be lost
    assert dialog.isVisible() and "Wait" in dialog.status.text()
    qtbot.waitUntil(lambda: group.code_dialog is not None, timeout=WAIT)
    timer.stop()

    [(thread, kwargs)] = calls
    assert thread is not threading.main_thread()
    assert kwargs["include_attachments"] is True and kwargs["new_code"] is False
    assert ticks.count(True) >= 10, "the GUI kept ticking while the backup was written"
    assert values == sorted(values) and len(set(values)) >= 3 and values[-1] == 50
    assert not group.bar.isVisible()
    assert group.status.text() == "Backup saved: 50 message(s), 20 B."

    code = group.code_dialog
    assert isinstance(code, BackupCodeDialog)
    qtbot.waitExposed(code)
    assert code.digits.text().split() == ["12345"] * 6
    assert code.digits.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    code.copy.click()
    assert code.copy.text() == "Copy"
    assert QGuiApplication.clipboard().text() == " ".join(["12345"] * 6)
    assert not code.ok.isEnabled()
    code.reject()
    QTest.keyClick(code, Qt.Key.Key_Escape)
    code.close()
    assert code.isVisible(), "no way out before the box is ticked"
    code.written.setChecked(True)
    code.ok.click()
    assert not code.isVisible() and code.result() == QDialog.DialogCode.Accepted

    # the next backup uses the same code silently
    group.attachments.setChecked(False)
    group.start(tmp_path / "second.bisikbak")
    qtbot.waitUntil(lambda: not group.running, timeout=WAIT)
    assert group.code_dialog is None
    assert group.status.text().startswith("Backup saved: 50 message(s)")
    assert calls[-1][1]["include_attachments"] is False


def test_a_new_code_is_asked_for_with_a_dated_file_name(
    qtbot: QtBot,
    window: BisikWindow,
    prefs: Preferences,
    fake: FakeMessenger,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake.set_setting("backup_code", "99999 " * 6)  # a code exists already
    calls = spy_on_backups(monkeypatch, fake)
    offered: list[str] = []

    def save_name(parent: object, title: str, start: str, filters: str) -> tuple[str, str]:
        offered.append(start)
        return str(tmp_path / "chosen"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    dialog = settings(qtbot, window, prefs, fake)
    dialog.backup.new_code.click()
    qtbot.waitUntil(lambda: dialog.backup.code_dialog is not None, timeout=WAIT)
    assert Path(offered[0]).name == f"bisik-backup-{datetime.date.today().isoformat()}.bisikbak"
    assert default_backup_name(datetime.date(2025, 3, 9)) == "bisik-backup-2025-03-09.bisikbak"
    assert calls[0][1]["new_code"] is True
    assert (tmp_path / "chosen.bisikbak").read_bytes() == FAKE_BACKUP


def test_backup_errors_show_in_the_status_line(
    qtbot: QtBot, window: BisikWindow, prefs: Preferences, fake: FakeMessenger, tmp_path: Path
) -> None:
    dialog = settings(qtbot, window, prefs, fake)
    group = dialog.backup
    taken = tmp_path / "taken.bisikbak"
    taken.write_bytes(b"something precious")
    group.start(taken)
    qtbot.waitUntil(lambda: not group.running, timeout=WAIT)
    assert "exists already" in group.status.text()
    assert taken.read_bytes() == b"something precious"
    assert group.code_dialog is None and group.create_button.isEnabled()

    fake.backup_error = ServiceError("the profile is locked")
    group.start(tmp_path / "new.bisikbak")
    qtbot.waitUntil(lambda: not group.running, timeout=WAIT)
    assert group.status.text() == "The backup failed: the profile is locked"
    assert "Traceback" not in group.status.text() and not group.bar.isVisible()
    assert not (tmp_path / "new.bisikbak").exists() and group.code_dialog is None

    fake.backup_error = None
    group.start(tmp_path / "no-such-folder" / "b.bisikbak")
    qtbot.waitUntil(lambda: not group.running, timeout=WAIT)
    assert group.status.text().startswith("The backup could not be written: ")


def test_a_refused_proxy_keeps_the_dialog_open_and_a_good_one_is_saved(
    qtbot: QtBot, window: BisikWindow, prefs: Preferences, fake: FakeMessenger
) -> None:
    dialog = settings(qtbot, window, prefs, fake)
    assert dialog.proxy.text() == ""
    dialog.proxy.setText("socks5://127.0.0.1:9050")
    dialog.save.click()
    qtbot.waitUntil(lambda: "socks5h://" in dialog.status.text(), timeout=WAIT)
    assert dialog.status.text().startswith("Not saved: socks5:// would look up")
    assert dialog.isVisible() and dialog.save.isEnabled()
    assert fake.proxy_url() == ""

    dialog.proxy.setText("socks5h://127.0.0.1:9050")
    dialog.save.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    assert fake.proxy_url() == "socks5h://127.0.0.1:9050"
    again = settings(qtbot, window, prefs, fake)
    qtbot.waitUntil(lambda: again.proxy.text() == "socks5h://127.0.0.1:9050", timeout=WAIT)


def start_pages(window: BisikWindow) -> tuple[FirstRunPage | None, RestorePage | None]:
    return window.first_run, window.restore_page


def test_restore_on_the_first_run_with_the_fake(
    qtbot: QtBot, prefs: Preferences, english: None, tmp_path: Path
) -> None:
    fake = FakeMessenger("Rani")
    fake.receive(fake.add_peer("Ayu"), "Halo")
    gateway = FakeGateway(fake, exists=False)
    window = open_window(qtbot, gateway, prefs)
    first = window.first_run
    assert first is not None and first.restore.isVisible()
    first.name.setText("Rani")
    first.next.click()
    assert not first.restore.isVisible()  # offered on the welcome step only
    first.back.click()
    first.restore.click()
    first, page = start_pages(window)
    assert page is not None and first is None
    page.back.click()
    first, page = start_pages(window)
    assert first is not None and page is None
    first.restore.click()
    page = window.restore_page
    assert page is not None

    page.button.click()
    assert page.status.text() == "Choose the backup file first."
    backup = tmp_path / "b.bisikbak"
    backup.write_bytes(FAKE_BACKUP)
    page.file.setText(str(backup))
    page.code.setText("12345 67890")
    page.button.click()
    assert "30 digits" in page.status.text()
    page.code.setText("12345-67890-12345-67890-12345-67890")
    page.pair.passphrase.setText("short")
    page.button.click()
    assert page.status.text() == "Use at least 8 characters."
    page.pair.passphrase.setText("payung teduh kelinci")
    page.pair.again.setText("payung teduh kelinci")
    page.button.click()
    qtbot.waitUntil(page.button.isEnabled, timeout=WAIT)
    assert page.status.text().startswith("This code does not open the backup.")
    assert not page.bar.isVisible() and page.code.isEnabled()

    values: list[int] = []
    page.bar.valueChanged.connect(values.append)
    page.code.setText("12345 " * 6)
    with qtbot.wait_signal(window.unlocked, timeout=WAIT):
        page.button.click()
    assert gateway.restored == (backup, "payung teduh kelinci")
    assert values[-1] == 10 and len(values) > 3
    assert window.restore_page is None and window.main_view is not None
    qtbot.waitUntil(lambda: window.main_view is not None and window.main_view.model.rowCount() == 1)
