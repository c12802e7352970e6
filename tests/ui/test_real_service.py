"""The desktop app on the real service: a real relay process and two real profiles on disk.

Profile A is driven through the windows; profile B is a second service instance, as another
person's computer would be.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.service import account, sync
from app.service.account import KdfParams
from app.service.api import Direction, MessageStatus, MessengerApi, TrustState
from app.ui.dialogs import AddContactDialog, SafetyNumberDialog, SearchDialog
from app.ui.group_dialogs import NewGroupDialog
from app.ui.mainview import MainView
from app.ui.models import Role
from app.ui.prefs import Preferences
from app.ui.service_gateway import ServiceGateway
from app.ui.settings import SettingsDialog
from app.ui.window import BisikWindow
from tests.relay_process import RelayProcess
from tests.ui.conftest import walk_to_relay_step
from tests.unit.store.test_rekey import MemoryKeyring  # the store's in-memory keyring for tests

PASS_A = "ayu pass phrase"
WAIT = 15_000


@pytest.fixture(autouse=True)
def short_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Locking waits for the running long-poll; keep each poll short so tests do not idle."""
    monkeypatch.setattr(sync, "POLL_WAIT", 1.0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def relay(tmp_path: Path) -> Iterator[RelayProcess]:
    """On a fixed port, so that a restarted relay is the same address for the profiles."""
    process = RelayProcess(tmp_path, ("--port", str(free_port())))
    process.start()
    yield process
    process.kill()


@pytest.fixture
def budi(tmp_path: Path, relay: RelayProcess) -> Iterator[MessengerApi]:
    messenger = account.create_profile(
        tmp_path / "budi", "budi pass phrase", "Budi", relay.url, kdf=KdfParams.interactive()
    )
    messenger.start()
    yield messenger
    messenger.lock()


def first_run(qtbot: QtBot, tmp_path: Path, relay_url: str) -> BisikWindow:
    gateway = ServiceGateway(tmp_path / "ayu", KdfParams.interactive())
    window = BisikWindow(gateway, Preferences(tmp_path / "bisik.ini"), use_tray=False)
    qtbot.addWidget(window)
    window.show()
    page = walk_to_relay_step(window, "Ayu", PASS_A)
    page.relay.setText(relay_url)
    with qtbot.wait_signal(window.unlocked, timeout=WAIT):
        page.next.click()
    return window


def opened(window: BisikWindow) -> tuple[MessengerApi, MainView]:
    """The messenger and the main view of an unlocked window."""
    messenger, view = window.messenger, window.main_view
    assert messenger is not None and view is not None
    return messenger, view


def test_two_profiles_talk_through_the_windows(
    qtbot: QtBot, tmp_path: Path, relay: RelayProcess, budi: MessengerApi, english: None
) -> None:
    window = first_run(qtbot, tmp_path, relay.url)

    # lock, then a wrong and the right passphrase
    with qtbot.wait_signal(window.locked, timeout=WAIT):
        QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    page = window.unlock_page
    assert page is not None and window.messenger is None
    page.passphrase.setText("not the passphrase")
    page.button.click()
    qtbot.waitUntil(page.button.isEnabled, timeout=WAIT)
    assert page.status.text() == "Wrong passphrase. Try again."
    page.passphrase.setText(PASS_A)
    with qtbot.wait_signal(window.unlocked, timeout=WAIT):
        page.button.click()
    ayu, view = opened(window)

    # add Budi by his invite link; the chat opens
    dialog = AddContactDialog(ayu, window.runner, view)
    dialog.added.connect(view.open_contact)
    dialog.link.setPlainText(budi.invite_link())
    dialog.add_button.click()
    qtbot.waitUntil(lambda: view.chat.conversation is not None, timeout=WAIT)
    assert view.chat.conversation is not None
    assert view.chat.conversation.contact.display_name == "Budi"

    # send through the composer; Budi's service receives it as a message request
    QTest.keyClicks(view.chat.composer.edit, "Halo Budi, apa kabar?")
    QTest.keyClick(view.chat.composer.edit, Qt.Key.Key_Return)

    def budi_has_it() -> bool:
        convs = budi.conversations()
        return bool(convs) and convs[0].last_message_preview == "Halo Budi, apa kabar?"

    qtbot.waitUntil(budi_has_it, timeout=WAIT)
    request = budi.conversations()[0]
    assert request.contact.display_name == "Ayu" and not request.contact.accepted

    # Budi accepts and replies to it; the reply shows in Ayu's chat and her message gets ticks
    budi.accept_request(request.contact.contact_id)
    [original] = budi.messages_before(request.conversation_id, None)
    budi.send_text(
        request.conversation_id, "Baik! Sampai jumpa besok.", reply_to=original.message_id
    )
    budi.mark_read(request.conversation_id)
    model = view.chat.model
    assert model is not None

    def reply_shown() -> bool:
        rows = [model.message(r) for r in range(model.rowCount())]
        return any(m.direction is Direction.INCOMING and "jumpa" in m.body for m in rows)

    qtbot.waitUntil(reply_shown, timeout=WAIT)
    qtbot.waitUntil(
        lambda: model.message(0).status in (MessageStatus.DELIVERED, MessageStatus.READ),
        timeout=WAIT,
    )
    reply = model.message(model.rowCount() - 1)
    assert reply.reply_to == model.message(0).message_id

    # search finds the reply and jumps to it
    search = SearchDialog(ayu, window.runner, {}, view)
    search.jump.connect(view.open_conversation)
    search.query.setText("jumpa")
    qtbot.waitUntil(lambda: search.results.count() == 1, timeout=WAIT)
    search.results.itemActivated.emit(search.results.item(0))
    qtbot.waitUntil(
        lambda: (
            view.chat.view.currentIndex().isValid()
            and view.chat.model is not None
            and view.chat.model.message(view.chat.view.currentIndex().row()).body.endswith("besok.")
        ),
        timeout=WAIT,
    )

    # a file from Budi: the card offers it, saving downloads and decrypts it
    sent = tmp_path / "rencana.pdf"
    sent.write_bytes(b"%PDF-1.4 rencana perjalanan " * 3000)
    budi.send_file(request.conversation_id, sent)

    def card() -> int | None:
        rows = [model.message(r) for r in range(model.rowCount())]
        return next((m.message_id for m in rows if m.attachment is not None), None)

    qtbot.waitUntil(lambda: card() is not None, timeout=WAIT)
    message_id = card()
    assert message_id is not None
    saved = tmp_path / "saved.pdf"
    view.chat.save_to(message_id, saved)
    qtbot.waitUntil(
        lambda: saved.exists() and saved.read_bytes() == sent.read_bytes(), timeout=WAIT
    )
    row = model.row_of(message_id)
    qtbot.waitUntil(lambda: model.message(row).attachment.complete, timeout=WAIT)  # type: ignore[union-attr]

    # the safety number both sides see is the same; mark it verified
    contact = view.chat.conversation.contact
    safety = SafetyNumberDialog(ayu, window.runner, contact, view)
    qtbot.waitUntil(lambda: safety.digits.text() != "", timeout=WAIT)
    assert safety.digits.text().split() == budi.safety_number(ayu.own_account_id()).split()
    with qtbot.wait_signal(safety.verified, timeout=WAIT):
        safety.verify_button.click()
    assert (
        ayu.conversation(view.chat.conversation.conversation_id).contact.trust
        is TrustState.VERIFIED
    )


def test_window_stays_responsive_while_the_relay_is_down_and_sends_when_it_is_back(
    qtbot: QtBot, tmp_path: Path, relay: RelayProcess, budi: MessengerApi, english: None
) -> None:
    window = first_run(qtbot, tmp_path, relay.url)
    ayu, view = opened(window)
    contact = ayu.add_contact(budi.invite_link())
    view.open_contact(contact)
    qtbot.waitUntil(lambda: view.chat.conversation is not None, timeout=WAIT)
    relay.kill()

    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(window.runner.pending))
    timer.start(5)
    view.chat.send_text("kirim saat relai mati", None)
    view.chat.send_text("dan satu lagi", None)
    qtbot.waitUntil(
        lambda: view.chat.model is not None and view.chat.model.rowCount() == 2, timeout=WAIT
    )
    qtbot.wait(300)
    timer.stop()
    assert any(pending > 0 for pending in ticks), "the GUI ticked while service calls were running"
    model = view.chat.model
    assert model is not None
    assert {model.message(r).status for r in range(2)} <= {
        MessageStatus.PENDING,
        MessageStatus.FAILED,
    }

    relay.start()
    qtbot.waitUntil(
        lambda: all(model.message(r).status is not MessageStatus.PENDING for r in range(2)),
        timeout=60_000,
    )
    qtbot.waitUntil(lambda: budi.sync_once() >= 0 and len(budi.conversations()) == 1, timeout=WAIT)


