"""`bisik --demo` on the real service: a relay process and two fresh profiles that know each
other."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.service import sync
from app.ui.demo import PEOPLE, demo_session, open_demo_windows
from app.ui.mainview import MainView
from app.ui.prefs import Preferences

WAIT = 15_000


@pytest.fixture(autouse=True)
def short_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Locking waits for the running long-poll; keep each poll short so the test does not idle."""
    monkeypatch.setattr(sync, "POLL_WAIT", 1.0)


def test_each_demo_window_opens_its_chat_with_the_other(qtbot: QtBot, tmp_path: Path) -> None:
    with demo_session() as demo:
        windows = open_demo_windows(demo, Preferences(tmp_path / "bisik.ini"))
        for window, other in zip(windows, reversed(PEOPLE), strict=True):
            qtbot.addWidget(window)
            view = window.main_view
            assert view is not None

            def chat_open(v: MainView = view) -> bool:
                return v.chat.conversation is not None

            qtbot.wait_until(chat_open, timeout=WAIT)
            assert view.chat.conversation is not None
            assert view.chat.conversation.contact.display_name == other
            assert view.right.currentWidget() is view.chat
            assert "DEMO" in window.windowTitle()
        for window in windows:
            window.close()
