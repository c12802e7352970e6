"""The background threads of an unlocked messenger: one receives, one sends.

The receiver long-polls the relay (each wait bounded by POLL_WAIT) and backs off while the relay is
away; the sender flushes the outbox whenever it is woken (new message) or a retry falls due, and
runs periodic chores (disappearing messages, prekey upkeep). No Qt: plain threads and Events.

`stop()` never waits for a network call: it ends every wait of both loops, hangs up the relay
calls in flight (a long-poll, a send to a relay that does not answer: they fail at once, as if the
relay had hung up), gives the sender a moment (STOP_WAIT) to finish store work in flight, and
returns. The callbacks store only through `Core.storing(stop)`, which checks the flag under
`Core.lock` and raises `Stopped` once it is set, and `Messenger.lock()` closes the store under
that lock: a stopping thread stores and acks nothing, and the relay delivers again after the next
unlock what it held.
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
STOP_WAIT = 0.5  # seconds stop() lets the sender finish store work before returning

ReceiveRound = Callable[[float, threading.Event], object]
SendRound = Callable[[threading.Event], "float | None"]


class BackgroundSync:
    """Not safe to start and stop from several threads at once: its owner (the Messenger)
    serialises `start`/`stop` under its lifecycle lock."""

    def __init__(
        self,
        receive: ReceiveRound,
        send: SendRound,
        on_offline: Callable[[str], None],
        hang_up: Callable[[], None],
    ) -> None:
        """`receive(wait, stop)` polls once and processes unless `stop` is set by then;
        `send(stop)` flushes and returns when it wants to run next (unix time, or None);
        `hang_up()` ends the network calls in flight."""
        self._receive = receive
        self._send = send
        self._on_offline = on_offline
        self._hang_up = hang_up
        self._stop: threading.Event | None = None
        self._sender: threading.Thread | None = None
        self._wake = threading.Event()  # the sender's alarm clock
        self._retry = threading.Event()  # cuts the receiver's backoff short

    def start(self) -> None:
        if self._stop is not None:
            return
        # Fresh events per run: a stopping run's threads never clear the next run's alarms.
        stop, wake, retry = threading.Event(), threading.Event(), threading.Event()
        receiver = threading.Thread(
            target=self._receive_loop, args=(stop, retry), name="bisik-receive", daemon=True
        )
        sender = threading.Thread(
            target=self._send_loop, args=(stop, wake), name="bisik-send", daemon=True
        )
        receiver.start()
        sender.start()
        # published only once started, so stop() never joins a thread that has not begun
        self._stop, self._sender, self._wake, self._retry = stop, sender, wake, retry

    def wake(self) -> None:
        """Flush the outbox now (a message was queued)."""
        self._wake.set()

    def retry_now(self) -> None:
        """Poll again now instead of waiting out the receiver's backoff (the relay is back)."""
        self._retry.set()

    def stop(self) -> None:
        """Stop both loops; returns without waiting for a network call in flight."""
        stop, sender = self._stop, self._sender
        self._stop = self._sender = None
        if stop is None:
            return
        stop.set()
        self._wake.set()
        self._retry.set()
        self._hang_up()
        if sender is not None and sender is not threading.current_thread():
            sender.join(STOP_WAIT)

    def _receive_loop(self, stop: threading.Event, retry: threading.Event) -> None:
        failures = 0
        while not stop.is_set():
            try:
                self._receive(POLL_WAIT, stop)
            except Exception as exc:
                if stop.is_set():
                    return  # hung up, Stopped, or the store closed under us: all expected
                if isinstance(exc, RelayUnavailable | RelayError):
                    self._on_offline(str(exc))
                else:
                    log.exception("receive loop error")
                failures += 1
                retry.wait(retry_delay(failures))
                retry.clear()
            else:
                failures = 0

    def _send_loop(self, stop: threading.Event, wake: threading.Event) -> None:
        while not stop.is_set():
            try:
                due = self._send(stop)
            except Exception:
                if stop.is_set():
                    return  # as in the receive loop
                log.exception("send loop error")
                due = time.time() + IDLE_WAKE
            if stop.is_set():
                return
            delay = IDLE_WAKE if due is None else min(max(due - time.time(), 0.05), IDLE_WAKE)
            wake.wait(delay)
            wake.clear()
