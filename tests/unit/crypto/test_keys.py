"""Key pairs, signatures and DH: secrets stay out of repr; bad public keys are typed errors."""

import pytest

from app.crypto.errors import InvalidMessage, InvalidSignature
from app.crypto.keys import (
    IdentityKeyPair,
    KeyPair,
    dh,
    forget_cached_keys,
    identity_dh_public,
    verify,
)


def test_repr_never_shows_private_keys() -> None:
    identity = IdentityKeyPair.from_seed(bytes([3]) * 32)
    pair = KeyPair.generate()
    assert pair.private.hex() not in repr(pair)
    assert repr(pair.private)[2:30] not in repr(pair)
    for secret in (identity.signing_key, identity.dh.private):
        assert secret.hex() not in repr(identity)
        assert repr(secret)[2:30] not in repr(identity)


def test_dh_agrees_and_rejects_low_order_points() -> None:
    a, b = KeyPair.generate(), KeyPair.generate()
    assert dh(a.private, b.public) == dh(b.private, a.public)
    with pytest.raises(InvalidMessage):
        dh(a.private, bytes(32))


def test_sign_and_verify() -> None:
    identity = IdentityKeyPair.from_seed(bytes([4]) * 32)
    signature = identity.sign(b"message")
    verify(identity.public, b"message", signature)
    for bad in (
        (identity.public, b"other", signature),
        (identity.public, b"message", signature[:-1]),
        (bytes(31), b"message", signature),
    ):
        with pytest.raises(InvalidSignature):
            verify(*bad)


def test_seed_must_be_32_bytes() -> None:
    with pytest.raises(ValueError):
        IdentityKeyPair.from_seed(b"short")


def test_invalid_identity_key_is_an_invalid_message() -> None:
    with pytest.raises(InvalidMessage):
        identity_dh_public(b"\xff" * 32)
    with pytest.raises(InvalidMessage):
        identity_dh_public(b"\x01" * 31)


def test_identity_cache_can_be_forgotten() -> None:
    seed = bytes([5]) * 32
    first = IdentityKeyPair.from_seed(seed)
    assert IdentityKeyPair.from_seed(seed) is first
    forget_cached_keys()
    again = IdentityKeyPair.from_seed(seed)
    assert again is not first
    assert again == first


def test_dh_refuses_non_canonical_spellings_of_a_public_key() -> None:
    """X25519 would accept them as the same key; one key must have one spelling."""
    a, b = KeyPair.generate(), KeyPair.generate()
    top_bit = b.public[:31] + bytes([b.public[31] | 0x80])
    base_point_plus_p = (2**255 - 19 + 9).to_bytes(32, "little")  # u = 9 + p
    for spelling in (top_bit, base_point_plus_p):
        with pytest.raises(InvalidMessage, match="non-canonical"):
            dh(a.private, spelling)
    assert dh(a.private, (9).to_bytes(32, "little")) == a.public
