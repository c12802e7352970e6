"""Groups in the desktop app: a new group from the dialog, who-said-what bubbles, timer lines, the
member panel and the 1:1-only actions a group hides (on the fake messenger)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from app.service.api import Conversation
from app.ui.avatar import name_color
from app.ui.bubble_layout import system_text
from app.ui.bubbles import MessageDelegate
from app.ui.conversation_delegate import ConversationDelegate
from app.ui.dialogs import SafetyNumberDialog
from app.ui.group_dialogs import ContactPicker, NewGroupDialog
from app.ui.group_lines import group_line_text
from app.ui.group_panel import GroupMembersDialog
from app.ui.mainview import MainView
from app.ui.models import Role
from app.ui.window import BisikWindow
from tests.ui.fake_messenger import FakeMessenger

AYU, BUDI = 1, 2  # conversation ids made by the `fake` fixture
WAIT = 5000


def main_view(window: BisikWindow) -> MainView:
    assert window.main_view is not None
    return window.main_view


def ids(fake: FakeMessenger) -> tuple[str, str]:
    return fake.conversation(AYU).contact.contact_id, fake.conversation(BUDI).contact.contact_id


def open_group(qtbot: QtBot, window: BisikWindow, conv: Conversation, rows: int) -> MainView:
    """Open a group made on the fake, once the list knows it; waits for `rows` messages and the
    members (the names above the bubbles)."""
    view = main_view(window)
    cid = conv.conversation_id
    qtbot.waitUntil(lambda: view.model.row_of(cid) >= 0, timeout=WAIT)
    view.open_conversation(cid)
    qtbot.waitUntil(
        lambda: (
            view.chat.model is not None
            and view.chat.model.rowCount() == rows
            and view.groups.members(cid) is not None
            and bool(view.chat.model.names)
        ),
        timeout=WAIT,
    )
    return view


def test_new_group_from_the_dialog_is_listed_and_opens(
    qtbot: QtBot, window: BisikWindow, fake: FakeMessenger
) -> None:
    fake.add_peer("Citra (blocked)")
    blocked = next(c for c in fake.contacts() if c.display_name == "Citra (blocked)")
    fake.block(blocked.contact_id)
    view = main_view(window)
    view.group_button.click()
    dialog = view.findChild(NewGroupDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.picker.count() == 2, timeout=WAIT)  # not the blocked one
    assert not dialog.create_button.isEnabled()
    dialog.name.setText("Keluarga")
    dialog.picker.check("Ayu Lestari")
    dialog.picker.check("Budi Santoso")
    assert dialog.create_button.isEnabled()
    assert "2" in dialog.status.text()
    dialog.create_button.click()

    qtbot.waitUntil(
        lambda: view.chat.conversation is not None and view.chat.conversation.is_group,
        timeout=WAIT,
    )
    conv = view.chat.conversation
    assert conv is not None and conv.group_name == "Keluarga"
    assert view.model.row_of(conv.conversation_id) >= 0
    assert view.right.currentWidget() is view.chat
    assert view.chat.header.title.text() == "Keluarga"
    names = [m.name for m in fake.group_members(conv.conversation_id)]
    assert names == ["Rani", "Ayu Lestari", "Budi Santoso"]
    qtbot.waitUntil(lambda: "3 member" in view.chat.header.subtitle.text(), timeout=WAIT)


def test_contact_picker_keeps_its_limit(qtbot: QtBot, fake: FakeMessenger) -> None:
    picker = ContactPicker(1)
    qtbot.addWidget(picker)
    picker.set_contacts(fake.contacts())
    with qtbot.wait_signal(picker.limit_reached):
        picker.check("Ayu Lestari")
        picker.check("Budi Santoso")
    assert len(picker.chosen()) == 1


def test_incoming_group_bubbles_name_their_sender_once_per_run(
    qtbot: QtBot, window: BisikWindow, fake: FakeMessenger
) -> None:
    ayu, budi = ids(fake)
    conv = fake.create_group("Keluarga", [ayu, budi])
    cid = conv.conversation_id
    fake.receive(cid, "Halo semua!", sender=ayu)
    fake.receive(cid, "Sudah sampai rumah.", sender=ayu)
    fake.receive(cid, "Baik, sampai nanti.", sender=budi)
    fake.send_text(cid, "Oke!")
    view = open_group(qtbot, window, conv, 4)
    model, chat_view = view.chat.model, view.chat.view
    assert model is not None
    delegate = chat_view.itemDelegate()
    assert isinstance(delegate, MessageDelegate)

    senders = [model.data(model.index(r), Role.SENDER_NAME) for r in range(4)]
    assert senders == ["Ayu Lestari", "Ayu Lestari", "Budi Santoso", ""]
    shown = [delegate.layout_for(model.index(r)).name is not None for r in range(4)]
    assert shown == [True, False, True, False], "a name once per run, none on one's own"

    # it paints: the name's pixels are in Ayu's colour, inside her first bubble
    index = model.index(0)
    qtbot.waitUntil(lambda: chat_view.visualRect(index).height() > 0, timeout=WAIT)
    image = chat_view.viewport().grab().toImage()
    rect = delegate.layout_for(index).name
    assert rect is not None
    rect = rect.translated(chat_view.visualRect(index).topLeft())
    assert has_colour(image, rect, name_color(ayu, dark=False))
    assert not has_colour(image, rect, name_color(budi, dark=False)) or (
        name_color(ayu, False) == name_color(budi, False)
    )

    # the list's preview starts with who wrote the last message
    list_delegate = view.list.itemDelegate()
    assert isinstance(list_delegate, ConversationDelegate)
    qtbot.waitUntil(
        lambda: list_delegate.preview_text(fake.conversation(cid)) == "You: Oke!", timeout=WAIT
    )
    fake.receive(cid, "Sip", sender=budi)
    qtbot.waitUntil(
        lambda: list_delegate.preview_text(fake.conversation(cid)) == "Budi: Sip",
        timeout=WAIT,
    )
    assert list_delegate.preview_text(fake.conversation(AYU)) == "Halo! Sudah sampai?"


def has_colour(image: QImage, rect: QRect, colour: QColor, tolerance: int = 40) -> bool:
    """Whether a pixel inside `rect` (logical pixels) is within `tolerance` of `colour`."""
    ratio = image.devicePixelRatio()
    for y in range(int(rect.top() * ratio), int(rect.bottom() * ratio)):
        for x in range(int(rect.left() * ratio), int(rect.right() * ratio)):
            p = image.pixelColor(x, y)
            if (
                abs(p.red() - colour.red())
                + abs(p.green() - colour.green())
                + abs(p.blue() - colour.blue())
                < tolerance
            ):
                return True
    return False


def test_name_colours_are_stable_and_differ_by_theme() -> None:
    assert name_color("ab" * 16, False) == name_color("ab" * 16, False)
    assert name_color("ab" * 16, False) != name_color("ab" * 16, True)
    assert len({name_color(f"{i:02x}" * 16, False).name() for i in range(40)}) > 3


def test_timer_changes_are_centred_lines_not_bubbles(
    qtbot: QtBot, window: BisikWindow, fake: FakeMessenger
) -> None:
    ayu, budi = ids(fake)
    conv = fake.create_group("Keluarga", [ayu, budi])
    cid = conv.conversation_id
    fake.receive(cid, "Halo", sender=ayu)
    fake.receive_timer(cid, 86400, sender=budi)
    fake.receive(cid, "Oh, oke", sender=budi)
    view = open_group(qtbot, window, conv, 3)
    model = view.chat.model
    assert model is not None
    delegate = view.chat.view.itemDelegate()
    assert isinstance(delegate, MessageDelegate)
    line = delegate.layout_for(model.index(1))
    assert line.system and line.name is None and line.reactions is None
    width = view.chat.view.viewport().width()
    assert abs(line.bubble.center().x() - width // 2) <= 2, "centred"
    assert system_text(model.message(1), "Budi Santoso") == (
        "Budi Santoso set disappearing messages to 1 day."
    )
    assert delegate.layout_for(model.index(2)).name is not None, "after a line, the name again"

    # a 1:1 chat's timer line names the peer
    timer = fake.receive_timer(AYU, 0)
    assert system_text(timer, "Ayu Lestari") == "Ayu Lestari turned disappearing messages off."


def test_member_panel_lists_removes_promotes_and_leaves_after_confirming(
    qtbot: QtBot, window: BisikWindow, fake: FakeMessenger
) -> None:
    ayu, budi = ids(fake)
    conv = fake.create_group("Keluarga", [ayu, budi])
    cid = conv.conversation_id
    fake.receive(cid, "Halo", sender=ayu)
    view = open_group(qtbot, window, conv, 1)
    view.chat.header.members_button.click()
    panel = view.chat.group.panel
    assert isinstance(panel, GroupMembersDialog)
    qtbot.waitUntil(lambda: panel.list.count() == 3, timeout=WAIT)
    rows = [panel.list.item(r).data(Qt.ItemDataRole.AccessibleTextRole) for r in range(3)]
    assert rows == ["Rani (you) admin", "Ayu Lestari", "Budi Santoso"]
    assert badges(panel) == ["admin", "", ""]
    assert panel.add_button.isVisible() and panel.rename_button.isVisible()
    panel.list.setCurrentRow(0)
    assert not panel.remove_button.isEnabled(), "not oneself"

    panel.list.setCurrentRow(2)
    panel.remove_button.click()
    qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=WAIT)
    assert [m.name for m in fake.group_members(cid)] == ["Rani", "Ayu Lestari"]
    qtbot.waitUntil(lambda: "2 member" in view.chat.header.subtitle.text(), timeout=WAIT)

    panel.list.setCurrentRow(1)
    assert panel.admin_button.text() == "Make admin"
    panel.admin_button.click()
    qtbot.waitUntil(lambda: badges(panel) == ["admin", "admin"], timeout=WAIT)
    assert fake.group_members(cid)[1].is_admin
    assert panel.admin_button.text() == "Dismiss as admin"

    panel.rename()
    assert panel.rename_dialog is not None
    panel.rename_dialog.setTextValue("Keluarga Besar")
    panel.rename_dialog.accept()
    qtbot.waitUntil(lambda: view.chat.header.title.text() == "Keluarga Besar", timeout=WAIT)
    assert "Keluarga Besar" in panel.windowTitle()

    # leaving asks first; cancelling keeps this profile in the group
    panel.leave_button.click()
    box = panel.leave_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "Keluarga Besar" in box.text()
    cancel = next(b for b in box.buttons() if b.text() == "Cancel")
    cancel.click()
    qtbot.wait(50)
    assert any(m.is_self for m in fake.group_members(cid))
    panel.leave_button.click()
    box = panel.leave_box
    assert box is not None
    leave = next(b for b in box.buttons() if b.text() == "Leave")
    leave.click()
    qtbot.waitUntil(lambda: not any(m.is_self for m in fake.group_members(cid)), timeout=WAIT)
    qtbot.waitUntil(lambda: not view.chat.composer.isEnabled(), timeout=WAIT)
    assert view.chat.header.subtitle.text() == "You are no longer in this group."
    qtbot.waitUntil(lambda: not panel.leave_button.isVisibleTo(panel), timeout=WAIT)
    assert not panel.add_button.isVisibleTo(panel)


def badges(panel: GroupMembersDialog) -> list[str]:
    """The badge of each row of the member list ("" for none)."""
    out = []
    for row in range(panel.list.count()):
        widget = panel.list.itemWidget(panel.list.item(row))
        found = widget.findChildren(QLabel, "badge")
        out.append(found[0].text() if found else "")
    return out


def test_one_to_one_actions_are_hidden_in_a_group(
    qtbot: QtBot, window: BisikWindow, fake: FakeMessenger
) -> None:
    ayu, budi = ids(fake)
    conv = fake.create_group("Keluarga", [ayu, budi])
    fake.receive(conv.conversation_id, "Halo", sender=ayu)
    view = open_group(qtbot, window, conv, 1)
    chat = view.chat
    menu_texts = {a.text() for a in chat.header.more_button.menu().actions() if a.isVisible()}
    assert "Block" not in menu_texts
    assert {"Group members…", "Leave group…"} <= menu_texts
    assert not chat.header.safety_button.isVisibleTo(chat)
    assert chat.header.members_button.isVisibleTo(chat)
    for banner in (chat.key_banner, chat.request_banner, chat.blocked_banner):
        assert not banner.isVisibleTo(chat)
    view.show_safety_number(conv.contact.contact_id)
    chat._ask_safety_number()
    assert view.findChild(SafetyNumberDialog) is None, "a group has no safety number"

    view.open_conversation(AYU)  # and back in a 1:1 chat they return
    menu_texts = {a.text() for a in chat.header.more_button.menu().actions() if a.isVisible()}
    assert "Block" in menu_texts and "Leave group…" not in menu_texts
    assert chat.header.safety_button.isVisibleTo(chat)
    assert not chat.header.members_button.isVisibleTo(chat)
    model = chat.model
    assert model is not None and model.names is None
    assert model.data(QModelIndex(), Role.SENDER_NAME) is None
    assert model.rowCount() == 0 or model.data(model.index(0), Role.SENDER_NAME) == ""


@pytest.mark.parametrize(
    ("line", "text"),
    [
        (
            {"e": "created", "by": "", "who": [], "name": "Liburan"},
            "You created the group “Liburan”.",
        ),
        ({"e": "added_you", "by": "Ani", "who": [], "name": "x"}, "Ani added you to the group."),
        ({"e": "added", "by": "Ani", "who": ["Dewi", ""], "name": "x"}, "Ani added Dewi, you."),
        ({"e": "removed", "by": "", "who": ["Citra"], "name": "x"}, "You removed Citra."),
        ({"e": "left", "by": "Budi", "who": [], "name": "x"}, "Budi left the group."),
        (
            {"e": "renamed", "by": "Ani", "who": [], "name": "Baru"},
            "Ani renamed the group to “Baru”.",
        ),
        ({"e": "admin", "by": "Ani", "who": [""], "name": "x"}, "Ani made you an admin."),
        (
            {"e": "unadmin", "by": "Ani", "who": ["Budi"], "name": "x"},
            "Ani dismissed Budi as admin.",
        ),
        ({"e": "exploded", "by": "Ani", "who": [], "name": "x"}, "The group changed."),
        ({"e": "added", "by": "Ani", "who": "Dewi", "name": "x"}, "The group changed."),
        ({"e": "added"}, "The group changed."),
    ],
)
def test_membership_changes_read_as_sentences(line: dict[str, object], text: str) -> None:
    assert group_line_text(json.dumps(line)) == text


def test_a_membership_line_that_does_not_parse_is_still_a_sentence() -> None:
    for body in ("", "{", "[]", "null", '"x"'):
        assert group_line_text(body) == "The group changed."
