"""Item models over the service: the conversation list and one chat's messages.

Both load through the TaskRunner, so no service call ever runs on the GUI thread. The message
model pages with the service's keyset paging: rows are oldest first, older pages are prepended when
the view asks (`fetchMore`), newer pages appended after a jump into the past.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from enum import IntEnum
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from app.service.api import (
    Conversation,
    ConversationChanged,
    ConversationRemoved,
    Message,
    MessageAdded,
    MessageChanged,
    MessagesRemoved,
    MessengerApi,
)
from app.ui.group_directory import sender_name
from app.ui.workers import TaskRunner

if TYPE_CHECKING:
    from app.ui.events import EventBridge

PAGE_SIZE = 50
AnyIndex = QModelIndex | QPersistentModelIndex
_Window = tuple[list[Message], bool, bool]  # rows oldest first, has older, has newer


class Role(IntEnum):
    """Custom data roles: delegates read the service's dataclasses whole."""

    CONVERSATION = Qt.ItemDataRole.UserRole + 1
    MESSAGE = Qt.ItemDataRole.UserRole + 2
    QUOTED = Qt.ItemDataRole.UserRole + 3  # the message a reply quotes, if loaded
    SEARCH_TEXT = Qt.ItemDataRole.UserRole + 4
    PEER_NAME = Qt.ItemDataRole.UserRole + 5  # who wrote the quoted message (1:1: the peer)
    SENDER_NAME = Qt.ItemDataRole.UserRole + 6  # a group member's name, on incoming messages


