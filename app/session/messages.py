"""Framing of ratchet messages (what goes inside a sealed envelope), version 1.

    normal  = 0x01 || 0x01 || header (40) || ciphertext
    prekey  = 0x01 || 0x02 || IK_A (32, Ed25519) || EK_A (32) || u32be(SPK id)
              || u8(has OPK) || u32be(OPK id, 0 if none) || header (40) || ciphertext
The initiator sends the prekey form until the first reply arrives.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.aead import TAG_LEN
from app.crypto.keys import KEY_LEN
from app.crypto.ratchet import HEADER_LEN
from app.crypto.reader import Reader, u32
from app.session.errors import InvalidMessage

VERSION = 0x01
KIND_NORMAL = 0x01
KIND_PREKEY = 0x02
NORMAL_OVERHEAD = 2 + HEADER_LEN + TAG_LEN
PREKEY_OVERHEAD = NORMAL_OVERHEAD + 2 * KEY_LEN + 9


@dataclass(frozen=True)
class NormalMessage:
    header: bytes
    ciphertext: bytes


@dataclass(frozen=True)
class PreKeyMessage:
    identity_key: bytes
    base_key: bytes  # the initiator's X3DH ephemeral public key
    signed_prekey_id: int
    one_time_prekey_id: int | None
    header: bytes
    ciphertext: bytes


def encode_normal(header: bytes, ciphertext: bytes) -> bytes:
    return bytes((VERSION, KIND_NORMAL)) + header + ciphertext


def encode_prekey(
    identity_key: bytes,
    base_key: bytes,
    signed_prekey_id: int,
    one_time_prekey_id: int | None,
    header: bytes,
    ciphertext: bytes,
) -> bytes:
    has_opk = one_time_prekey_id is not None
    return b"".join(
        (
            bytes((VERSION, KIND_PREKEY)),
            identity_key,
            base_key,
            u32(signed_prekey_id),
            bytes((has_opk,)),
            u32(one_time_prekey_id or 0),
            header,
            ciphertext,
        )
    )


def parse_message(data: bytes) -> NormalMessage | PreKeyMessage:
    """Parse either form; anything else is InvalidMessage."""
    r = Reader(data, InvalidMessage)
    if r.u8() != VERSION:
        raise InvalidMessage("unknown message version")
    kind = r.u8()
    if kind == KIND_NORMAL:
        message: NormalMessage | PreKeyMessage = NormalMessage(r.take(HEADER_LEN), r.rest())
    elif kind == KIND_PREKEY:
        identity_key, base_key, spk_id = r.take(KEY_LEN), r.take(KEY_LEN), r.u32()
        has_opk, opk_id = r.u8(), r.u32()
        if has_opk > 1 or (not has_opk and opk_id):
            raise InvalidMessage("bad one-time prekey field")
        message = PreKeyMessage(
            identity_key,
            base_key,
            spk_id,
            opk_id if has_opk else None,
            r.take(HEADER_LEN),
            r.rest(),
        )
    else:
        raise InvalidMessage("unknown message kind")
    if len(message.ciphertext) < TAG_LEN:
        raise InvalidMessage("truncated ciphertext")
    return message
