"""The chat: composer keys, ticks and retry, replies, reactions, typing, trust banners, search."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.service.api import Conversation, Direction, Message, MessageStatus, TrustState
from app.ui.dialogs import AddContactDialog, InviteDialog, SafetyNumberDialog, SearchDialog
from app.ui.mainview import MainView
from app.ui.models import PAGE_SIZE, Role
from app.ui.window import BisikWindow
from tests.ui.fake_messenger import FakeMessenger

AYU, BUDI = 1, 2  # conversation ids made by the `fake` fixture


def open_chat(qtbot: QtBot, window: BisikWindow, cid: int) -> MainView:
    view = window.main_view
    assert view is not None
    view.open_conversation(cid)
    assert view.chat.model is not None
    qtbot.waitUntil(
        lambda: (view.chat.model is not None and view.chat.model.rowCount() > 0) or cid != AYU,
        timeout=5000,
    )
    return view


def last(view: MainView) -> Message:
    model = view.chat.model
    assert model is not None
    return model.message(model.rowCount() - 1)


def test_enter_sends_and_shift_enter_breaks_the_line(qtbot: QtBot, window: BisikWindow) -> None:
    view = open_chat(qtbot, window, AYU)
    edit = view.chat.composer.edit
    QTest.keyClicks(edit, "Halo")
    QTest.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClicks(edit, "Ayu")
    assert edit.toPlainText() == "Halo\nAyu"
    QTest.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: last(view).body == "Halo\nAyu", timeout=5000)
    assert last(view).direction is Direction.OUTGOING
    assert edit.toPlainText() == ""


def test_failed_send_shows_retry_and_retries_when_back_online(
    qtbot: QtBot, window: BisikWindow, fake: FakeMessenger
) -> None:
    view = open_chat(qtbot, window, AYU)
    fake.online = False
    view.chat.send_text("are you there?", None)
    qtbot.waitUntil(lambda: last(view).status is MessageStatus.FAILED, timeout=5000)
    chat_view = view.chat.view
    model = view.chat.model
    assert model is not None
    index = model.index(model.rowCount() - 1)
    qtbot.waitUntil(lambda: chat_view.visualRect(index).height() > 0, timeout=5000)
    layout = chat_view.itemDelegate().layout_for(index)  # type: ignore[attr-defined]
    assert layout.retry is not None
    fake.online = True
    click_at = chat_view.visualRect(index).topLeft() + layout.retry.center()
    QTest.mouseClick(chat_view.viewport(), Qt.MouseButton.LeftButton, pos=click_at)
    qtbot.waitUntil(lambda: last(view).status is MessageStatus.SENT, timeout=5000)


def test_reply_quotes_the_message(qtbot: QtBot, window: BisikWindow) -> None:
    view = open_chat(qtbot, window, AYU)
    incoming = last(view)
    view.chat.view.reply_requested.emit(incoming)
    assert view.chat.composer.reply_bar.isVisibleTo(view.chat)
    assert "Halo" in view.chat.composer.reply_label.text()
    QTest.keyClicks(view.chat.composer.edit, "Sudah!")
    QTest.keyClick(view.chat.composer.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: last(view).body == "Sudah!", timeout=5000)
    assert last(view).reply_to == incoming.message_id
    assert not view.chat.composer.reply_bar.isVisibleTo(view.chat)

    view.chat.view.reply_requested.emit(incoming)
    QTest.keyClick(view.chat.composer.edit, Qt.Key.Key_Escape)
    assert view.chat.composer.replying_to is None


def test_reaction_and_typing_indicator(
    qtbot: QtBot, window: BisikWindow, fake: FakeMessenger
) -> None:
    view = open_chat(qtbot, window, AYU)
    message = last(view)
    view.chat.view.react_requested.emit(message.message_id, "👍")
    qtbot.waitUntil(lambda: last(view).reactions != {}, timeout=5000)
    fake.set_typing(AYU, True)
    qtbot.waitUntil(lambda: "typing" in view.chat.typing_label.text(), timeout=5000)
    fake.set_typing(AYU, False)
    qtbot.waitUntil(lambda: view.chat.typing_label.text().strip() == "", timeout=5000)


def test_pasted_files_are_sent(qtbot: QtBot, window: BisikWindow, tmp_path: Path) -> None:
    view = open_chat(qtbot, window, AYU)
    doc = tmp_path / "catatan.txt"
    doc.write_bytes(b"x" * 1234)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(doc))])
    assert view.chat.composer.edit.canInsertFromMimeData(mime)
    view.chat.composer.edit.insertFromMimeData(mime)
    qtbot.waitUntil(lambda: last(view).attachment is not None, timeout=5000)
    assert last(view).attachment.name == "catatan.txt"  # type: ignore[union-attr]


def test_key_change_banner_blocks_sending_until_accepted(
    qtbot: QtBot, window: BisikWindow, fake: FakeMessenger
) -> None:
    view = open_chat(qtbot, window, AYU)
    fake.change_identity(AYU)
    banner = view.chat.key_banner
    qtbot.waitUntil(lambda: banner.isVisibleTo(view.chat), timeout=5000)
    assert not view.chat.composer.isEnabled()
    assert "safety number changed" in banner.text.text()
    banner.primary.click()
    qtbot.waitUntil(lambda: not banner.isVisibleTo(view.chat), timeout=5000)
    assert view.chat.composer.isEnabled()
    assert fake.conversation(AYU).contact.trust is TrustState.UNVERIFIED


def test_a_stale_read_does_not_bring_the_key_banner_back(
    qtbot: QtBot, window: BisikWindow, fake: FakeMessenger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worker results may arrive out of order: a read of the conversation made before the user
    accepted the new key must not overwrite the state shown after accepting."""
    view = open_chat(qtbot, window, AYU)
    accepted = threading.Event()
    real_conversation = fake.conversation

    def slow_while_changed(conversation_id: int) -> Conversation:
        snapshot = real_conversation(conversation_id)
        if snapshot.contact.trust is TrustState.CHANGED:
            accepted.wait(timeout=10)  # this read comes back only after the user has accepted
        return snapshot

    monkeypatch.setattr(fake, "conversation", slow_while_changed)
    fake.change_identity(AYU)  # the chat re-reads the conversation: the slow, stale read
    banner = view.chat.key_banner
    qtbot.waitUntil(lambda: banner.isVisibleTo(view.chat), timeout=5000)
    banner.primary.click()
    qtbot.waitUntil(lambda: not banner.isVisibleTo(view.chat), timeout=5000)
    accepted.set()
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=5000)
    assert not banner.isVisibleTo(view.chat)


