"""What the relay client raises. `RelayUnavailable` is worth retrying later; `RelayError` is a
refusal the relay explained (status, error code, detail).

An answer that does not parse, and any 5xx, count as unavailable rather than refused: on a hostile
or flaky network the answer was most likely garbled on the way, and a retry is safe (sends carry
an idempotency key; a tampered envelope never decrypts). Dropping a message for it would lose it."""

from __future__ import annotations


class RelayError(Exception):
    """The relay refused a request with a 4xx/5xx and its JSON error body."""

    def __init__(self, status: int, error: str, detail: str) -> None:
        super().__init__(f"relay answered {status} {error}: {detail}")
        self.status = status
        self.error = error
        self.detail = detail


class RelayUnavailable(Exception):
    """The relay could not be reached: network down, refused connection, timeout, 5xx. Retryable."""


class BadAnswer(RelayUnavailable):
    """An answer that does not parse (not JSON, a field missing or of the wrong type). Retryable,
    like an unreachable relay (module docstring)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"relay answered {status} with a malformed body: {detail}")
        self.status = status
        self.error = "bad_response"
        self.detail = detail


class RateLimited(RelayError):
    """Too many requests (or a full mailbox); try again after `retry_after` seconds."""

    def __init__(self, status: int, error: str, detail: str, retry_after: float) -> None:
        super().__init__(status, error, detail)
        self.retry_after = retry_after


class NotFound(RelayError):
    """No such mailbox bundle or blob."""


class BadProxyUrl(ValueError):
    """A proxy setting that is not `socks5h://[user:password@]host:port`. The message never
    repeats the URL, which may hold a password."""
