"""A relay behind a hostile network (tests/hostile_proxy.py): duplicated requests, replayed and
reordered poll answers, truncated, bit-flipped and cut answers, lost acks, 5xx bursts and
slow-loris answers. While the fault lasts, calls may fail, but only with the service's typed
errors and never for longer than the client's timeout allows; once the network is clean again,
every message is in both histories exactly once and nothing tampered is shown.

The relay dies too (kill -9): under a waiting long poll, and around an ack (before it reaches
the relay, and after the relay did it but before its answer came back).

A few messages and rounds per fault by default; many more with BISIK_LONG=1.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

import app.service.core
from app.net import RelayClient
from app.service.errors import ServiceError
from app.service.messenger import Messenger
from tests.e2e.support import bodies, conversation_id, long_poll, make_pair
from tests.hostile_proxy import Fault, HostileProxy
from tests.relay_process import RelayProcess, relay_process

LONG = os.environ.get("BISIK_LONG") == "1"
MESSAGES = 40 if LONG else 4  # each way, per round
ROUNDS = 10 if LONG else 2
TIMEOUT = 1.0  # the clients' relay timeout in these tests (the default is 10 s)
# The longest one facade call may take: a sync_once is a flush (one timed-out send holds the rest
# back), a poll and a second flush, each cut off after at most a connect and a read timeout.
CALL_LIMIT = 6 * TIMEOUT + 2.0

T = TypeVar("T")

# (fault, every n-th request it fits): the poll faults on every other poll, so that an envelope
# tampered with on one poll arrives whole on the next.
FAULTS = [
    (Fault.DUPLICATE, 1),
    (Fault.REPLAY, 1),
    (Fault.REORDER, 1),
    (Fault.TRUNCATE, 2),
    (Fault.FLIP_ENVELOPE, 2),
    (Fault.FLIP_RAW, 2),
    (Fault.DROP_ACK, 1),
    (Fault.ERROR_5XX, 2),
    (Fault.SLOW_LORIS, 3),
    (Fault.CUT, 2),
]


class _ShortTimeout(RelayClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["timeout"] = TIMEOUT
        super().__init__(*args, **kwargs)


class Calls:
    """Runs facade calls: a ServiceError is allowed (and counted), anything else fails the test;
    every call must end within CALL_LIMIT."""

    def __init__(self) -> None:
        self.errors: list[ServiceError] = []
        self.longest = 0.0

    def __call__(self, fn: Callable[..., T], *args: Any) -> T | None:
        started = time.monotonic()
        try:
            return fn(*args)
        except ServiceError as error:
            self.errors.append(error)
            return None
        finally:
            took = time.monotonic() - started
            self.longest = max(self.longest, took)
            assert took < CALL_LIMIT, f"{fn.__name__} took {took:.1f} s"


Network = tuple[HostileProxy, Messenger, Messenger, RelayProcess]


@pytest.fixture
def network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Network]:
    monkeypatch.setattr(app.service.core, "RelayClient", _ShortTimeout)
    with relay_process(tmp_path / "relay") as relay, HostileProxy(relay.url) as proxy:
        proxy.slow_interval = TIMEOUT * 1.5
        a, b = make_pair(tmp_path, proxy.url)
        try:
            yield proxy, a, b, relay
        finally:
            a.lock()
            b.lock()


@pytest.mark.parametrize(("fault", "every"), FAULTS, ids=[f.value for f, _ in FAULTS])
def test_every_message_arrives_once_through_a_hostile_network(
    network: Network, fault: Fault, every: int
) -> None:
    proxy, a, b, _ = network
    call = Calls()
    sent: dict[str, list[str]] = {"A": [], "B": []}
    proxy.set(fault, every=every)
    for round_number in range(ROUNDS):
        for prefix, me, peer in (("A", a, b), ("B", b, a)):
            for number in range(MESSAGES):
                text = f"{prefix}-{round_number}-{number}"
                call(me.send_text, conversation_id(me, peer), text)
                sent[prefix].append(text)
        for me in (a, b, a, b):
            call(me.sync_once)
    assert proxy.done[fault] > 0, "the fault never struck"

    proxy.set(Fault.CLEAN)
    settle(a, b)

    assert_exactly_once(a, b, sent)
    assert call.longest < CALL_LIMIT


def test_the_relay_killed_under_a_long_poll_and_around_acks(network: Network) -> None:
    proxy, a, b, relay = network
    call = Calls()
    sent: dict[str, list[str]] = {"A": [], "B": []}
    cut: list[str] = []
    for round_number in range(ROUNDS * 2):
        call(b.sync_once)  # nothing waiting: the next poll waits on the relay
        errors: list[Exception] = []
        poll = long_poll(b, errors)
        relay.kill()  # under b's waiting poll
        poll.join(CALL_LIMIT)
        assert not poll.is_alive() and all(isinstance(e, ServiceError) for e in errors)
        relay.start()

        for number in range(MESSAGES):
            text = f"A-{round_number}-{number}"
            call(a.send_text, conversation_id(a, b), text)
            sent["A"].append(text)
        call(a.flush_outbox)
        stage = "before" if round_number % 2 == 0 else "after"  # ack lost, or done unanswered

        def kill_at_the_ack(method: str, path: str, at: str, stage: str = stage) -> bool:
            if not (path.endswith("/ack") and at == stage):
                return False
            proxy.hook = None
            relay.kill()
            cut.append(stage)
            return True

        proxy.hook = kill_at_the_ack
        call(b.sync_once)
        assert len(cut) == round_number + 1, "b never acked"
        relay.start()
    settle(a, b)
    assert_exactly_once(a, b, sent)
    assert call.longest < CALL_LIMIT


def assert_exactly_once(a: Messenger, b: Messenger, sent: dict[str, list[str]]) -> None:
    """Each side's sent texts in its history in order, each received once by the other, nothing
    left to send, nothing dropped (nothing tampered was taken in, nothing whole was lost)."""
    for me, peer, own, other in ((a, b, "A", "B"), (b, a, "B", "A")):
        conversation = conversation_id(me, peer)
        assert bodies(me, conversation, "out") == sent[own]
        assert sorted(bodies(me, conversation, "in")) == sorted(sent[other])  # once each
        assert me.outbox_size() == 0
        assert me.dropped_count() == 0


def settle(a: Messenger, b: Messenger) -> None:
    """Sync both sides until a full round moves nothing (receipts included)."""
    deadline = time.monotonic() + 60
    quiet = 0
    while quiet < 2:
        assert time.monotonic() < deadline, "the two profiles never settled"
        moved = a.sync_once() + b.sync_once() + a.outbox_size() + b.outbox_size()
        quiet = quiet + 1 if moved == 0 else 0
