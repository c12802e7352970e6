"""The relay's in-memory parts: token buckets and long-poll waiters."""

from __future__ import annotations

import asyncio

import pytest
from starlette.requests import Request
from starlette.types import Message

from app.relay.longpoll import Waiters, wait_or_hang_up
from app.relay.ratelimit import RateLimit, RateLimits, TokenBuckets
from app.relay.server import requester


def test_a_bucket_allows_its_burst_then_says_when_to_come_back() -> None:
    buckets = TokenBuckets(RateLimit(rate=2, burst=3))
    assert [buckets.take("ip", 100.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("ip", 100.0) == pytest.approx(0.5)
    assert buckets.take("other", 100.0) == 0.0
    assert buckets.take("ip", 100.5) == 0.0  # one token refilled


def test_no_limit_allows_everything() -> None:
    buckets = TokenBuckets(None)
    assert all(buckets.take("ip", 0.0) == 0.0 for _ in range(1000))


def test_buckets_forget_refilled_keys_when_full() -> None:
    buckets = TokenBuckets(RateLimit(rate=1, burst=1), max_keys=10)
    for n in range(10):
        buckets.take(n, 0.0)
    assert buckets.take("new", 100.0) == 0.0  # the ten refilled buckets were dropped
    assert buckets.take("new", 100.0) > 0
    assert len(buckets._buckets) == 1


def test_scaling_limits() -> None:
    assert RateLimits().scaled(0) is None
    scaled = RateLimits().scaled(10)
    assert scaled is not None and scaled.per_ip.rate == RateLimits().per_ip.rate * 10


def test_notify_wakes_only_the_mailbox_and_watch_cleans_up() -> None:
    waiters = Waiters()
    with waiters.watch(b"a") as first, waiters.watch(b"a") as second, waiters.watch(b"b") as other:
        assert len(waiters) == 3
        waiters.notify(b"a")
        assert first.is_set() and second.is_set() and not other.is_set()
    assert len(waiters) == 0 and waiters._events == {}


async def _never_disconnects() -> Message:
    await asyncio.sleep(3600)
    return {"type": "http.disconnect"}


async def _disconnects() -> Message:
    return {"type": "http.disconnect"}


def test_wait_ends_on_wake_timeout_or_hang_up() -> None:
    async def scenario() -> tuple[bool, bool, bool, float]:
        event = asyncio.Event()
        asyncio.get_running_loop().call_later(0.01, event.set)
        woken = await wait_or_hang_up(event, _never_disconnects, 30)
        timed_out = await wait_or_hang_up(asyncio.Event(), _never_disconnects, 0.01)
        loop = asyncio.get_running_loop()
        started = loop.time()
        hung_up = await wait_or_hang_up(asyncio.Event(), _disconnects, 30)
        return woken, timed_out, hung_up, loop.time() - started

    woken, timed_out, hung_up, waited = asyncio.run(scenario())
    assert woken and timed_out and not hung_up
    assert waited < 30  # the hang-up ended the wait, not the timeout


def test_a_new_poll_beyond_the_cap_wakes_the_oldest_of_its_mailbox() -> None:
    """Regression: any number of polls could wait on one mailbox, each holding memory."""
    waiters = Waiters(per_mailbox=2)
    with waiters.watch(b"a") as oldest, waiters.watch(b"a") as middle:
        with waiters.watch(b"b") as other, waiters.watch(b"a") as newest:
            assert oldest.is_set() and not (middle.is_set() or newest.is_set() or other.is_set())
            assert len(waiters) == 3
        assert len(waiters) == 1
    assert len(waiters) == 0 and waiters._events == {}


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:1:2:3", "2001:db8:1:2::/64"),  # the same /64: the same bucket
        ("not:an:address", "not:an:address"),  # not an address: kept as it is
    ],
)
def test_an_ipv6_host_is_limited_by_its_64_network(host: str, key: str) -> None:
    """Regression: each IPv6 address had its own bucket, so one host hopping through its /64
    had an unlimited budget."""
    assert requester(Request({"type": "http", "client": (host, 1234)})) == key
