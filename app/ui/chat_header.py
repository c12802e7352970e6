"""The strip above an open chat: the contact's (or group's) avatar, name and trust line (or member
count), and its buttons: safety number (1:1 chats) or members (groups), and "more".

It holds no text of its own: the chat pane passes the (translated) tooltips and trust line in.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QToolButton, QVBoxLayout, QWidget

from app.service.api import Contact
from app.ui.avatar import avatar_pixmap, people_icon
from app.ui.theme import colors
from app.ui.widgets import ElidedLabel, icon_button

AVATAR_SIZE = 36


class ChatHeader(QWidget):
    """`safety_button` asks for the safety number; `members_button`, shown for groups instead,
    for the member panel; `more_button` opens `more_menu`."""

    def __init__(self, safety_tip: str, more_tip: str, more_menu: QMenu, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("chatHeader")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.avatar = QLabel(self)
        self.title = ElidedLabel(self)
        self.title.setObjectName("heading")
        self.subtitle = ElidedLabel(self)
        self.subtitle.setObjectName("muted")
        self.safety_button = icon_button(self, "shield", safety_tip, colors().text)
        self.members_button = QToolButton(self)
        self.members_button.setIcon(people_icon(colors().text))
        self.members_button.setIconSize(self.safety_button.iconSize())
        self.members_button.hide()
        self.more_button = QToolButton(self)
        self.more_button.setObjectName("more")
        self.more_button.setText("⋯")
        self.more_button.setToolTip(more_tip)
        self.more_button.setAccessibleName(more_tip)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setMenu(more_menu)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.title)
        names.addWidget(self.subtitle)
        top = QHBoxLayout(self)
        top.setContentsMargins(14, 8, 10, 8)
        top.addWidget(self.avatar)
        top.addSpacing(6)
        top.addLayout(names, 1)
        top.addWidget(self.safety_button)
        top.addWidget(self.members_button)
        top.addWidget(self.more_button)

    def show_contact(self, contact: Contact, subtitle: str, group: bool = False) -> None:
        """A contact, or with `group` the group that `contact` stands for."""
        self.avatar.setPixmap(
            avatar_pixmap(contact.display_name, contact.contact_id, AVATAR_SIZE, group)
        )
        self.title.setText(contact.display_name)
        self.subtitle.setText(subtitle)
        self.safety_button.setVisible(not group)
        self.members_button.setVisible(group)
