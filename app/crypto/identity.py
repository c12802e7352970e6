"""Account identity (protocol v2): the account id is a hash of the identity key, and a key change
is a statement signed by the old key.

An id that is the key means an envelope cannot claim an account its sealed-sender key does not
prove. `account_id(IK) = hex(SHA-256("Bisik_AccountId_v2" || Encode(IK))[:16])`: 32 hex characters,
as v1's random ids looked, so invite links and safety numbers render them unchanged.

A key-change statement lets a contact keep the conversation (and its trust) when an account moves
to a new identity key, but only if the old key signed the move:
`Ed25519_sign(IK_old, "Bisik_KeyChange_v2" || IK_old || IK_new || u64(at_ms) || relay URL)`.
"""

from __future__ import annotations

import hashlib
import os
import struct
from dataclasses import dataclass

from app.crypto.errors import InvalidMessage, InvalidSignature
from app.crypto.keys import KEY_LEN, SIGNATURE_LEN, IdentityKeyPair, encode_public, verify
from app.crypto.keys import identity_dh_public as _dh_public

ACCOUNT_ID_INFO = b"Bisik_AccountId_v2"
KEY_CHANGE_DOMAIN = b"Bisik_KeyChange_v2"
ACCOUNT_ID_BYTES = 16
DEVICE_ID_BYTES = 16
MAX_RELAY_URL_BYTES = 2048


def account_id(identity_key: bytes) -> str:
    """The account id of an Ed25519 identity key (InvalidMessage if it is no valid key)."""
    encoded = encode_public(_dh_public(identity_key))
    return hashlib.sha256(ACCOUNT_ID_INFO + encoded).digest()[:ACCOUNT_ID_BYTES].hex()


def new_device_id() -> str:
    """32 hex characters (16 random bytes) naming one device of an account."""
    return os.urandom(DEVICE_ID_BYTES).hex()


@dataclass(frozen=True)
class KeyChange:
    """An account's move from `old_key` to `new_key`, whose mailbox is on `relay_url`."""

    old_key: bytes
    new_key: bytes
    at_ms: int
    relay_url: str
    signature: bytes


def _signed_bytes(old_key: bytes, new_key: bytes, at_ms: int, relay_url: str) -> bytes:
    relay = relay_url.encode()
    if len(relay) > MAX_RELAY_URL_BYTES or not 0 <= at_ms < 2**64:
        raise ValueError("relay URL too long or time out of range")
    return KEY_CHANGE_DOMAIN + old_key + new_key + struct.pack(">Q", at_ms) + relay


def sign_key_change(old: IdentityKeyPair, new_key: bytes, at_ms: int, relay_url: str) -> KeyChange:
    """The old identity's statement that the account now lives at `new_key`."""
    if len(new_key) != KEY_LEN or new_key == old.public:
        raise ValueError("the new identity key is 32 bytes and differs from the old one")
    signature = old.sign(_signed_bytes(old.public, new_key, at_ms, relay_url))
    return KeyChange(old.public, new_key, at_ms, relay_url, signature)


def verify_key_change(statement: KeyChange) -> None:
    """Raise InvalidSignature unless the statement is signed by its old key and well-formed."""
    if (
        len(statement.old_key) != KEY_LEN
        or len(statement.new_key) != KEY_LEN
        or len(statement.signature) != SIGNATURE_LEN
        or statement.old_key == statement.new_key
    ):
        raise InvalidSignature("malformed key-change statement")
    try:
        signed = _signed_bytes(
            statement.old_key, statement.new_key, statement.at_ms, statement.relay_url
        )
    except ValueError as exc:
        raise InvalidSignature("malformed key-change statement") from exc
    verify(statement.old_key, signed, statement.signature)
    try:
        _dh_public(statement.new_key)  # the new key must be a usable identity key too
    except InvalidMessage as exc:
        raise InvalidSignature("the new key of the statement is no identity key") from exc
