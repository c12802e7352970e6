"""The relay client: the only package that imports requests."""

from app.net.client import RelayClient
from app.net.errors import (
    BadAnswer,
    BadProxyUrl,
    NotFound,
    RateLimited,
    RelayError,
    RelayUnavailable,
)
from app.net.transport import check_proxy_url, redacted_proxy

__all__ = [
    "BadAnswer",
    "BadProxyUrl",
    "NotFound",
    "RateLimited",
    "RelayClient",
    "RelayError",
    "RelayUnavailable",
    "check_proxy_url",
    "redacted_proxy",
]
