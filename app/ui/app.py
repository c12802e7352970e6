"""Building the QApplication and a profile's window (shared by the app, the demo and tests)."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.ui import theme
from app.ui.i18n import install_language
from app.ui.paths import default_folders, keep_qt_settings_portable
from app.ui.prefs import Preferences
from app.ui.profiles import ProfileGateway
from app.ui.resources import app_icon
from app.ui.single import SingleInstance
from app.ui.window import BisikWindow

if TYPE_CHECKING:
    from app.ui.local_relay import LocalRelay

LAN_RELAY_PORT = 8765


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    keep_qt_settings_portable()
    app = QApplication(argv or ["bisik"])
    app.setApplicationName("Bisik")
    app.setOrganizationName("Bisik")
    app.setDesktopFileName("bisik")
    app.setWindowIcon(app_icon())
    return app


def apply_device_preferences(app: QApplication, prefs: Preferences) -> None:
    """Theme and language before the first window, so it opens already right."""
    theme.apply(app, prefs.theme)
    install_language(app, prefs.language)
    app.setProperty("bisik_language", prefs.language)


def open_profile_window(
    app: QApplication,
    profile_dir: Path,
    prefs_path: Path,
    gateway: ProfileGateway | None = None,
) -> BisikWindow | None:
    """The window for one profile, or None when another process already shows it (it is raised)."""
    single = SingleInstance(profile_dir, app)
    if not single.acquire():
        return None
    prefs = Preferences(prefs_path)
    apply_device_preferences(app, prefs)
    if gateway is None:
        from app.ui.service_gateway import ServiceGateway

        gateway = ServiceGateway(profile_dir)
    relay_db = profile_dir.parent / f"{profile_dir.name}-relay.db"

    def lan_relay() -> LocalRelay:
        from app.ui.local_relay import LocalRelay

        return LocalRelay(relay_db, host="0.0.0.0", port=LAN_RELAY_PORT)

    window = BisikWindow(
        gateway,
        prefs,
        local_relay_factory=lan_relay,
    )
    single.raise_requested.connect(window.bring_to_front)
    app.aboutToQuit.connect(single.release)
    return window


def run_app(profile: Path | None, *, quit_when_shown: bool = False) -> int:
    """The desktop app on `profile` (default: the portable or per-user folder, app/ui/paths.py)
    until its last window closes; the exit code."""
    if profile is None:
        profile_dir, prefs_path = default_folders()
    else:
        profile_dir, prefs_path = profile, profile.parent / f"{profile.name}.ini"
    app = make_application()
    quit_on_interrupt(app)
    window = open_profile_window(app, profile_dir, prefs_path)
    if window is None:
        return 0  # another instance had it and was asked to come forward
    window.show()
    if quit_when_shown:
        report_shown_and_quit(window)
    return QApplication.exec()


def quit_on_interrupt(app: QApplication) -> None:
    """Ctrl+C in the terminal quits cleanly (so the demo removes its folder).

    Python runs signal handlers only between bytecodes; a slow timer gives it that chance while
    Qt's event loop waits.
    """
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    ticker = QTimer(app)
    ticker.timeout.connect(lambda: None)
    ticker.start(250)


def report_shown_and_quit(window: QWidget) -> None:
    """For bench/startup.py: print the wall-clock time once the window is exposed, then quit."""

    def check() -> None:
        if window.isVisible() and window.windowHandle() and window.windowHandle().isExposed():
            print(f"shown {time.time():.6f}", flush=True)
            QApplication.quit()
        else:
            QTimer.singleShot(1, check)

    QTimer.singleShot(0, check)
