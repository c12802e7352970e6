"""The receive pipeline: for each envelope, unseal, decrypt, store message and session in one
transaction, and only then ack (a poll's batch commits together, each envelope in a savepoint).

Duplicates (a redelivery after a lost ack, a replay) are dropped silently: the ratchet refuses a
message key twice and the store refuses a (sender, message id) twice. An envelope that cannot be
opened or decrypted is left at the relay (not acked) the first OPEN_TRIES - 1 times, since a
network that garbled it on the way delivers it whole on the next poll; a failed open changes no
state. After that it is dropped, acked and counted; it never stops the loop. Envelopes whose
content does not parse are dropped at once (their key is spent). Store failures stop the loop
before the ack, so the relay delivers the envelope again later.

Who sent an envelope is its sealed-sender key, and the account id is that key's hash, so a stranger
can only ever reach their own message request. Before anything is decrypted, an envelope from a
blocked key, or from a stranger beyond the request caps, is refused: acked, counted, not stored.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from functools import cached_property
from typing import TypeVar

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
from app.service.core import Core, contact_name, may_notify, may_notify_member
from app.service.errors import (
    EnvelopeRefused,
    GroupMessageRefused,
    InvalidContent,
    InvalidGroupUpdate,
    InvalidKeyChange,
    ServiceError,
)
from app.service.transfers import pointer_to_ref
from app.service.views import contact_view, conversation_view, message_view
from app.store import Contact
from app.store.records import Direction, MessageStatus
from app.wire import Delivery

log = logging.getLogger(__name__)

MAX_PENDING_REQUESTS = 100  # strangers waiting for the user's answer at once
MAX_REQUEST_MESSAGES = 20  # messages stored from one stranger before the user answers
OPEN_TRIES = 3  # polls an envelope that does not open gets before it is dropped
V = TypeVar("V")
_REMEMBERED = 4096  # envelope ids remembered for OPEN_TRIES and `all_seen`


class Receiver:
    def __init__(self, core: Core) -> None:
        self._core = core
        self._failed_opens: dict[str, int] = {}  # envelope id -> failed opens (insertion order)
        self._seen: dict[str, None] = {}  # envelope ids of recent polls, oldest first

    def all_seen(self, deliveries: Sequence[Delivery]) -> bool:
        """Whether every envelope of this poll came in a recent poll already: a relay (or a
        network) that repeats itself, which the poll loops must not chase. Remembers them."""
        fresh = [d.envelope_id for d in deliveries if d.envelope_id not in self._seen]
        _remember(self._seen, dict.fromkeys(fresh))
        return not fresh

    def _give_up_on(self, envelope_id: str) -> bool:
        """Count a failed open; True once the envelope has had its OPEN_TRIES."""
        tries = self._failed_opens.pop(envelope_id, 0) + 1
        if tries >= OPEN_TRIES:
            return True
        _remember(self._failed_opens, {envelope_id: tries})
        return False

    def receive(self, deliveries: Sequence[Delivery], stop: threading.Event | None = None) -> int:
        """Process a batch, ack it, queue delivery receipts; returns the envelopes taken in.

        If `stop` is set by the time the batch would be stored (the profile is locking), nothing
        is stored or acked (Stopped): the relay delivers the batch again after the next unlock.
        """
        core = self._core
        taken = 0
        done: list[str] = []
        delivered: Delivered = defaultdict(list)  # (sender, group id) -> message ids
        events: list[Event] = []
        # One transaction for the batch (one disk sync), a savepoint per envelope: an envelope
        # that fails leaves no trace, and nothing is acked before the batch is committed.
        # The lock is held throughout: lock() waits for it before closing the store. The events
        # go out after the commit but still under the lock, so they reach subscribers in the order
        # of the changes (a request deleted meanwhile is not brought back by a late event).
        with core.storing(stop):
            with core.store.transaction():
                for delivery in deliveries:
                    try:
                        with core.store.transaction():
                            events += self._open(delivery.envelope, delivered)
                        taken += 1
                    except session.DuplicateMessage:
                        pass
                    except session.SessionError as exc:
                        if not self._give_up_on(delivery.envelope_id):
                            log.info(
                                "an envelope does not open (%s); left for the next poll",
                                type(exc).__name__,
                            )
                            continue  # not acked: the relay delivers it again
                        core.dropped += 1
                        log.info(
                            "dropped an envelope that does not decrypt (%s)", type(exc).__name__
                        )
                    except (EnvelopeRefused, GroupMessageRefused) as exc:
                        core.refused += 1
                        log.info("refused an envelope: %s", exc)
                    except (InvalidKeyChange, InvalidGroupUpdate) as exc:
                        core.dropped += 1
                        log.warning("refused a %s: %s", _what(exc), exc)
                    done.append(delivery.envelope_id)
                self._send_receipts(delivered)
            for event in events:
                core.events.emit(event)
        if done:
            core.relay().ack(done)
        return taken

    def _open(self, envelope: bytes, delivered: Delivered) -> list[Event]:
        store = self._core.store
        unsealed = session.unseal(store, envelope)
        if unsealed.sender == self._core.account_id:
            raise session.InvalidMessage("an envelope claims to come from this profile")
        self._admit(store.find_contact(unsealed.sender))
        decrypted = session.decrypt(
            store, unsealed.sender, unsealed.sender_identity_key, unsealed.message
        )
        contact = store.contact(unsealed.sender)
        events: list[Event] = []
        if decrypted.identity_changed:
            events.append(IdentityChanged(contact_view(contact)))
        try:
            record = c.decode(decrypted.plaintext)
        except InvalidContent:
            self._core.dropped += 1
            log.info("dropped a message whose content does not parse")
            return events
        applied = _Apply(self._core, contact, record).run()
        if applied.stored and isinstance(record.body, c.Text | c.Reply | c.AttachmentPointer):
            delivered[contact.account_id, record.group_id].append(record.message_id)
        return events + applied.events

    def _admit(self, contact: Contact | None) -> None:
        """Refuse, before decryption changes anything, a blocked key or a stranger beyond the
        caps (a message request is a contact not yet accepted)."""
        store = self._core.store
        if contact is None:
            if store.pending_request_count() >= MAX_PENDING_REQUESTS:
                raise EnvelopeRefused("too many message requests are waiting")
        elif contact.blocked:
            raise EnvelopeRefused("the sender is blocked")
        elif not contact.accepted and (
            store.message_count_from(contact.account_id) >= MAX_REQUEST_MESSAGES
        ):
            raise EnvelopeRefused("this message request holds as many messages as it may")

    def _send_receipts(self, delivered: Delivered) -> None:
        core = self._core
        for (sender, group_id), ids in delivered.items():
            contact = core.store.contact(sender)
            if not (may_notify(contact) if group_id is None else may_notify_member(contact)):
                continue
            for receipt in c.receipts("delivered", ids):
                try:
                    with core.store.transaction():
                        core.seal_control(contact, receipt, group_id)
                except (ServiceError, session.SessionError) as exc:
                    log.info("no delivery receipt sent (%s)", type(exc).__name__)


Delivered = dict[tuple[str, str | None], list[str]]


def _what(exc: Exception) -> str:
    return "group update" if isinstance(exc, InvalidGroupUpdate) else "key change"


def _remember(memory: dict[str, V], new: dict[str, V]) -> None:
    """Add `new` to an insertion-ordered memory of at most _REMEMBERED ids; the oldest go."""
    memory.update(new)
    while len(memory) > _REMEMBERED:  # no copy of the whole memory on every poll
        del memory[next(iter(memory))]


class _Apply:
    """Applies one decoded record from `contact` to the store; collects the events to emit."""

    def __init__(self, core: Core, contact: Contact, record: c.Content) -> None:
        self.core = core
        self.store = core.store
        self.contact = contact
        self.record = record
        self.events: list[Event] = []
        self.stored = False
        self.now = time.time()

    def run(self) -> _Apply:
        group_id = self.record.group_id
        if group_id is not None:
            if isinstance(self.record.body, c.GroupUpdate):
                self.events += group_receive.apply_received(
                    self.core, self.contact.account_id, self.record.body
                )
                return self
            group_receive.check_member(self.core, group_id, self.contact.account_id)
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
            case c.Profile(name, relay_url):
                self._profile(name, relay_url)
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
        message_id = self.store.add_message(
            self._conversation_id,
            Direction.INCOMING,
            self.contact.account_id,
            body,
            self.record.sent_at_ms / 1000,
            received_at=self.now,
            kind=kind,
            status=MessageStatus.DELIVERED,
            reply_to=reply_to,
            expires_at=self.now + expire_seconds if expire_seconds else None,
            message_uuid=self.record.message_id,
            attachment_id=attachment_id,
        )
        if message_id is None:
            return None  # the same message again: stored once
        if self.contact.group_only and self.record.group_id is None:
            self.store.set_group_only(self.contact.account_id, False)  # a message request now
        self.stored = True
        self.events.append(MessageAdded(message_view(self.store, message_id)))
        self._conversation_changed(self._conversation_id)
        return message_id

    def _add_attachment(self, pointer: c.AttachmentPointer) -> None:
        if self.store.find_remote_message(self.contact.account_id, self.record.message_id):
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
        senders = [self.core.account_id, self.contact.account_id]
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
        self.store.set_group_receipt(message_id, self.contact.account_id, receipt_type)
        own = self.core.account_id
        others = [m.account_id for m in self.store.group_members(group_id) if m.account_id != own]
        delivered, read = self.store.group_receipt_counts(message_id, others)
        if read == len(others):
            return MessageStatus.READ
        return MessageStatus.DELIVERED if delivered == len(others) else None

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
        self.store.set_reaction(local, self.contact.account_id, emoji or None)
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
