"""The desktop half of `bisik --smoke-test` (app/entry.py runs the whole of it).

Checks a real SQLCipher profile in a temporary folder, and the main window built offscreen on it;
no relay is needed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

NO_RELAY = "http://127.0.0.1:9"  # the discard port: nothing answers, nothing is sent


def check_profile_and_window() -> None:
    """Print a line for each check that passed; raise on the first that fails."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer

    from app.service.account import KdfParams
    from app.ui.app import make_application
    from app.ui.prefs import Preferences
    from app.ui.service_gateway import ServiceGateway
    from app.ui.window import BisikWindow

    app = make_application()
    with tempfile.TemporaryDirectory(prefix="bisik-smoke-") as tmp:
        gateway = ServiceGateway(Path(tmp) / "profile", KdfParams.interactive())
        messenger = gateway.create("Smoke Test", "smoke test passphrase", NO_RELAY)
        messenger.lock()
        messenger = gateway.unlock("smoke test passphrase")
        print("SQLCipher profile: ok")
        window = BisikWindow(gateway, Preferences(Path(tmp) / "bisik.ini"), use_tray=False)
        window.open_messenger(messenger, start_sync=False)
        loop = QEventLoop()
        assert window.main_view is not None
        window.main_view.model.loaded.connect(loop.quit)
        QTimer.singleShot(10_000, loop.quit)
        loop.exec()
        if window.main_view is None or window.grab().isNull():
            raise RuntimeError("the main window did not build")
        window.close()
        app.processEvents()
        print("main window: ok")
