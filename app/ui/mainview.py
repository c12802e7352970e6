"""The unlocked messenger: conversation list on the left, the open chat on the right."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.service.api import (
    ConnectionChanged,
    Contact,
    Conversation,
    ConversationChanged,
    ConversationRemoved,
    MessengerApi,
)
from app.ui.avatar import people_icon
from app.ui.chat import ChatPane
from app.ui.conversation_delegate import ConversationDelegate
from app.ui.dialogs import AddContactDialog, InviteDialog, SafetyNumberDialog, SearchDialog
from app.ui.events import EventBridge
from app.ui.group_dialogs import NewGroupDialog
from app.ui.group_directory import GroupDirectory
from app.ui.models import ConversationFilter, ConversationListModel, Role, is_request
from app.ui.theme import colors
from app.ui.unlinked import UnlinkedNotice
from app.ui.widgets import icon_button, primary_button
from app.ui.workers import TaskRunner


class MainView(QWidget):
    """Owns the conversation model and the chat pane; each hears the service events it needs
    from `events`."""

    settings_requested = Signal()
    lock_requested = Signal()
    unread_changed = Signal(int)

    def __init__(
        self,
        messenger: MessengerApi,
        runner: TaskRunner,
        events: EventBridge,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.messenger = messenger
        self.runner = runner
        self.events = events
        self.groups = GroupDirectory(messenger, runner, events, self)

        sidebar = self._build_sidebar()  # the conversation model hears events first
        self.chat = ChatPane(messenger, runner, events, self.groups, self)
        self.chat.safety_number_requested.connect(self.show_safety_number)
        self.chat.error.connect(self.show_error)
        self.empty = self._build_empty_page()
        self.right = QStackedWidget(self)
        self.right.addWidget(self.empty)
        self.right.addWidget(self.chat)

        splitter = QSplitter(self)
        splitter.setHandleWidth(1)  # a hairline in the border colour (theme.py)
        splitter.addWidget(sidebar)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([310, 690])
        splitter.setChildrenCollapsible(False)
        # no fixed minimum width: the sidebar's layout keeps its title and buttons whole
        self.unlinked = UnlinkedNotice(messenger, runner, events, self.chat, self)
        self.unlinked.activated.connect(self.connection.clear)  # "offline" would mislead
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.unlinked)
        layout.addWidget(splitter, 1)

        self.model.loaded.connect(self._emit_unread)
        self.model.loaded.connect(self._read_groups)
        self.groups.changed.connect(lambda _: self.list.viewport().update())
        self.model.rowsInserted.connect(self._emit_unread)
        events.conversation_changed.connect(self._emit_unread)
        events.identity_changed.connect(self.model.reload)
        events.conversation_removed.connect(self._conversation_removed)
        events.connection_changed.connect(self._connection_changed)
        self.model.reload()

    def _build_sidebar(self) -> QWidget:
        """Title, tool buttons, the filter, the conversation list and the connection line."""
        sidebar = QWidget(self)
        sidebar.setObjectName("sidebar")
        sidebar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.title = title = QLabel(self.tr("Chats"), sidebar)
        title.setObjectName("title")
        ink = colors().text
        self.add_button = icon_button(sidebar, "add-contact", self.tr("Add contact"), ink)
        self.group_button = icon_button(sidebar, "add-contact", self.tr("New group…"), ink)
        self.group_button.setIcon(people_icon(ink))
        self.invite_button = icon_button(sidebar, "qr", self.tr("Your invite link"), ink)
        self.search_button = icon_button(
            sidebar, "search", self.tr("Search messages (Ctrl+F)"), ink
        )
        self.settings_button = icon_button(sidebar, "settings", self.tr("Settings"), ink)
        self.lock_button = icon_button(sidebar, "lock", self.tr("Lock now (Ctrl+L)"), ink)
        self.add_button.clicked.connect(self.add_contact)
        self.group_button.clicked.connect(self.new_group)
        self.invite_button.clicked.connect(self.show_invite)
        self.search_button.clicked.connect(self.search)
        self.settings_button.clicked.connect(self.settings_requested)
        self.lock_button.clicked.connect(self.lock_requested)
        top = QHBoxLayout()
        top.setContentsMargins(14, 10, 8, 4)
        top.setSpacing(2)
        top.addWidget(title, 1)
        for button in (
            self.add_button,
            self.group_button,
            self.invite_button,
            self.search_button,
            self.settings_button,
            self.lock_button,
        ):
            top.addWidget(button)
        self.filter = QLineEdit(sidebar)
        self.filter.setPlaceholderText(self.tr("Filter chats"))
        self.filter.setAccessibleName(self.tr("Filter chats"))
        self.filter.setClearButtonEnabled(True)

        self.model = ConversationListModel(self.messenger, self.runner, self.events, self)
        self.proxy = ConversationFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.list = QListView(sidebar)
        self.list.setObjectName("conversations")
        self.list.setAccessibleName(self.tr("Conversations"))
        self.list.setModel(self.proxy)
        self.list.setItemDelegate(ConversationDelegate(self.list, self.groups.last_sender))
        self.list.setMouseTracking(True)
        self.list.setUniformItemSizes(True)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.requests_button = QPushButton(sidebar)
        self.requests_button.setObjectName("requests")
        self.requests_button.setCheckable(True)
        self.requests_button.setAccessibleName(self.tr("Message requests"))
        self.requests_button.toggled.connect(self._show_requests)
        for signal in (self.model.loaded, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._count_requests)
        self.model.dataChanged.connect(self._count_requests)
        self.connection = QLabel(sidebar)
        self.connection.setObjectName("muted")
        self.connection.setContentsMargins(14, 6, 14, 8)
        self.connection.setWordWrap(True)

        column = QVBoxLayout(sidebar)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addLayout(top)
        filter_row = QHBoxLayout()
        filter_row.setContentsMargins(10, 0, 10, 4)
        filter_row.addWidget(self.filter)
        column.addLayout(filter_row)
        requests_row = QHBoxLayout()
        requests_row.setContentsMargins(10, 0, 10, 0)
        requests_row.addWidget(self.requests_button)
        column.addLayout(requests_row)
        column.addWidget(self.list, 1)
        column.addWidget(self.connection)

        return sidebar

    def _build_empty_page(self) -> QWidget:
        """What the right side shows before a chat is chosen."""
        empty = QWidget(self)
        empty_text = QLabel(
            self.tr("Choose a chat on the left, or add a contact with their invite link."),
            empty,
        )
        empty_text.setObjectName("muted")
        empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty_text.setWordWrap(True)
        empty_add = primary_button(self.tr("Add contact"), empty)
        empty_add.clicked.connect(self.add_contact)
        empty_invite = QPushButton(self.tr("Show my invite link"), empty)
        empty_invite.clicked.connect(self.show_invite)
        box = QVBoxLayout(empty)
        box.addStretch(1)
        box.addWidget(empty_text)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(empty_invite)
        buttons.addWidget(empty_add)
        buttons.addStretch(1)
        box.addLayout(buttons)
        box.addStretch(1)
        return empty

    # --- events --------------------------------------------------------------------------------
    def _conversation_removed(self, event: ConversationRemoved) -> None:
        current = self.chat.conversation
        if current is not None and current.conversation_id == event.conversation_id:
            self.chat.conversation = None
            self.right.setCurrentWidget(self.empty)

    def _connection_changed(self, event: ConnectionChanged) -> None:
        if self.unlinked.active:
            return  # nothing connects any more: the notice above says why
        self.connection.setText(
            self.tr("Connected to the relay.")
            if event.online
            else self.tr("Offline: messages wait and are sent when the relay is back.")
        )

    def _count_requests(self) -> None:
        """The requests button says how many strangers wait; it is hidden when none do."""
        count = self.model.request_count()
        if self.proxy.requests:
            self.requests_button.setText(self.tr("Back to chats"))
        else:
            self.requests_button.setText(self.tr("Message requests (%1)").replace("%1", str(count)))
        self.requests_button.setVisible(count > 0 or self.proxy.requests)

    def _show_requests(self, requests: bool) -> None:
        self.proxy.show_requests(requests)
        self.title.setText(self.tr("Message requests") if requests else self.tr("Chats"))
        self._count_requests()

    def _read_groups(self) -> None:
        """Members and last authors of every group, for the previews (one read each)."""
        for row in range(self.model.rowCount()):
            conv: Conversation = self.model.data(self.model.index(row), Role.CONVERSATION)
            if conv.is_group:
                self.groups.refresh(conv.conversation_id)

    def _emit_unread(self) -> None:
        self.unread_changed.emit(self.model.total_unread())

    # --- conversation choice -------------------------------------------------------------------
    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        conv: Conversation | None = current.data(Role.CONVERSATION)
        if conv is not None and (
            self.chat.conversation is None
            or conv.conversation_id != self.chat.conversation.conversation_id
        ):
            self.chat.show_conversation(conv)
            self.right.setCurrentWidget(self.chat)

    def open_conversation(self, conversation_id: int, message_id: int | None = None) -> None:
        """Select a conversation, and jump to a message in it (search results, notifications)."""
        self.filter.clear()
        row = self.model.row_of(conversation_id)
        if row < 0:
            return
        conv: Conversation = self.model.data(self.model.index(row), Role.CONVERSATION)
        self.requests_button.setChecked(is_request(conv))  # the list it is in
        self.chat.show_conversation(conv, jump_to=message_id)
        self.right.setCurrentWidget(self.chat)
        proxy_index = self.proxy.mapFromSource(self.model.index(row))
        self.list.selectionModel().setCurrentIndex(
            proxy_index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )  # _current_changed sees the same conversation and leaves the chat alone

    def open_when_loaded(self, conversation_id: int) -> None:
        """Open a conversation once the list, which loads on a worker, first arrives."""
        self.model.loaded.connect(
            lambda: self.open_conversation(conversation_id), Qt.ConnectionType.SingleShotConnection
        )

    def open_contact(self, contact: Contact) -> None:
        self.runner.submit(
            lambda: self.messenger.conversation_for_contact(contact.contact_id),
            self._contact_conversation,
            self._report,
        )

    def _contact_conversation(self, conv: Conversation) -> None:
        self.model.upsert(conv)
        self.open_conversation(conv.conversation_id)

    # --- dialogs -------------------------------------------------------------------------------
    def add_contact(self) -> None:
        dialog = AddContactDialog(self.messenger, self.runner, self)
        dialog.added.connect(self.open_contact)
        dialog.open()

    def new_group(self) -> None:
        dialog = NewGroupDialog(self.messenger, self.runner, self)
        dialog.created.connect(self._group_created)
        dialog.open()

    def _group_created(self, conv: Conversation) -> None:
        self.model.upsert(conv)
        self.open_conversation(conv.conversation_id)

    def show_invite(self) -> None:
        self.runner.submit(
            self.messenger.invite_link,
            self._show_invite_dialog,
            self._report,
        )

    def show_safety_number(self, contact_id: str) -> None:
        conv = self.chat.conversation
        if conv is None or conv.is_group or conv.contact.contact_id != contact_id:
            return  # a group's `contact` is no contact: it has no safety number
        dialog = SafetyNumberDialog(self.messenger, self.runner, conv.contact, self)
        dialog.verified.connect(lambda _: self._refresh_current())
        dialog.open()

    def _refresh_current(self) -> None:
        conv = self.chat.conversation
        if conv is not None:
            cid = conv.conversation_id
            self.runner.submit(lambda: self.messenger.conversation(cid), self._conversation_loaded)

    def _conversation_loaded(self, conv: Conversation) -> None:
        self.model.upsert(conv)
        self.chat.conversation_changed(ConversationChanged(conv))

    def search(self) -> None:
        dialog = SearchDialog(self.messenger, self.runner, self.model.display_names(), self)
        dialog.jump.connect(self.open_conversation)
        dialog.open()

    def _show_invite_dialog(self, link: str) -> None:
        InviteDialog(link, self).open()

    def _report(self, exc: BaseException) -> None:
        self.show_error(str(exc))

    def show_error(self, text: str) -> None:
        self.connection.setText(text)

    def shutdown(self) -> None:
        self.groups.clear()
        self.chat.clear()
        self.model.clear()
