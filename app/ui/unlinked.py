"""The notice an unlinked computer shows for as long as its profile is open: another device of the
account took it off the device list, so it no longer sends or receives (docs/devices.md,
"Unlinking"); the history stays readable, so the window stays usable for reading."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.service.api import MessengerApi
from app.ui.events import EventBridge
from app.ui.widgets import Banner
from app.ui.workers import TaskRunner

if TYPE_CHECKING:
    from app.ui.chat import ChatPane


class UnlinkedNotice(Banner):
    """Hidden until the service says this device was unlinked: at once by `this_device_unlinked`,
    or at unlock (and whenever the main view is rebuilt) by `is_unlinked()`, asked on the runner.
    Once shown it stays, and it keeps the chat's composer off: the chat pane turns the composer
    on and off as conversations change, so an event filter turns it off again each time."""

    activated = Signal()

    def __init__(
        self,
        messenger: MessengerApi,
        runner: TaskRunner,
        events: EventBridge,
        chat: ChatPane,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._chat = chat
        self.active = False
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.primary.hide()
        self.secondary.hide()
        self.text.setText(
            self.tr(
                "This computer was unlinked from your account by one of your other devices. It "
                "no longer sends or receives messages; what is already here stays readable."
            )
        )
        self.text.setAccessibleName(self.tr("This computer was unlinked"))
        events.this_device_unlinked.connect(self.activate)
        runner.submit(messenger.is_unlinked, self._checked, self._not_known)

    def _checked(self, unlinked: bool) -> None:
        if unlinked:
            self.activate()

    def _not_known(self, exc: BaseException) -> None:
        """The profile was locked meanwhile; the next unlock asks again."""

    def activate(self, *_: object) -> None:
        if self.active:
            return
        self.active = True
        self.show()
        composer = self._chat.composer
        composer.edit.setPlaceholderText(self.tr("This computer can no longer send messages."))
        composer.installEventFilter(self)
        composer.setEnabled(False)
        self._chat.setAcceptDrops(False)  # dropped files would be sent, too
        self.activated.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.EnabledChange
            and isinstance(watched, QWidget)
            and watched.isEnabled()
        ):
            watched.setEnabled(False)
        return False
