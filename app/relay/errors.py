"""The relay's one error shape: every refusal is a 4xx with JSON `{"error", "detail"}`."""

from __future__ import annotations

from pydantic import BaseModel


class ErrorBody(BaseModel):
    error: str  # a stable machine-readable code, e.g. "bad_request", "rate_limited"
    detail: str  # a human-readable explanation


# The code used when a status is raised without one (routing errors, wrong methods and so on).
DEFAULT_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    409: "conflict",
    411: "length_required",
    413: "payload_too_large",
    415: "unsupported_media_type",
    416: "range_not_satisfiable",
    429: "rate_limited",
    500: "internal",
}


class RelayHTTPError(Exception):
    """Raised by a route to refuse a request with the standard error body."""

    def __init__(
        self,
        status: int,
        detail: str,
        error: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.error = error or DEFAULT_CODES.get(status, "error")
        self.detail = detail
        self.headers = headers or {}

    def body(self) -> dict[str, str]:
        return {"error": self.error, "detail": self.detail}


def rate_limited(
    retry_after: float, detail: str = "too many requests", error: str = "rate_limited"
) -> RelayHTTPError:
    """A 429 whose Retry-After (whole seconds, at least 1) says when to try again."""
    seconds = max(1, int(retry_after + 0.999))
    return RelayHTTPError(429, detail, error, headers={"Retry-After": str(seconds)})
