"""Safety numbers: Signal's numeric fingerprint (iterated SHA-512) over both identity keys.

Each side's half is 30 digits: starting from version (u16 0) || Encode(IK) || account id, 5200
times h = SHA-512(h || Encode(IK)) (libsignal's NumericFingerprintGenerator), then the first 30
bytes as six 5-byte big-endian numbers mod 100000. The two halves are sorted, so both users see the
same 60 digits. The QR payload carries both halves' raw bytes in the
scanner's order (own first), so a scan compares the exact fingerprints rather than digits.
"""

from __future__ import annotations

import hashlib

from app.crypto.keys import encode_public, identity_dh_public

ITERATIONS = 5200
FINGERPRINT_VERSION = b"\x00\x00"
QR_VERSION = b"\x01"
_FINGERPRINT_LEN = 30


def fingerprint(account: str, encoded_key: bytes) -> bytes:
    """One side's 30 bytes over `Encode(X25519 identity key)`, exactly as libsignal computes them,
    so Signal's published test vectors check this function."""
    digest = FINGERPRINT_VERSION + encoded_key + account.encode()  # not hashed alone, as in Signal
    for _ in range(ITERATIONS):
        digest = hashlib.sha512(digest + encoded_key).digest()
    return digest[:_FINGERPRINT_LEN]


def _fingerprint(account: str, identity_key: bytes) -> bytes:
    """The fingerprint of an Ed25519 identity key, taken over its X25519 form."""
    return fingerprint(account, encode_public(identity_dh_public(identity_key)))


def _digits(fingerprint: bytes) -> str:
    chunks = (fingerprint[i : i + 5] for i in range(0, _FINGERPRINT_LEN, 5))
    return "".join(f"{int.from_bytes(chunk, 'big') % 100000:05d}" for chunk in chunks)


def safety_number(own_account: str, own_key: bytes, peer_account: str, peer_key: bytes) -> str:
    """60 digits in 12 groups of 5, identical on both sides."""
    halves = sorted(
        (_digits(_fingerprint(own_account, own_key)), _digits(_fingerprint(peer_account, peer_key)))
    )
    digits = "".join(halves)
    return " ".join(digits[i : i + 5] for i in range(0, 60, 5))


def safety_qr_payload(
    own_account: str, own_key: bytes, peer_account: str, peer_key: bytes
) -> bytes:
    """Version || own fingerprint (30) || peer fingerprint (30), for the QR code."""
    return QR_VERSION + _fingerprint(own_account, own_key) + _fingerprint(peer_account, peer_key)
