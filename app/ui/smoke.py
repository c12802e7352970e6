"""`bisik --smoke-test`: prove a (frozen) build works without a relay, then exit 0.

Checks: an X3DH + Double Ratchet + sealed-sender round trip in memory, a real SQLCipher profile in
a temporary folder, and the main window built offscreen on it.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

NO_RELAY = "http://127.0.0.1:9"  # the discard port: nothing answers, nothing is sent


def crypto_round_trip() -> None:
    from app import session
    from app.session.memory import MemoryStores

    def party() -> tuple[MemoryStores, bytes]:
        seed = session.new_identity_seed()
        return MemoryStores(seed, session.new_device_id()), session.identity_public_key(seed)

    (alice, alice_key), (bob, bob_key) = party(), party()
    spk_id, spk, signature = session.generate_signed_prekey(bob, time.time())
    [(opk_id, opk)] = session.generate_one_time_prekeys(bob, 1)
    bundle = session.PreKeyBundle(bob_key, spk_id, spk, signature, opk_id, opk)
    bob_id = session.account_id(bob_key)
    session.start_session(alice, bob_id, bundle)
    envelope = session.seal(alice, bob_key, session.encrypt(alice, bob_id, b"smoke test"))
    unsealed = session.unseal(bob, envelope)
    decrypted = session.decrypt(
        bob, unsealed.sender, unsealed.sender_identity_key, unsealed.message
    )
    if decrypted.plaintext != b"smoke test" or unsealed.sender_identity_key != alice_key:
        raise RuntimeError("crypto round trip returned something else")


def smoke_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        crypto_round_trip()
        print("crypto round trip: ok")
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
    except Exception as exc:  # the one place that reports any failure as an exit code
        print(f"smoke test failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0
