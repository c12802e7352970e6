"""Sealed sender with padding: the relay sees a bucket-sized blob and a recipient, never the sender.

Layout (v2), all lengths fixed except the padded content:
    envelope = 0x02 || E_pub (32) || static_ct (16 + 32 + 16) || content_ct (padded + 16)
Ephemeral layer: chain (32) || key (32) = HKDF(DH(E, IK_B), salt = E_pub,
"Bisik_SealedSender_Eph_v1", 64) and static_ct = AEAD(key, sender device id (16) || IK_A (32),
ad = 0x02 || E_pub), hiding the sender. The sender's account is no claim here: it is derived from
IK_A (app/crypto/identity.py), which the static layer proves.
Static layer: key = HKDF(DH(IK_A, IK_B), salt = chain, "Bisik_SealedSender_Static_v1" || static_ct),
content_ct = AEAD(key, pad(content), ad = 0x02 || E_pub || static_ct), proving IK_A to the
recipient. Both keys are used once, so the nonces are zero. Padding: content || 0x80 || 0x00...,
sized so the whole envelope is exactly one bucket.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.crypto import aead
from app.crypto.errors import ContentTooLarge, InvalidMessage
from app.crypto.kdf import hkdf
from app.crypto.keys import KEY_LEN, IdentityKeyPair, KeyPair, dh, identity_dh_public

VERSION = 0x02  # v2: the 16 bytes beside IK_A name the sender's device, not an account
BUCKETS = (1024, 4096, 16384, 65536)
DEVICE_LEN = 16
EPHEMERAL_INFO = b"Bisik_SealedSender_Eph_v1"
STATIC_INFO = b"Bisik_SealedSender_Static_v1"
_PREFIX_LEN = 1 + KEY_LEN
_STATIC_CT_LEN = DEVICE_LEN + KEY_LEN + aead.TAG_LEN
OVERHEAD = _PREFIX_LEN + _STATIC_CT_LEN + aead.TAG_LEN + 1  # the +1 is the padding marker
MAX_CONTENT = BUCKETS[-1] - OVERHEAD


@dataclass(frozen=True)
class Opened:
    """What the recipient learns from an envelope."""

    sender_device: bytes  # 16 raw bytes
    sender_identity_key: bytes  # Ed25519, authenticated by the static layer
    content: bytes


def bucket_for(content_length: int) -> int:
    """The smallest envelope size that carries `content_length` bytes of content."""
    for bucket in BUCKETS:
        if content_length + OVERHEAD <= bucket:
            return bucket
    raise ContentTooLarge(
        f"{content_length} bytes exceed the largest envelope ({MAX_CONTENT} bytes of content): "
        "send it as an encrypted attachment"
    )


def pad(content: bytes, padded_length: int) -> bytes:
    return content + b"\x80" + bytes(padded_length - len(content) - 1)


def unpad(padded: bytes) -> bytes:
    content = padded.rstrip(b"\x00")
    if not content.endswith(b"\x80"):
        raise InvalidMessage("bad padding")
    return content[:-1]


def _static_key(chain: bytes, static_dh: bytes, static_ct: bytes) -> bytes:
    return hkdf(static_dh, chain, STATIC_INFO + static_ct, 32)


def seal(
    sender: IdentityKeyPair, sender_device: bytes, recipient_identity_key: bytes, content: bytes
) -> bytes:
    """Encrypt `content` to the recipient's identity key, hiding and proving the sender."""
    if len(sender_device) != DEVICE_LEN:
        raise ValueError("a device id is 16 bytes")
    bucket = bucket_for(len(content))
    recipient_dh = identity_dh_public(recipient_identity_key)
    ephemeral = KeyPair.generate()
    prefix = bytes((VERSION,)) + ephemeral.public
    secrets = hkdf(dh(ephemeral.private, recipient_dh), ephemeral.public, EPHEMERAL_INFO, 64)
    static_ct = aead.encrypt(secrets[32:], aead.ZERO_NONCE, sender_device + sender.public, prefix)
    key = _static_key(secrets[:32], dh(sender.dh.private, recipient_dh), static_ct)
    padded = pad(content, bucket - OVERHEAD + 1)
    return prefix + static_ct + aead.encrypt(key, aead.ZERO_NONCE, padded, prefix + static_ct)


def unseal(recipient: IdentityKeyPair, envelope: bytes) -> Opened:
    """Open an envelope; any wrong size, version, key or byte is InvalidMessage."""
    if len(envelope) not in BUCKETS:
        raise InvalidMessage("an envelope is exactly one of the bucket sizes")
    if envelope[0] != VERSION:
        raise InvalidMessage("unknown sealed-sender version")
    prefix = envelope[:_PREFIX_LEN]
    ephemeral_public = envelope[1:_PREFIX_LEN]
    static_ct = envelope[_PREFIX_LEN : _PREFIX_LEN + _STATIC_CT_LEN]
    secrets = hkdf(dh(recipient.dh.private, ephemeral_public), ephemeral_public, EPHEMERAL_INFO, 64)
    sender = aead.decrypt(secrets[32:], aead.ZERO_NONCE, static_ct, prefix)
    sender_device, sender_key = sender[:DEVICE_LEN], sender[DEVICE_LEN:]
    static_dh = dh(recipient.dh.private, identity_dh_public(sender_key))
    key = _static_key(secrets[:32], static_dh, static_ct)
    padded = aead.decrypt(
        key, aead.ZERO_NONCE, envelope[_PREFIX_LEN + _STATIC_CT_LEN :], prefix + static_ct
    )
    return Opened(sender_device, sender_key, unpad(padded))
