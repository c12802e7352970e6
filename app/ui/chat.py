"""One open conversation: header, trust banners, the message list, typing line and composer."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.service.api import (
    Conversation,
    ConversationChanged,
    Direction,
    IdentityChanged,
    Message,
    MessageAdded,
    MessageStatus,
    MessengerApi,
    Trust,
    TypingChanged,
)
from app.ui.composer import Composer, local_files
from app.ui.delegates import MessageDelegate, disappearing_choices, paint_avatar
from app.ui.models import MessageListModel, Role
from app.ui.paths import downloads_dir
from app.ui.resources import icon
from app.ui.theme import colors
from app.ui.widgets import ElidedLabel, icon_button, primary_button
from app.ui.workers import TaskRunner

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


class Banner(QFrame):
    """A strip above the messages with a sentence and up to two buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.primary = primary_button("", self)
        self.secondary = QPushButton(self)
        self._row = row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 14, 8)
        row.addWidget(self.text, 1)
        row.addWidget(self.secondary)
        row.addWidget(self.primary)
        self.hide()

    def add_button(self, text: str) -> QPushButton:
        """One more button, before the other two (a message request's Delete)."""
        button = QPushButton(text, self)
        self._row.insertWidget(1, button)
        return button


def avatar_pixmap(name: str, key: str, size: int) -> QPixmap:
    ratio = 2
    pixmap = QPixmap(size * ratio, size * ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_avatar(painter, pixmap.rect(), name, key)
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


class ChatPane(QWidget):
    """Shows one conversation and sends what the composer submits, all through the runner."""

    safety_number_requested = Signal(str)  # contact id
    error = Signal(str)
    transfer_progress = Signal(int, int, int)  # message id, bytes done, total (from workers)

    def __init__(
        self, messenger: MessengerApi, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self._messenger = messenger
        self._runner = runner
        self.conversation: Conversation | None = None
        self._shown_state = 0  # bumped whenever a newer conversation state is shown or asked for
        self.model: MessageListModel | None = None
        self._pending_jump: int | None = None

        header = QWidget(self)
        header.setObjectName("chatHeader")
        header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.avatar = QLabel(header)
        self.title = ElidedLabel(header)
        self.title.setObjectName("heading")
        self.subtitle = ElidedLabel(header)
        self.subtitle.setObjectName("muted")
        self.safety_button = icon_button(header, "shield", self.tr("Safety number"), colors().text)
        self.safety_button.clicked.connect(self._ask_safety_number)
        self.more_button = QToolButton(header)
        self.more_button.setObjectName("more")
        self.more_button.setText("⋯")
        self.more_button.setToolTip(self.tr("More"))
        self.more_button.setAccessibleName(self.tr("More"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setMenu(self._more_menu())
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.title)
        names.addWidget(self.subtitle)
        top = QHBoxLayout(header)
        top.setContentsMargins(14, 8, 10, 8)
        top.addWidget(self.avatar)
        top.addSpacing(6)
        top.addLayout(names, 1)
        top.addWidget(self.safety_button)
        top.addWidget(self.more_button)

        self.key_banner = Banner(self)
        self.key_banner.primary.setText(self.tr("Accept new key"))
        self.key_banner.secondary.setText(self.tr("View safety number"))
        self.key_banner.primary.clicked.connect(self._accept_key)
        self.key_banner.secondary.clicked.connect(self._ask_safety_number)
        self.request_banner = Banner(self)
        self.request_banner.primary.setText(self.tr("Accept"))
        self.request_banner.secondary.setText(self.tr("Block"))
        self.request_banner.primary.clicked.connect(self._accept_request)
        self.request_banner.secondary.clicked.connect(lambda: self._set_blocked(True))
        self.delete_request_button = self.request_banner.add_button(self.tr("Delete"))
        self.delete_request_button.clicked.connect(self._delete_request)
        self.blocked_banner = Banner(self)
        self.blocked_banner.primary.setText(self.tr("Unblock"))
        self.blocked_banner.secondary.hide()
        self.blocked_banner.text.setText(
            self.tr("You blocked this contact. Nothing is sent or shown.")
        )
        self.blocked_banner.primary.clicked.connect(lambda: self._set_blocked(False))

        self.view = ChatView(self)
        self.view.retry_clicked.connect(self.retry)
        self.view.reply_requested.connect(self._reply_to)
        self.view.react_requested.connect(self.react)
        self.view.save_requested.connect(self.save_attachment)
        self.view.attachment_clicked.connect(self.open_attachment)
        self.typing_label = QLabel(self)
        self.typing_label.setObjectName("muted")
        self.typing_label.setContentsMargins(16, 2, 16, 2)
        self.typing_label.setBackgroundRole(self.typing_label.backgroundRole().Base)
        self.typing_label.setAutoFillBackground(True)
        self.typing_label.setText(" ")
        self._typing_timeout = QTimer(self, singleShot=True, interval=8000)
        self._typing_timeout.timeout.connect(lambda: self.typing_label.setText(" "))
        self.composer = Composer(self)
        self.composer.send_requested.connect(self.send_text)
        self.composer.files_chosen.connect(self.send_files)
        self.composer.attach_button.clicked.connect(self._choose_files)
        self.composer.typing.connect(self._send_typing)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        for widget in (header, self.key_banner, self.request_banner, self.blocked_banner):
            column.addWidget(widget)
        column.addWidget(self.view, 1)
        column.addWidget(self.typing_label)
        column.addWidget(self.composer)
        self.setTabOrder(self.composer.edit, self.composer.send_button)

    def _more_menu(self) -> QMenu:
        menu = QMenu(self)
        timers = menu.addMenu(self.tr("Disappearing messages"))
        for seconds, label in disappearing_choices():
            action = QAction(label, timers)
            action.triggered.connect(lambda _=False, s=seconds: self._set_timer(s))
            timers.addAction(action)
        menu.addAction(self.tr("Block"), lambda: self._set_blocked(True))
        return menu

    # --- showing a conversation ----------------------------------------------------------------
    def show_conversation(self, conv: Conversation, jump_to: int | None = None) -> None:
        same = (
            self.conversation is not None
            and conv.conversation_id == self.conversation.conversation_id
        )
        self._show_state(conv)
        if not same or self.model is None:
            self.composer.cancel_reply()
            self.typing_label.setText(" ")
            old = self.model
            self.model = MessageListModel(self._messenger, self._runner, conv.conversation_id, self)
            self.model.peer_name = conv.contact.display_name
            self.model.page_loaded.connect(self._page_loaded)
            self.transfer_progress.connect(self.model.set_transfer_progress)
            self.view.set_message_model(self.model)
            if old is not None:
                old.deleteLater()
        self._pending_jump = jump_to
        if jump_to is None:
            if not same:
                self.model.load_latest()
        else:
            self.model.load_around(jump_to)
        self.mark_read()
        self.composer.edit.setFocus()

    def _page_loaded(self, count: int, older: bool) -> None:
        if self._pending_jump is not None:
            jump, self._pending_jump = self._pending_jump, None
            QTimer.singleShot(0, lambda: self.view.scroll_to_message(jump))

    def _update_header(self, conv: Conversation) -> None:
        contact = conv.contact
        self.avatar.setPixmap(avatar_pixmap(contact.display_name, contact.contact_id, 36))
        self.title.setText(contact.display_name)
        trust = {
            Trust.VERIFIED: self.tr("End-to-end encrypted · verified"),
            Trust.UNVERIFIED: self.tr("End-to-end encrypted · not verified yet"),
            Trust.CHANGED: self.tr("Safety number changed"),
        }[contact.trust]
        if conv.disappearing_seconds:
            trust += " · " + self.tr("disappearing messages on")
        self.subtitle.setText(trust)
        if contact.key_change_pending:
            key_text = self.tr(
                "%1 moved to a new key, and their old key signed the move. Accept it to keep "
                "this chat and its safety status; sending is paused until then."
            )
        else:
            key_text = self.tr(
                "%1's safety number changed. This can mean they reinstalled Bisik, or that "
                "someone is in the middle. Sending is paused until you accept the new key."
            )
        self.key_banner.text.setText(key_text.replace("%1", contact.display_name))
        self.key_banner.setVisible(contact.trust is Trust.CHANGED)
        self.request_banner.text.setText(
            self.tr(
                "A message request from someone not in your contacts, calling themselves %1 "
                "(account %2). A name proves nothing: accept only if you expected them."
            )
            .replace("%1", contact.display_name or self.tr("(no name)"))
            .replace("%2", contact.contact_id[:12])
        )
        self.request_banner.setVisible(not contact.accepted and not contact.blocked)
        self.blocked_banner.setVisible(contact.blocked)
        can_send = contact.accepted and not contact.blocked and contact.trust is not Trust.CHANGED
        self.composer.setEnabled(can_send)

    # --- events --------------------------------------------------------------------------------
    def on_event(self, event: object) -> None:
        if self.model is None or self.conversation is None:
            return
        self.model.on_event(event)
        cid = self.conversation.conversation_id
        if isinstance(event, ConversationChanged) and event.conversation.conversation_id == cid:
            self._show_state(event.conversation)
        elif isinstance(event, IdentityChanged):
            if event.contact.contact_id == self.conversation.contact.contact_id:
                self._fetch_conversation(lambda: self._messenger.conversation(cid))
        elif isinstance(event, TypingChanged) and event.conversation_id == cid:
            name = self.conversation.contact.display_name
            self.typing_label.setText(
                self.tr("%1 is typing…").replace("%1", name) if event.typing else " "
            )
            if event.typing:
                self._typing_timeout.start()
        elif (
            isinstance(event, MessageAdded)
            and event.message.conversation_id == cid
            and event.message.direction is Direction.INCOMING
        ):
            self.typing_label.setText(" ")
            if self.isVisible() and self.window().isActiveWindow():
                self.mark_read()

    def _show_state(self, conv: Conversation) -> None:
        self._shown_state += 1  # whatever a worker fetched before this is older
        self.conversation = conv
        self._update_header(conv)

    def _fetch_conversation(self, work: Callable[[], Conversation]) -> None:
        """Run `work` on a worker and show the conversation it returns, unless a newer state was
        shown or asked for meanwhile: worker results may come back in any order (a stale read
        could otherwise bring back a key-change banner the user has just dismissed)."""
        self._shown_state += 1
        asked = self._shown_state

        def done(conv: Conversation) -> None:
            current = self.conversation
            same = current is not None and conv.conversation_id == current.conversation_id
            if same and asked == self._shown_state:
                self._show_state(conv)

        self._call(work, done)

    # --- actions (each one service call on a worker) -------------------------------------------
    def _call(self, fn: Callable[[], object], done: Callable[[Any], None] | None = None) -> None:
        self._runner.submit(fn, done, self._report)

    def _report(self, exc: BaseException) -> None:
        self.error.emit(str(exc))

    def mark_read(self) -> None:
        if self.conversation is not None and self.conversation.unread:
            cid = self.conversation.conversation_id
            self._call(lambda: self._messenger.mark_read(cid))

    def send_text(self, text: str, reply_to: int | None) -> None:
        if self.conversation is None:
            return
        cid = self.conversation.conversation_id
        self.view.follow_newest()
        self._call(lambda: self._messenger.send_text(cid, text, reply_to))

    def send_files(self, paths: list[Path]) -> None:
        if self.conversation is None or not self.composer.isEnabled():
            return
        cid = self.conversation.conversation_id
        self.view.follow_newest()
        for path in paths:
            self._call(partial(self._messenger.send_file, cid, path))

    def retry(self, message_id: int) -> None:
        self._call(lambda: self._messenger.retry(message_id))

    def react(self, message_id: int, emoji: str) -> None:
        self._call(lambda: self._messenger.react(message_id, emoji))

    def save_attachment(self, message_id: int) -> None:
        """Ask where, then download (if needed) and write the file there."""
        message = self._message(message_id)
        if message is None or message.attachment is None:
            return
        dest, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save attachment"), str(downloads_dir() / message.attachment.name)
        )
        if dest:
            self.save_to(message_id, Path(dest))

    def open_attachment(self, message_id: int) -> None:
        """Save into the Downloads folder (a place the user sees, never a hidden temp) and open.

        An incoming file not fetched yet is downloaded first, with its progress on the card.
        """
        message = self._message(message_id)
        if message is None or message.attachment is None:
            return
        dest = unique_path(downloads_dir() / Path(message.attachment.name).name)
        self.save_to(message_id, dest, open_after=True)

    def save_to(self, message_id: int, dest: Path, open_after: bool = False) -> None:
        """Download if needed and write the attachment to `dest`; optionally open it then."""

        def progress(done: int, total: int) -> None:  # on the worker thread
            with contextlib.suppress(RuntimeError):  # the pane may have closed meanwhile
                self.transfer_progress.emit(message_id, done, total)

        def saved(_: object) -> None:
            if open_after:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(dest)))

        self._call(lambda: self._messenger.save_attachment(message_id, dest, progress), saved)

    def _message(self, message_id: int) -> Message | None:
        if self.model is None:
            return None
        row = self.model.row_of(message_id)
        return self.model.message(row) if row >= 0 else None

    def _choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach files"))
        self.send_files([Path(n) for n in names])

    def _reply_to(self, message: Message) -> None:
        if self.composer.isEnabled():
            self.composer.reply_to(message)

    def _send_typing(self, typing: bool) -> None:
        if self.conversation is not None and self.composer.isEnabled():
            cid = self.conversation.conversation_id
            self._runner.submit(
                lambda: self._messenger.send_typing(cid, typing), None, lambda exc: None
            )

    def _ask_safety_number(self) -> None:
        if self.conversation is not None:
            self.safety_number_requested.emit(self.conversation.contact.contact_id)

    def _act_on_contact(self, action: Callable[[str], object]) -> None:
        """Run `action(contact_id)` on a worker, then show the conversation as it is now."""
        if self.conversation is None:
            return
        contact_id, cid = self.conversation.contact.contact_id, self.conversation.conversation_id

        def work() -> Conversation:
            action(contact_id)
            return self._messenger.conversation(cid)

        self._fetch_conversation(work)

    def _accept_key(self) -> None:
        self._act_on_contact(self._messenger.accept_identity_change)

    def _accept_request(self) -> None:
        self._act_on_contact(self._messenger.accept_request)

    def _delete_request(self) -> None:
        if self.conversation is not None:
            contact_id = self.conversation.contact.contact_id
            self._call(lambda: self._messenger.delete_request(contact_id))

    def _set_blocked(self, blocked: bool) -> None:
        self._act_on_contact(lambda contact_id: self._messenger.block(contact_id, blocked))

    def _set_timer(self, seconds: int) -> None:
        if self.conversation is not None:
            cid = self.conversation.conversation_id
            self._call(lambda: self._messenger.set_disappearing(cid, seconds))

    # --- drag and drop -------------------------------------------------------------------------
    def dragEnterEvent(self, e: QDragEnterEvent) -> None:
        if local_files(e.mimeData()) and self.composer.isEnabled():
            e.acceptProposedAction()

    def dropEvent(self, e: QDropEvent) -> None:
        files = local_files(e.mimeData())
        if files:
            e.acceptProposedAction()
            self.send_files(files)

    def clear(self) -> None:
        if self.model is not None:
            self.model.clear()


def unique_path(path: Path) -> Path:
    """`path`, or `name (2).ext` and so on when it exists."""
    candidate, n = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    return candidate
