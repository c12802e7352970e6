"""Private groups, a part of `Messenger` (see parts.py): creating a group, changing its members,
admins, name and timer, leaving it, and the fan-out every group record takes (docs/groups.md).

A change is a `group_update` record carrying the group's full new state, signed by its author,
applied here and sealed, in the same transaction, once per other member of the old and the new
state over the ordinary 1:1 sessions: the relay sees ordinary envelopes, nothing more.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence

from app import session
from app.service import content as c
from app.service import group_receive, group_rules
from app.service.api import Conversation, GroupMember
from app.service.core import contact_name
from app.service.errors import GroupError, InvalidGroupUpdate
from app.service.parts import MessengerParts
from app.service.views import conversation_view
from app.store import records as rows

Change = Callable[[session.GroupState], session.GroupState]


def check_group_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > session.MAX_GROUP_NAME_CHARS:
        raise GroupError(f"a group name has 1 to {session.MAX_GROUP_NAME_CHARS} characters")
    return name


class GroupsPart(MessengerParts):
    def create_group(self, name: str, member_ids: Sequence[str]) -> Conversation:
        """A new group with this profile as its first admin and `member_ids` (contacts)."""
        name = check_group_name(name)
        entries = self._new_entries(member_ids, ())
        own = self._own_entry(admin=True)
        state = session.GroupState(
            group_id=os.urandom(session.GROUP_ID_BYTES),
            revision=1,
            name=name,
            timer=0,
            members=(own, *entries),
            previous_hash=session.NO_PREVIOUS,
            author=self._core.account_id,
        )
        return self._publish(state, None)

    def add_group_members(self, conversation_id: int, member_ids: Sequence[str]) -> None:
        self._change(
            conversation_id,
            lambda s: dataclasses.replace(
                s, members=(*s.members, *self._new_entries(member_ids, s.members))
            ),
        )

    def remove_group_members(self, conversation_id: int, member_ids: Sequence[str]) -> None:
        def remove(state: session.GroupState) -> session.GroupState:
            gone = {self._member_id(state, query) for query in member_ids}
            if self._core.account_id in gone:
                raise GroupError("to remove yourself, leave the group")
            kept = tuple(e for e in state.members if e.account_id not in gone)
            return dataclasses.replace(state, members=kept)

        self._change(conversation_id, remove)

    def set_group_admin(self, conversation_id: int, member_id: str, admin: bool = True) -> None:
        def promote(state: session.GroupState) -> session.GroupState:
            account = self._member_id(state, member_id)
            members = tuple(
                dataclasses.replace(e, admin=admin) if e.account_id == account else e
                for e in state.members
            )
            return dataclasses.replace(state, members=members)

        self._change(conversation_id, promote)

    def rename_group(self, conversation_id: int, name: str) -> None:
        name = check_group_name(name)
        self._change(conversation_id, lambda s: dataclasses.replace(s, name=name))

    def leave_group(self, conversation_id: int) -> None:
        """Leave: an update removing this profile (the oldest member becomes admin if no admin
        would remain), sent to every member; nothing is sent to this profile after it."""
        group_id = self._group_id(conversation_id)
        state = self._current_state(group_id)
        rest = group_rules.without(state, self._core.account_id)
        if not rest:  # the last member: nobody to tell
            record = self._store.group_state(group_id)
            assert record is not None  # _current_state read it
            with self._core.lock:
                self._store.save_group_state(record, state.name, [], is_member=False)
            self._conversation_changed(conversation_id)
            return
        self._change(conversation_id, lambda s: dataclasses.replace(s, members=rest), leave=True)

    def group_members(self, conversation_id: int) -> list[GroupMember]:
        group_id = self._group_id(conversation_id)
        own = self._core.account_id
        return [
            GroupMember(m.account_id, m.display_name, m.is_admin, m.account_id == own)
            for m in self._store.group_members(group_id)
        ]

    # --- for the other parts ----------------------------------------------------------------------

    def _group_recipients(self, group_id: str) -> list[rows.Contact]:
        """The other members of a group this profile is in, each with a session (X3DH on a
        fetched bundle first where there is none)."""
        group = self._store.group(group_id)
        if not group.is_member:
            raise GroupError(f"you are no longer a member of {group.name}")
        return self._with_sessions(self._current_state(group_id).members)

    def _set_group_timer(self, conversation_id: int, seconds: int) -> None:
        self._change(conversation_id, lambda s: dataclasses.replace(s, timer=seconds))

    # --- helpers ----------------------------------------------------------------------------------

    def _group_id(self, conversation_id: int) -> str:
        group_id = self._store.conversation(conversation_id).group_id
        if group_id is None:
            raise GroupError("this conversation is no group")
        return group_id

    def _current_state(self, group_id: str) -> session.GroupState:
        update = group_receive.current(self._core, group_id)
        if update is None:
            raise GroupError("this group has no state")
        return update.state

    def _own_entry(self, *, admin: bool) -> session.GroupMemberEntry:
        name = self._store.own_display_name()[: session.MAX_MEMBER_NAME_CHARS]
        return session.GroupMemberEntry(self._core.identity_key, self._core.relay_url, name, admin)

    def _new_entries(
        self, member_ids: Sequence[str], present: Sequence[session.GroupMemberEntry]
    ) -> list[session.GroupMemberEntry]:
        """Entries for contacts to add (each must be one, not blocked, with a known key)."""
        known = {e.account_id for e in present} | {self._core.account_id}
        entries: list[session.GroupMemberEntry] = []
        for query in dict.fromkeys(member_ids):
            contact = self._contact_row(self.find_contact(query).contact_id)
            if contact.group_only or not contact.accepted or contact.blocked:
                raise GroupError(f"{contact_name(contact)} is not a contact you can add")
            if contact.account_id in known:
                raise GroupError(f"{contact_name(contact)} is in the group already")
            known.add(contact.account_id)
            entries.append(
                session.GroupMemberEntry(
                    self._peer_key(contact),
                    self._core.contact_relay_url(contact),
                    contact.display_name[: session.MAX_MEMBER_NAME_CHARS] or contact.account_id[:8],
                    False,
                )
            )
        return entries

    def _member_id(self, state: session.GroupState, query: str) -> str:
        """A member's account id from an exact id, a unique id prefix or a display name."""
        query = query.strip()
        for matches in (
            [e for e in state.members if e.account_id == query.lower()],
            [e for e in state.members if e.display_name.casefold() == query.casefold()],
            [e for e in state.members if query and e.account_id.startswith(query.lower())],
        ):
            if len(matches) == 1:
                return matches[0].account_id
            if matches:
                raise GroupError(f"{query!r} matches {len(matches)} members; use more of the id")
        raise GroupError(f"no member of the group matches {query!r}")

    def _with_sessions(self, members: Sequence[session.GroupMemberEntry]) -> list[rows.Contact]:
        found: list[rows.Contact] = []
        for entry in members:
            if entry.account_id == self._core.account_id:
                continue
            contact = self._store.find_contact(entry.account_id)
            if contact is None:
                with self._core.lock:
                    self._store.add_group_contact(
                        entry.account_id, entry.display_name, entry.identity_key, entry.relay_url
                    )
                contact = self._store.contact(entry.account_id)
            if not contact.blocked:
                self._ensure_session(contact)
            found.append(contact)
        self._ensure_own_sessions()  # once, for the transcript of what goes to the members
        return found

    def _change(self, conversation_id: int, change: Change, *, leave: bool = False) -> None:
        """Make and send the next revision: `change` of the current state, by an admin (or, with
        `leave`, by any member removing itself)."""
        group_id = self._group_id(conversation_id)
        if not self._store.group(group_id).is_member:
            raise GroupError("you are no longer a member of this group")
        state = self._current_state(group_id)
        own = group_rules.member(state, self._core.account_id)
        if own is None or not (own.admin or leave):
            raise GroupError("only an admin may change the group")
        changed = change(state)
        new = dataclasses.replace(
            changed,
            revision=state.revision + 1,
            previous_hash=group_rules.state_hash(state),
            author=self._core.account_id,
        )
        self._publish(new, state)

    def _publish(
        self, state: session.GroupState, previous: session.GroupState | None
    ) -> Conversation:
        """Sign `state`, apply it here and queue it for every member of it and of `previous`
        (a removed member learns of the removal, and hears nothing after it)."""
        try:
            group_rules.check_limits(state)
        except InvalidGroupUpdate as exc:
            raise GroupError(str(exc).replace("a group state", "the group")) from exc
        signature = session.sign_group_state(session.own_identity(self._store), state)
        update = c.GroupUpdate(state, signature)
        told = {e.account_id: e for e in (*(previous.members if previous else ()), *state.members)}
        recipients = self._with_sessions(list(told.values()))
        group_id = state.group_id.hex()
        with self._core.lock, self._store.transaction():
            held = self._store.find_group(group_id)
            if (held.revision if held else 0) != state.revision - 1:
                raise GroupError("the group changed meanwhile: try again")
            events = group_receive.apply_state(self._core, update, own=True)
            record = c.Content(c.new_message_id(), c.now_ms(), update, group_id)
            self._core.seal_to_members(recipients, record, None)
            self._core.transcribe(record, None)
        for event in events:
            self._core.events.emit(event)
        self._sync.wake()
        conversation = self._store.conversation_for_group(group_id)
        return conversation_view(self._store, conversation)
