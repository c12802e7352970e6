"""Render the README screenshots of the main window, light and dark, from a real run.

A relay process and real profiles (the demo's, plus a stranger) exchange real encrypted messages;
then Ayu's window is grabbed offscreen (or under Xvfb when DISPLAY is set).

    python build/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.service.account import KdfParams  # noqa: E402
from app.service.api import Direction, MessengerApi  # noqa: E402
from app.ui import theme  # noqa: E402
from app.ui.app import apply_device_preferences, make_application  # noqa: E402
from app.ui.demo import DEMO_PASSPHRASE, demo_session  # noqa: E402
from app.ui.prefs import Preferences  # noqa: E402
from app.ui.service_gateway import ServiceGateway  # noqa: E402
from app.ui.window import BisikWindow  # noqa: E402

SIZE = (1100, 700)


def wait_until(condition: object, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError("the screenshot scene did not settle")
        loop = QEventLoop()
        QTimer.singleShot(50, loop.quit)
        loop.exec()


def conversation_with(messenger: MessengerApi, name: str) -> int:
    return next(
        c.conversation_id for c in messenger.conversations() if c.contact.display_name == name
    )


def play_scene(ayu: MessengerApi, budi: MessengerApi, citra: MessengerApi, tmp: Path) -> None:
    """Real messages both ways, a reply, a reaction, a file and a message request."""
    to_ayu = conversation_with(budi, "Ayu")
    to_budi = conversation_with(ayu, "Budi")
    budi.send_text(to_ayu, "Halo Ayu! Sudah sampai di Yogyakarta?")
    budi.sync_once()
    ayu.sync_once()
    ayu.send_text(to_budi, "Sudah, baru saja. Hotelnya dekat Malioboro.")
    ayu.sync_once()
    budi.sync_once()
    question = budi.send_text(to_ayu, "Asyik! Besok kita makan gudeg di Wijilan?")
    budi.sync_once()
    ayu.sync_once()
    incoming = [m for m in ayu.messages_before(to_budi, None) if "gudeg" in m.body]
    answer = ayu.send_text(to_budi, "Boleh, jam 10 pagi? Aku yang traktir.", incoming[0].message_id)
    ayu.sync_once()
    budi.sync_once()
    mine = [m for m in budi.messages_before(to_ayu, None) if m.direction is Direction.INCOMING]
    budi.react(mine[0].message_id, "❤")
    plan = tmp / "rencana-jogja.pdf"
    plan.write_bytes(b"%PDF-1.4 itinerary " * 4000)
    budi.send_file(to_ayu, plan)
    budi.send_text(to_ayu, "Ini rencana perjalanannya, sampai besok!")
    budi.mark_read(to_ayu)
    budi.sync_once()
    citra.add_contact(ayu.invite_link())
    citra.send_text(conversation_with(citra, "Ayu"), "Hai Ayu, aku dapat tautanmu dari Budi.")
    citra.sync_once()
    del question, answer


def grab(window: BisikWindow, path: Path) -> None:
    window.resize(*SIZE)
    loop = QEventLoop()
    QTimer.singleShot(400, loop.quit)
    loop.exec()
    if not window.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(f"wrote {path}")


def main() -> int:
    parser = argparse.ArgumentParser(description="Render README screenshots from a real run.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    with demo_session(greeting=False) as demo:
        ayu, budi = demo.messengers
        citra = ServiceGateway(demo.folder / "citra", KdfParams.interactive()).create(
            "Citra Dewi", DEMO_PASSPHRASE, demo.relay_url
        )
        try:
            play_scene(ayu, budi, citra, demo.folder)
            prefs = Preferences(demo.folder / "bisik.ini")
            prefs.theme = theme.ThemeChoice.LIGHT
            apply_device_preferences(app, prefs)
            gateway = ServiceGateway(demo.profile_folder("Ayu"), KdfParams.interactive())
            window = BisikWindow(gateway, prefs, use_tray=False)
            window.resize(*SIZE)
            window.show()
            window.open_messenger(ayu)
            view = window.main_view
            assert view is not None
            wait_until(lambda: view.model.rowCount() == 2)
            budi_id = conversation_with(ayu, "Budi")
            for scheme in (theme.ThemeChoice.LIGHT, theme.ThemeChoice.DARK):
                prefs.theme = scheme
                window.apply_preferences()
                current = window.main_view
                assert current is not None
                wait_until(lambda c=current: c.model.rowCount() == 2)
                current.open_conversation(budi_id)
                wait_until(
                    lambda c=current: c.chat.model is not None and c.chat.model.rowCount() >= 6
                )
                budi.send_typing(conversation_with(budi, "Ayu"), True)
                budi.sync_once()
                wait_until(lambda c=current: "…" in c.chat.typing_label.text())
                grab(window, args.out / f"main-{scheme.value}.png")
            window.close()
        finally:
            citra.lock()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
