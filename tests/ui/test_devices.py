"""Linked devices over the fake: the list in Settings, linking with its code, unlinking after a
question, errors in words, the unlinked notice, and the first run's "Link to an existing
account"; every service call off the GUI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.service.api import ConnectionChanged, LinkedDevice
from app.service.errors import RelayDown
from app.ui import join
from app.ui.devices import LinkDeviceDialog, LinkedDevicesDialog
from app.ui.i18n import install_language
from app.ui.join import JoinPage
from app.ui.prefs import Preferences
from app.ui.profiles import JoinError
from app.ui.settings import SettingsDialog
from app.ui.window import BisikWindow
from tests.ui.conftest import FAKE_LINK, PASSPHRASE, FakeGateway, open_window, unlock
from tests.ui.fake_messenger import FakeMessenger
from tests.ui.test_i18n import english_patterns, untranslated
from tests.ui.test_threads import ThreadRecorder

WAIT = 5000
MAIN = threading.main_thread()


def spy(monkeypatch: pytest.MonkeyPatch, fake: FakeMessenger, name: str) -> list[threading.Thread]:
    """The threads a fake's method was called on."""
    threads: list[threading.Thread] = []
    original: Callable[..., Any] = getattr(fake, name)

    def call(*args: Any) -> Any:
        threads.append(threading.current_thread())
        return original(*args)

    monkeypatch.setattr(fake, name, call)
    return threads


def devices_dialog(qtbot: QtBot, window: BisikWindow, fake: FakeMessenger) -> LinkedDevicesDialog:
    dialog = LinkedDevicesDialog(fake, window.runner, window)
    dialog.show()
    qtbot.waitUntil(dialog.refresh_button.isEnabled, timeout=WAIT)
    return dialog


def rows(dialog: LinkedDevicesDialog) -> list[str]:
    return [dialog.list.item(i).text() for i in range(dialog.list.count())]


def test_settings_opens_the_list_of_devices_fetched_on_a_worker(
    qtbot: QtBot,
    window: BisikWindow,
    prefs: Preferences,
    fake: FakeMessenger,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake.add_device("Kantor")
    threads = spy(monkeypatch, fake, "devices")
    settings = SettingsDialog(prefs, fake, window.runner, window)
    settings.devices_button.click()
    dialog = settings.devices_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.list.count() == 2, timeout=WAIT)
    assert threads and MAIN not in threads
    assert rows(dialog) == ["This laptop  ·  this device, first device", "Kantor"]
    assert dialog.status.text() == "Devices in this account: 2"

    dialog.list.setCurrentRow(0)
    assert not dialog.unlink_button.isEnabled(), "this device is unlinked from another one"
    dialog.list.setCurrentRow(1)
    assert dialog.unlink_button.isEnabled()


def test_unlinking_asks_first_and_then_unlinks_on_a_worker(
    qtbot: QtBot, window: BisikWindow, fake: FakeMessenger, monkeypatch: pytest.MonkeyPatch
) -> None:
    kantor = fake.add_device("Kantor")
    threads = spy(monkeypatch, fake, "unlink_device")
    dialog = devices_dialog(qtbot, window, fake)
    dialog.list.setCurrentRow(1)

    dialog.unlink_button.click()
    box = dialog.unlink_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text() == "Unlink Kantor?"
    next(b for b in box.buttons() if b.text() == "Cancel").click()
    qtbot.wait(50)
    assert threads == [] and kantor in fake.devices()

    dialog.unlink_button.click()
    box = dialog.unlink_box
    assert box is not None
    next(b for b in box.buttons() if b.text() == "Unlink").click()
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=WAIT)
    assert len(threads) == 1 and threads[0] is not MAIN
    assert [d.name for d in fake.devices()] == ["This laptop"]
    assert not dialog.unlink_button.isEnabled()


def test_errors_are_said_plainly(qtbot: QtBot, window: BisikWindow, fake: FakeMessenger) -> None:
    fake.device_error = RelayDown("relay https://relay.example is down")
    dialog = devices_dialog(qtbot, window, fake)
    assert dialog.status.text() == "The relay cannot be reached now. Try again later."
    assert dialog.list.count() == 0

    fake.device_error = None
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=WAIT)
    fake.add_device("Kantor")
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.list.count() == 2, timeout=WAIT)
    dialog.list.setCurrentRow(1)
    fake.unlink_this_device()
    dialog.confirm_unlink()
    box = dialog.unlink_box
    assert box is not None
    next(b for b in box.buttons() if b.text() == "Unlink").click()
    qtbot.waitUntil(lambda: "unlinked" in dialog.status.text(), timeout=WAIT)
    assert dialog.status.text().startswith("This computer was unlinked from the account")
    assert dialog.list.count() == 2, "the rows stay as they were"


