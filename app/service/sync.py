"""The background threads of an unlocked messenger: one receives, one sends.

The receiver long-polls the relay (each wait bounded by POLL_WAIT) and backs off while the relay is
away; the sender flushes the outbox whenever it is woken (new message) or a retry falls due, and
runs periodic chores (disappearing messages, prekey upkeep). No Qt: plain threads and Events.

`stop()` does not wait out a long-poll in flight: the receive thread checks its stop flag when the
poll returns and leaves without touching the store, so locking a profile is quick.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from app.net import RelayError, RelayUnavailable
from app.service.backoff import retry_delay

log = logging.getLogger(__name__)

POLL_WAIT = 20.0
IDLE_WAKE = 30.0  # the sender looks at its chores at least this often
SEND_JOIN_TIMEOUT = 15.0

ReceiveRound = Callable[[float, threading.Event], object]


class BackgroundSync:
    def __init__(
        self,
        receive: ReceiveRound,
        send: Callable[[], float | None],
        on_offline: Callable[[str], None],
    ) -> None:
        """`receive(wait, stop)` polls once and processes unless `stop` is set by then;
        `send()` flushes and returns when it wants to run next (unix time, or None)."""
        self._receive = receive
        self._send = send
        self._on_offline = on_offline
        self._stop: threading.Event | None = None
        self._wake = threading.Event()  # the sender's alarm clock
        self._retry = threading.Event()  # cuts the receiver's backoff short
        self._sender: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._stop is not None

    def start(self) -> None:
        if self._stop is not None:
            return
        self._stop = stop = threading.Event()
        receiver = threading.Thread(
            target=self._receive_loop, args=(stop,), name="bisik-receive", daemon=True
        )
        self._sender = threading.Thread(
            target=self._send_loop, args=(stop,), name="bisik-send", daemon=True
        )
        receiver.start()
        self._sender.start()

    def wake(self) -> None:
        """Flush the outbox now (a message was queued)."""
        self._wake.set()

    def retry_now(self) -> None:
        """Poll again now instead of waiting out the receiver's backoff (the relay is back)."""
        self._retry.set()

    def stop(self) -> None:
        """Stop both loops; waits for the sender's current round, not for a long-poll."""
        stop, sender = self._stop, self._sender
        self._stop = self._sender = None
        if stop is None:
            return
        stop.set()
        self._wake.set()
        self._retry.set()
        if sender is not None and sender is not threading.current_thread():
            sender.join(SEND_JOIN_TIMEOUT)

    def _receive_loop(self, stop: threading.Event) -> None:
        failures = 0
        while not stop.is_set():
            try:
                self._receive(POLL_WAIT, stop)
                failures = 0
            except (RelayUnavailable, RelayError) as exc:
                if stop.is_set():
                    return
                failures += 1
                self._on_offline(str(exc))
                self._pause(failures)
            except Exception:
                if stop.is_set():
                    return  # the store closed under us: expected while locking
                log.exception("receive loop error")
                failures += 1
                self._pause(failures)

    def _pause(self, failures: int) -> None:
        self._retry.wait(retry_delay(failures))
        self._retry.clear()

    def _send_loop(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                due = self._send()
            except Exception:
                if stop.is_set():
                    return
                log.exception("send loop error")
                due = time.time() + IDLE_WAKE
            delay = IDLE_WAKE if due is None else min(max(due - time.time(), 0.05), IDLE_WAKE)
            self._wake.wait(delay)
            self._wake.clear()
