"""What a group changes in the open chat: the header (group avatar, member count, members button
instead of the safety number), the menu (members and leave instead of block), who may write,
and the member names the bubbles show. The chat pane calls `show` and `attach`; the rest follows
the GroupDirectory."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from app.service.api import Conversation, MessengerApi
from app.ui.chat_header import ChatHeader
from app.ui.group_directory import GroupDirectory
from app.ui.group_panel import GroupMembersDialog, member_count
from app.ui.models import MessageListModel
from app.ui.workers import TaskRunner


class GroupChat(QObject):
    """Owned by the chat pane; `one_to_one` are the actions shown only outside groups."""

    def __init__(
        self,
        pane: QWidget,
        messenger: MessengerApi,
        runner: TaskRunner,
        directory: GroupDirectory,
        header: ChatHeader,
        composer: QWidget,
        one_to_one: list[QAction],
    ) -> None:
        super().__init__(pane)
        self._pane = pane
        self._messenger = messenger
        self._runner = runner
        self.directory = directory
        self._header = header
        self._composer = composer
        self._one_to_one = one_to_one
        self._conv: Conversation | None = None
        self._model: MessageListModel | None = None
        self.panel: GroupMembersDialog | None = None
        menu = header.more_button.menu()
        menu.addSeparator()
        self.members_action = menu.addAction(self.tr("Group members…"), self.open_members)
        self.leave_action = menu.addAction(self.tr("Leave group…"), self.confirm_leave)
        header.members_button.setToolTip(self.tr("Group members"))
        header.members_button.setAccessibleName(self.tr("Group members"))
        header.members_button.clicked.connect(self.open_members)
        directory.changed.connect(self._directory_changed)

    def show(self, conv: Conversation) -> None:
        """After the 1:1 header was set up: make it a group's, or hide the group's parts."""
        self._conv = conv
        group = conv.is_group
        for action in self._one_to_one:
            action.setVisible(not group)
        self.members_action.setVisible(group)
        self.leave_action.setVisible(group)
        if not group:
            return
        if self.directory.members(conv.conversation_id) is None:
            self.directory.refresh(conv.conversation_id)
        self._show_group(conv)
        if self.panel is not None:
            self.panel.set_conversation(conv)

    def attach(self, model: MessageListModel, conv: Conversation) -> None:
        """A new message model: in a group it names the authors of incoming messages."""
        self._model = model
        model.names = self.directory.names(conv.conversation_id) if conv.is_group else None

    def _show_group(self, conv: Conversation) -> None:
        cid = conv.conversation_id
        members = self.directory.members(cid)
        member = self.directory.is_member(cid)
        if member is False:
            subtitle = self.tr("You are no longer in this group.")
        elif members is None:
            subtitle = self.tr("Group · end-to-end encrypted")
        else:
            subtitle = member_count(len(members)) + " · " + self.tr("end-to-end encrypted")
        if conv.disappearing_seconds and member is not False:
            subtitle += " · " + self.tr("disappearing messages on")
        self._header.show_contact(conv.contact, subtitle, group=True)
        self._composer.setEnabled(member is not False)
        self.leave_action.setEnabled(member is not False)

    def _directory_changed(self, conversation_id: int) -> None:
        conv = self._conv
        if conv is None or not conv.is_group or conv.conversation_id != conversation_id:
            return
        self._show_group(conv)
        model = self._model
        names = self.directory.names(conversation_id)
        if model is not None and model.conversation_id == conversation_id and model.names != names:
            model.names = names  # only when a name changed: a repaint lays out every row again
            if model.rowCount():
                model.dataChanged.emit(model.index(0), model.index(model.rowCount() - 1))

    def open_members(self) -> GroupMembersDialog | None:
        conv = self._conv
        if conv is None or not conv.is_group:
            return None
        if self.panel is not None:
            self.panel.close()
            self.panel.deleteLater()
        self.panel = GroupMembersDialog(
            self._messenger, self._runner, self.directory, conv, self._pane
        )
        self.panel.open()
        return self.panel

    def confirm_leave(self) -> None:
        panel = self.open_members()
        if panel is not None:
            panel.confirm_leave()
