"""The `group_update` record: a group's full new state, signed by its author (docs/groups.md).

    {"k": "group_update", "g": group id, "rev": revision, "name": name, "timer": seconds,
     "members": [[identity key hex, relay URL, display name, admin], ...] (oldest first),
     "prev": previous state hash hex, "author": author account id, "sig": signature hex}

Everything is bounded as it is parsed (100 members, 64-character names, relay URLs); a record
outside the bounds raises InvalidContent. Whether the state may be applied is the receiver's
question (group_rules.py); this module only reads and writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app import session
from app.service.errors import InvalidContent
from app.service.fields import Reader, is_hex, is_relay_url

MAX_TIMER_SECONDS = 366 * 86400
MAX_RELAY_CHARS = 2048


@dataclass(frozen=True)
class GroupUpdate:
    state: session.GroupState
    signature: bytes

    def __repr__(self) -> str:
        return f"GroupUpdate({self.state!r})"


def update_fields(body: GroupUpdate) -> dict[str, Any]:
    state = body.state
    return {
        "k": "group_update",
        "g": state.group_id.hex(),
        "rev": state.revision,
        "name": state.name,
        "timer": state.timer,
        "members": [
            [m.identity_key.hex(), m.relay_url, m.display_name, m.admin] for m in state.members
        ],
        "prev": state.previous_hash.hex(),
        "author": state.author,
        "sig": body.signature.hex(),
    }


def parse_group_id(r: Reader) -> str | None:
    """The record's optional group context `g`: 32 lowercase hex characters."""
    if "g" not in r.fields:
        return None
    value = r.fields["g"]
    if not isinstance(value, str) or len(value) != 2 * session.GROUP_ID_BYTES or not is_hex(value):
        raise InvalidContent("content field 'g' is not a group id")
    return value


def _fixed_hex(r: Reader, key: str, size: int) -> bytes:
    value = r.text(key, 2 * size)
    if len(value) != 2 * size or not is_hex(value):
        raise InvalidContent(f"content field {key!r} is not {size} bytes of hex")
    return bytes.fromhex(value)


def _member(item: object) -> session.GroupMemberEntry:
    if not (isinstance(item, list) and len(item) == 4):
        raise InvalidContent("a group member is malformed")
    r = Reader({"ik": item[0], "relay": item[1], "name": item[2], "admin": item[3]})
    key = _fixed_hex(r, "ik", 32)
    relay = r.text("relay", MAX_RELAY_CHARS)
    if not is_relay_url(relay):
        raise InvalidContent("a group member's relay is not an http(s) URL")
    name = r.text("name", session.MAX_MEMBER_NAME_CHARS)
    return session.GroupMemberEntry(key, relay, name, r.boolean("admin"))


def parse_update(r: Reader) -> GroupUpdate:
    group_id = parse_group_id(r)
    if group_id is None:
        raise InvalidContent("a group update names no group")
    members = tuple(_member(item) for item in r.items("members", session.MAX_MEMBERS))
    if not members:
        raise InvalidContent("a group update has no members")
    author = _fixed_hex(r, "author", 16).hex()
    state = session.GroupState(
        group_id=bytes.fromhex(group_id),
        revision=r.integer("rev", 1, 2**32 - 1),
        name=r.text("name", session.MAX_GROUP_NAME_CHARS),
        timer=r.integer("timer", 0, MAX_TIMER_SECONDS),
        members=members,
        previous_hash=_fixed_hex(r, "prev", 32),
        author=author,
    )
    return GroupUpdate(state, _fixed_hex(r, "sig", 64))
