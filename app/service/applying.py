"""Applying one decoded record to the store (the receive pipeline's last step, receiver.py): a
contact's message, receipt, reaction, profile or key change; and, through `outgoing`, a message
this account sent from another device (a sync transcript, sync_receive.py), stored as ours.
"""

from __future__ import annotations

import time
from functools import cached_property

from app import session
from app.service import content as c
from app.service import group_receive
from app.service.api import (
    ConversationChanged,
    Event,
    IdentityChanged,
    MessageAdded,
    MessageChanged,
    TypingChanged,
)
from app.service.core import Core, contact_name
from app.service.errors import InvalidGroupUpdate, InvalidKeyChange
from app.service.transfers import pointer_to_ref
from app.service.views import contact_view, conversation_view, message_view
from app.store import Contact
from app.store.records import Direction, MessageStatus


class Apply:
    """Applies one decoded record from `contact` to the store; collects the events to emit.

    With `outgoing`, the record is one this account sent from another device (a transcript): it
    is stored as ours, in the conversation with `contact` (None for a group's record)."""

    def __init__(
        self, core: Core, contact: Contact | None, record: c.Content, *, outgoing: bool = False
    ) -> None:
        self.core = core
        self.store = core.store
        self._contact = contact
        self.outgoing = outgoing
        if outgoing:
            self.sender = core.account_id
        else:
            assert contact is not None  # a contact's record always has its contact
            self.sender = contact.account_id
        self.record = record
        self.events: list[Event] = []
        self.stored = False
        self.now = time.time()

    def run(self) -> Apply:
        group_id = self.record.group_id
        if group_id is not None:
            update = self.record.body
            if isinstance(update, c.GroupUpdate):
                # our other device vouches for a state it holds (its author signed it): checked
                # as if it came from its author, so that a group made by another member reaches
                # a device linked later (DevicesPart._share_groups)
                sender = update.state.author if self.outgoing else self.sender
                self.events += group_receive.apply_received(self.core, sender, update)
                return self
            group_receive.check_member(self.core, group_id, self.sender)
        match self.record.body:
            case c.Text(body, expire):
                self._add_message(body, "text", expire_seconds=expire)
            case c.Reply(body, quoted, expire):
                self._add_message(body, "text", expire_seconds=expire, reply_to=self._local(quoted))
            case c.AttachmentPointer() as pointer:
                self._add_attachment(pointer)
            case c.Receipt(receipt_type, ids):
                self._receipt(receipt_type, ids)
            case c.Typing(typing):
                self.events.append(TypingChanged(self._conversation_id, typing))
            case c.Reaction(target, emoji):
                self._reaction(target, emoji)
            case c.TimerChange(seconds):
                self.store.set_disappearing(self._conversation_id, seconds)
                self._add_message(str(seconds), "timer")
            case c.Profile(name, relay_url, revision):
                self._profile(name, relay_url)
                self._device_list_hint(revision)
            case c.KeyChange() as statement:
                self._key_change(statement)
            case c.Unsupported():
                self._add_message("", "unsupported")
            case c.GroupUpdate():
                raise InvalidGroupUpdate("a group update names no group")
        return self

    def _conversation_changed(self, conversation_id: int) -> None:
        row = self.store.conversation(conversation_id)
        self.events.append(ConversationChanged(conversation_view(self.store, row)))

    def _add_message(
        self,
        body: str,
        kind: str,
        *,
        expire_seconds: int = 0,
        reply_to: int | None = None,
        attachment_id: int | None = None,
    ) -> int | None:
        sent_at = self.record.sent_at_ms / 1000
        # ours from another device: sent, counted from when it was sent; a contact's: from now
        start = sent_at if self.outgoing else self.now
        message_id = self.store.add_message(
            self._conversation_id,
            Direction.OUTGOING if self.outgoing else Direction.INCOMING,
            self.sender,
            body,
            sent_at,
            received_at=None if self.outgoing else self.now,
            kind=kind,
            status=MessageStatus.SENT if self.outgoing else MessageStatus.DELIVERED,
            reply_to=reply_to,
            expires_at=start + expire_seconds if expire_seconds else None,
            message_uuid=self.record.message_id,
            attachment_id=attachment_id,
        )
        if message_id is None:
            return None  # the same message again: stored once
        if not self.outgoing and self.contact.group_only and self.record.group_id is None:
            self.store.set_group_only(self.sender, False)  # a message request now
        self.stored = True
        self.events.append(MessageAdded(message_view(self.store, message_id)))
        self._conversation_changed(self._conversation_id)
        return message_id

    def _add_attachment(self, pointer: c.AttachmentPointer) -> None:
        if self.store.find_remote_message(self.sender, self.record.message_id):
            return
        attachment_id = self.store.create_attachment(pointer.name, pointer.mime_type, pointer.size)
        self.store.set_attachment_remote(attachment_id, pointer_to_ref(pointer))
        self._add_message(
            "",
            "attachment",
            expire_seconds=pointer.expire_seconds,
            attachment_id=attachment_id,
        )

    def _local(self, message_uuid: str) -> int | None:
        """The local id of a message of this conversation named by its sender's id (in a group,
        any member's)."""
        senders = [self.core.account_id, self.sender]
        if self._contact is not None:
            senders.append(self._contact.account_id)  # a transcript's contact
        if self.record.group_id is not None:
            senders += [m.account_id for m in self.store.group_members(self.record.group_id)]
        for sender in dict.fromkeys(senders):
            found = self.store.find_remote_message(sender, message_uuid)
            if found is not None and found.conversation_id == self._conversation_id:
                return found.id
        return None

    def _receipt(self, receipt_type: c.ReceiptType, ids: tuple[str, ...]) -> None:
        for message_uuid in ids:
            message = self.store.find_remote_message(self.core.account_id, message_uuid)
            if message is None or message.conversation_id != self._conversation_id:
                continue
            status = MessageStatus(receipt_type)
            if self.record.group_id is not None:
                found = self._group_status(message.id, receipt_type, self.record.group_id)
                if found is None:
                    continue
                status = found
            if self.core.advance_status(message.id, status):
                self.events.append(MessageChanged(message_view(self.store, message.id)))

    def _group_status(
        self, message_id: int, receipt_type: c.ReceiptType, group_id: str
    ) -> MessageStatus | None:
        """Record one member's receipt of our group message; the status every current member
        has reached (delivered or read), or None while some have not."""
        self.store.set_group_receipt(message_id, self.sender, receipt_type)
        own = self.core.account_id
        others = [m.account_id for m in self.store.group_members(group_id) if m.account_id != own]
        delivered, read = self.store.group_receipt_counts(message_id, others)
        if read == len(others):
            return MessageStatus.READ
        return MessageStatus.DELIVERED if delivered == len(others) else None

    @property
    def contact(self) -> Contact:
        """The contact of a 1:1 record (every record but a group's transcript has one)."""
        assert self._contact is not None
        return self._contact

    @cached_property
    def _conversation_id(self) -> int:
        """Looked up once per record: a receipt names up to 500 messages, each checked against it
        (the store makes the conversation on first use, which is a write)."""
        if self.record.group_id is not None:
            return self.store.conversation_for_group(self.record.group_id).id
        return self.store.conversation_for_contact(self.contact.account_id).id

    def _reaction(self, target: str, emoji: str) -> None:
        local = self._local(target)
        if local is None:
            return
        self.store.set_reaction(local, self.sender, emoji or None)
        self.events.append(MessageChanged(message_view(self.store, local)))

    def _key_change(self, body: c.KeyChange) -> None:
        """Hold a key change for the user's click, if the contact's known key signed it."""
        contact = self.contact
        name = contact_name(contact)
        if not contact.accepted or contact.identity_key is None:
            raise InvalidKeyChange("a key change counts only from an accepted contact")
        statement = session.KeyChange(
            contact.identity_key, body.identity_key, body.at_ms, body.relay_url, body.signature
        )
        try:
            session.verify_key_change(statement)
        except session.InvalidSignature as exc:
            raise InvalidKeyChange(
                f"the key change of {name} is not signed by their known identity key"
            ) from exc
        moving_to = self.store.find_contact(session.account_id(body.identity_key))
        if moving_to is not None and moving_to.accepted:
            raise InvalidKeyChange(f"{name} names a new key that is another contact's")
        self.store.set_pending_key(contact.account_id, body.identity_key, body.relay_url)
        self.events.append(IdentityChanged(contact_view(self.store.contact(contact.account_id))))
        self._conversation_changed(self._conversation_id)

    def _device_list_hint(self, revision: int) -> None:
        """The contact's device list has a newer revision than the kept one: fetch it before
        the next send (a device was linked or unlinked)."""
        held = self.store.contact_device_list(self.sender)
        if revision > (0 if held is None else held.revision):
            self.core.stale_lists.add(self.sender)

    def _profile(self, name: str, relay_url: str) -> None:
        contact = self.contact
        self.store.add_contact(
            contact.account_id,
            name or contact.display_name,
            relay_url=relay_url or contact.relay_url,
            mailbox=contact.identity_key,
            accepted=contact.accepted,
        )
        self._conversation_changed(self._conversation_id)
