"""Re-emit the service's plain-callback events as a Qt signal delivered on the GUI thread."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from app.service.api import MessengerApi


class EventBridge(QObject):
    """Subscribes to a messenger; `received` fires on the GUI thread for every service event.

    The service calls back on its own threads; emitting a signal of an object that lives in the
    GUI thread makes Qt queue the call, so handlers never run on a worker.
    """

    received = Signal(object)

    def __init__(self, messenger: MessengerApi, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe: Callable[[], None] | None = messenger.subscribe(self._forward)

    def _forward(self, event: object) -> None:
        with contextlib.suppress(RuntimeError):  # closed while a service thread was calling it
            self.received.emit(event)

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
