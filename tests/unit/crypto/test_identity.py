"""Account ids and key-change statements (protocol v2), checked against values derived here from
the spec alone: stdlib hashlib, and the Ed25519 -> X25519 map by hand (u = (1 + y) / (1 - y))."""

from __future__ import annotations

import hashlib
import struct

import pytest
from nacl.signing import SigningKey

from app.crypto.errors import InvalidMessage, InvalidSignature
from app.crypto.identity import (
    KeyChange,
    account_id,
    new_device_id,
    sign_key_change,
    verify_key_change,
)
from app.crypto.keys import IdentityKeyPair

P = 2**255 - 19
OLD_SEED, NEW_SEED = bytes(range(32)), bytes(range(32, 64))
RELAY = "https://relay.example"


def x25519_of(ed25519_public: bytes) -> bytes:
    """The birational map of RFC 7748 section 4.1, from the Edwards y coordinate."""
    y = int.from_bytes(ed25519_public, "little") & ((1 << 255) - 1)
    u = (1 + y) * pow(1 - y, P - 2, P) % P
    return u.to_bytes(32, "little")


def expected_account_id(ed25519_public: bytes) -> str:
    encoded = b"\x05" + x25519_of(ed25519_public)
    return hashlib.sha256(b"Bisik_AccountId_v2" + encoded).digest()[:16].hex()


def test_account_id_is_the_hash_of_the_encoded_key() -> None:
    for seed in (OLD_SEED, NEW_SEED, bytes(32)):
        public = bytes(SigningKey(seed).verify_key)
        assert account_id(public) == expected_account_id(public)
        assert len(account_id(public)) == 32
    assert account_id(bytes(SigningKey(OLD_SEED).verify_key)) != account_id(
        bytes(SigningKey(NEW_SEED).verify_key)
    )


@pytest.mark.parametrize("key", [b"", b"\x01" * 31, b"\x01" * 33])
def test_account_id_of_garbage_is_a_typed_error(key: bytes) -> None:
    with pytest.raises(InvalidMessage):
        account_id(key)


def test_device_ids_are_fresh() -> None:
    assert len(new_device_id()) == 32 and new_device_id() != new_device_id()


def test_key_change_signature_covers_the_documented_bytes() -> None:
    old, new = IdentityKeyPair.from_seed(OLD_SEED), IdentityKeyPair.from_seed(NEW_SEED)
    statement = sign_key_change(old, new.public, 1_700_000_000_000, RELAY)
    signed = (
        b"Bisik_KeyChange_v2"
        + old.public
        + new.public
        + struct.pack(">Q", 1_700_000_000_000)
        + RELAY.encode()
    )
    assert statement.signature == SigningKey(OLD_SEED).sign(signed).signature  # deterministic
    verify_key_change(statement)


def test_a_key_change_signed_by_another_key_or_altered_is_refused() -> None:
    old, new = IdentityKeyPair.from_seed(OLD_SEED), IdentityKeyPair.from_seed(NEW_SEED)
    good = sign_key_change(old, new.public, 5, RELAY)
    by_new = sign_key_change(new, IdentityKeyPair.from_seed(bytes(32)).public, 5, RELAY)
    forgeries = [
        KeyChange(old.public, new.public, 5, RELAY, by_new.signature),  # another key signed
        KeyChange(old.public, new.public, 6, RELAY, good.signature),
        KeyChange(old.public, new.public, 5, RELAY + "/x", good.signature),
        KeyChange(old.public, by_new.new_key, 5, RELAY, good.signature),
        KeyChange(old.public, new.public, 5, RELAY, good.signature[:63] + b"\x00"),
    ]
    for forged in forgeries:
        with pytest.raises(InvalidSignature):
            verify_key_change(forged)


@pytest.mark.parametrize(
    "statement",
    [
        KeyChange(b"", b"\x01" * 32, 0, RELAY, bytes(64)),
        KeyChange(b"\x01" * 32, b"\x01" * 32, 0, RELAY, bytes(64)),  # no change at all
        KeyChange(b"\x01" * 32, b"\x02" * 32, 0, RELAY, bytes(63)),
        KeyChange(b"\x01" * 32, b"\x02" * 32, -1, RELAY, bytes(64)),
        KeyChange(b"\x01" * 32, b"\x02" * 32, 2**64, RELAY, bytes(64)),
        KeyChange(b"\x01" * 32, b"\x02" * 32, 0, "h" * 5000, bytes(64)),
    ],
)
def test_a_malformed_key_change_is_a_typed_error(statement: KeyChange) -> None:
    with pytest.raises(InvalidSignature):
        verify_key_change(statement)


def test_signing_refuses_a_move_to_the_same_key() -> None:
    old = IdentityKeyPair.from_seed(OLD_SEED)
    with pytest.raises(ValueError):
        sign_key_change(old, old.public, 0, RELAY)
