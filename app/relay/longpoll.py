"""Waking waiting long-polls the moment an envelope arrives, and noticing clients that hang up."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

from starlette.types import Receive


class Waiters:
    """Per mailbox, the events of the polls waiting on it. Lives on the event loop's thread."""

    def __init__(self) -> None:
        self._events: dict[bytes, set[asyncio.Event]] = {}

    @contextmanager
    def watch(self, mailbox: bytes) -> Iterator[asyncio.Event]:
        """An event the next `notify(mailbox)` sets; register before looking, to miss none."""
        event = asyncio.Event()
        self._events.setdefault(mailbox, set()).add(event)
        try:
            yield event
        finally:
            waiting = self._events[mailbox]
            waiting.discard(event)
            if not waiting:
                del self._events[mailbox]

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
