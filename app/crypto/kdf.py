"""HKDF-SHA256 and the Double Ratchet's KDFs, with distinct types for root, chain and message keys.

The key types are bytes subclasses (cheap on the per-message path) whose repr and str hide the
value; mypy keeps them apart, so a chain key cannot be passed where a root key belongs.
"""

from __future__ import annotations

import hashlib
import hmac

HASH = "sha256"
HASH_LEN = 32
ZERO_SALT = bytes(32)
RATCHET_INFO = b"Bisik_Ratchet_v1"
MESSAGE_KEYS_INFO = b"Bisik_MessageKeys_v1"
_MESSAGE_KEY_BLOCK = b"\x01"
_CHAIN_KEY_BLOCK = b"\x02"
_COUNTERS = [bytes((i,)) for i in range(256)]
_RATCHET_T1, _RATCHET_T2 = RATCHET_INFO + b"\x01", RATCHET_INFO + b"\x02"  # Expand's inputs
MESSAGE_KEYS_T1 = MESSAGE_KEYS_INFO + b"\x01"  # HKDF-Expand's input for T(1), the AEAD key
MESSAGE_KEYS_T2 = MESSAGE_KEYS_INFO + b"\x02"  # ... for T(2) after T(1); its first 24 are the nonce
_ZERO_SALT_BLOCK = ZERO_SALT.ljust(64, b"\x00")  # HMAC pads its key to SHA-256's 64-byte block

# HKDF-Extract of the message keys has a constant salt (0x00*32), so HMAC's key schedule for it
# (RFC 2104: SHA-256 over key ^ ipad, and over key ^ opad) is computed once; each message copies
# the two hash states instead of hashing the padded key again.
ZERO_SALT_INNER = hashlib.sha256(bytes(b ^ 0x36 for b in _ZERO_SALT_BLOCK))
ZERO_SALT_OUTER = hashlib.sha256(bytes(b ^ 0x5C for b in _ZERO_SALT_BLOCK))


def extract_zero_salt(ikm: bytes) -> bytes:
    """HKDF-Extract(salt = 0x00*32, ikm) = HMAC-SHA256(0x00*32, ikm), from the saved states."""
    inner = ZERO_SALT_INNER.copy()
    inner.update(ikm)
    outer = ZERO_SALT_OUTER.copy()
    outer.update(inner.digest())
    return outer.digest()


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
    """KDF_RK: HKDF(ikm = dh, salt = rk, info = "Bisik_Ratchet_v1", 64) -> new rk, chain key.

    The 64 bytes are HKDF-Expand's T(1) || T(2), written out: rk = T(1), ck = T(2).
    """
    prk = hmac.digest(root_key, dh_output, HASH)
    new_root_key = hmac.digest(prk, _RATCHET_T1, HASH)
    return RootKey(new_root_key), ChainKey(hmac.digest(prk, new_root_key + _RATCHET_T2, HASH))


def kdf_ck(chain_key: ChainKey) -> tuple[ChainKey, MessageKey]:
    """KDF_CK: mk = HMAC(ck, 0x01), next ck = HMAC(ck, 0x02)."""
    return (
        ChainKey(hmac.digest(chain_key, _CHAIN_KEY_BLOCK, HASH)),
        MessageKey(hmac.digest(chain_key, _MESSAGE_KEY_BLOCK, HASH)),
    )


def message_key_material(message_key: MessageKey) -> tuple[bytes, bytes]:
    """The AEAD key (32) and nonce (24): HKDF(mk, 0x00*32, "Bisik_MessageKeys_v1", 56).

    The 56 bytes are T(1) || T(2)[:24] of HKDF-Expand, so the key is T(1) as it is.
    """
    prk = extract_zero_salt(message_key)
    key = hmac.digest(prk, MESSAGE_KEYS_T1, HASH)
    return key, hmac.digest(prk, key + MESSAGE_KEYS_T2, HASH)[:24]