def test_message_request_accept_and_block(
    qtbot: QtBot, window: BisikWindow, fake: FakeMessenger
) -> None:
    stranger = fake.add_peer("Citra", accepted=False)
    fake.receive(stranger, "Hi, Ayu gave me your link")
    view = window.main_view
    assert view is not None
    qtbot.waitUntil(lambda: view.model.row_of(stranger) >= 0, timeout=5000)
    # Requests stand apart: not among the chats, behind their own button.
    listed = [view.proxy.index(i, 0).data(Role.CONVERSATION) for i in range(view.proxy.rowCount())]
    assert stranger not in [c.conversation_id for c in listed]
    assert view.requests_button.isVisibleTo(view) and "(1)" in view.requests_button.text()
    view.requests_button.click()
    assert [
        view.proxy.index(i, 0).data(Role.CONVERSATION).conversation_id
        for i in range(view.proxy.rowCount())
    ] == [stranger]
    view.requests_button.click()
    view.open_conversation(stranger)
    assert view.requests_button.isChecked()  # opening a request shows the requests list
    banner = view.chat.request_banner
    assert banner.isVisibleTo(view.chat) and not view.chat.composer.isEnabled()
    banner.primary.click()
    qtbot.waitUntil(lambda: view.chat.composer.isEnabled(), timeout=5000)
    assert fake.conversation(stranger).contact.accepted

    other = fake.add_peer("Spam", accepted=False)
    fake.receive(other, "win a prize")
    qtbot.waitUntil(lambda: view.model.row_of(other) >= 0, timeout=5000)
    view.open_conversation(other)
    view.chat.request_banner.secondary.click()
    qtbot.waitUntil(lambda: view.chat.blocked_banner.isVisibleTo(view.chat), timeout=5000)
    assert fake.conversation(other).contact.blocked

    third = fake.add_peer("Iklan", accepted=False)
    fake.receive(third, "beli sekarang")
    qtbot.waitUntil(lambda: view.model.row_of(third) >= 0, timeout=5000)
    view.open_conversation(third)
    view.chat.delete_request_button.click()
    qtbot.waitUntil(lambda: view.model.row_of(third) < 0, timeout=5000)
    assert view.right.currentWidget() is view.empty
    assert fake.requests() == []