def test_linking_shows_the_code_large_with_the_warning(
    qtbot: QtBot, window: BisikWindow, fake: FakeMessenger, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads = spy(monkeypatch, fake, "link_device")
    fake.link_code = "042917"
    devices = devices_dialog(qtbot, window, fake)
    dialog = devices.open_link_dialog()
    assert dialog.isVisible() and dialog.pages.currentIndex() == 0

    dialog.link_button.click()
    assert dialog.status.text() == "Paste the new computer's link first."
    dialog.link.setPlainText("  bisik-link:AAAA  ")
    dialog.link_button.click()
    assert dialog.status.text() == "Give the new device a name."
    assert threads == []

    dialog.name.setText("Laptop kantor")
    linked: list[LinkedDevice] = []
    dialog.linked.connect(linked.append)
    dialog.link_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=WAIT)
    assert threads and threads[0] is not MAIN
    assert fake.device_links == [("bisik-link:AAAA", "Laptop kantor")]
    assert dialog.code.text() == "042 917"
    assert linked and linked[0].code == "042917"
    assert dialog.warning.isVisible() and "compromised" in dialog.warning.text()
    assert dialog.code.font().pointSize() > 2 * dialog.instruction.font().pointSize()

    dialog.differ_button.click()
    assert "new key" in dialog.warning.text() and not dialog.differ_button.isVisible()
    dialog.done_button.click()
    assert not dialog.isVisible()


def test_a_link_that_does_not_work_is_said_and_can_be_fixed(
    qtbot: QtBot, window: BisikWindow, fake: FakeMessenger
) -> None:
    dialog = LinkDeviceDialog(fake, window.runner, window)
    dialog.show()
    dialog.link.setPlainText("bisik:invite/not-a-device-link")
    dialog.name.setText("Laptop")
    dialog.link_button.click()
    qtbot.waitUntil(dialog.link_button.isEnabled, timeout=WAIT)
    assert dialog.status.text() == "This link did not work: not a device link"
    assert dialog.pages.currentIndex() == 0 and fake.device_links == []


def test_the_unlinked_event_shows_a_lasting_notice_and_stops_the_composer(
    qtbot: QtBot, window: BisikWindow, fake: FakeMessenger
) -> None:
    view = window.main_view
    assert view is not None
    assert not view.unlinked.isVisible()
    view.open_conversation(1)
    assert view.chat.composer.isEnabled()

    worker = threading.Thread(target=fake.unlink_this_device)  # as the sync loop reports it
    worker.start()
    worker.join()
    qtbot.waitUntil(view.unlinked.isVisible, timeout=WAIT)
    assert "unlinked" in view.unlinked.text.text()
    assert not view.chat.composer.isEnabled()

    view.open_conversation(2)  # a conversation that could send turns the composer on...
    assert view.chat.conversation is not None and view.chat.conversation.conversation_id == 2
    assert not view.chat.composer.isEnabled(), "...but not on an unlinked computer"
    assert view.unlinked.isVisible()
    view.events._forward(ConnectionChanged(False))  # the stopped loops report it
    assert view.connection.text() == "", "not 'offline: sent when the relay is back'"


def test_an_unlinked_profile_shows_the_notice_at_unlock(
    qtbot: QtBot, fake: FakeMessenger, prefs: Preferences, english: None
) -> None:
    fake.unlink_this_device()
    window = open_window(qtbot, FakeGateway(fake), prefs)
    unlock(qtbot, window)
    view = window.main_view
    assert view is not None
    qtbot.waitUntil(view.unlinked.isVisible, timeout=WAIT)
    window.apply_preferences()  # the main view is rebuilt: the notice comes back with it
    rebuilt = window.main_view
    assert rebuilt is not None and rebuilt is not view
    qtbot.waitUntil(rebuilt.unlinked.isVisible, timeout=WAIT)


