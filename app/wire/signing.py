"""The signed-request scheme: what bytes a mailbox owner signs, and in which headers.

A request that acts for a mailbox carries an Ed25519 signature, by the mailbox key, over
`signing_message(...)`: the method, the raw path, the raw query string, the SHA-256 of the body,
a unix timestamp and a random nonce, one per line after a fixed domain label. The relay refuses a
timestamp more than CLOCK_SKEW_SECONDS away and a nonce it saw in the last NONCE_WINDOW_SECONDS.
"""

from __future__ import annotations

import hashlib
from typing import Final

DOMAIN: Final = b"bisik-relay-request-v1"
KEM_PREKEY_DOMAIN: Final = b"Bisik_KEMPreKey_v1"


class SignedHeaders:
    """Header names of a signed request."""

    TIMESTAMP: Final = "X-Bisik-Timestamp"  # integer unix seconds
    NONCE: Final = "X-Bisik-Nonce"  # 32 lowercase hex characters (16 random bytes)
    SIGNATURE: Final = "X-Bisik-Signature"  # 128 lowercase hex characters (64 bytes)


def body_digest(body: bytes) -> str:
    """Lowercase hex SHA-256 of the request body (of b"" when there is none)."""
    return hashlib.sha256(body).hexdigest()


def signing_message(
    method: str, path: str, query: str, body: bytes, timestamp: int, nonce: str
) -> bytes:
    """The exact bytes a mailbox key signs for one request."""
    lines = (method.upper(), path, query, body_digest(body), str(timestamp), nonce)
    return DOMAIN + b"\n" + "\n".join(lines).encode("utf-8")


def prekey_signing_message(public_key: bytes) -> bytes:
    """What a signed prekey's signature covers: Encode(SPK) = 0x05 || the X25519 key."""
    return b"\x05" + public_key


def kem_prekey_signing_message(public_key: bytes) -> bytes:
    """What a KEM prekey's signature covers: KEM_PREKEY_DOMAIN || the ML-KEM-768 key (the client's
    crypto layer defines the same bytes on its own; a test checks that they agree)."""
    return KEM_PREKEY_DOMAIN + public_key
