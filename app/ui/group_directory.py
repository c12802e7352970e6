"""Who is in each group, as the service's current state has them, cached per conversation.

The conversation list (sender of the last message), the chat (names above incoming bubbles) and
the member panel read it; it loads through the TaskRunner and refreshes a group whenever the
service announces a change of its conversation (new message, membership, name).
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.service.api import ConversationChanged, Direction, GroupMember, Message, MessengerApi
from app.ui.workers import TaskRunner

if TYPE_CHECKING:
    from app.ui.events import EventBridge

log = logging.getLogger(__name__)
_Loaded = tuple[list[GroupMember], list[Message]]
PREFIXED_KINDS = ("text", "attachment")  # a timer change has no author prefix in the list


def sender_name(names: dict[str, str], message: Message) -> str:
    """An incoming group message's author by name (a short id while unknown); "" for one's own."""
    if message.direction is Direction.OUTGOING:
        return ""
    return names.get(message.sender_id) or message.sender_id[:8]


class GroupDirectory(QObject):
    """`changed(conversation id)` fires once a group's members (or last message) were read."""

    changed = Signal(int)

    def __init__(
        self,
        messenger: MessengerApi,
        runner: TaskRunner,
        events: EventBridge | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._messenger = messenger
        self._runner = runner
        self._members: dict[int, list[GroupMember]] = {}
        self._names: dict[int, dict[str, str]] = {}  # also of members who left since
        self._last: dict[int, Message | None] = {}
        self._busy: set[int] = set()
        self._again: set[int] = set()
        if events is not None:
            events.conversation_changed.connect(self._conversation_changed)

    # --- reading -------------------------------------------------------------------------------
    def members(self, conversation_id: int) -> list[GroupMember] | None:
        """The members, oldest first; None until they were first read."""
        return self._members.get(conversation_id)

    def names(self, conversation_id: int) -> dict[str, str]:
        """Account id to display name of everyone seen in the group this session."""
        return dict(self._names.get(conversation_id, {}))

    def is_member(self, conversation_id: int) -> bool | None:
        """Whether this profile is still in the group (None: not known yet)."""
        members = self._members.get(conversation_id)
        return None if members is None else any(m.is_self for m in members)

    def is_admin(self, conversation_id: int) -> bool:
        return any(m.is_self and m.is_admin for m in self._members.get(conversation_id, []))

    def last_sender(self, conversation_id: int) -> str:
        """Who wrote the group's last message ("You" for oneself), for the list's preview."""
        last = self._last.get(conversation_id)
        if last is None or last.kind not in PREFIXED_KINDS:
            return ""
        if last.direction is Direction.OUTGOING:
            return QCoreApplication.translate("Chat", "You")
        name = sender_name(self._names.get(conversation_id, {}), last)
        return name.split()[0] if name.split() else name  # the first name is enough there

    # --- loading -------------------------------------------------------------------------------
    def refresh(self, conversation_id: int) -> None:
        """Read the group again; while a read runs, one more follows it (never a pile)."""
        if conversation_id in self._busy:
            self._again.add(conversation_id)
            return
        self._busy.add(conversation_id)
        messenger = self._messenger

        def read() -> _Loaded:
            members = messenger.group_members(conversation_id)
            return members, messenger.messages_before(conversation_id, None, 1)

        self._runner.submit(
            read,
            partial(self._loaded, conversation_id),
            partial(self._failed, conversation_id),
        )

    def _loaded(self, conversation_id: int, loaded: _Loaded) -> None:
        members, last = loaded
        self._members[conversation_id] = members
        names = self._names.setdefault(conversation_id, {})
        names.update((m.account_id, m.name) for m in members)
        self._last[conversation_id] = last[0] if last else None
        self._finished(conversation_id)
        self.changed.emit(conversation_id)

    def _failed(self, conversation_id: int, exc: BaseException) -> None:
        log.info("could not read group %s: %s", conversation_id, exc)
        self._finished(conversation_id)

    def _finished(self, conversation_id: int) -> None:
        self._busy.discard(conversation_id)
        if conversation_id in self._again:
            self._again.discard(conversation_id)
            self.refresh(conversation_id)

    def _conversation_changed(self, event: ConversationChanged) -> None:
        if event.conversation.is_group:
            self.refresh(event.conversation.conversation_id)

    def clear(self) -> None:
        self._members.clear()
        self._names.clear()
        self._last.clear()