def test_no_device_call_runs_on_the_gui_thread(
    qtbot: QtBot, prefs: Preferences, english: None
) -> None:
    fake = ThreadRecorder()
    window = open_window(qtbot, FakeGateway(fake), prefs)
    fake.add_peer("Ayu")
    unlock(qtbot, window)
    fake.add_device("Kantor")  # test helpers, recorded too: left out below
    view = window.main_view
    assert view is not None
    window.open_settings()
    settings = window.findChild(SettingsDialog)
    assert settings is not None
    devices = settings.open_devices()
    qtbot.waitUntil(lambda: devices.list.count() == 2, timeout=WAIT)
    dialog = devices.open_link_dialog()
    dialog.link.setPlainText("bisik-link:AAAA")
    dialog.name.setText("Laptop")
    dialog.link_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=WAIT)
    dialog.accept()
    devices.list.setCurrentRow(1)
    devices.confirm_unlink()
    assert devices.unlink_box is not None
    next(b for b in devices.unlink_box.buttons() if b.text() == "Unlink").click()
    qtbot.waitUntil(lambda: devices.list.count() == 1, timeout=WAIT)
    fake.unlink_this_device()
    qtbot.waitUntil(view.unlinked.isVisible, timeout=WAIT)
    assert window.runner.wait_idle()
    assert set(fake.on_gui_thread) <= {"add_peer", "add_device", "unlink_this_device"}
    assert "is_unlinked" not in fake.on_gui_thread


# --- the first run: link this computer to an existing account ------------------------------------
def join_page(qtbot: QtBot, prefs: Preferences) -> tuple[BisikWindow, FakeGateway, JoinPage]:
    gateway = FakeGateway(FakeMessenger("?"), exists=False)
    window = open_window(qtbot, gateway, prefs)
    assert window.first_run is not None
    window.first_run.link_existing.click()
    page = window.stack.currentWidget()
    assert isinstance(page, JoinPage)
    page.relay.setText("https://relay.example")
    page.pair.passphrase.setText(PASSPHRASE)
    page.pair.again.setText(PASSPHRASE)
    return window, gateway, page


def waiting(qtbot: QtBot, gateway: FakeGateway, page: JoinPage) -> None:
    page.start_button.click()
    qtbot.waitUntil(lambda: page.steps.currentIndex() == join.WAITING, timeout=WAIT)
    qtbot.waitUntil(lambda: gateway.pending is not None and len(gateway.pending.waits) >= 2)


def test_joining_shows_the_link_waits_on_workers_and_links_once_the_codes_match(
    qtbot: QtBot, prefs: Preferences, english: None
) -> None:
    window, gateway, page = join_page(qtbot, prefs)
    page.pair.again.setText("something else")
    page.start_button.click()
    assert (page.status.text(), gateway.joining) == ("The two passphrases do not match.", None)
    page.pair.again.setText(PASSPHRASE)

    waiting(qtbot, gateway, page)
    assert gateway.joining == (PASSPHRASE, "https://relay.example")
    assert page.link.text() == FAKE_LINK and page.link.isReadOnly()
    assert page.qr.pixmap() is not None and not page.qr.pixmap().isNull()
    assert page.waiting.text() in (
        "Waiting for the other computer… 10:00 left",
        "Waiting for the other computer… 9:59 left",
    )
    assert page.left_bar.value() >= 599
    assert gateway.pending is not None
    assert all(t is not MAIN and 0 < wait <= join.WAIT_STEP for wait, t in gateway.pending.waits)
    page.copy.click()
    assert QApplication.clipboard().text() == FAKE_LINK

    gateway.link_answer = ("481516", "Rani")
    qtbot.waitUntil(lambda: page.steps.currentIndex() == join.COMPARE, timeout=WAIT)
    assert page.code.text() == "481 516"
    assert page.account.text() == "Account: Rani"
    with qtbot.wait_signal(window.unlocked, timeout=WAIT):
        page.match_button.click()
    assert gateway.accepted_on is not None and gateway.accepted_on is not MAIN
    assert window.main_view is not None and window.stack.currentWidget() is window.main_view
    assert window.messenger is not None and window.messenger.own_display_name() == "Rani"


def test_joining_can_be_cancelled_and_a_late_answer_is_dropped(
    qtbot: QtBot, prefs: Preferences, english: None
) -> None:
    window, gateway, page = join_page(qtbot, prefs)
    waiting(qtbot, gateway, page)
    page.cancel_button.click()
    assert page.steps.currentIndex() == join.FORM
    assert page.status.text() == "Cancelled. Nothing was created on this computer."
    assert page.start_button.isEnabled()
    gateway.link_answer = ("481516", "Rani")  # the answer of the cancelled link comes late
    qtbot.wait(200)
    assert page.steps.currentIndex() == join.FORM and gateway.accepted_on is None

    page.back.click()
    assert window.first_run is not None and window.stack.currentWidget() is window.first_run


