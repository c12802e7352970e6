"""The event hub: fan-out, unsubscribe, and a failing subscriber that harms no one."""

from __future__ import annotations

import threading

from app.service.api import ConnectionChanged, Event, MessagesRemoved, TypingChanged
from app.service.events import EventHub


def test_events_reach_every_subscriber_until_it_unsubscribes() -> None:
    hub = EventHub()
    first: list[object] = []
    second: list[object] = []
    unsubscribe = hub.subscribe(first.append)
    hub.subscribe(second.append)
    hub.emit(ConnectionChanged(True))
    unsubscribe()
    unsubscribe()  # twice is harmless
    hub.emit(ConnectionChanged(False))
    assert first == [ConnectionChanged(True)]
    assert second == [ConnectionChanged(True), ConnectionChanged(False)]


def test_a_failing_subscriber_does_not_stop_the_others() -> None:
    hub = EventHub()
    seen: list[object] = []

    def broken(event: object) -> None:
        raise RuntimeError("boom")

    hub.subscribe(broken)
    hub.subscribe(seen.append)
    hub.emit(TypingChanged(1, True))
    assert seen == [TypingChanged(1, True)]


def test_emitting_from_many_threads_delivers_everything() -> None:
    hub = EventHub()
    seen: list[tuple[int, int]] = []
    lock = threading.Lock()

    def record(event: Event) -> None:
        assert isinstance(event, MessagesRemoved)
        with lock:
            seen.append((event.conversation_id, event.message_ids[0]))

    hub.subscribe(record)

    def emit_many(n: int) -> None:
        for i in range(200):
            hub.emit(MessagesRemoved(n, (i,)))

    threads = [threading.Thread(target=emit_many, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(seen) == sorted((n, i) for n in range(4) for i in range(200))
