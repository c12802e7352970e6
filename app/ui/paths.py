"""Where the app keeps its files: the per-user folders, or beside the executable when portable.

A frozen build with `bisik-portable.txt` next to its executable is portable (docs/packaging.md):
everything it writes goes under `bisik-data/` in that folder, so it can live on a USB stick and
leave no trace in the user's folders. The names match build/bisik_dist.py.

Qt is imported only inside the functions that ask it for a folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

PORTABLE_MARKER = "bisik-portable.txt"
PORTABLE_DATA_DIR = "bisik-data"


def portable_data_dir() -> Path | None:
    """`bisik-data/` beside a frozen executable that has the marker next to it; otherwise None.

    Only frozen builds: a development run's sys.executable is the virtualenv's Python.
    """
    if not getattr(sys, "frozen", False):
        return None
    home = Path(sys.executable).resolve().parent
    return home / PORTABLE_DATA_DIR if (home / PORTABLE_MARKER).is_file() else None


def can_remember_on_device() -> bool:
    """A portable copy never keeps its key in the OS keyring: that would stay on the host."""
    return portable_data_dir() is None


def default_folders() -> tuple[Path, Path]:
    """(profile folder, preferences file): in `bisik-data/` when portable, else per user."""
    portable = portable_data_dir()
    if portable is not None:
        return portable / "profile", portable / "bisik.ini"
    import platformdirs

    data = Path(platformdirs.user_data_dir("bisik", appauthor=False))
    config = Path(platformdirs.user_config_dir("bisik", appauthor=False))
    return data / "profile", config / "bisik.ini"


def lock_dir() -> Path:
    """Where single-instance lock files go: `bisik-data/` when portable, else the runtime folder.

    (Qt's runtime folder is the home folder itself on Windows and ~/Library on macOS.)
    """
    portable = portable_data_dir()
    if portable is not None:
        portable.mkdir(parents=True, exist_ok=True)
        return portable
    from PySide6.QtCore import QDir, QStandardPaths

    runtime = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.RuntimeLocation)
    return Path(runtime or QDir.tempPath())


def downloads_dir() -> Path:
    """Where opened and saved attachments go: `bisik-data/downloads/` when portable (decrypted
    files stay with the copy), else the user's Downloads folder."""
    portable = portable_data_dir()
    if portable is not None:
        folder = portable / "downloads"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    from PySide6.QtCore import QStandardPaths

    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation))


def keep_qt_settings_portable() -> None:
    """When portable, Qt's own settings (the file dialog's last folder, QtProject.conf) go to
    `bisik-data/` too. Windows and macOS keep those in the registry and plists regardless."""
    portable = portable_data_dir()
    if portable is None:
        return
    from PySide6.QtCore import QSettings

    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(portable))


def unique_path(path: Path) -> Path:
    """`path`, or `name (2).ext` and so on when it exists."""
    candidate, n = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate
