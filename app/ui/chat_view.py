"""The message list of one chat: keeps its place as older pages arrive, follows the newest
message, and turns clicks, keys and its context menu into requests for the chat pane."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QMenu, QWidget

from app.service.api import Direction, Message, MessageStatus
from app.ui.bubble_layout import is_system
from app.ui.bubbles import MessageDelegate
from app.ui.models import MessageListModel, Role
from app.ui.resources import icon
from app.ui.theme import colors

REACTIONS = ("👍", "❤️", "😂", "😮", "😢", "🙏")
FETCH_MARGIN = 300  # pixels from an end of the list at which the next page loads


class ChatView(QListView):
    """The message list: keeps its place as older pages arrive; follows the newest message."""

    retry_clicked = Signal(int)
    attachment_clicked = Signal(int)
    reply_requested = Signal(object)
    react_requested = Signal(int, str)
    save_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messages")
        self.setAccessibleName(self.tr("Messages"))
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setMouseTracking(True)
        self.verticalScrollBar().setSingleStep(24)
        self._delegate = MessageDelegate(self)
        self.setItemDelegate(self._delegate)
        self._pin: int | None = 0  # keep this distance from the bottom while rows arrive
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(self._restore_pin)
        bar.valueChanged.connect(self._maybe_fetch)
        bar.sliderPressed.connect(self._unpin)

    def message_model(self) -> MessageListModel | None:
        model = self.model()
        return model if isinstance(model, MessageListModel) else None

    def set_message_model(self, model: MessageListModel) -> None:
        self.setModel(model)
        bar = self.verticalScrollBar()
        model.older_wanted = lambda: bar.maximum() == 0 or bar.value() <= FETCH_MARGIN
        model.rowsAboutToBeInserted.connect(self._rows_coming)
        model.dataChanged.connect(self.scheduleDelayedItemsLayout)  # a reaction changes a height
        model.modelReset.connect(lambda: self._set_pin(0))

    def _set_pin(self, pin: int | None) -> None:
        self._pin = pin

    def follow_newest(self) -> None:
        """Scroll to the bottom now and stay there as messages arrive (after sending)."""
        self._pin = 0
        self.scrollToBottom()

    def _distance_from_bottom(self) -> int:
        bar = self.verticalScrollBar()
        return bar.maximum() - bar.value()

    def _rows_coming(self, parent: QModelIndex, first: int, last: int) -> None:
        model = self.model()
        if first == 0 and model is not None and model.rowCount() > 0:
            self._pin = self._distance_from_bottom()  # older page: keep what the user sees
        elif self._distance_from_bottom() <= 4:
            self._pin = 0  # at the newest message: follow new ones

    def _restore_pin(self, minimum: int, maximum: int) -> None:
        if self._pin is not None:
            self.verticalScrollBar().setValue(maximum - self._pin)

    def _unpin(self) -> None:
        self._pin = None

    def _maybe_fetch(self, value: int) -> None:
        model = self.message_model()
        if model is None:
            return
        if self._pin is None and self._distance_from_bottom() <= 4:
            self._pin = 0
        if value <= FETCH_MARGIN and model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        elif self._distance_from_bottom() <= FETCH_MARGIN and model.can_fetch_newer():
            model.fetch_newer()

    def scroll_to_message(self, message_id: int) -> None:
        model = self.message_model()
        row = model.row_of(message_id) if model is not None else -1
        if model is None or row < 0:
            return
        self._pin = None
        index = model.index(row)
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def wheelEvent(self, e: QWheelEvent) -> None:
        self._pin = None
        super().wheelEvent(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        self._pin = None
        message = self._current_message()
        if message is not None and is_system(message):
            message = None  # a line about the chat (a timer change): nothing to reply to
        if message is not None and e.key() == Qt.Key.Key_R and not e.modifiers():
            self.reply_requested.emit(message)
            return
        super().keyPressEvent(e)

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        self.scheduleDelayedItemsLayout()  # bubble heights depend on the width

    def mousePressEvent(self, e: QMouseEvent) -> None:
        index = self.indexAt(e.position().toPoint())
        if index.isValid() and e.button() == Qt.MouseButton.LeftButton:
            message: Message = index.data(Role.MESSAGE)
            hit = self._delegate.hit(index, self.visualRect(index), e.position().toPoint())
            if hit == "retry":
                self.retry_clicked.emit(message.message_id)
                return
            if hit == "attachment":
                self.attachment_clicked.emit(message.message_id)
                return
        super().mousePressEvent(e)

    def _current_message(self) -> Message | None:
        index = self.currentIndex()
        return index.data(Role.MESSAGE) if index.isValid() else None

    def contextMenuEvent(self, e: QContextMenuEvent) -> None:
        index = self.indexAt(e.pos())
        if not index.isValid():
            return
        self.setCurrentIndex(index)
        message: Message = index.data(Role.MESSAGE)
        if is_system(message):
            return  # a line about the chat, not a message to reply to or react to
        menu = QMenu(self)
        menu.addAction(
            icon("reply", colors().text),
            self.tr("Reply"),
            lambda: self.reply_requested.emit(message),
        )
        react = menu.addMenu(self.tr("React"))
        for emoji in REACTIONS:
            react.addAction(emoji, partial(self.react_requested.emit, message.message_id, emoji))
        if message.body:
            menu.addAction(
                self.tr("Copy text"), lambda: QGuiApplication.clipboard().setText(message.body)
            )
        if message.attachment is not None:
            menu.addAction(
                self.tr("Save attachment as…"), lambda: self.save_requested.emit(message.message_id)
            )
        if message.direction is Direction.OUTGOING and message.status is MessageStatus.FAILED:
            menu.addAction(
                self.tr("Retry sending"), lambda: self.retry_clicked.emit(message.message_id)
            )
        menu.exec(e.globalPos())
