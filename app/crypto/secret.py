"""Secrets kept short-lived in memory: wiping them, and no core dumps (docs/store.md).

A secret Bisik owns lives in a bytearray, which `wipe` zeroes with libsodium's `sodium_memzero`
(a store the compiler may not drop) when the profile locks. Where a library insists on immutable
bytes or str (PyNaCl's keys, a BLOB that sqlcipher3 returns, the PRAGMA that keys SQLCipher),
there is one such object, short-lived, and `wipe_in_place` overwrites it before it is dropped.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
from collections.abc import Iterator

from nacl._sodium import ffi, lib

_HEX_DIGITS = b"0123456789abcdef"
# Where the characters of a bytes object and of a compact ASCII str start, counted from id(): the
# size of an empty one minus its terminating NUL.
_BYTES_DATA = sys.getsizeof(b"") - 1
_ASCII_DATA = sys.getsizeof("") - 1


def _zero(address: int, size: int) -> None:
    if hasattr(lib, "sodium_memzero"):
        lib.sodium_memzero(ffi.cast("void *", address), size)
    else:  # pragma: no cover - every libsodium PyNaCl ships has it
        ctypes.memset(address, 0, size)


def wipe(buffer: bytearray) -> None:
    """Overwrite `buffer` with zeros (its length stays)."""
    if buffer:
        with ffi.from_buffer(buffer) as view:
            _zero(int(ffi.cast("uintptr_t", view)), len(buffer))


@contextlib.contextmanager
def scratch(size: int) -> Iterator[bytearray]:
    """A zeroed bytearray of `size` bytes for a secret's short life, wiped when the block ends."""
    buffer = bytearray(size)
    try:
        yield buffer
    finally:
        wipe(buffer)


def write_hex(data: bytes | bytearray, into: bytearray | memoryview, at: int = 0) -> None:
    """Spell `data` in lowercase hex into `into[at:]`, making no other copy (unlike bytes.hex)."""
    for i, byte in enumerate(data):
        into[at + 2 * i] = _HEX_DIGITS[byte >> 4]
        into[at + 2 * i + 1] = _HEX_DIGITS[byte & 15]


def _data_offset(value: bytes | str) -> int | None:
    if sys.implementation.name != "cpython" or len(value) < 2:
        return None  # elsewhere id() is no address; empty and 1-character objects are shared
    if type(value) is bytes:
        return _BYTES_DATA
    if type(value) is str and value.isascii():
        return _ASCII_DATA
    raise TypeError("only bytes and ASCII str can be wiped in place")


def wipe_in_place(value: bytes | str) -> None:
    """Overwrite the characters of an immutable bytes or ASCII str object with zeros, in place.

    The deliberate exception to immutability, for a secret a library insists be bytes or str: only
    for an object that is exclusively ours and about to be dropped (made at run time, never a
    constant, never handed to anyone who keeps it). Everyone still holding it sees zeros from then
    on, and its cached hash goes stale. CPython only (elsewhere this does nothing): the characters
    sit at a fixed offset from id(value), measured above from an empty object's size.
    """
    offset = _data_offset(value)
    if offset is not None:
        _zero(id(value) + offset, len(value))


def disable_core_dumps() -> None:
    """No core file may carry a key out of the process: RLIMIT_CORE = 0 where there is one."""
    try:
        import resource
    except ImportError:  # Windows: no core dumps to switch off
        return
    with contextlib.suppress(OSError, ValueError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
