"""A bounds-checked cursor over bytes: every parser fails with one typed error and nothing else."""

from __future__ import annotations

import struct

from app.crypto.errors import ProtocolError

_U32 = struct.Struct(">I")


class Reader:
    """Reads fixed-size fields front to back; any overrun or leftover raises `error`."""

    __slots__ = ("_data", "_error", "_pos")

    def __init__(self, data: bytes, error: type[ProtocolError]) -> None:
        if not isinstance(data, bytes | bytearray | memoryview):
            raise error("expected bytes")
        self._data = bytes(data)
        self._error = error
        self._pos = 0

    def take(self, length: int) -> bytes:
        end = self._pos + length
        if length < 0 or end > len(self._data):
            raise self._error("truncated")
        chunk = self._data[self._pos : end]
        self._pos = end
        return chunk

    def u8(self) -> int:
        return self.take(1)[0]

    def u32(self) -> int:
        value: int = _U32.unpack(self.take(4))[0]
        return value

    def rest(self) -> bytes:
        chunk = self._data[self._pos :]
        self._pos = len(self._data)
        return chunk

    def expect_end(self) -> None:
        if self._pos != len(self._data):
            raise self._error("trailing bytes")


def u32(value: int) -> bytes:
    """Big-endian u32, the only integer width in Bisik's framing."""
    return _U32.pack(value)