def test_remember_on_this_device_opens_without_the_passphrase(
    qtbot: QtBot, tmp_path: Path, relay: RelayProcess, english: None
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        window = first_run(qtbot, tmp_path, relay.url)
        assert window.messenger is not None
        window.open_settings()
        settings = window.findChild(SettingsDialog)
        assert settings is not None
        qtbot.waitUntil(settings.save.isEnabled, timeout=WAIT)
        settings.remember.setChecked(True)
        settings.save.click()
        qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT)
        with qtbot.wait_signal(window.locked, timeout=WAIT):
            window.close()

        again = BisikWindow(window.gateway, Preferences(tmp_path / "bisik.ini"), use_tray=False)
        qtbot.addWidget(again)
        qtbot.waitUntil(lambda: again.main_view is not None, timeout=WAIT)
        assert again.messenger is not None
        assert again.messenger.own_display_name() == "Ayu"
    finally:
        keyring.set_keyring(previous)


def has_requests(messenger: MessengerApi) -> bool:
    return bool(messenger.requests())


def test_a_group_made_in_the_window_shows_who_wrote_each_message(
    qtbot: QtBot, tmp_path: Path, relay: RelayProcess, budi: MessengerApi, english: None
) -> None:
    """Three real profiles: Ayu (the window) makes a group with Budi and Citra from the New
    group dialog; Budi's message shows in her window under his name."""
    citra = account.create_profile(
        tmp_path / "citra", "citra pass phrase", "Citra", relay.url, kdf=KdfParams.interactive()
    )
    citra.start()
    try:
        window = first_run(qtbot, tmp_path, relay.url)
        ayu, view = opened(window)
        for friend in (budi, citra):  # both add each other, as people do
            contact = ayu.add_contact(friend.invite_link())
            qtbot.waitUntil(partial(has_requests, friend), timeout=WAIT)
            friend.accept_request(ayu.own_account_id())
            assert ayu.contact(contact.contact_id).accepted

        view.group_button.click()
        dialog = view.findChild(NewGroupDialog)
        assert dialog is not None
        qtbot.waitUntil(lambda: dialog.picker.count() == 2, timeout=WAIT)
        dialog.name.setText("Liburan")
        dialog.picker.check("Budi")
        dialog.picker.check("Citra")
        dialog.create_button.click()
        qtbot.waitUntil(
            lambda: view.chat.conversation is not None and view.chat.conversation.is_group,
            timeout=WAIT,
        )

        def group_of(m: MessengerApi) -> int | None:
            found = [c.conversation_id for c in m.conversations() if c.is_group]
            return found[0] if found else None

        qtbot.waitUntil(lambda: group_of(budi) is not None, timeout=WAIT)
        qtbot.waitUntil(lambda: group_of(citra) is not None, timeout=WAIT)
        budi_group = group_of(budi)
        assert budi_group is not None
        assert {m.name for m in budi.group_members(budi_group)} == {"Ayu", "Budi", "Citra"}
        budi.send_text(budi_group, "Halo semua, jadi ke Bromo?")

        model = view.chat.model
        assert model is not None
        qtbot.waitUntil(
            lambda: any(
                "Bromo" in model.message(r).body
                and model.data(model.index(r), Role.SENDER_NAME) == "Budi"
                for r in range(model.rowCount())
            ),
            timeout=WAIT,
        )
        citra_group = group_of(citra)
        assert citra_group is not None
        qtbot.waitUntil(
            lambda: any("Bromo" in m.body for m in citra.messages_before(citra_group, None)),
            timeout=WAIT,
        )
    finally:
        citra.lock()
