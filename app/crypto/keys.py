"""Key pairs: the Ed25519 identity with its X25519 form; X25519 pairs for prekeys and ratchets."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from nacl import bindings
from nacl._sodium import ffi, lib
from nacl.exceptions import CryptoError

from app.crypto.errors import InvalidMessage, InvalidSignature
from app.crypto.secret import scratch, wipe_in_place

KEY_LEN = 32
SIGNATURE_LEN = 64
DJB_TYPE = b"\x05"
_FIELD_PRIME = 2**255 - 19
_MAX_IDENTITIES = 64  # identity pairs kept for forget_cached_keys to wipe (a profile has one)


def encode_public(public: bytes) -> bytes:
    """Encode(PK) of the X3DH spec: the curve type byte 0x05 and the 32-byte X25519 key."""
    return DJB_TYPE + public


@dataclass(frozen=True, slots=True)
class KeyPair:
    """An X25519 key pair (signed prekey, one-time prekey, ephemeral or ratchet key)."""

    public: bytes
    private: bytes = field(repr=False)

    @classmethod
    def generate(cls) -> KeyPair:
        public, private = bindings.crypto_box_keypair()
        return cls(public, private)

    @classmethod
    def from_private(cls, private: bytes) -> KeyPair:
        return cls(bindings.crypto_scalarmult_base(private), private)


@dataclass(frozen=True, slots=True)
class IdentityKeyPair:
    """A device's Ed25519 identity key, with the X25519 form X3DH and sealed sender use for DH."""

    public: bytes  # Ed25519: what peers, the relay and safety numbers know
    dh: KeyPair  # the X25519 form
    signing_key: bytes = field(repr=False)  # libsodium's 64-byte Ed25519 secret key

    @staticmethod
    @functools.lru_cache(maxsize=4)
    def from_seed(seed: bytes) -> IdentityKeyPair:
        """Derive from the 32-byte seed; cached, as deriving costs two scalar multiplications.

        One pair per identity at a time (a pair derived again after leaving the cache is the one
        already made), so that `forget_cached_keys` can wipe it. libsodium writes the secret key
        straight into a buffer of ours, so the pair's `signing_key` is its only copy.
        """
        if len(seed) != KEY_LEN:
            raise ValueError("an identity seed is 32 bytes")
        with scratch(KEY_LEN) as public, scratch(2 * KEY_LEN) as secret:
            lib.crypto_sign_seed_keypair(ffi.from_buffer(public), ffi.from_buffer(secret), seed)
            signing_key = bytes(secret)
            pair = IdentityKeyPair(
                bytes(public),
                KeyPair.from_private(bindings.crypto_sign_ed25519_sk_to_curve25519(signing_key)),
                signing_key,
            )
        known = _identities.setdefault(pair.public, pair)
        if known is not pair:
            _wipe(pair)
        elif len(_identities) > _MAX_IDENTITIES:
            del _identities[next(iter(_identities))]  # unwiped, as before; never in the product
        return known

    def sign(self, message: bytes) -> bytes:
        signed: bytes = bindings.crypto_sign(message, self.signing_key)
        return signed[:SIGNATURE_LEN]


_identities: dict[bytes, IdentityKeyPair] = {}  # public key -> the pair from_seed gave out


def _wipe(pair: IdentityKeyPair) -> None:
    wipe_in_place(pair.signing_key)
    wipe_in_place(pair.dh.private)


def forget_cached_keys(identity_key: bytes | None = None) -> None:
    """Drop cached identity key pairs (call when a profile locks).

    With `identity_key` (the locking profile's), its pair's secret halves are also overwritten in
    place: the deliberate exception of app.crypto.secret, as the pair is ours and its profile done;
    other identities' pairs stay as they are (another profile may be using its own). Without it,
    every pair is let go, none wiped.
    """
    IdentityKeyPair.from_seed.cache_clear()
    if identity_key is None:
        _identities.clear()
    elif (pair := _identities.pop(identity_key, None)) is not None:
        _wipe(pair)


def verify(identity_key: bytes, message: bytes, signature: bytes) -> None:
    """Raise InvalidSignature unless `signature` is identity_key's Ed25519 signature of message."""
    if len(identity_key) != KEY_LEN or len(signature) != SIGNATURE_LEN:
        raise InvalidSignature("malformed key or signature")
    try:
        bindings.crypto_sign_open(signature + message, identity_key)
    except CryptoError as exc:
        raise InvalidSignature("signature does not verify") from exc


@functools.lru_cache(maxsize=256)
def identity_dh_public(identity_key: bytes) -> bytes:
    """The X25519 form of a peer's Ed25519 identity key (public data, so caching it is harmless)."""
    if len(identity_key) != KEY_LEN:
        raise InvalidMessage("an identity key is 32 bytes")
    try:
        public: bytes = bindings.crypto_sign_ed25519_pk_to_curve25519(identity_key)
    except CryptoError as exc:
        raise InvalidMessage("not a valid Ed25519 public key") from exc
    return public


def dh(private: bytes, public: bytes) -> bytes:
    """X25519; a low-order, malformed or non-canonical public key is the sender's fault, so
    InvalidMessage.

    X25519 ignores the top bit and reduces u mod p, so one key has several spellings. Refusing all
    but the canonical one (u < p) keeps byte comparisons of keys meaningful: a prekey message's
    base key names its session, and a second spelling must not start a twin of that session.
    """
    if int.from_bytes(public, "little") >= _FIELD_PRIME:
        raise InvalidMessage("non-canonical public key")
    try:
        shared: bytes = bindings.crypto_scalarmult(private, public)
    except CryptoError as exc:
        raise InvalidMessage("unusable public key") from exc
    return shared
