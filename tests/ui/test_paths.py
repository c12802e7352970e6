"""Portable mode: a frozen build with bisik-portable.txt beside it keeps all in bisik-data/."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import platformdirs
import pytest
from PySide6.QtCore import QSettings, QStandardPaths

from app.ui import paths
from app.ui.single import SingleInstance


def pretend_frozen(monkeypatch: pytest.MonkeyPatch, executable: Path, marker: bool) -> Path:
    """Make this process look like the frozen `executable`; returns the folder it sits in."""
    folder = executable.parent
    folder.mkdir(parents=True, exist_ok=True)
    executable.write_bytes(b"")
    if marker:
        (folder / paths.PORTABLE_MARKER).write_text("portable", encoding="utf-8")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(executable))
    return folder


def test_the_marker_names_match_the_build_scripts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # nothing is ever written into build/
    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("bisik_dist", root / "build" / "bisik_dist.py")
    assert spec is not None and spec.loader is not None
    bisik_dist = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bisik_dist)
    assert paths.PORTABLE_MARKER == bisik_dist.PORTABLE_MARKER
    assert paths.PORTABLE_DATA_DIR == bisik_dist.PORTABLE_DATA_DIR


def test_portable_copy_keeps_everything_in_bisik_data(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = pretend_frozen(monkeypatch, tmp_path / "usb" / "bisik", marker=True)
    data = folder / paths.PORTABLE_DATA_DIR
    assert paths.portable_data_dir() == data
    assert paths.default_folders() == (data / "profile", data / "bisik.ini")
    assert paths.lock_dir() == data
    assert paths.downloads_dir() == data / "downloads"
    assert (data / "downloads").is_dir()


def test_single_instance_lock_of_a_portable_copy_stays_in_bisik_data(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = pretend_frozen(monkeypatch, tmp_path / "usb" / "bisik", marker=True)
    data = folder / paths.PORTABLE_DATA_DIR
    single = SingleInstance(data / "profile")
    assert single.acquire()
    try:
        assert [p.suffix for p in data.iterdir() if p.is_file()] == [".lock"]
    finally:
        single.release()


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="Windows and macOS keep them in registry/plists"
)
def test_qt_own_settings_of_a_portable_copy_stay_in_bisik_data(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    formats = (QSettings.Format.NativeFormat, QSettings.Format.IniFormat)
    user = QSettings.Scope.UserScope
    saved = {f: Path(QSettings(f, user, "org", "app").fileName()).parent.parent for f in formats}
    folder = pretend_frozen(monkeypatch, tmp_path / "usb" / "bisik", marker=True)
    try:
        paths.keep_qt_settings_portable()
        file_dialog_settings = Path(QSettings(user, "QtProject").fileName())  # as QFileDialog
        assert file_dialog_settings.parent == folder / paths.PORTABLE_DATA_DIR
    finally:
        for settings_format, path in saved.items():
            QSettings.setPath(settings_format, user, str(path))
    assert Path(QSettings(user, "QtProject").fileName()).parent == saved[formats[0]]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_the_marker_is_looked_for_beside_the_real_executable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = pretend_frozen(monkeypatch, tmp_path / "opt" / "bisik", marker=True)
    link = tmp_path / "bin" / "bisik"
    link.parent.mkdir()
    link.symlink_to(folder / "bisik")
    monkeypatch.setattr(sys, "executable", str(link))
    assert paths.portable_data_dir() == folder / paths.PORTABLE_DATA_DIR


def per_user_folders() -> tuple[Path, Path]:
    data = Path(platformdirs.user_data_dir("bisik", appauthor=False))
    config = Path(platformdirs.user_config_dir("bisik", appauthor=False))
    return data / "profile", config / "bisik.ini"


def test_frozen_without_the_marker_uses_the_per_user_folders(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = pretend_frozen(monkeypatch, tmp_path / "onedir" / "bisik", marker=False)
    assert paths.portable_data_dir() is None
    assert paths.default_folders() == per_user_folders()
    downloads = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
    assert paths.downloads_dir() == Path(downloads)
    assert not (folder / paths.PORTABLE_DATA_DIR).exists()


def test_a_development_run_ignores_a_marker_beside_python(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = pretend_frozen(monkeypatch, tmp_path / "venv" / "python", marker=True)
    monkeypatch.delattr(sys, "frozen")
    assert paths.portable_data_dir() is None
    assert paths.default_folders() == per_user_folders()
    assert paths.lock_dir() != folder / paths.PORTABLE_DATA_DIR
