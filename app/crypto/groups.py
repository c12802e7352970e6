"""Private groups: the canonical encoding of a group's state, its hash, and the signed statement
that makes a membership change (docs/groups.md).

A group's state is its id, revision, name, disappearing timer, members (each an identity key, a
relay URL, a display name and an admin flag, oldest first), the hash of the state it replaces and
the account id of the member who made it. Its canonical encoding, big-endian throughout:

    u8 version (1) | group id (16) | u32 revision | u32 timer | str name | previous hash (32)
    | author account id (16) | u16 member count | member*
    member = identity key (32) | u8 admin (0 or 1) | str relay URL | str display name
    str    = u16 length | UTF-8 bytes

`state_hash = SHA-256(encoding)`; the author signs
`Ed25519_sign(IK_author, "Bisik_GroupState_v1" || encoding)`. Revision 1 (the creation) has a
previous hash of 32 zero bytes. The limits below bound what a signature may cover, so a state
that breaks them neither encodes nor verifies.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass

from app.crypto.errors import InvalidMessage, InvalidSignature
from app.crypto.identity import ACCOUNT_ID_BYTES, MAX_RELAY_URL_BYTES, account_id
from app.crypto.keys import KEY_LEN, SIGNATURE_LEN, IdentityKeyPair, verify

GROUP_STATE_DOMAIN = b"Bisik_GroupState_v1"
GROUP_STATE_VERSION = 1
GROUP_ID_BYTES = 16
HASH_BYTES = 32
NO_PREVIOUS = bytes(HASH_BYTES)  # the previous hash of revision 1
MAX_MEMBERS = 100
MAX_GROUP_NAME_CHARS = 64
MAX_MEMBER_NAME_CHARS = 64
MAX_REVISION = 2**32 - 1
MAX_TIMER = 2**32 - 1


@dataclass(frozen=True)
class GroupMemberEntry:
    identity_key: bytes
    relay_url: str
    display_name: str
    admin: bool

    @property
    def account_id(self) -> str:
        return account_id(self.identity_key)


@dataclass(frozen=True)
class GroupState:
    """One revision of a group, as its author signed it."""

    group_id: bytes
    revision: int
    name: str
    timer: int  # disappearing seconds, 0 = off
    members: tuple[GroupMemberEntry, ...]  # oldest first
    previous_hash: bytes
    author: str  # the account id (hex) of the member who made this revision

    def __repr__(self) -> str:  # names are the users'; a repr may reach a log
        return f"GroupState(revision={self.revision}, members={len(self.members)})"


def _text(value: str, max_chars: int, what: str) -> bytes:
    data = value.encode("utf-8")
    if len(value) > max_chars or len(data) > 0xFFFF:
        raise ValueError(f"the {what} is longer than {max_chars} characters")
    return struct.pack(">H", len(data)) + data


def encode_group_state(state: GroupState) -> bytes:
    """The canonical bytes of `state`; ValueError for a state outside the limits."""
    if len(state.group_id) != GROUP_ID_BYTES or len(state.previous_hash) != HASH_BYTES:
        raise ValueError("a group id is 16 bytes, a state hash 32")
    if not 1 <= state.revision <= MAX_REVISION or not 0 <= state.timer <= MAX_TIMER:
        raise ValueError("revision or timer out of range")
    if not 1 <= len(state.members) <= MAX_MEMBERS:
        raise ValueError(f"a group has 1 to {MAX_MEMBERS} members")
    author = bytes.fromhex(state.author) if _is_account_id(state.author) else b""
    if len(author) != ACCOUNT_ID_BYTES:
        raise ValueError("the author is no account id")
    parts = [
        bytes([GROUP_STATE_VERSION]),
        state.group_id,
        struct.pack(">II", state.revision, state.timer),
        _text(state.name, MAX_GROUP_NAME_CHARS, "group name"),
        state.previous_hash,
        author,
        struct.pack(">H", len(state.members)),
    ]
    for member in state.members:
        if len(member.identity_key) != KEY_LEN:
            raise ValueError("a member's identity key is 32 bytes")
        relay = member.relay_url.encode("utf-8")
        if len(relay) > MAX_RELAY_URL_BYTES:
            raise ValueError("a member's relay URL is too long")
        parts += [
            member.identity_key,
            bytes([1 if member.admin else 0]),
            struct.pack(">H", len(relay)) + relay,
            _text(member.display_name, MAX_MEMBER_NAME_CHARS, "member name"),
        ]
    return b"".join(parts)


def _is_account_id(value: str) -> bool:
    return len(value) == 2 * ACCOUNT_ID_BYTES and all(c in "0123456789abcdef" for c in value)


def group_state_hash(state: GroupState) -> bytes:
    """SHA-256 of the canonical encoding (ValueError outside the limits)."""
    return hashlib.sha256(encode_group_state(state)).digest()


def sign_group_state(author: IdentityKeyPair, state: GroupState) -> bytes:
    """The author's signature of `state`; ValueError if `state` names another author or breaks
    a limit."""
    if state.author != account_id(author.public):
        raise ValueError("a group state is signed by its author")
    return author.sign(GROUP_STATE_DOMAIN + encode_group_state(state))


def verify_group_state(state: GroupState, signature: bytes, author_key: bytes) -> None:
    """Raise InvalidSignature unless `author_key` is the state's author and signed it, and the
    state is within the limits."""
    if len(signature) != SIGNATURE_LEN or len(author_key) != KEY_LEN:
        raise InvalidSignature("malformed group state signature")
    try:
        signed = GROUP_STATE_DOMAIN + encode_group_state(state)
        is_author = account_id(author_key) == state.author
    except ValueError as exc:
        raise InvalidSignature("malformed group state") from exc
    except InvalidMessage as exc:
        raise InvalidSignature("the author key is no identity key") from exc
    if not is_author:
        raise InvalidSignature("the group state names another author")
    verify(author_key, signed, signature)
