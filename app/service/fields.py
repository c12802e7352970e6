"""Typed, bounded reading of a decoded JSON object, shared by the content parsers (content.py,
group_content.py): every failure is InvalidContent."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from app.service.errors import InvalidContent


class Reader:
    """Typed, bounded access to a decoded JSON object; every failure is InvalidContent."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = fields

    def _get(self, key: str, kind: type | tuple[type, ...]) -> Any:
        value = self.fields.get(key)
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            raise InvalidContent(f"content field {key!r} is missing or has the wrong type")
        return value

    def text(self, key: str, max_chars: int, default: str | None = None) -> str:
        if default is not None and key not in self.fields:
            return default
        value: str = self._get(key, str)
        if len(value) > max_chars:
            raise InvalidContent(f"content field {key!r} is too long")
        return value

    def integer(self, key: str, low: int, high: int, default: int | None = None) -> int:
        if default is not None and key not in self.fields:
            return default
        value: int = self._get(key, int)
        if not low <= value <= high:
            raise InvalidContent(f"content field {key!r} is out of range")
        return value

    def boolean(self, key: str) -> bool:
        value: bool = self._get(key, bool)
        return value

    def hex_id(self, key: str, value: object = None) -> str:
        value = self.fields.get(key) if value is None else value
        if not isinstance(value, str) or not 1 <= len(value) <= 64 or not is_hex(value):
            raise InvalidContent(f"content field {key!r} is not a hex id")
        return value

    def items(self, key: str, max_items: int) -> list[Any]:
        value: list[Any] = self._get(key, list)
        if len(value) > max_items:
            raise InvalidContent(f"content field {key!r} has too many items")
        return value


def is_hex(value: str) -> bool:
    """Lowercase hex digits only (ids are compared as text, so "AB" and "ab" must not both pass)."""
    return all(c in "0123456789abcdef" for c in value)


def is_relay_url(url: str) -> bool:
    """An http(s) URL with a host. `urlsplit` raises on a malformed IPv6 host ("http://["): that
    is a no here, so a crafted record or link is refused like any other bad value."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)