def test_search_jumps_to_the_message_in_a_long_chat(
    qtbot: QtBot, window: BisikWindow, fake: FakeMessenger
) -> None:
    fake.bulk_fill(BUDI, 3000)
    target = fake.receive(BUDI, "gudeg Wijilan jam sepuluh")
    fake.bulk_fill(BUDI, 3000)
    view = window.main_view
    assert view is not None
    dialog = SearchDialog(fake, window.runner, {BUDI: "Budi"}, view)
    dialog.jump.connect(view.open_conversation)
    dialog.query.setText("wijilan")
    qtbot.waitUntil(lambda: dialog.results.count() == 1, timeout=5000)
    label = dialog.results.itemWidget(dialog.results.item(0))
    assert "<b>Wijilan</b>" in label.text()  # type: ignore[attr-defined]
    dialog.results.itemActivated.emit(dialog.results.item(0))
    qtbot.waitUntil(
        lambda: (
            view.chat.view.currentIndex().isValid()
            and view.chat.model is not None
            and view.chat.model.message(view.chat.view.currentIndex().row()).message_id
            == target.message_id
        ),
        timeout=5000,
    )
    assert view.chat.model is not None and view.chat.model.rowCount() <= 4 * PAGE_SIZE


def test_safety_number_dialog_marks_verified(
    qtbot: QtBot, window: BisikWindow, fake: FakeMessenger
) -> None:
    contact = fake.conversation(AYU).contact
    dialog = SafetyNumberDialog(fake, window.runner, contact, window)
    qtbot.waitUntil(lambda: dialog.digits.text() != "", timeout=5000)
    digits = dialog.digits.text().split()
    assert len(digits) == 12 and all(len(g) == 5 and g.isdigit() for g in digits)
    assert not dialog.qr.pixmap().isNull()
    with qtbot.wait_signal(dialog.verified, timeout=5000):
        dialog.verify_button.click()
    assert fake.conversation(AYU).contact.trust is TrustState.VERIFIED
    assert not dialog.verify_button.isEnabled()


def test_add_contact_by_link_and_invite_qr(
    qtbot: QtBot, window: BisikWindow, fake: FakeMessenger
) -> None:
    dialog = AddContactDialog(fake, window.runner, window)
    dialog.link.setPlainText("https://example.org/not-an-invite")
    dialog.add_button.click()
    qtbot.waitUntil(lambda: dialog.add_button.isEnabled(), timeout=5000)
    assert "did not work" in dialog.status.text()
    dewi = fake.invite_link().replace(f"id={fake.own_account_id()}", "id=" + "dd" * 16)
    dialog.link.setPlainText(dewi.replace("name=Rani", "name=Dewi"))  # another person's link
    with qtbot.wait_signal(dialog.added, timeout=5000) as blocker:
        dialog.add_button.click()
    assert blocker.args[0].display_name == "Dewi"

    invite = InviteDialog(fake.invite_link(), window)
    assert invite.link.text().startswith("bisik:")
    assert invite.qr.pixmap().width() > 100


def test_conversation_list_is_keyboard_navigable(qtbot: QtBot, window: BisikWindow) -> None:
    view = window.main_view
    assert view is not None
    view.list.setFocus()
    view.list.setCurrentIndex(view.proxy.index(0, 0))
    QTest.keyClick(view.list, Qt.Key.Key_Down)
    conv = view.chat.conversation
    assert conv is not None and conv.contact.display_name == "Budi Santoso"
    assert view.list.accessibleName() == "Conversations"


def test_dropped_files_are_sent(qtbot: QtBot, window: BisikWindow, tmp_path: Path) -> None:
    view = open_chat(qtbot, window, AYU)
    photo = tmp_path / "foto.jpg"
    photo.write_bytes(b"\xff\xd8" + b"\0" * 5000)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo)), QUrl("https://example.org/not-local.png")])
    drop = QDropEvent(
        QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    view.chat.dropEvent(drop)
    qtbot.waitUntil(lambda: last(view).attachment is not None, timeout=5000)
    assert last(view).attachment.name == "foto.jpg"  # type: ignore[union-attr]
    assert view.chat.model is not None and view.chat.model.rowCount() == 2


def test_long_chat_opens_at_the_bottom_and_keeps_place_when_older_pages_arrive(
    qtbot: QtBot, window: BisikWindow, fake: FakeMessenger
) -> None:
    fake.bulk_fill(BUDI, 1000)
    view = window.main_view
    assert view is not None
    window.resize(900, 600)
    view.open_conversation(BUDI)
    chat_view = view.chat.view
    bar = chat_view.verticalScrollBar()
    model = view.chat.model
    assert model is not None
    qtbot.waitUntil(lambda: model.rowCount() == PAGE_SIZE and bar.maximum() > 0, timeout=5000)
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=5000)
    newest = model.message(model.rowCount() - 1)
    assert newest.body == "message 999"

    bar.setValue(0)  # the user scrolls to the top: the next older page loads above
    qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE_SIZE, timeout=5000)
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=5000)
    top = chat_view.indexAt(chat_view.viewport().rect().topLeft() + QPoint(5, 5))
    assert top.row() >= PAGE_SIZE - 1, "the message the user was looking at stays in view"
