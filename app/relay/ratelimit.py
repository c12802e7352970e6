"""Token-bucket rate limits, held in memory only (the keys include IP addresses, never stored)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class RateLimit:
    rate: float  # tokens added per second
    burst: float  # bucket size: requests allowed at once after a quiet period


@dataclass(frozen=True)
class RateLimits:
    """The relay's limits. `scaled(0)` turns them all off (tests, benchmarks)."""

    per_ip: RateLimit = RateLimit(rate=50, burst=200)  # every request
    per_mailbox: RateLimit = RateLimit(rate=20, burst=200)  # sends to it; its owner, apart
    bundle_per_ip: RateLimit = RateLimit(rate=0.5, burst=30)  # prekey bundle fetches by requester
    bundle_per_target: RateLimit = RateLimit(rate=1, burst=60)  # ... and of one mailbox's bundle
    lookups_per_ip: RateLimit = RateLimit(rate=2, burst=120)  # device list fetches by requester
    provisioning_per_ip: RateLimit = RateLimit(rate=0.5, burst=30)  # linking a device, per IP

    def scaled(self, factor: float) -> RateLimits | None:
        """Every rate and burst multiplied by `factor`; None (no limits) for factor 0."""
        if factor == 0:
            return None

        def scale(limit: RateLimit) -> RateLimit:
            return RateLimit(limit.rate * factor, max(1.0, limit.burst * factor))

        return replace(
            self,
            per_ip=scale(self.per_ip),
            per_mailbox=scale(self.per_mailbox),
            bundle_per_ip=scale(self.bundle_per_ip),
            bundle_per_target=scale(self.bundle_per_target),
            lookups_per_ip=scale(self.lookups_per_ip),
            provisioning_per_ip=scale(self.provisioning_per_ip),
        )


@dataclass
class TokenBuckets:
    """One bucket per key; `take` answers 0.0 (allowed) or the seconds until a token is due."""

    limit: RateLimit | None
    max_keys: int = 100_000
    _buckets: dict[object, tuple[float, float]] = field(default_factory=dict)  # tokens, updated

    def take(self, key: object, now: float) -> float:
        if self.limit is None:
            return 0.0
        tokens, updated = self._buckets.get(key, (self.limit.burst, now))
        tokens = min(self.limit.burst, tokens + (now - updated) * self.limit.rate)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.limit.rate
        if key not in self._buckets and len(self._buckets) >= self.max_keys:
            self._forget_full(now)
        self._buckets[key] = (tokens - 1.0, now)
        return 0.0

    def _forget_full(self, now: float) -> None:
        """Drop buckets that have refilled (they equal a fresh one); if none, start over."""
        assert self.limit is not None
        limit = self.limit
        self._buckets = {
            key: (tokens, updated)
            for key, (tokens, updated) in self._buckets.items()
            if tokens + (now - updated) * limit.rate < limit.burst
        }
        if len(self._buckets) >= self.max_keys:
            self._buckets.clear()
