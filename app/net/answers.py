"""Reading the relay's answers: its refusals as exceptions, and fields of its JSON that must
have the right type and encoding. A malformed answer is BadAnswer (retryable, app.net.errors)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import requests

from app.net.errors import BadAnswer, NotFound, RateLimited, RelayError, RelayUnavailable


def error_from(response: requests.Response) -> Exception:
    """The exception for a refusal, from the relay's `{"error", "detail"}` body."""
    status = response.status_code
    try:
        body = response.json()
        error, detail = str(body["error"]), str(body["detail"])
    except (ValueError, KeyError, TypeError):
        error, detail = f"http_{status}", response.text
    detail = detail[:200]
    if status >= 500:  # a relay in trouble, or a network that garbles: try again later
        return RelayUnavailable(f"relay answered {status}: {detail}")
    if status == 429:
        try:
            retry_after = float(response.headers.get("Retry-After", "1"))
        except ValueError:
            retry_after = 1.0
        return RateLimited(status, error, detail, retry_after)
    if status == 404:
        return NotFound(status, error, detail)
    return RelayError(status, error, detail)


def field(answer: dict[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    value = answer.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise BadAnswer(200, f"the relay's answer lacks a valid {name!r}")
    return value


def hex_bytes(text: str) -> bytes:
    try:
        return bytes.fromhex(text)
    except ValueError:
        raise BadAnswer(200, "a key in the relay's answer is not hex") from None


def b64_bytes(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise BadAnswer(200, "a value in the relay's answer is not base64") from None
