"""Turn the service's plain-callback events into Qt signals, one per event class, on the GUI thread.

Each widget and model connects only the signals it needs, so no one forwards events by hand.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, SignalInstance

from app.service.api import (
    ConnectionChanged,
    ConversationChanged,
    ConversationRemoved,
    Event,
    IdentityChanged,
    MessageAdded,
    MessageChanged,
    MessagesRemoved,
    MessengerApi,
    ThisDeviceUnlinked,
    TypingChanged,
)

log = logging.getLogger(__name__)

# Each class of the service's Event union and the EventBridge signal that carries it.
SIGNAL_FOR: dict[type[Event], str] = {
    MessageAdded: "message_added",
    MessageChanged: "message_changed",
    MessagesRemoved: "messages_removed",
    ConversationChanged: "conversation_changed",
    ConversationRemoved: "conversation_removed",
    TypingChanged: "typing_changed",
    ConnectionChanged: "connection_changed",
    IdentityChanged: "identity_changed",
    ThisDeviceUnlinked: "this_device_unlinked",
}


class EventBridge(QObject):
    """Subscribes to a messenger and re-emits each event on the signal named after its class.

    Every signal carries the event dataclass itself and is emitted on the GUI thread: the service
    calls back on its own threads, and `_received` (a signal of this object, which lives in the
    GUI thread) makes Qt queue the call to `_dispatch`; an event from the GUI thread is
    dispatched at once. After `close()` nothing more is dispatched, not even an event that was
    already queued, so a locked window's views hear nothing decrypted.
    """

    _received = Signal(object)  # any event, from any thread

    message_added = Signal(object)  # MessageAdded
    message_changed = Signal(object)  # MessageChanged
    messages_removed = Signal(object)  # MessagesRemoved
    conversation_changed = Signal(object)  # ConversationChanged
    conversation_removed = Signal(object)  # ConversationRemoved
    typing_changed = Signal(object)  # TypingChanged
    connection_changed = Signal(object)  # ConnectionChanged
    identity_changed = Signal(object)  # IdentityChanged
    this_device_unlinked = Signal(object)  # ThisDeviceUnlinked

    def __init__(self, messenger: MessengerApi, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._signals: dict[type[Event], SignalInstance] = {
            cls: getattr(self, name) for cls, name in SIGNAL_FOR.items()
        }
        self._received.connect(self._dispatch)
        self._unsubscribe: Callable[[], None] | None = messenger.subscribe(self._forward)

    def _forward(self, event: Event) -> None:
        with contextlib.suppress(RuntimeError):  # deleted while a service thread was calling it
            self._received.emit(event)

    def _dispatch(self, event: Event) -> None:
        if self._unsubscribe is None:
            return  # closed after the event was queued
        signal = self._signals.get(type(event))
        if signal is None:
            log.warning("no signal for service event %s", type(event).__name__)
            return
        signal.emit(event)

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
