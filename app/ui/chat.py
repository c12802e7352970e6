"""One open conversation: header, trust banners, the message list, typing line and composer."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QLabel, QMenu, QVBoxLayout, QWidget

from app.service.api import (
    Conversation,
    ConversationChanged,
    Direction,
    IdentityChanged,
    Message,
    MessageAdded,
    MessengerApi,
    TrustState,
    TypingChanged,
)
from app.ui.chat_header import ChatHeader
from app.ui.chat_view import ChatView
from app.ui.composer import Composer, local_files
from app.ui.events import EventBridge
from app.ui.formatting import disappearing_choices
from app.ui.group_chat import GroupChat
from app.ui.group_directory import GroupDirectory
from app.ui.models import MessageListModel
from app.ui.paths import downloads_dir, unique_path
from app.ui.widgets import Banner
from app.ui.workers import TaskRunner


class ChatPane(QWidget):
    """Shows one conversation and sends what the composer submits, all through the runner."""

    safety_number_requested = Signal(str)  # contact id
    error = Signal(str)
    transfer_progress = Signal(int, int, int)  # message id, bytes done, total (from workers)

    def __init__(
        self,
        messenger: MessengerApi,
        runner: TaskRunner,
        events: EventBridge,
        directory: GroupDirectory,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self._messenger = messenger
        self._runner = runner
        self._events = events
        self.conversation: Conversation | None = None
        self._shown_state = 0  # bumped whenever a newer conversation state is shown or asked for
        self.model: MessageListModel | None = None
        self._pending_jump: int | None = None

        self.header = ChatHeader(self.tr("Safety number"), self.tr("More"), self._more_menu(), self)
        self.header.safety_button.clicked.connect(self._ask_safety_number)

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
        self.group = GroupChat(
            self, messenger, runner, directory, self.header, self.composer, [self._block]
        )

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        for widget in (self.header, self.key_banner, self.request_banner, self.blocked_banner):
            column.addWidget(widget)
        column.addWidget(self.view, 1)
        column.addWidget(self.typing_label)
        column.addWidget(self.composer)
        self.setTabOrder(self.composer.edit, self.composer.send_button)
        events.conversation_changed.connect(self.conversation_changed)
        events.identity_changed.connect(self._identity_changed)
        events.typing_changed.connect(self._typing_changed)
        events.message_added.connect(self._message_added)

    def _more_menu(self) -> QMenu:
        menu = QMenu(self)
        timers = menu.addMenu(self.tr("Disappearing messages"))
        for seconds, label in disappearing_choices():
            action = QAction(label, timers)
            action.triggered.connect(lambda _=False, s=seconds: self._set_timer(s))
            timers.addAction(action)
        self._block = menu.addAction(self.tr("Block"), lambda: self._set_blocked(True))
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
            self.model = MessageListModel(
                self._messenger, self._runner, conv.conversation_id, self._events, self
            )
            self.model.peer_name = conv.contact.display_name
            self.model.page_loaded.connect(self._page_loaded)
            self.transfer_progress.connect(self.model.set_transfer_progress)
            self.group.attach(self.model, conv)
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
        trust = {
            TrustState.VERIFIED: self.tr("End-to-end encrypted · verified"),
            TrustState.UNVERIFIED: self.tr("End-to-end encrypted · not verified yet"),
            TrustState.CHANGED: self.tr("Safety number changed"),
        }[contact.trust]
        if conv.disappearing_seconds:
            trust += " · " + self.tr("disappearing messages on")
        self.header.show_contact(contact, trust)
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
        self.key_banner.setVisible(contact.trust is TrustState.CHANGED)
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
        can_send = (
            contact.accepted and not contact.blocked and contact.trust is not TrustState.CHANGED
        )
        self.composer.setEnabled(can_send)
        self.group.show(conv)  # a group's header, menu and composer

    # --- events --------------------------------------------------------------------------------
    def _shown(self, conversation_id: int) -> Conversation | None:
        """The conversation on show, when it is `conversation_id`."""
        conv = self.conversation
        if self.model is None or conv is None or conv.conversation_id != conversation_id:
            return None
        return conv

    def conversation_changed(self, event: ConversationChanged) -> None:
        if self._shown(event.conversation.conversation_id) is not None:
            self._show_state(event.conversation)

    def _identity_changed(self, event: IdentityChanged) -> None:
        conv, contact_id = self.conversation, event.contact.contact_id
        if self.model is None or conv is None or conv.contact.contact_id != contact_id:
            return
        cid = conv.conversation_id
        self._fetch_conversation(lambda: self._messenger.conversation(cid))

    def _typing_changed(self, event: TypingChanged) -> None:
        conv = self._shown(event.conversation_id)
        if conv is None:
            return
        name = conv.contact.display_name
        self.typing_label.setText(
            self.tr("%1 is typing…").replace("%1", name) if event.typing else " "
        )
        if event.typing:
            self._typing_timeout.start()

    def _message_added(self, event: MessageAdded) -> None:
        message = event.message
        shown = self._shown(message.conversation_id) is not None
        if shown and message.direction is Direction.INCOMING:
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
        """Save into Downloads (never a hidden temp; fetched first if need be) and open it."""
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
        if self.conversation is not None and not self.conversation.is_group:
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
