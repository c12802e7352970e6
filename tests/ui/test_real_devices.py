"""Linking a second computer for real, through both sides' widgets: a real relay process, Ayu's
real profile answering in the Link a new device dialog, and a window on an empty folder joining
through the first run's "Link to an existing account"; then Ayu unlinks it, and its window shows
the unlinked notice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.service import account, sync
from app.service.account import KdfParams
from app.ui import join
from app.ui.devices import LinkDeviceDialog, LinkedDevicesDialog
from app.ui.join import JoinPage
from app.ui.prefs import Preferences
from app.ui.service_gateway import ServiceGateway
from app.ui.window import BisikWindow
from app.ui.workers import TaskRunner
from tests.relay_process import RelayProcess

WAIT = 30_000


@pytest.fixture(autouse=True)
def short_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Locking waits for the running long-poll; keep each poll short so tests do not idle."""
    monkeypatch.setattr(sync, "POLL_WAIT", 1.0)


def test_a_second_computer_links_through_both_windows_and_is_listed(
    qtbot: QtBot, tmp_path: Path, relay: RelayProcess, english: None
) -> None:
    ayu = account.create_profile(
        tmp_path / "ayu", "ayu pass phrase", "Ayu", relay.url, kdf=KdfParams.interactive()
    )
    runner = TaskRunner()
    try:
        folder = tmp_path / "laptop"
        gateway = ServiceGateway(folder, KdfParams.interactive())
        window = BisikWindow(gateway, Preferences(tmp_path / "bisik.ini"), use_tray=False)
        qtbot.addWidget(window)
        window.show()
        assert window.first_run is not None
        window.first_run.link_existing.click()
        page = window.stack.currentWidget()
        assert isinstance(page, JoinPage)
        page.relay.setText(relay.url)
        page.pair.passphrase.setText("laptop pass phrase")
        page.pair.again.setText("laptop pass phrase")
        page.start_button.click()
        qtbot.waitUntil(lambda: page.steps.currentIndex() == join.WAITING, timeout=WAIT)
        link = page.link.text()
        assert link.startswith("bisik-link:") and not folder.joinpath("profile.json").exists()

        # Ayu's computer answers the link; both screens show one code
        dialog = LinkDeviceDialog(ayu, runner)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.link.setPlainText(link)
        dialog.name.setText("Laptop")
        dialog.link_button.click()
        qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=WAIT)
        assert re.fullmatch(r"\d{3} \d{3}", dialog.code.text())
        qtbot.waitUntil(lambda: page.steps.currentIndex() == join.COMPARE, timeout=WAIT)
        assert page.code.text() == dialog.code.text()
        assert page.account.text() == "Account: Ayu"

        with qtbot.wait_signal(window.unlocked, timeout=WAIT):
            page.match_button.click()
        laptop = window.messenger
        assert laptop is not None and window.main_view is not None
        assert laptop.own_account_id() == ayu.own_account_id()
        assert laptop.own_display_name() == "Ayu"

        # Ayu's list names both computers; she unlinks the laptop, whose own list then says so
        devices = LinkedDevicesDialog(ayu, runner)
        qtbot.addWidget(devices)
        qtbot.waitUntil(lambda: devices.list.count() == 2, timeout=WAIT)
        texts = [devices.list.item(i).text() for i in range(2)]
        assert "this device" in texts[0] and texts[1] == "Laptop"
        devices.list.setCurrentRow(1)
        devices.confirm_unlink()
        box = devices.unlink_box
        assert box is not None
        next(b for b in box.buttons() if b.text() == "Unlink").click()
        qtbot.waitUntil(lambda: devices.list.count() == 1, timeout=WAIT)

        on_laptop = LinkedDevicesDialog(laptop, window.runner, window)
        qtbot.waitUntil(lambda: "unlinked" in on_laptop.status.text(), timeout=WAIT)
        assert on_laptop.status.text().startswith("This computer was unlinked from the account")

        # and the laptop's window says so for good: the service's event reached the notice
        view = window.main_view
        assert view is not None
        qtbot.waitUntil(view.unlinked.isVisible, timeout=WAIT)
        assert not view.chat.composer.isEnabled()
        assert laptop.is_unlinked()
    finally:
        runner.wait_idle()
        ayu.lock()
