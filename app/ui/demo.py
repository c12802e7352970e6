"""`bisik --demo`: a relay on loopback and two throwaway profiles that know each other.

Everything lives in one temporary folder that is removed on exit; both windows say DEMO.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.service.api import MessengerApi

if TYPE_CHECKING:
    from app.ui.prefs import Preferences
    from app.ui.window import BisikWindow

DEMO_PASSPHRASE = "demo"  # shown in the windows: demo profiles protect nothing
PEOPLE = ("Ayu", "Budi")


@dataclass
class Demo:
    folder: Path
    relay_url: str
    messengers: list[MessengerApi]  # in the order of PEOPLE
    conversation_ids: list[int]  # each person's conversation with the other

    def profile_folder(self, name: str) -> Path:
        return self.folder / name.lower()


@contextmanager
def demo_session(greeting: bool = True) -> Iterator[Demo]:
    """Relay process + two profiles that hold each other's invite; all removed afterwards."""
    from app.service.account import KdfParams
    from app.ui.local_relay import LocalRelay
    from app.ui.service_gateway import ServiceGateway

    folder = Path(tempfile.mkdtemp(prefix="bisik-demo-"))
    relay = LocalRelay(folder / "relay.sqlite3")
    messengers: list[MessengerApi] = []
    try:
        url = relay.start()
        kdf = KdfParams.interactive()  # throwaway profiles: no need for the slow default
        for name in PEOPLE:
            gateway = ServiceGateway(folder / name.lower(), kdf)
            messengers.append(gateway.create(name, DEMO_PASSPHRASE, url))
        ayu, budi = messengers
        budi_at_ayu = ayu.add_contact(budi.invite_link())
        ayu_at_budi = budi.add_contact(ayu.invite_link())
        conversation_ids = [
            ayu.conversation_for_contact(budi_at_ayu.contact_id).conversation_id,
            budi.conversation_for_contact(ayu_at_budi.contact_id).conversation_id,
        ]
        if greeting:
            ayu.send_text(conversation_ids[0], "Halo Budi! This is end-to-end encrypted.")
            ayu.sync_once()
        yield Demo(folder, url, messengers, conversation_ids)
    finally:
        for messenger in messengers:
            messenger.lock()  # idempotent: windows may have locked it already
        relay.stop()
        shutil.rmtree(folder, ignore_errors=True)


def open_demo_windows(demo: Demo, prefs: Preferences) -> list[BisikWindow]:
    """One window per person, side by side, each already showing the chat with the other."""
    from PySide6.QtWidgets import QApplication

    from app.service.account import KdfParams
    from app.ui.service_gateway import ServiceGateway
    from app.ui.window import BisikWindow

    screen = QApplication.primaryScreen().availableGeometry()
    width = max(640, min(900, screen.width() // 2))
    windows = []
    people = zip(PEOPLE, demo.messengers, demo.conversation_ids, strict=True)
    for index, (name, messenger, conversation_id) in enumerate(people):
        gateway = ServiceGateway(demo.profile_folder(name), KdfParams.interactive())
        window = BisikWindow(
            gateway, prefs, demo_label=name, demo_passphrase=DEMO_PASSPHRASE, use_tray=False
        )
        window.resize(width, min(720, screen.height() - 80))
        window.move(screen.left() + index * width, screen.top() + 40)
        window.open_messenger(messenger, conversation_id=conversation_id)
        window.show()
        windows.append(window)
    return windows


def run_demo(quit_when_shown: bool = False) -> int:
    from PySide6.QtWidgets import QApplication

    from app.ui.app import (
        apply_device_preferences,
        make_application,
        quit_on_interrupt,
        report_shown_and_quit,
    )
    from app.ui.prefs import Preferences

    print("Starting a relay on this computer and two demo profiles…", file=sys.stderr)
    with demo_session() as demo:
        app = make_application()
        quit_on_interrupt(app)
        prefs = Preferences(demo.folder / "bisik.ini")
        apply_device_preferences(app, prefs)
        windows = open_demo_windows(demo, prefs)
        print(f"Relay at {demo.relay_url}. Close both windows to end the demo.", file=sys.stderr)
        if quit_when_shown:
            report_shown_and_quit(windows[-1])
        return QApplication.exec()
