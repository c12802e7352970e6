"""Reading the relay's answers: its refusals as exceptions, and fields of its JSON that must
have the right type and encoding. A malformed answer is BadAnswer (retryable, app.net.errors)."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

import requests

from app.net.errors import BadAnswer, NotFound, RateLimited, RelayError, RelayUnavailable
from app.wire import KEM_PUBLIC_KEY_LEN, KemPreKey

_KEY_ID_MAX = 2**32 - 1
_SIGNATURE_LEN = 64


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


def exact_hex(text: str, length: int, name: str) -> bytes:
    """`length` bytes from exactly 2 * `length` lowercase hex digits (what the relay sends)."""
    if not re.fullmatch(f"[0-9a-f]{{{2 * length}}}", text):
        raise BadAnswer(200, f"{name} in the relay's answer is not {length} bytes of hex")
    return bytes.fromhex(text)


def kem_prekey(answer: dict[str, Any], name: str) -> KemPreKey | None:
    """The KEM prekey in `answer[name]`: None if null (or absent, as from a relay older than
    PQXDH); BadAnswer unless it is an object with a u32 `key_id`, a 1184-byte hex `public_key`,
    a 64-byte hex `signature` and a boolean `last_resort` (other fields are ignored, as in every
    answer)."""
    value = answer.get(name)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise BadAnswer(200, f"the relay's answer lacks a valid {name!r}")
    key_id = field(value, "key_id", int)
    if not 0 <= key_id <= _KEY_ID_MAX:
        raise BadAnswer(200, f"the {name!r} in the relay's answer has an invalid key id")
    last_resort = value.get("last_resort")
    if not isinstance(last_resort, bool):
        raise BadAnswer(200, f"the relay's answer lacks a valid {name!r} last_resort")
    return KemPreKey(
        key_id=key_id,
        public_key=exact_hex(field(value, "public_key", str), KEM_PUBLIC_KEY_LEN, "a KEM key"),
        signature=exact_hex(field(value, "signature", str), _SIGNATURE_LEN, "a KEM signature"),
        last_resort=last_resort,
    )