def test_codes_that_differ_create_nothing(qtbot: QtBot, prefs: Preferences, english: None) -> None:
    window, gateway, page = join_page(qtbot, prefs)
    gateway.link_answer = ("111111", "Someone")
    page.start_button.click()
    qtbot.waitUntil(lambda: page.steps.currentIndex() == join.COMPARE, timeout=WAIT)
    page.differ_button.click()
    assert page.steps.currentIndex() == join.FORM
    assert page.status.text().startswith("Cancelled: nothing was created on this computer.")
    assert gateway.accepted_on is None and not gateway.exists() and window.messenger is None


def test_joining_gives_up_after_the_time_and_retries_while_the_relay_is_away(
    qtbot: QtBot, prefs: Preferences, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(join, "RETRY_MS", 300)
    _, gateway, page = join_page(qtbot, prefs)
    gateway.wait_error = JoinError("relay down", "relay_down")
    page.start_button.click()
    qtbot.waitUntil(lambda: "trying again" in page.waiting.text(), timeout=WAIT)
    assert page.steps.currentIndex() == join.WAITING, "a relay away for a moment is waited out"
    assert page.waiting.text().startswith("Waiting for the other computer…")
    qtbot.waitUntil(lambda: "trying again" not in page.waiting.text(), timeout=WAIT)
    assert gateway.pending is not None and len(gateway.pending.waits) >= 2

    monkeypatch.setattr(join, "JOIN_SECONDS", 0.3)
    page.cancel_button.click()
    waiting(qtbot, gateway, page)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == join.FORM, timeout=WAIT)
    assert page.status.text() == "No answer came within ten minutes. Show a new link to try again."

    monkeypatch.setattr(join, "JOIN_SECONDS", 600.0)
    gateway.wait_error = JoinError("the answer to this link is refused", "refused")
    page.start_button.click()
    qtbot.waitUntil(lambda: page.status.text().startswith("An answer came"), timeout=WAIT)
    assert page.steps.currentIndex() == join.FORM


def test_a_failed_accept_is_said_on_the_compare_step(
    qtbot: QtBot, prefs: Preferences, english: None
) -> None:
    window, gateway, page = join_page(qtbot, prefs)
    gateway.link_answer = ("481516", "Rani")
    gateway.accept_error = JoinError("relay down", "relay_down")
    page.start_button.click()
    qtbot.waitUntil(lambda: page.steps.currentIndex() == join.COMPARE, timeout=WAIT)
    page.match_button.click()
    qtbot.waitUntil(page.match_button.isEnabled, timeout=WAIT)
    assert page.compare_status.text().startswith("The relay cannot be reached.")
    assert window.messenger is None


# --- Bahasa Indonesia -----------------------------------------------------------------------------
def test_the_device_pages_are_all_in_bahasa_indonesia(
    qtbot: QtBot, qapp: QApplication, prefs: Preferences, fake: FakeMessenger
) -> None:
    assert install_language(qapp, "id") is not None
    try:
        patterns = english_patterns()
        window, gateway, page = join_page(qtbot, prefs)
        assert window.first_run is None
        assert untranslated(page, patterns) == []
        gateway.link_answer = ("481516", "Rani")
        page.start_button.click()
        qtbot.waitUntil(lambda: page.steps.currentIndex() == join.COMPARE, timeout=WAIT)
        assert untranslated(page, patterns) == []
        page.codes_differ()
        assert untranslated(page, patterns) == []

        other = open_window(qtbot, FakeGateway(fake), prefs)
        unlock(qtbot, other)
        fake.add_device("Kantor")
        fake.unlink_this_device()
        view = other.main_view
        assert view is not None
        qtbot.waitUntil(view.unlinked.isVisible, timeout=WAIT)
        assert untranslated(view, patterns) == []
        fake2 = FakeMessenger()
        fake2.add_device("Kantor")
        devices = devices_dialog(qtbot, other, fake2)
        devices.list.setCurrentRow(1)
        devices.confirm_unlink()
        assert devices.unlink_box is not None
        for widget in (devices, devices.unlink_box):
            assert untranslated(widget, patterns) == []
        assert devices.status.text() == "Perangkat di akun ini: 2"
        dialog = devices.open_link_dialog()
        assert untranslated(dialog, patterns) == []
        dialog.link.setPlainText("bisik-link:AAAA")
        dialog.name.setText("Laptop")
        dialog.link_button.click()
        qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=WAIT)
        dialog.codes_differ()
        assert untranslated(dialog, patterns) == []
        settings = SettingsDialog(prefs, fake2, other.runner, other)
        assert untranslated(settings, patterns) == []
    finally:
        install_language(qapp, "en")
