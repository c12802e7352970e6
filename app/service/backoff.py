"""Retry delays for the outbox: exponential backoff with full jitter, bounded to 1 s .. 60 s."""

from __future__ import annotations

import random

BASE_DELAY = 1.0
MAX_DELAY = 60.0


def retry_delay(attempts: int, rng: random.Random | None = None) -> float:
    """Seconds to wait after `attempts` failed tries (1 = the first failure).

    The ceiling doubles with each attempt up to MAX_DELAY and the delay is drawn uniformly from
    [BASE_DELAY, ceiling], so clients that failed together do not retry together.
    """
    ceiling = min(MAX_DELAY, BASE_DELAY * 2 ** min(max(attempts - 1, 0), 16))
    return (rng or random).uniform(BASE_DELAY, ceiling)
