"""The item models: qtmodeltester, keyset paging over a long history, live updates, filtering."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QAbstractItemModel, QModelIndex
from pytestqt.qtbot import QtBot

from app.service.api import MessagesRemoved, MessageStatus
from app.ui.events import EventBridge
from app.ui.models import (
    PAGE_SIZE,
    ConversationFilter,
    ConversationListModel,
    MessageListModel,
    Role,
)
from app.ui.workers import TaskRunner
from tests.ui.fake_messenger import FakeMessenger

LONG_HISTORY = 100_000


class ModelTester(Protocol):
    """What these tests use of pytest-qt's `qtmodeltester` fixture (which is not annotated)."""

    def check(self, model: QAbstractItemModel, force_py: bool = False) -> None: ...


def loaded_model(
    qtbot: QtBot, messenger: FakeMessenger, cid: int, events: EventBridge | None = None
) -> MessageListModel:
    model = MessageListModel(messenger, TaskRunner(), cid, events)
    with qtbot.wait_signal(model.page_loaded, timeout=5000):
        model.load_latest()
    return model


def test_long_history_opens_with_one_page_and_passes_modeltester(
    qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    messenger = FakeMessenger()
    cid = messenger.add_peer("Ayu")
    messenger.bulk_fill(cid, LONG_HISTORY)
    model = loaded_model(qtbot, messenger, cid)

    assert model.rowCount() == PAGE_SIZE
    assert messenger.calls.count("messages_before") == 1
    newest = model.data(model.index(PAGE_SIZE - 1), Role.MESSAGE)
    assert newest.body == f"message {LONG_HISTORY - 1}"
    qtmodeltester.check(model)


def test_fetch_more_prepends_the_older_page_in_order(qtbot: QtBot) -> None:
    messenger = FakeMessenger()
    cid = messenger.add_peer("Ayu")
    messenger.bulk_fill(cid, 120)
    model = loaded_model(qtbot, messenger, cid)

    assert model.canFetchMore(QModelIndex())
    with qtbot.wait_signal(model.page_loaded, timeout=5000) as blocker:
        model.fetchMore(QModelIndex())
    assert blocker.args == [PAGE_SIZE, True]
    with qtbot.wait_signal(model.page_loaded, timeout=5000):
        model.fetchMore(QModelIndex())

    bodies = [model.data(model.index(r)) for r in range(model.rowCount())]
    assert bodies == [f"message {i}" for i in range(120)]
    assert not model.canFetchMore(QModelIndex())


def test_the_view_gate_stops_automatic_fetching(qtbot: QtBot) -> None:
    messenger = FakeMessenger()
    cid = messenger.add_peer("Ayu")
    messenger.bulk_fill(cid, 200)
    model = loaded_model(qtbot, messenger, cid)
    model.older_wanted = lambda: False
    assert not model.canFetchMore(QModelIndex())


def test_jump_loads_around_a_message_then_pages_both_ways(qtbot: QtBot) -> None:
    messenger = FakeMessenger()
    cid = messenger.add_peer("Ayu")
    messenger.bulk_fill(cid, 1000)
    target = 500  # message ids start at 1, so id 500 is "message 499"
    model = MessageListModel(messenger, TaskRunner(), cid)
    with qtbot.wait_signal(model.page_loaded, timeout=5000):
        model.load_around(target)

    assert model.row_of(target) >= 0
    assert model.can_fetch_newer()
    assert model.canFetchMore(QModelIndex())
    with qtbot.wait_signal(model.page_loaded, timeout=5000) as blocker:
        model.fetch_newer()
    assert blocker.args == [PAGE_SIZE, False]
    ids = [model.message(r).message_id for r in range(model.rowCount())]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)

    messenger.receive(cid, "not shown while away from the newest end")
    assert model.rowCount() == len(ids)


def test_live_events_append_update_and_remove(qtbot: QtBot) -> None:
    messenger = FakeMessenger()
    cid = messenger.add_peer("Ayu")
    messenger.bulk_fill(cid, 3)
    events = EventBridge(messenger)
    model = loaded_model(qtbot, messenger, cid, events)

    sent = messenger.send_text(cid, "halo")
    assert model.data(model.index(model.rowCount() - 1)) == "halo"
    messenger.react(sent.message_id, "👍")
    updated = model.data(model.index(model.rowCount() - 1), Role.MESSAGE)
    assert updated.reactions == {messenger.own_account_id(): "👍"}
    assert updated.status is MessageStatus.SENT

    events.messages_removed.emit(MessagesRemoved(cid, (sent.message_id,)))
    assert model.rowCount() == 3
    events.close()


def test_reply_role_finds_the_quoted_message(qtbot: QtBot) -> None:
    messenger = FakeMessenger()
    cid = messenger.add_peer("Ayu")
    first = messenger.receive(cid, "original")
    messenger.send_text(cid, "answer", reply_to=first.message_id)
    model = loaded_model(qtbot, messenger, cid)
    assert model.data(model.index(1), Role.QUOTED).body == "original"
    assert model.data(model.index(0), Role.QUOTED) is None


def test_conversation_list_orders_by_recency_and_filters(
    qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    messenger = FakeMessenger()
    old = messenger.add_peer("Ayu Lestari")
    new = messenger.add_peer("Budi Santoso")
    messenger.receive(old, "kemarin", at=1000.0)
    messenger.receive(new, "hari ini", at=2000.0)
    events = EventBridge(messenger)
    model = ConversationListModel(messenger, TaskRunner(), events)
    with qtbot.wait_signal(model.loaded, timeout=5000):
        model.reload()
    qtmodeltester.check(model)
    assert [model.data(model.index(r)) for r in range(2)] == ["Budi Santoso", "Ayu Lestari"]

    messenger.receive(old, "baru saja", at=3000.0)
    assert [model.data(model.index(r)) for r in range(2)] == ["Ayu Lestari", "Budi Santoso"]
    assert model.total_unread() == 3

    proxy = ConversationFilter()
    proxy.setSourceModel(model)
    proxy.setFilterFixedString("BUDI")
    assert proxy.rowCount() == 1
    proxy.setFilterFixedString("baru saja")
    assert proxy.data(proxy.index(0, 0)) == "Ayu Lestari"
