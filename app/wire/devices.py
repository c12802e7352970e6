"""What the relay reads of a device list statement (docs/devices.md): the fixed header and the
signature, never the devices. The full, strict parse is the client's (app.crypto.devices).

    statement = u8 version (1) || IK (32) || u64 revision || u64 issued_at || ... || signature (64)
    signature = Ed25519_sign(IK, DEVICE_LIST_DOMAIN || statement without its signature)
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Final

from app.wire.limits import DEVICE_LIST_MAX

DEVICE_LIST_DOMAIN: Final = b"Bisik_DeviceList_v1"  # = app.crypto.devices.DEVICE_LIST_DOMAIN
DEVICE_LIST_VERSION: Final = 1
_HEADER = struct.Struct(">B32sQQB")  # version, IK, revision, issued_at, device count
_SIGNATURE = 64
_DEVICE_ID = 16
_MAILBOX = 32
_SEALED_NAME = 105  # = app.crypto.devices.SEALED_NAME_BYTES
DEVICE_LIST_MIN = _HEADER.size + _SIGNATURE  # never valid (no devices), but parses this far
MAX_REVISION: Final = 2**63 - 1  # a u64 field, kept to what SQL's signed 64-bit integers hold


class BadStatement(ValueError):
    """Bytes whose header is not a device list statement's."""


@dataclass(frozen=True)
class StatementHeader:
    identity_key: bytes  # the account: the Ed25519 key that must have signed it
    revision: int
    signed: bytes  # the bytes the signature covers, DEVICE_LIST_DOMAIN first
    signature: bytes


def statement_header(statement: bytes) -> StatementHeader:
    """The account, revision and signed bytes of a statement; BadStatement if its size or version
    is wrong. Says nothing about the signature's validity or the devices."""
    if not DEVICE_LIST_MIN <= len(statement) <= DEVICE_LIST_MAX:
        raise BadStatement(f"a device list is {DEVICE_LIST_MIN} to {DEVICE_LIST_MAX} bytes")
    version, identity_key, revision, _, _ = _HEADER.unpack_from(statement)
    if version != DEVICE_LIST_VERSION:
        raise BadStatement(f"unknown device list version {version}")
    if not 1 <= revision <= MAX_REVISION:
        raise BadStatement(f"a device list's revision is 1 to {MAX_REVISION}")
    body = statement[:-_SIGNATURE]
    return StatementHeader(
        identity_key, revision, DEVICE_LIST_DOMAIN + body, statement[-_SIGNATURE:]
    )


def statement_mailboxes(statement: bytes) -> frozenset[bytes]:
    """The mailbox keys a statement's devices name (for the relay's check of a linked device's
    prekeys); BadStatement if the device entries are truncated. The header is checked as by
    statement_header; the signature is not (the relay stores only statements it verified)."""
    statement_header(statement)
    (count,) = _HEADER.unpack_from(statement)[4:]
    offset, end, mailboxes = _HEADER.size, len(statement) - _SIGNATURE, set()
    for _ in range(count):
        if offset + _DEVICE_ID + _MAILBOX + 2 > end:
            raise BadStatement("a device entry is truncated")
        mailbox = statement[offset + _DEVICE_ID : offset + _DEVICE_ID + _MAILBOX]
        (length,) = struct.unpack_from(">H", statement, offset + _DEVICE_ID + _MAILBOX)
        offset += _DEVICE_ID + _MAILBOX + 2 + length + _SEALED_NAME
        if offset > end:
            raise BadStatement("a device entry is truncated")
        mailboxes.add(mailbox)
    return frozenset(mailboxes)
