"""Group-state statements (app/crypto/groups.py), checked against bytes built here by hand from the
documented layout, hashed with stdlib hashlib and signed with PyNaCl's SigningKey directly."""

from __future__ import annotations

import dataclasses
import hashlib
import struct

import pytest
from nacl.signing import SigningKey

from app.crypto.errors import InvalidSignature
from app.crypto.groups import (
    NO_PREVIOUS,
    GroupMemberEntry,
    GroupState,
    encode_group_state,
    group_state_hash,
    sign_group_state,
    verify_group_state,
)
from app.crypto.identity import account_id
from app.crypto.keys import IdentityKeyPair

ADMIN_SEED, MEMBER_SEED = bytes(range(32)), bytes(range(32, 64))
RELAY = "https://relay.example"


def _state(**changes: object) -> GroupState:
    admin = IdentityKeyPair.from_seed(ADMIN_SEED).public
    member = IdentityKeyPair.from_seed(MEMBER_SEED).public
    state = GroupState(
        group_id=bytes(range(16)),
        revision=1,
        name="Keluarga",
        timer=3600,
        members=(
            GroupMemberEntry(admin, RELAY, "Ani", True),
            GroupMemberEntry(member, RELAY, "Budi ☕", False),
        ),
        previous_hash=NO_PREVIOUS,
        author=account_id(admin),
    )
    return dataclasses.replace(state, **changes)  # type: ignore[arg-type]


def _by_hand(state: GroupState) -> bytes:
    def s(text: str) -> bytes:
        data = text.encode()
        return struct.pack(">H", len(data)) + data

    out = b"\x01" + state.group_id + struct.pack(">II", state.revision, state.timer)
    out += s(state.name) + state.previous_hash + bytes.fromhex(state.author)
    out += struct.pack(">H", len(state.members))
    for m in state.members:
        out += m.identity_key + bytes([int(m.admin)]) + s(m.relay_url) + s(m.display_name)
    return out


def test_encoding_hash_and_signature_are_the_documented_bytes() -> None:
    state = _state()
    expected = _by_hand(state)
    assert encode_group_state(state) == expected
    assert group_state_hash(state) == hashlib.sha256(expected).digest()
    signature = sign_group_state(IdentityKeyPair.from_seed(ADMIN_SEED), state)
    assert signature == SigningKey(ADMIN_SEED).sign(b"Bisik_GroupState_v1" + expected).signature
    verify_group_state(state, signature, IdentityKeyPair.from_seed(ADMIN_SEED).public)


def test_a_known_answer() -> None:
    """Pinned, so that a change of the encoding cannot pass unnoticed."""
    assert group_state_hash(_state()).hex() == (
        "dc76a1458ab7d9a4483b06e8100d21681d9c8f6f8fbbb6c309ad7a6a51b95772"
    )
    # 1 + 16 + 8 + (2 + 8) + 32 + 16 + 2, then per member 32 + 1 + (2 + 21) + (2 + name)
    assert len(encode_group_state(_state())) == 85 + (58 + 3) + (58 + 8)


def test_altered_or_foreign_signatures_are_refused() -> None:
    admin = IdentityKeyPair.from_seed(ADMIN_SEED)
    member = IdentityKeyPair.from_seed(MEMBER_SEED)
    state = _state()
    signature = sign_group_state(admin, state)
    for altered in (
        _state(revision=2),
        _state(name="Keluarga!"),
        _state(timer=0),
        _state(members=state.members[:1]),
        _state(previous_hash=b"\x01" * 32),
    ):
        with pytest.raises(InvalidSignature):
            verify_group_state(altered, signature, admin.public)
    with pytest.raises(InvalidSignature):  # the right key, the wrong author named
        verify_group_state(state, signature, member.public)
    with pytest.raises(ValueError):
        sign_group_state(member, state)  # one signs only as oneself
    with pytest.raises(InvalidSignature):
        verify_group_state(state, signature[:-1], admin.public)


@pytest.mark.parametrize(
    "changes",
    [
        {"name": "x" * 65},
        {"members": ()},
        {"members": (GroupMemberEntry(b"\x01" * 32, RELAY, "x" * 65, True),)},
        {"members": (GroupMemberEntry(b"\x01" * 32, RELAY, "x", True),) * 101},
        {"group_id": b"\x01" * 15},
        {"revision": 0},
        {"author": "zz" * 16},
    ],
)
def test_states_outside_the_limits_neither_encode_nor_verify(changes: dict[str, object]) -> None:
    state = _state(**changes)
    with pytest.raises(ValueError):
        encode_group_state(state)
    with pytest.raises(InvalidSignature):
        verify_group_state(state, b"\x00" * 64, IdentityKeyPair.from_seed(ADMIN_SEED).public)
