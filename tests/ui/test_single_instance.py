"""A second launch on the same profile pokes the first, which raises its window."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.single import SingleInstance


def test_second_instance_asks_the_first_to_come_forward(qtbot: QtBot, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path / "profile")
    assert first.acquire()
    try:
        with qtbot.wait_signal(first.raise_requested, timeout=5000):
            assert not SingleInstance(tmp_path / "profile").acquire()
        other = SingleInstance(tmp_path / "another profile")
        assert other.acquire(), "a different profile is a different instance"
        other.release()
    finally:
        first.release()
    again = SingleInstance(tmp_path / "profile")
    assert again.acquire(), "released locks can be taken again"
    again.release()
