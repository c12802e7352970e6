"""Waking waiting long-polls the moment an envelope arrives, and noticing clients that hang up."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

from starlette.types import Receive


class Waiters:
    """Per mailbox, the events of the polls waiting on it. Lives on the event loop's thread.

    A mailbox has at most `per_mailbox` waiting polls: a new one wakes the oldest, which answers
    (empty) at once, so a key holder cannot pile up waiting requests on one mailbox, and a device
    whose old poll still hangs on a dead connection is never locked out.
    """

    def __init__(self, per_mailbox: int = 4) -> None:
        self.per_mailbox = per_mailbox
        self._events: dict[bytes, dict[asyncio.Event, None]] = {}  # insertion order: oldest first

    @contextmanager
    def watch(self, mailbox: bytes) -> Iterator[asyncio.Event]:
        """An event the next `notify(mailbox)` sets; register before looking, to miss none."""
        event = asyncio.Event()
        waiting = self._events.setdefault(mailbox, {})
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

    def notify(self, mailbox: bytes) -> None:
        for event in self._events.get(mailbox, ()):
            event.set()

    def __len__(self) -> int:
        return sum(len(events) for events in self._events.values())


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
