"""What an operator (or a test) can configure about a relay."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.relay.ratelimit import RateLimits
from app.wire import BLOB_BUCKETS, MAILBOX_QUOTA, PROVISIONING_TTL_SECONDS

DAY = 86_400.0
WOKEN_POLL_THREADS = 2  # a thread-safe store's lane for woken long-polls (deps.Relay.run_woken)


@dataclass(frozen=True)
class RelayConfig:
    ttl_seconds: float = 14 * DAY  # envelopes and blobs are deleted this long after arrival
    provisioning_ttl: float = PROVISIONING_TTL_SECONDS  # a device-linking message, likewise
    sweep_interval: float = 60.0  # seconds between expiry sweeps
    body_timeout: float = 30.0  # seconds a request body may stall before a 408
    mailbox_quota: int = MAILBOX_QUOTA
    max_blob_size: int = BLOB_BUCKETS[-1]
    rate_limits: RateLimits | None = field(default_factory=RateLimits)
