"""Choosing people for a group: a new group (name and members), and adding members to one."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.service.api import Contact, Conversation, MessengerApi
from app.ui.widgets import button_row, primary_button
from app.ui.workers import TaskRunner

MAX_MEMBERS = 100  # docs/groups.md: oneself included
MAX_NAME_CHARS = 64


class ContactPicker(QListWidget):
    """A checkable list of contacts who can join a group (accepted, not blocked), at most
    `limit` of them checked; `changed` fires with the count whenever a box changes."""

    changed = Signal(int)
    limit_reached = Signal()

    def __init__(self, limit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit = limit
        self.setObjectName("picker")
        self.setAccessibleName(self.tr("Contacts"))
        self.itemChanged.connect(self._item_changed)

    def set_contacts(self, contacts: list[Contact], exclude: Collection[str] = ()) -> None:
        self.clear()
        eligible = [
            c for c in contacts if c.accepted and not c.blocked and c.contact_id not in exclude
        ]
        for contact in sorted(eligible, key=lambda c: c.display_name.casefold()):
            item = QListWidgetItem(contact.display_name, self)
            item.setData(Qt.ItemDataRole.UserRole, contact.contact_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.changed.emit(0)

    def chosen(self) -> list[str]:
        """The account ids checked, in list order."""
        return [
            str(self.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(self.count())
            if self.item(r).checkState() is Qt.CheckState.Checked
        ]

    def check(self, name: str) -> None:
        """Check the contact called `name` (for tests and keyboard-free use)."""
        for item in self.findItems(name, Qt.MatchFlag.MatchExactly):
            item.setCheckState(Qt.CheckState.Checked)

    def _item_changed(self, item: QListWidgetItem) -> None:
        count = len(self.chosen())
        if count > self.limit and item.checkState() is Qt.CheckState.Checked:
            item.setCheckState(Qt.CheckState.Unchecked)  # calls back here with the count fixed
            self.limit_reached.emit()
            return
        self.changed.emit(count)


class NewGroupDialog(QDialog):
    """A name and up to 99 contacts; the group is created on a worker, then `created` fires."""

    created = Signal(object)  # Conversation

    def __init__(self, messenger: MessengerApi, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._messenger = messenger
        self._runner = runner
        self.setWindowTitle(self.tr("New group"))
        self.resize(420, 480)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("Group name"))
        self.name.setAccessibleName(self.tr("Group name"))
        self.name.setMaxLength(MAX_NAME_CHARS)
        intro = QLabel(self.tr("Choose who to invite (up to 99 contacts):"), self)
        intro.setWordWrap(True)
        self.picker = ContactPicker(MAX_MEMBERS - 1, self)
        self.status = QLabel(self)
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.create_button = primary_button(self.tr("Create group"), self)
        self.create_button.setDefault(True)
        self.create_button.setEnabled(False)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.clicked.connect(self.reject)
        self.create_button.clicked.connect(self.submit)
        self.name.textChanged.connect(lambda _: self._update())
        self.picker.changed.connect(lambda _: self._update())
        self.picker.limit_reached.connect(self._limit_reached)
        column = QVBoxLayout(self)
        column.addWidget(self.name)
        column.addWidget(intro)
        column.addWidget(self.picker, 1)
        column.addWidget(self.status)
        column.addLayout(button_row(cancel, self.create_button))
        self.status.setText(self.tr("Loading contacts…"))
        runner.submit(messenger.contacts, self._contacts_loaded, self._failed)

    def _contacts_loaded(self, contacts: list[Contact]) -> None:
        self.picker.set_contacts(contacts)
        if self.picker.count() == 0:
            self.status.setText(self.tr("Add a contact first: a group is made of your contacts."))

    def _update(self) -> None:
        count = len(self.picker.chosen())
        if self.picker.count():
            self.status.setText(
                self.tr("1 contact chosen")
                if count == 1
                else self.tr("%1 contacts chosen").replace("%1", str(count))
            )
        self.create_button.setEnabled(bool(self.name.text().strip()) and count > 0)

    def _limit_reached(self) -> None:
        self.status.setText(self.tr("A group has at most 100 members, you included."))

    def submit(self) -> None:
        name, members = self.name.text().strip(), self.picker.chosen()
        if not name or not members:
            return
        self.create_button.setEnabled(False)
        self.status.setText(self.tr("Creating the group…"))
        self._runner.submit(
            lambda: self._messenger.create_group(name, members), self._done, self._failed
        )

    def _done(self, conversation: Conversation) -> None:
        self.created.emit(conversation)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._update()
        self.status.setText(self.tr("Could not create the group: %1").replace("%1", str(exc)))


class AddMembersDialog(QDialog):
    """Contacts not in the group yet, up to the group's limit; `added` fires once they are in."""

    added = Signal()

    def __init__(
        self,
        messenger: MessengerApi,
        runner: TaskRunner,
        conversation_id: int,
        members: Collection[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._messenger = messenger
        self._runner = runner
        self._conversation_id = conversation_id
        self._members = set(members)
        self.setWindowTitle(self.tr("Add members"))
        self.resize(400, 440)
        self.picker = ContactPicker(max(0, MAX_MEMBERS - len(self._members)), self)
        self.status = QLabel(self)
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.add_button = primary_button(self.tr("Add"), self)
        self.add_button.setEnabled(False)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.clicked.connect(self.reject)
        self.add_button.clicked.connect(self.submit)
        self.picker.changed.connect(lambda n: self.add_button.setEnabled(n > 0))
        self.picker.limit_reached.connect(
            lambda: self.status.setText(self.tr("A group has at most 100 members, you included."))
        )
        column = QVBoxLayout(self)
        column.addWidget(self.picker, 1)
        column.addWidget(self.status)
        column.addLayout(button_row(cancel, self.add_button))
        runner.submit(messenger.contacts, self._contacts_loaded, self._failed)

    def _contacts_loaded(self, contacts: list[Contact]) -> None:
        self.picker.set_contacts(contacts, self._members)
        if self.picker.count() == 0:
            self.status.setText(self.tr("Every contact who can join is in the group already."))

    def submit(self) -> None:
        chosen, cid = self.picker.chosen(), self._conversation_id
        if not chosen:
            return
        self.add_button.setEnabled(False)
        self._runner.submit(
            lambda: self._messenger.add_group_members(cid, chosen), self._done, self._failed
        )

    def _done(self, _: object) -> None:
        self.added.emit()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.add_button.setEnabled(bool(self.picker.chosen()))
        self.status.setText(str(exc))
