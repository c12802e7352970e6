"""HKDF-SHA256 and the Double Ratchet's KDFs, with distinct types for root, chain and message keys.

The key types are bytes subclasses (cheap on the per-message path) whose repr and str hide the
value; mypy keeps them apart, so a chain key cannot be passed where a root key belongs.
"""

from __future__ import annotations

import hmac

HASH = "sha256"
HASH_LEN = 32
ZERO_SALT = bytes(32)
RATCHET_INFO = b"Bisik_Ratchet_v1"
MESSAGE_KEYS_INFO = b"Bisik_MessageKeys_v1"
_MESSAGE_KEY_BLOCK = b"\x01"
_CHAIN_KEY_BLOCK = b"\x02"
_COUNTERS = [bytes((i,)) for i in range(256)]


def hkdf(ikm: bytes, salt: bytes, info: bytes, length: int) -> bytes:
    """HKDF-SHA256 (RFC 5869): extract with `salt`, expand to `length` bytes."""
    if not 0 < length <= 255 * HASH_LEN:
        raise ValueError("HKDF output length out of range")
    prk = hmac.digest(salt, ikm, HASH)
    block = hmac.digest(prk, info + b"\x01", HASH)
    output = block
    for counter in range(2, -(-length // HASH_LEN) + 1):
        block = hmac.digest(prk, block + info + _COUNTERS[counter], HASH)
        output += block
    return output if len(output) == length else output[:length]


class _Secret(bytes):
    """32 secret bytes that never show up in a repr, str or f-string."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(<secret>)"

    __str__ = __repr__


class RootKey(_Secret):
    __slots__ = ()


class ChainKey(_Secret):
    __slots__ = ()


class MessageKey(_Secret):
    __slots__ = ()


def kdf_rk(root_key: RootKey, dh_output: bytes) -> tuple[RootKey, ChainKey]:
    """KDF_RK: HKDF(ikm = dh, salt = rk, info = "Bisik_Ratchet_v1", 64) -> new rk, chain key."""
    out = hkdf(dh_output, root_key, RATCHET_INFO, 64)
    return RootKey(out[:32]), ChainKey(out[32:])


def kdf_ck(chain_key: ChainKey) -> tuple[ChainKey, MessageKey]:
    """KDF_CK: mk = HMAC(ck, 0x01), next ck = HMAC(ck, 0x02)."""
    return (
        ChainKey(hmac.digest(chain_key, _CHAIN_KEY_BLOCK, HASH)),
        MessageKey(hmac.digest(chain_key, _MESSAGE_KEY_BLOCK, HASH)),
    )


def message_key_material(message_key: MessageKey) -> tuple[bytes, bytes]:
    """The AEAD key (32) and nonce (24): HKDF(mk, 0x00*32, "Bisik_MessageKeys_v1", 56)."""
    out = hkdf(message_key, ZERO_SALT, MESSAGE_KEYS_INFO, 56)
    return out[:32], out[32:]
