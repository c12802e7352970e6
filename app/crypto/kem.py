"""ML-KEM-768 (FIPS 203), the post-quantum half of PQXDH (x3dh.py, protocol v2).

From `cryptography` (its Rust binding of OpenSSL's ML-KEM): PyNaCl has no KEM, and `cryptography`
ships wheels with the bundled OpenSSL for Windows, macOS and Linux that PyInstaller freezes as it
does PyNaCl. A private key is kept as its 64-byte seed (d || z), from which the library re-derives
the whole key. A ciphertext that was tampered with decapsulates to a different, pseudorandom
secret (implicit rejection), never an error: the first message's AEAD then fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PrivateKey, MLKEM768PublicKey

from app.crypto.errors import InvalidMessage

PUBLIC_KEY_LEN = 1184
CIPHERTEXT_LEN = 1088
SEED_LEN = 64
SHARED_SECRET_LEN = 32
SIGNING_LABEL = b"Bisik_KEMPreKey_v1"


@dataclass(frozen=True)
class KemKeyPair:
    seed: bytes = field(repr=False)  # the private key, as FIPS 203's 64-byte seed
    public: bytes  # the encapsulation key, 1184 bytes

    @classmethod
    def generate(cls) -> KemKeyPair:
        private = MLKEM768PrivateKey.generate()
        return cls(private.private_bytes_raw(), private.public_key().public_bytes_raw())

    @classmethod
    def from_seed(cls, seed: bytes) -> KemKeyPair:
        private = _private(seed)
        return cls(seed, private.public_key().public_bytes_raw())


def signing_message(public_key: bytes) -> bytes:
    """What the identity key signs for a KEM prekey: a domain label, then the key (app.wire's
    `kem_prekey_signing_message` is the same bytes, for the relay's check)."""
    return SIGNING_LABEL + public_key


def encapsulate(public_key: bytes) -> tuple[bytes, bytes]:
    """(ciphertext, shared secret) for `public_key`; InvalidMessage for a key that is none."""
    if len(public_key) != PUBLIC_KEY_LEN:
        raise InvalidMessage("an ML-KEM-768 public key has 1184 bytes")
    try:
        shared, ciphertext = MLKEM768PublicKey.from_public_bytes(public_key).encapsulate()
    except ValueError as exc:
        raise InvalidMessage("not an ML-KEM-768 public key") from exc
    return ciphertext, shared


def decapsulate(seed: bytes, ciphertext: bytes) -> bytes:
    """The shared secret of `ciphertext` (a tampered one gives another secret, not an error)."""
    if len(ciphertext) != CIPHERTEXT_LEN:
        raise InvalidMessage("an ML-KEM-768 ciphertext has 1088 bytes")
    return _private(seed).decapsulate(ciphertext)


def _private(seed: bytes) -> MLKEM768PrivateKey:
    if len(seed) != SEED_LEN:
        raise InvalidMessage("an ML-KEM-768 seed has 64 bytes")
    return MLKEM768PrivateKey.from_seed_bytes(seed)
