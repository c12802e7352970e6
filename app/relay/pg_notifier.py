"""Long-poll wake-ups across relay processes on one PostgreSQL database (LISTEN/NOTIFY).

PgRelayStore.put_envelope sends `NOTIFY bisik_mailbox, '<mailbox_hash>'` inside its transaction, so
PostgreSQL delivers it on commit to every listening relay, this one included. Each relay process
keeps one listening connection on a thread of its own; a notification's hash is mapped back to a
mailbox only if this process has polls waiting on it (`Waiters.notify_hash`, on the event loop).
A send also wakes this process's own polls at once (`notify`), without the database round trip;
the echo that follows from the listener may wake a newer poll early, which then answers empty.
"""

from __future__ import annotations

import asyncio
import logging
import threading

import psycopg

from app.relay.longpoll import NOTIFY_CHANNEL, Waiters

log = logging.getLogger(__name__)

RECONNECT_DELAY = 1.0  # seconds between attempts while the listening connection is down
POLL_INTERVAL = 0.5  # how often the listener looks at its stop flag
READY_TIMEOUT = 10.0  # how long `start` waits for the first LISTEN


class PgNotifier:
    """Wakes local waiters for sends committed by any relay process on the database at `url`."""

    def __init__(self, url: str, waiters: Waiters) -> None:
        self.url = url
        self.waiters = waiters
        self.listening = threading.Event()  # set while a LISTEN connection is up
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Start the listener thread and wait (bounded) until it listens."""
        self._thread = threading.Thread(
            target=self._listen_forever, args=(loop,), name="relay-listen", daemon=True
        )
        self._thread.start()
        if not self.listening.wait(READY_TIMEOUT):
            log.warning("not listening for wake-ups yet; long-polls answer at their timeout")

    def notify(self, mailbox: bytes) -> None:
        self.waiters.notify(mailbox)  # other processes: the store's NOTIFY, sent on commit

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=POLL_INTERVAL * 4)
            self._thread = None

    def _listen_forever(self, loop: asyncio.AbstractEventLoop) -> None:
        connected_before = False
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True, connect_timeout=10) as conn:
                    conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    self.listening.set()
                    if connected_before:  # wake-ups may have been lost while it was down
                        loop.call_soon_threadsafe(self.waiters.notify_all)
                    connected_before = True
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=POLL_INTERVAL):
                            loop.call_soon_threadsafe(self.waiters.notify_hash, note.payload)
            except psycopg.Error:
                log.warning("the wake-up listener lost its connection; reconnecting")
            except RuntimeError:  # the event loop closed under us: the app is shutting down
                return
            finally:
                self.listening.clear()
            self._stop.wait(RECONNECT_DELAY)
