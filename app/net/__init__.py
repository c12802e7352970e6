"""The relay client: the only package that imports requests."""

from app.net.client import RelayClient
from app.net.errors import NotFound, RateLimited, RelayError, RelayUnavailable

__all__ = ["NotFound", "RateLimited", "RelayClient", "RelayError", "RelayUnavailable"]
