"""Framing of ratchet messages (what goes inside a sealed envelope), version 1.

    normal     = 0x01 || 0x01 || header (40) || ciphertext
    prekey     = 0x01 || 0x02 || IK_A (32, Ed25519) || EK_A (32) || u32be(SPK id)
                 || u8(has OPK) || u32be(OPK id, 0 if none) || header (40) || ciphertext
    prekey v2  = 0x01 || 0x03 || the prekey fields up to the OPK id || u32be(KEM prekey id)
                 || KEM ciphertext (1088) || header (40) || ciphertext        (PQXDH)
The initiator sends the prekey form until the first reply arrives.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto.aead import TAG_LEN
from app.crypto.kem import CIPHERTEXT_LEN as KEM_CIPHERTEXT_LEN
from app.crypto.keys import KEY_LEN
from app.crypto.ratchet import HEADER_LEN
from app.crypto.reader import Reader, u32
from app.session.errors import InvalidMessage

VERSION = 0x01
KIND_NORMAL = 0x01
KIND_PREKEY = 0x02
KIND_PREKEY_PQ = 0x03
NORMAL_OVERHEAD = 2 + HEADER_LEN + TAG_LEN
PREKEY_OVERHEAD = NORMAL_OVERHEAD + 2 * KEY_LEN + 9 + 4 + KEM_CIPHERTEXT_LEN  # the v2 form's


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
    kem_prekey_id: int | None = None  # v2 (PQXDH): the KEM prekey and the ciphertext to it
    kem_ciphertext: bytes | None = None


def encode_normal(header: bytes, ciphertext: bytes) -> bytes:
    return bytes((VERSION, KIND_NORMAL)) + header + ciphertext


def encode_prekey(
    identity_key: bytes,
    base_key: bytes,
    signed_prekey_id: int,
    one_time_prekey_id: int | None,
    header: bytes,
    ciphertext: bytes,
    kem: tuple[int, bytes] | None = None,
) -> bytes:
    """The prekey form; with `kem` (KEM prekey id, KEM ciphertext) its v2 (PQXDH) form."""
    has_opk = one_time_prekey_id is not None
    kem_fields = () if kem is None else (u32(kem[0]), kem[1])
    return b"".join(
        (
            bytes((VERSION, KIND_PREKEY if kem is None else KIND_PREKEY_PQ)),
            identity_key,
            base_key,
            u32(signed_prekey_id),
            bytes((has_opk,)),
            u32(one_time_prekey_id or 0),
            *kem_fields,
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
    elif kind in (KIND_PREKEY, KIND_PREKEY_PQ):
        identity_key, base_key, spk_id = r.take(KEY_LEN), r.take(KEY_LEN), r.u32()
        has_opk, opk_id = r.u8(), r.u32()
        if has_opk > 1 or (not has_opk and opk_id):
            raise InvalidMessage("bad one-time prekey field")
        kem_id, kem_ciphertext = None, None
        if kind == KIND_PREKEY_PQ:
            kem_id, kem_ciphertext = r.u32(), r.take(KEM_CIPHERTEXT_LEN)
        message = PreKeyMessage(
            identity_key,
            base_key,
            spk_id,
            opk_id if has_opk else None,
            r.take(HEADER_LEN),
            r.rest(),
            kem_id,
            kem_ciphertext,
        )
    else:
        raise InvalidMessage("unknown message kind")
    if len(message.ciphertext) < TAG_LEN:
        raise InvalidMessage("truncated ciphertext")
    return message
