"""Applying group states, received or our own, and who may write into a group (docs/groups.md).

`apply_received` decides what a received `group_update` does under the rules of group_rules.py:
the next revision is checked and applied; one that competes with a revision already held is
applied instead only if it wins the agreed order (the revisions held after it go); a stale one,
or a loser, is ignored; anything else raises InvalidGroupUpdate and changes nothing.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from app.service import content as c
from app.service import group_rules as rules
from app.service.api import ConversationChanged, Event, MessageAdded
from app.service.core import Core
from app.service.errors import GroupMessageRefused, InvalidGroupUpdate
from app.service.views import conversation_view, message_view
from app.store.records import Direction, MessageStatus

log = logging.getLogger(__name__)


def apply_state(core: Core, update: c.GroupUpdate, *, own: bool) -> list[Event]:
    """Make `update` the group's state here (the caller holds the lock and a transaction): its
    members become known (as group-only rows when they are no contacts), the conversation
    exists, a changed timer is set and shown. Returns the events to emit."""
    store = core.store
    state = update.state
    group_id = state.group_id.hex()
    before = current(core, group_id)
    for entry in state.members:
        if entry.account_id != core.account_id:
            store.add_group_contact(
                entry.account_id, entry.display_name, entry.identity_key, entry.relay_url
            )
    members = [(e.account_id, e.display_name, e.admin) for e in state.members]
    is_member = rules.member(state, core.account_id) is not None
    store.save_group_state(rules.to_record(update), state.name, members, is_member=is_member)
    conversation = store.conversation_for_group(group_id)
    lines = [("group", json.dumps(line)) for line in changes(before, update, core.account_id)]
    if conversation.disappearing_seconds != state.timer:
        store.set_disappearing(conversation.id, state.timer)
        lines.append(("timer", str(state.timer)))
    events: list[Event] = []
    now = time.time()
    for kind, body in lines:  # lines in the chat, each as a message by the update's author
        message_id = store.add_message(
            conversation.id,
            Direction.OUTGOING if own else Direction.INCOMING,
            state.author,
            body,
            now,
            received_at=None if own else now,
            kind=kind,
            status=MessageStatus.SENT if own else MessageStatus.DELIVERED,
            message_uuid=c.new_message_id(),
        )
        assert message_id is not None  # a fresh uuid
        events.append(MessageAdded(message_view(store, message_id)))
    row = store.conversation(conversation.id)
    events.append(ConversationChanged(conversation_view(store, row)))
    return events


def changes(before: c.GroupUpdate | None, update: c.GroupUpdate, me: str) -> list[dict[str, Any]]:
    """What `update` changed, as the body of a "group" line each (docs/groups.md): `e` the
    event (created, added_you, added, removed, left, renamed, admin, unadmin), `by` the author's
    name, `who` the names it concerns, `name` the group's name; "" stands for this profile."""
    state = update.state
    new = {m.account_id: m for m in state.members}
    old = {} if before is None else {m.account_id: m for m in before.state.members}
    names = {a: ("" if a == me else m.display_name) for a, m in {**old, **new}.items()}
    line = {"by": names.get(state.author, ""), "name": state.name}

    def event(kind: str, who: list[str] = []) -> dict[str, Any]:  # noqa: B006 (never mutated)
        return {"e": kind, **line, "who": [names[a] for a in who]}

    if before is None:
        return [event("created" if state.revision == 1 else "added_you")]
    added = [a for a in new if a not in old]
    removed = [a for a in old if a not in new]
    out: list[dict[str, Any]] = []
    if removed == [state.author] and not added:
        out.append(event("left"))
    elif removed:
        out.append(event("removed", removed))
    if added:
        out.append(event("added", added))
    if state.name != before.state.name:
        out.append(event("renamed"))
    kept = [a for a in new if a in old]
    made = [a for a in kept if new[a].admin and not old[a].admin]
    dismissed = [a for a in kept if old[a].admin and not new[a].admin]
    out += [event("admin", made)] if made else []
    out += [event("unadmin", dismissed)] if dismissed else []
    return out


def current(core: Core, group_id: str) -> c.GroupUpdate | None:
    record = core.store.group_state(group_id)
    return None if record is None else rules.from_record(record)


def apply_received(core: Core, sender: str, update: c.GroupUpdate) -> list[Event]:
    """Check and apply a received group update from `sender` (see the module's docstring)."""
    store = core.store
    state = update.state
    group_id = state.group_id.hex()
    group = store.find_group(group_id)
    if group is None:
        if rules.member(state, core.account_id) is None:
            raise InvalidGroupUpdate("an update of a group this profile is not in")
        rules.check_update(update, None, sender)
        return apply_state(core, update, own=False)
    rejoined = not group.is_member and rules.member(state, core.account_id) is not None
    if rejoined and state.revision > group.revision:
        rules.check_update(update, None, sender)  # added again: checked as a newcomer's state
        return apply_state(core, update, own=False)
    if state.revision == group.revision + 1:
        rules.check_update(update, current(core, group_id), sender)
        return apply_state(core, update, own=False)
    if state.revision > group.revision:
        raise InvalidGroupUpdate(
            f"a group update skips from revision {group.revision} to {state.revision}"
        )
    held = store.group_state(group_id, state.revision)
    rules.check_limits(state)
    if held is None or held.state_hash == rules.state_hash(state):
        return []  # from before this profile joined, or the same update again
    if rules.from_record(held).state.previous_hash != state.previous_hash:
        log.info("ignored a group update that no longer chains")
        return []
    if not rules.wins(state, held):
        log.info("ignored a group update that loses the agreed order")
        return []
    base = store.group_state(group_id, state.revision - 1)
    if base is None:
        return []  # this profile joined at that revision: it cannot check the other branch
    rules.check_update(update, rules.from_record(base), sender)
    log.info("a competing group update wins the agreed order; revisions after it are dropped")
    return apply_state(core, update, own=False)


def check_member(core: Core, group_id: str, sender: str) -> None:
    """GroupMessageRefused unless `sender` is a member of the group, in this profile's current
    state, and this profile is one too."""
    group = core.store.find_group(group_id)
    if group is None or not group.is_member:
        raise GroupMessageRefused("a record for a group this profile is not in")
    if core.store.group_member(group_id, sender) is None:
        raise GroupMessageRefused("a group record from someone who is no member of it")
