"""Outbox retry delays: exponential, jittered, never below 1 s or above 60 s."""

from __future__ import annotations

import random

from app.service.backoff import BASE_DELAY, MAX_DELAY, retry_delay


def test_delays_stay_within_bounds_for_any_attempt() -> None:
    rng = random.Random(7)
    for attempts in range(0, 200):
        assert BASE_DELAY <= retry_delay(attempts, rng) <= MAX_DELAY


def test_ceiling_grows_exponentially_then_caps() -> None:
    rng = random.Random(1)
    worst = [max(retry_delay(a, rng) for _ in range(400)) for a in (1, 2, 3, 4, 8, 30)]
    assert worst[0] == BASE_DELAY
    assert 1.5 < worst[1] <= 2.0
    assert 3.0 < worst[2] <= 4.0
    assert 6.0 < worst[3] <= 8.0
    assert 50.0 < worst[4] <= MAX_DELAY
    assert 50.0 < worst[5] <= MAX_DELAY


def test_jitter_spreads_clients_apart() -> None:
    rng = random.Random(3)
    assert len({round(retry_delay(6, rng), 3) for _ in range(50)}) > 40
