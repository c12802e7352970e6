"""Restoring a real backup through the first-run window: a real relay, real profiles and a real
backup file, restored into a fresh folder; a damaged file and a wrong code are refused first."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.crypto import backup as backup_format
from app.service import sync
from app.service.account import KdfParams
from app.ui.prefs import Preferences
from app.ui.profiles import RestoreError
from app.ui.service_gateway import ServiceGateway
from app.ui.window import BisikWindow
from tests.e2e.support import conversation_id, make_pair
from tests.relay_process import RelayProcess

NEW_PASSPHRASE = "payung teduh 9 kelinci"
WAIT = 30_000


@pytest.fixture(autouse=True)
def cheap(monkeypatch: pytest.MonkeyPatch) -> None:
    """Libsodium's minimum Argon2id limits for the backup key; short polls for a quick lock."""
    monkeypatch.setattr(backup_format, "DEFAULT_LIMITS", backup_format.BackupLimits.cheap())
    monkeypatch.setattr(sync, "POLL_WAIT", 1.0)


def test_a_real_backup_is_restored_through_the_first_run(
    qtbot: QtBot, tmp_path: Path, relay: RelayProcess, english: None
) -> None:
    ani, budi = make_pair(tmp_path / "disk", relay.url)
    try:
        conversation = conversation_id(ani, budi)
        for n in range(30):
            ani.send_text(conversation, f"pesan nomor {n}")
        backup = tmp_path / "ani.bisikbak"
        result = ani.create_backup(backup)
        assert result.code is not None and result.messages == 30
    finally:
        ani.lock()
        budi.lock()

    folder = tmp_path / "new" / "profile"
    window = BisikWindow(
        ServiceGateway(folder, KdfParams.interactive()),
        Preferences(tmp_path / "bisik.ini"),
        use_tray=False,
    )
    qtbot.addWidget(window)
    window.show()
    assert window.first_run is not None
    window.first_run.restore.click()
    page = window.restore_page
    assert page is not None
    page.pair.passphrase.setText(NEW_PASSPHRASE)
    page.pair.again.setText(NEW_PASSPHRASE)

    # a damaged file, then a wrong code: each said plainly, nothing written, and try again
    damaged = tmp_path / "damaged.bisikbak"
    damaged.write_bytes(backup.read_bytes()[:2000])
    page.file.setText(str(damaged))
    page.code.setText(result.code)
    page.button.click()
    qtbot.waitUntil(page.button.isEnabled, timeout=WAIT)
    assert page.status.text().startswith("This file is not a whole Bisik backup")

    page.file.setText(str(backup))
    page.code.setText("0" * 30)
    page.button.click()
    qtbot.waitUntil(page.button.isEnabled, timeout=WAIT)
    assert page.status.text().startswith("This code does not open the backup.")
    assert not folder.exists() and not page.bar.isVisible()

    values: list[int] = []
    page.bar.valueChanged.connect(values.append)
    page.code.setText(result.code.replace(" ", "-"))
    with qtbot.wait_signal(window.unlocked, timeout=WAIT):
        page.button.click()
    assert values and values[-1] == page.bar.maximum() > 1

    view, messenger = window.main_view, window.messenger
    assert view is not None and messenger is not None
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=WAIT)
    assert messenger.own_display_name() == "Ani"
    assert view.model.display_names() == {conversation: "Budi"}
    [restored] = messenger.conversations()
    assert restored.last_message_preview == "pesan nomor 29"
    assert messenger.message_count(restored.conversation_id) == 30

    with pytest.raises(RestoreError) as refused:  # never over a profile, even by the gateway
        window.gateway.restore(backup, result.code, NEW_PASSPHRASE)
    assert refused.value.problem == "exists"
    with qtbot.wait_signal(window.locked, timeout=WAIT):
        window.close()
