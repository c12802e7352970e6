"""What the relay client raises. `RelayUnavailable` is worth retrying later; `RelayError` is a
refusal the relay explained (status, error code, detail)."""

from __future__ import annotations


class RelayError(Exception):
    """The relay refused a request with a 4xx/5xx and its JSON error body."""

    def __init__(self, status: int, error: str, detail: str) -> None:
        super().__init__(f"relay answered {status} {error}: {detail}")
        self.status = status
        self.error = error
        self.detail = detail


class RelayUnavailable(Exception):
    """The relay could not be reached: network down, refused connection, timeout. Retryable."""


class RateLimited(RelayError):
    """Too many requests (or a full mailbox); try again after `retry_after` seconds."""

    def __init__(self, status: int, error: str, detail: str, retry_after: float) -> None:
        super().__init__(status, error, detail)
        self.retry_after = retry_after


class NotFound(RelayError):
    """No such mailbox bundle or blob."""
