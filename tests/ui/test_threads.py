"""Every service call the windows make runs off the GUI thread; the CLI flags work."""

from __future__ import annotations

import subprocess
import sys
import threading
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.ui.prefs import Preferences
from app.ui.tray import Tray, badge_icon
from tests.ui.conftest import FakeGateway, open_window, unlock
from tests.ui.fake_messenger import FakeMessenger

GUI_SAFE = {"subscribe"}  # registering a callback touches no disk and no network


class ThreadRecorder(FakeMessenger):
    """A FakeMessenger that notes which service methods were called on the GUI thread."""

    def __init__(self) -> None:
        super().__init__("Rani")
        self.on_gui_thread: list[str] = []

    def __getattribute__(self, name: str) -> Any:
        attr = super().__getattribute__(name)
        if name.startswith("_") or name in GUI_SAFE or not callable(attr):
            return attr
        if name not in dir(FakeMessenger) or name in {"add_peer", "receive", "bulk_fill"}:
            return attr

        def recorded(*args: Any, **kwargs: Any) -> Any:
            if threading.current_thread() is threading.main_thread():
                super(ThreadRecorder, self).__getattribute__("on_gui_thread").append(name)
            return attr(*args, **kwargs)

        return recorded


def test_the_gui_thread_never_calls_the_service(
    qtbot: QtBot, prefs: Preferences, english: None
) -> None:
    fake = ThreadRecorder()
    cid = fake.add_peer("Ayu")
    fake.receive(cid, "Halo")
    window = open_window(qtbot, FakeGateway(fake), prefs)
    unlock(qtbot, window)
    view = window.main_view
    assert view is not None
    view.open_conversation(cid)
    qtbot.waitUntil(
        lambda: view.chat.model is not None and view.chat.model.rowCount() == 1, timeout=5000
    )
    QTest.keyClicks(view.chat.composer.edit, "Apa kabar?")
    QTest.keyClick(view.chat.composer.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: view.chat.model is not None and view.chat.model.rowCount() == 2, timeout=5000
    )
    view.show_invite()
    view.chat.safety_number_requested.emit(view.chat.conversation.contact.contact_id)  # type: ignore[union-attr]
    window.open_settings()
    with qtbot.wait_signal(window.locked, timeout=5000):
        window.lock()
    assert window.runner.wait_idle()
    assert fake.on_gui_thread == []
    fake.contacts()  # the recorder itself works: a call from here is noted
    assert fake.on_gui_thread == ["contacts"]


def test_tray_falls_back_cleanly_without_a_system_tray() -> None:
    tray = Tray()
    assert not tray.available  # offscreen has none
    tray.set_unread(3)
    tray.notify("Ayu", "Halo")
    assert tray.unread == 3
    assert not badge_icon(12).isNull()


def run_bisik(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.entry", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_version_and_smoke_test_flags() -> None:
    version = run_bisik("--version")
    assert version.returncode == 0 and version.stdout.startswith("bisik ")
    smoke = run_bisik("--smoke-test")
    assert smoke.returncode == 0, smoke.stderr
    assert "main window: ok" in smoke.stdout
    assert "Traceback" not in smoke.stderr