class ConversationListModel(QAbstractListModel):
    """Every conversation, most recent first; kept current by the conversation events of
    `events` (None: no live updates)."""

    loaded = Signal()

    def __init__(
        self,
        messenger: MessengerApi,
        runner: TaskRunner,
        events: EventBridge | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._messenger = messenger
        self._runner = runner
        self._rows: list[Conversation] = []
        if events is not None:
            events.conversation_changed.connect(self._conversation_changed)
            events.conversation_removed.connect(self._conversation_removed)

    def reload(self) -> None:
        self._runner.submit(self._messenger.conversations, self._set_rows)

    def _set_rows(self, rows: list[Conversation]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=_recency)
        self.endResetModel()
        self.loaded.emit()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        conv = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return conv.contact.display_name
        if role == Role.CONVERSATION:
            return conv
        if role == Role.SEARCH_TEXT:
            return f"{conv.contact.display_name}\n{conv.last_message_preview}"
        return None

    def row_of(self, conversation_id: int) -> int:
        return next(
            (i for i, c in enumerate(self._rows) if c.conversation_id == conversation_id), -1
        )

    def display_names(self) -> dict[int, str]:
        """Conversation id to the contact's name, for search results and notifications."""
        return {c.conversation_id: c.contact.display_name for c in self._rows}

    def total_unread(self) -> int:
        return sum(c.unread for c in self._rows if not c.muted)

    def upsert(self, conv: Conversation) -> None:
        """Replace or insert one conversation; a move keeps the view's current row on it."""
        old = self.row_of(conv.conversation_id)
        others = [c for c in self._rows if c.conversation_id != conv.conversation_id]
        new = next((i for i, c in enumerate(others) if _recency(conv) <= _recency(c)), len(others))
        if old < 0:
            self.beginInsertRows(QModelIndex(), new, new)
            self._rows.insert(new, conv)
            self.endInsertRows()
            return
        if new != old:
            # Qt's destination is the row *before which* it lands, counted before the move.
            self.beginMoveRows(QModelIndex(), old, old, QModelIndex(), new + (new > old))
            self._rows = [*others[:new], conv, *others[new:]]
            self.endMoveRows()
        else:
            self._rows[old] = conv
        index = self.index(new)
        self.dataChanged.emit(index, index)

    def request_count(self) -> int:
        return sum(is_request(c) for c in self._rows)

    def remove(self, conversation_id: int) -> None:
        row = self.row_of(conversation_id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def _conversation_changed(self, event: ConversationChanged) -> None:
        self.upsert(event.conversation)

    def _conversation_removed(self, event: ConversationRemoved) -> None:
        self.remove(event.conversation_id)

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()


def _recency(conv: Conversation) -> tuple[float, int]:
    return (-(conv.last_message_at or 0.0), conv.conversation_id)


class ConversationFilter(QSortFilterProxyModel):
    """The filter box (case-insensitive match on name and preview), and the split between chats
    and message requests: a stranger's conversation is never listed among the chats."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterRole(Role.SEARCH_TEXT)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.requests = False  # True: list the message requests instead of the chats

    def show_requests(self, requests: bool) -> None:
        self.requests = requests
        self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        conv = self.sourceModel().index(source_row, 0, source_parent).data(Role.CONVERSATION)
        if conv is None or is_request(conv) != self.requests:
            return False
        return super().filterAcceptsRow(source_row, source_parent)


def is_request(conv: Conversation) -> bool:
    return not conv.contact.accepted and not conv.contact.blocked


class MessageListModel(QAbstractListModel):
    """One conversation's messages, oldest first, loaded a page at a time off the GUI thread.

    `older_wanted` lets the view gate Qt's automatic fetchMore (which fires whenever the last row
    is visible — always true at the bottom of a chat) to the moments it really wants older rows.
    The message events of `events` keep it current (None: no live updates).
    """

    page_loaded = Signal(int, bool)  # rows added, True when they were older (prepended)

    def __init__(
        self,
        messenger: MessengerApi,
        runner: TaskRunner,
        conversation_id: int,
        events: EventBridge | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._messenger = messenger
        self._runner = runner
        self.conversation_id = conversation_id
        self._rows: list[Message] = []
        self._by_id: dict[int, Message] = {}
        self._has_older = False
        self._has_newer = False
        self._loading = False
        self._generation = 0
        self.older_wanted: Callable[[], bool] = lambda: True
        self.peer_name = ""
        self.names: dict[str, str] | None = None  # a group's: account id -> member name
        if events is not None:
            events.message_added.connect(self._message_added)
            events.message_changed.connect(self._message_changed)
            events.messages_removed.connect(self._messages_removed)

    # --- loading -------------------------------------------------------------------------------
    def load_latest(self) -> None:
        cid = self.conversation_id

        def fetch() -> _Window:
            page = self._messenger.messages_before(cid, None, PAGE_SIZE)
            return page[::-1], len(page) >= PAGE_SIZE, False

        self._restart(fetch)

    def load_around(self, message_id: int) -> None:
        """Jump: a page on each side of `message_id` (inclusive), for search results."""
        cid, half = self.conversation_id, PAGE_SIZE // 2

        def fetch() -> _Window:
            older = self._messenger.messages_before(cid, message_id + 1, half)
            newer = self._messenger.messages_after(cid, message_id, half)
            return older[::-1] + newer, len(older) >= half, len(newer) >= half

        self._restart(fetch)

    def _restart(self, fetch: Callable[[], _Window]) -> None:
        self._generation += 1
        self.beginResetModel()
        self._rows, self._by_id = [], {}
        self._has_older = self._has_newer = False
        self.endResetModel()
        self._loading = True
        self._runner.submit(
            fetch,
            partial(self._window_loaded, self._generation),
            partial(self._load_failed, self._generation),
        )

    def _window_loaded(self, generation: int, window: _Window) -> None:
        if generation != self._generation:
            return
        rows, self._has_older, self._has_newer = window
        self._loading = False
        self._insert(0, rows)
        self.page_loaded.emit(len(rows), False)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid():
            return False
        return self._has_older and not self._loading and bool(self._rows) and self.older_wanted()

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._has_older or self._loading or not self._rows:
            return
        before, cid = self._rows[0].message_id, self.conversation_id
        self._fetch(lambda: self._messenger.messages_before(cid, before, PAGE_SIZE), older=True)

    def can_fetch_newer(self) -> bool:
        return self._has_newer and not self._loading and bool(self._rows)

    def fetch_newer(self) -> None:
        if not self.can_fetch_newer():
            return
        after, cid = self._rows[-1].message_id, self.conversation_id
        self._fetch(lambda: self._messenger.messages_after(cid, after, PAGE_SIZE), older=False)

    def _fetch(self, fetch: Callable[[], list[Message]], older: bool) -> None:
        self._loading = True
        self._runner.submit(
            fetch,
            partial(self._page_loaded, self._generation, older),
            partial(self._load_failed, self._generation),
        )

    def _page_loaded(self, generation: int, older: bool, page: list[Message]) -> None:
        if generation != self._generation:
            return
        self._loading = False
        if older:
            self._has_older = len(page) >= PAGE_SIZE
            fresh = [m for m in page[::-1] if m.message_id not in self._by_id]
            self._insert(0, fresh)
        else:
            self._has_newer = len(page) >= PAGE_SIZE
            fresh = [m for m in page if m.message_id not in self._by_id]
            self._insert(len(self._rows), fresh)
        self.page_loaded.emit(len(fresh), older)

    def _load_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._loading = False

    def _insert(self, row: int, messages: list[Message]) -> None:
        if not messages:
            return
        self.beginInsertRows(QModelIndex(), row, row + len(messages) - 1)
        self._rows[row:row] = messages
        self._by_id.update((m.message_id, m) for m in messages)
        self.endInsertRows()

    # --- Qt model interface --------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        message = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return message.attachment.name if message.attachment else message.body
        if role == Role.MESSAGE:
            return message
        if role == Role.QUOTED:
            return self._by_id.get(message.reply_to) if message.reply_to else None
        if role == Role.PEER_NAME:
            quoted = self._by_id.get(message.reply_to) if message.reply_to else None
            return sender_name(self.names, quoted) if self.names and quoted else self.peer_name
        if role == Role.SENDER_NAME:
            return "" if self.names is None else sender_name(self.names, message)
        return None

    # --- live updates --------------------------------------------------------------------------
    def _message_changed(self, event: MessageChanged) -> None:
        self._changed(event.message)

    def _messages_removed(self, event: MessagesRemoved) -> None:
        if event.conversation_id == self.conversation_id:
            for message_id in event.message_ids:
                self._remove(message_id)

    def _message_added(self, event: MessageAdded) -> None:
        message = event.message
        if message.conversation_id != self.conversation_id or message.message_id in self._by_id:
            return
        if self._has_newer or (self._loading and not self._rows):
            return  # not showing the newest end; the message appears when the user gets there
        row = len(self._rows)
        while row > 0 and self._rows[row - 1].message_id > message.message_id:
            row -= 1
        self._insert(row, [message])

    def _changed(self, message: Message) -> None:
        if message.message_id not in self._by_id:
            return
        row = self.row_of(message.message_id)
        self._rows[row] = message
        self._by_id[message.message_id] = message
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def set_transfer_progress(self, message_id: int, done: int, total: int) -> None:
        """Show a download's progress on its card (the service reports the end by an event)."""
        message = self._by_id.get(message_id)
        if message is not None and message.attachment is not None:
            info = replace(message.attachment, transferred=min(done, message.attachment.size))
            self._changed(replace(message, attachment=info))

    def _remove(self, message_id: int) -> None:
        row = self.row_of(message_id)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        del self._by_id[message_id]
        self.endRemoveRows()

    def row_of(self, message_id: int) -> int:
        if message_id not in self._by_id:
            return -1
        return next(
            i for i in range(len(self._rows) - 1, -1, -1) if self._rows[i].message_id == message_id
        )

    def message(self, row: int) -> Message:
        return self._rows[row]

    def clear(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self._rows, self._by_id = [], {}
        self._has_older = self._has_newer = self._loading = False
        self.endResetModel()
