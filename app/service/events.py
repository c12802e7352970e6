"""Event fan-out by plain callbacks (Electrum's pattern): no Qt, any thread may emit."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from app.service.api import Event, EventCallback

log = logging.getLogger(__name__)


class EventHub:
    """Holds subscribers; `emit` calls each on the emitting thread and isolates their failures."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._callbacks: list[EventCallback] = []

    def subscribe(self, callback: EventCallback) -> Callable[[], None]:
        with self._lock:
            self._callbacks.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._callbacks:
                    self._callbacks.remove(callback)

        return unsubscribe

    def close(self) -> None:
        """Drop every subscriber: a locked messenger tells nobody anything any more."""
        with self._lock:
            self._callbacks.clear()

    def emit(self, event: Event) -> None:
        with self._lock:
            callbacks = list(self._callbacks)
        for callback in callbacks:
            try:
                callback(event)
            except Exception:  # a broken subscriber must not stop the sync loop
                log.exception("event callback failed for %s", type(event).__name__)
