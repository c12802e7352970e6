"""The rules of a group's state (docs/groups.md): which update may follow which, who may make it,
what leaving does, and the one order every member agrees on. Pure functions over
`session.GroupState`; the receiver and the groups part apply what they allow.
"""

from __future__ import annotations

import dataclasses

from app import session
from app.service import content as c
from app.service.errors import InvalidContent, InvalidGroupUpdate
from app.store.records import GroupStateRecord


def state_hash(state: session.GroupState) -> bytes:
    try:
        return session.group_state_hash(state)
    except ValueError as exc:
        raise InvalidGroupUpdate(f"the group state is out of bounds: {exc}") from exc


def to_record(update: c.GroupUpdate) -> GroupStateRecord:
    """The update as the store keeps it: its record bytes (the signature with them) and hash."""
    state = update.state
    data = c.encode(c.Content("0", 0, update, state.group_id.hex()))
    return GroupStateRecord(state.group_id.hex(), state.revision, state_hash(state), data)


def from_record(record: GroupStateRecord) -> c.GroupUpdate:
    try:
        body = c.decode(record.record).body
    except InvalidContent as exc:
        raise InvalidGroupUpdate("a stored group state does not parse") from exc
    if not isinstance(body, c.GroupUpdate):
        raise InvalidGroupUpdate("a stored group state is no group update")
    return body


def member(state: session.GroupState, account_id: str) -> session.GroupMemberEntry | None:
    for entry in state.members:
        if entry.account_id == account_id:
            return entry
    return None


def check_limits(state: session.GroupState) -> None:
    """InvalidGroupUpdate for a state no member may hold: outside the encoding's bounds, a key
    that is no identity key, a member listed twice, no admin."""
    state_hash(state)
    try:
        accounts = [entry.account_id for entry in state.members]
    except session.InvalidMessage as exc:
        raise InvalidGroupUpdate("a member's identity key is no identity key") from exc
    if len(set(accounts)) != len(accounts):
        raise InvalidGroupUpdate("a member is listed twice")
    if not any(entry.admin for entry in state.members):
        raise InvalidGroupUpdate("a group state without an admin")
    if not state.name.strip():
        raise InvalidGroupUpdate("a group state without a name")


def without(state: session.GroupState, account_id: str) -> tuple[session.GroupMemberEntry, ...]:
    """The members once `account_id` leaves: if no admin remains, the oldest member becomes one."""
    rest = tuple(entry for entry in state.members if entry.account_id != account_id)
    if rest and not any(entry.admin for entry in rest):
        rest = (dataclasses.replace(rest[0], admin=True), *rest[1:])
    return rest


def is_leave(update: session.GroupState, base: session.GroupState) -> bool:
    """Whether `update` is exactly its author leaving `base` (which any member may do)."""
    return (
        update.name == base.name
        and update.timer == base.timer
        and update.members == without(base, update.author)
        and member(base, update.author) is not None
    )


def check_update(update: c.GroupUpdate, base: c.GroupUpdate | None, sender: str) -> None:
    """Raise InvalidGroupUpdate unless `update` may follow `base` (None: this profile holds no
    state of the group yet: the creation, or the state it is added with) coming from `sender`."""
    state = update.state
    check_limits(state)
    if base is None:
        author = member(state, state.author)
        if author is None or not author.admin:
            raise InvalidGroupUpdate("the author of a new group state is no admin in it")
        if state.revision == 1:
            if state.previous_hash != session.NO_PREVIOUS or sender != state.author:
                raise InvalidGroupUpdate("a group is created by its first admin, from revision 1")
        elif member(state, sender) is None:
            raise InvalidGroupUpdate("a group state came from someone outside the group")
        author_key = author.identity_key
    else:
        previous = base.state
        if state.revision != previous.revision + 1:
            raise InvalidGroupUpdate(
                f"a group update skips from revision {previous.revision} to {state.revision}"
            )
        if state.previous_hash != state_hash(previous):
            raise InvalidGroupUpdate("a group update does not follow the state this profile holds")
        author = member(previous, state.author)
        if author is None:
            raise InvalidGroupUpdate("the author of a group update is no member")
        if not author.admin and not is_leave(state, previous):
            raise InvalidGroupUpdate("only an admin may change a group (a member may leave it)")
        if sender != state.author and member(previous, sender) is None:
            raise InvalidGroupUpdate("a group update came from someone outside the group")
        author_key = author.identity_key
    try:
        session.verify_group_state(state, update.signature, author_key)
    except session.InvalidSignature as exc:
        raise InvalidGroupUpdate("a group update is not signed by its author") from exc


def wins(candidate: session.GroupState, held: GroupStateRecord) -> bool:
    """The agreed order between two updates of one revision on one previous state: the lower
    state hash wins, at every member alike."""
    return state_hash(candidate) < held.state_hash
