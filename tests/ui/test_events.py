"""The event bridge: one signal per class of the service's Event union, delivered on the GUI
thread, and nothing after `close()`."""

from __future__ import annotations

import threading
from typing import get_args

from pytestqt.qtbot import QtBot

from app.service.api import (
    ConnectionChanged,
    ConversationRemoved,
    Event,
    IdentityChanged,
    MessagesRemoved,
    TypingChanged,
)
from app.ui.events import SIGNAL_FOR, EventBridge
from tests.ui.fake_messenger import FakeMessenger


def test_every_event_class_has_its_own_signal() -> None:
    assert set(SIGNAL_FOR) == set(get_args(Event))
    assert len(set(SIGNAL_FOR.values())) == len(SIGNAL_FOR)


def test_each_event_arrives_on_its_signal_only(qtbot: QtBot) -> None:
    fake = FakeMessenger()
    cid = fake.add_peer("Ayu")
    bridge = EventBridge(fake)
    heard: list[tuple[str, Event]] = []
    for name in SIGNAL_FOR.values():
        getattr(bridge, name).connect(lambda event, name=name: heard.append((name, event)))

    fake.send_text(cid, "halo")  # the fake's own events: added, changed...
    assert heard and all(SIGNAL_FOR[type(event)] == name for name, event in heard)
    heard.clear()
    contact = fake.conversation(cid).contact
    events: list[Event] = [
        MessagesRemoved(cid, (1,)),
        ConversationRemoved(cid),
        TypingChanged(cid, True),
        ConnectionChanged(False),
        IdentityChanged(contact),
    ]
    for event in events:
        bridge._forward(event)  # as the service calls it
    assert heard == [(SIGNAL_FOR[type(event)], event) for event in events]
    bridge.close()


def test_events_from_a_service_thread_are_handled_on_the_gui_thread(qtbot: QtBot) -> None:
    fake = FakeMessenger()
    cid = fake.add_peer("Ayu")
    bridge = EventBridge(fake)
    threads: list[threading.Thread] = []
    bridge.typing_changed.connect(lambda _: threads.append(threading.current_thread()))
    worker = threading.Thread(target=lambda: fake.set_typing(cid, True))
    worker.start()
    worker.join()
    assert threads == []  # queued, not called on the worker
    qtbot.waitUntil(lambda: threads == [threading.main_thread()], timeout=5000)

    bridge.close()
    fake.set_typing(cid, False)
    assert threads == [threading.main_thread()]


def test_nothing_is_delivered_after_close_not_even_what_was_queued(qtbot: QtBot) -> None:
    fake = FakeMessenger()
    cid = fake.add_peer("Ayu")
    bridge = EventBridge(fake)
    heard: list[object] = []
    bridge.typing_changed.connect(heard.append)
    worker = threading.Thread(target=lambda: fake.set_typing(cid, True))
    worker.start()
    worker.join()  # queued for the GUI thread, not yet delivered
    bridge.close()  # the window locks
    qtbot.wait(50)
    assert heard == []
