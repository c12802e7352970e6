"""Waking waiting long-polls the moment an envelope arrives, and noticing clients that hang up.

`Waiters` holds this process's waiting polls. A `Notifier` carries the wake-up of a send: in one
process (`LocalNotifier`, SQLite) straight to the waiters; with several relay processes on one
PostgreSQL database also to the others' (pg_notifier.py), by a hash of the mailbox key only.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from starlette.types import Receive

NOTIFY_CHANNEL = "bisik_mailbox"  # PostgreSQL's LISTEN/NOTIFY channel of the wake-ups


def provisioning_waiter(channel: bytes) -> bytes:
    """The key long-polls of a provisioning channel wait under (never equal to a mailbox key)."""
    return b"provisioning\0" + channel


def mailbox_hash(mailbox: bytes) -> str:
    """What a cross-process wake-up carries instead of the mailbox key: 16 bytes of its SHA-256."""
    return hashlib.sha256(mailbox).digest()[:16].hex()


class Waiters:
    """Per mailbox, the events of the polls waiting on it. Lives on the event loop's thread.

    A mailbox has at most `per_mailbox` waiting polls: a new one wakes the oldest, which answers
    (empty) at once, so a key holder cannot pile up waiting requests on one mailbox, and a device
    whose old poll still hangs on a dead connection is never locked out.
    """

    def __init__(self, per_mailbox: int = 4) -> None:
        self.per_mailbox = per_mailbox
        self._events: dict[bytes, dict[asyncio.Event, None]] = {}  # insertion order: oldest first
        self._by_hash: dict[str, bytes] = {}  # mailbox_hash -> mailbox, of mailboxes with polls

    @contextmanager
    def watch(self, mailbox: bytes) -> Iterator[asyncio.Event]:
        """An event the next `notify(mailbox)` sets; register before looking, to miss none."""
        event = asyncio.Event()
        waiting = self._events.setdefault(mailbox, {})
        self._by_hash[mailbox_hash(mailbox)] = mailbox
        if len(waiting) >= self.per_mailbox:
            oldest = next(iter(waiting))
            del waiting[oldest]
            oldest.set()
        waiting[event] = None
        try:
            yield event
        finally:
            waiting = self._events.get(mailbox, {})
            waiting.pop(event, None)  # gone already if a newer poll displaced it
            if not waiting:
                self._events.pop(mailbox, None)
                self._by_hash.pop(mailbox_hash(mailbox), None)

    def notify(self, mailbox: bytes) -> None:
        for event in self._events.get(mailbox, ()):
            event.set()

    def notify_hash(self, digest: str) -> None:
        """`notify` by a `mailbox_hash` (a wake-up from another process); unknown ones: nothing."""
        mailbox = self._by_hash.get(digest)
        if mailbox is not None:
            self.notify(mailbox)

    def notify_all(self) -> None:
        """Wake every poll (after wake-ups may have been missed); each looks again and answers."""
        for events in self._events.values():
            for event in events:
                event.set()

    def __len__(self) -> int:
        return sum(len(events) for events in self._events.values())


class Notifier(Protocol):
    """Carries a send's wake-up to the polls waiting on its mailbox, here and in other processes.

    Built by the app with its `Waiters`; `start` runs with the event loop (the app's lifespan),
    `notify` on the event loop right after a send commits, `close` at shutdown."""

    def start(self, loop: asyncio.AbstractEventLoop) -> None: ...

    def notify(self, mailbox: bytes) -> None: ...

    def close(self) -> None: ...


class LocalNotifier:
    """One relay process: wake-ups go straight to its own waiters."""

    def __init__(self, waiters: Waiters) -> None:
        self.waiters = waiters

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        pass

    def notify(self, mailbox: bytes) -> None:
        self.waiters.notify(mailbox)

    def close(self) -> None:
        pass


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def wait_or_hang_up(event: asyncio.Event, receive: Receive, timeout: float) -> bool:
    """Wait until `event` is set or `timeout` passes; False if the client hung up first."""
    woken = asyncio.ensure_future(event.wait())
    gone = asyncio.ensure_future(_disconnected(receive))
    try:
        done, _ = await asyncio.wait(
            {woken, gone}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
    finally:
        woken.cancel()
        gone.cancel()
    return gone not in done
