"""A group's member panel: who is in it (admins marked, oneself as "you"); admins add, remove and
promote members and rename the group; anyone may leave it, after a confirmation."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.service.api import Conversation, GroupMember, MessengerApi
from app.ui.avatar import avatar_pixmap
from app.ui.group_dialogs import MAX_NAME_CHARS, AddMembersDialog
from app.ui.group_directory import GroupDirectory
from app.ui.widgets import ElidedLabel
from app.ui.workers import TaskRunner

ROW_AVATAR = 28


def member_count(count: int) -> str:
    """ "1 member", "5 members" (one form in Bahasa Indonesia)."""
    if count == 1:
        return QCoreApplication.translate("Group", "1 member")
    return QCoreApplication.translate("Group", "%1 members").replace("%1", str(count))


class GroupMembersDialog(QDialog):
    """Lists the members from `directory` and follows its changes; every change to the group is
    one service call on a worker, after which the group is read again."""

    left = Signal(int)  # conversation id, once this profile left the group

    def __init__(
        self,
        messenger: MessengerApi,
        runner: TaskRunner,
        directory: GroupDirectory,
        conversation: Conversation,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._messenger = messenger
        self._runner = runner
        self._directory = directory
        self._conversation = conversation
        self.cid = conversation.conversation_id
        self.add_dialog: AddMembersDialog | None = None
        self.rename_dialog: QInputDialog | None = None
        self.leave_box: QMessageBox | None = None
        self.resize(420, 500)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("members")
        self.list.setAccessibleName(self.tr("Members"))
        self.list.currentRowChanged.connect(lambda _: self._update_buttons())
        self.status = QLabel(self)
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add members…"), self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.admin_button = QPushButton(self.tr("Make admin"), self)
        self.rename_button = QPushButton(self.tr("Rename…"), self)
        self.leave_button = QPushButton(self.tr("Leave group…"), self)
        self.leave_button.setObjectName("danger")
        close = QPushButton(self.tr("Close"), self)
        self.add_button.clicked.connect(self.add_members)
        self.remove_button.clicked.connect(self.remove_selected)
        self.admin_button.clicked.connect(self.toggle_admin)
        self.rename_button.clicked.connect(self.rename)
        self.leave_button.clicked.connect(self.confirm_leave)
        close.clicked.connect(self.accept)
        member_row = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.admin_button):
            member_row.addWidget(button)
        member_row.addStretch(1)
        group_row = QHBoxLayout()
        group_row.addWidget(self.rename_button)
        group_row.addWidget(self.leave_button)
        group_row.addStretch(1)
        group_row.addWidget(close)
        column = QVBoxLayout(self)
        column.addWidget(self.heading)
        column.addWidget(self.list, 1)
        column.addLayout(member_row)
        column.addWidget(self.status)
        column.addLayout(group_row)
        directory.changed.connect(self._directory_changed)
        self._show_members()
        directory.refresh(self.cid)

    # --- showing -------------------------------------------------------------------------------
    def set_conversation(self, conversation: Conversation) -> None:
        """The group's newer state (its name may have changed)."""
        if conversation.conversation_id == self.cid:
            self._conversation = conversation
            self._show_members()

    def _directory_changed(self, conversation_id: int) -> None:
        if conversation_id == self.cid:
            self._show_members()

    def members(self) -> list[GroupMember]:
        return self._directory.members(self.cid) or []

    def _show_members(self) -> None:
        name = self._conversation.group_name or self._conversation.contact.display_name
        self.setWindowTitle(self.tr("Members of %1").replace("%1", name))
        members = self.members()
        self.heading.setText(f"{name} · {member_count(len(members))}" if members else name)
        chosen = self._selected()
        self.list.clear()
        for member in members:
            item = QListWidgetItem(self.list)
            item.setData(Qt.ItemDataRole.UserRole, member.account_id)
            label = member.name + (" " + self.tr("(you)") if member.is_self else "")
            admin = self.tr("admin") if member.is_admin else ""
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{label} {admin}".strip())
            row = self._row(member, label, admin)
            item.setSizeHint(row.sizeHint())
            self.list.setItemWidget(item, row)
            if chosen is not None and member.account_id == chosen.account_id:
                self.list.setCurrentItem(item)
        self._update_buttons()

    def _row(self, member: GroupMember, label: str, admin: str) -> QWidget:
        row = QWidget(self.list)
        avatar = QLabel(row)
        avatar.setPixmap(avatar_pixmap(member.name, member.account_id, ROW_AVATAR))
        name = ElidedLabel(row)
        name.setText(label)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(8, 5, 8, 5)
        layout.addWidget(avatar)
        layout.addWidget(name, 1)
        if admin:
            badge = QLabel(admin, row)
            badge.setObjectName("badge")
            layout.addWidget(badge)
        return row

    def _selected(self) -> GroupMember | None:
        row = self.list.currentRow()
        if row < 0:
            return None
        account_id = self.list.item(row).data(Qt.ItemDataRole.UserRole)
        return next((m for m in self.members() if m.account_id == account_id), None)

    def _update_buttons(self) -> None:
        admin = self._directory.is_admin(self.cid)
        member = bool(self._directory.is_member(self.cid))
        chosen = self._selected()
        other = chosen is not None and not chosen.is_self
        for button in (self.add_button, self.remove_button, self.admin_button):
            button.setVisible(admin)
        self.rename_button.setVisible(admin)
        self.leave_button.setVisible(member)
        self.remove_button.setEnabled(other)
        self.admin_button.setEnabled(other)
        dismiss = chosen is not None and chosen.is_admin
        self.admin_button.setText(self.tr("Dismiss as admin") if dismiss else self.tr("Make admin"))
        if not member and self._directory.members(self.cid) is not None:
            self.status.setText(self.tr("You are no longer in this group."))

    # --- changes (each one service call on a worker) -------------------------------------------
    def _change(self, work: Callable[[], object]) -> None:
        self.status.setText(self.tr("Saving…"))
        cid = self._conversation.conversation_id

        def done(_: object) -> None:
            self.status.setText("")
            self._directory.refresh(cid)

        self._runner.submit(work, done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(str(exc))

    def add_members(self) -> None:
        ids = [m.account_id for m in self.members()]
        self.add_dialog = AddMembersDialog(self._messenger, self._runner, self.cid, ids, self)
        self.add_dialog.added.connect(lambda: self._directory.refresh(self.cid))
        self.add_dialog.open()

    def remove_selected(self) -> None:
        chosen = self._selected()
        if chosen is None or chosen.is_self:
            return
        cid, account_id = self.cid, chosen.account_id
        self._change(lambda: self._messenger.remove_group_members(cid, [account_id]))

    def toggle_admin(self) -> None:
        chosen = self._selected()
        if chosen is None or chosen.is_self:
            return
        cid, account_id, admin = self.cid, chosen.account_id, not chosen.is_admin
        self._change(lambda: self._messenger.set_group_admin(cid, account_id, admin))

    def rename(self) -> None:
        dialog = self.rename_dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Rename group"))
        dialog.setLabelText(self.tr("Group name"))
        dialog.setTextValue(self._conversation.group_name)
        dialog.setOkButtonText(self.tr("Rename"))
        dialog.setCancelButtonText(self.tr("Cancel"))
        dialog.textValueSelected.connect(self._rename)
        dialog.open()

    def _rename(self, name: str) -> None:
        name, cid = name.strip()[:MAX_NAME_CHARS], self.cid
        if name and name != self._conversation.group_name:
            self._change(lambda: self._messenger.rename_group(cid, name))

    def confirm_leave(self) -> None:
        box = self.leave_box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Leave group"))
        name = self._conversation.group_name
        box.setText(self.tr("Leave %1?").replace("%1", name))
        box.setInformativeText(
            self.tr(
                "The other members are told. You keep the messages so far, but you will get no "
                "new ones and cannot write here unless an admin adds you again."
            )
        )
        leave = box.addButton(self.tr("Leave"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.finished.connect(lambda _: self._leave() if box.clickedButton() is leave else None)
        box.open()

    def _leave(self) -> None:
        cid = self.cid

        def done(_: object) -> None:
            self._directory.refresh(cid)
            self.left.emit(cid)

        self.status.setText(self.tr("Leaving…"))
        self._runner.submit(lambda: self._messenger.leave_group(cid), done, self._failed)
