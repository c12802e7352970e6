"""Rows the store hands out: plain immutable tuples, cheap to build for a page of 50 messages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import partial
from typing import Any, NamedTuple

from app.session.stores import TrustState


class Direction(StrEnum):
    """Which way a message went; stored as its value."""

    INCOMING = "in"
    OUTGOING = "out"


class MessageStatus(StrEnum):
    """Where an outgoing message stands (incoming ones are "delivered"); stored as its value.
    It only moves forward, pending -> sent -> delivered -> read; "failed" is set explicitly."""

    PENDING = "pending"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"


class Contact(NamedTuple):
    account_id: str
    display_name: str
    identity_key: bytes | None
    trust: TrustState
    blocked: bool
    accepted: bool  # False while it is a message request from a stranger
    relay_url: str
    mailbox: bytes | None
    pending_key: bytes | None = None  # a new identity key the old one signed, not yet accepted
    pending_relay_url: str = ""  # where that new key's mailbox is
    group_only: bool = False  # known only as a member of a group: no contact, no request


class Message(NamedTuple):
    """One message; the field order is the column order of MESSAGE_COLUMNS."""

    id: int  # local, increasing, never reused: the key for keyset paging
    conversation_id: int
    direction: str  # a Direction value, as the database holds it (views.py makes the enum)
    sender: str
    sent_at: float
    received_at: float | None
    body: str
    kind: str  # "text", "attachment", "timer", "unsupported", ...
    status: str  # a MessageStatus value
    reply_to: int | None
    edited: bool
    deleted: bool
    expires_at: float | None
    unread: bool
    attachment_id: int | None
    remote_id: str | None  # sender account id ":" the sender's message uuid

    def __repr__(self) -> str:  # never the body: reprs end up in logs
        return f"Message(id={self.id}, conversation_id={self.conversation_id}, kind={self.kind!r})"


MESSAGE_COLUMNS = ", ".join(Message._fields)


def to_messages(rows: Iterable[tuple[Any, ...]]) -> list[Message]:
    """Rows selected as MESSAGE_COLUMNS, as Messages; built without a Python call per row."""
    return list(map(_new_message, rows))


_new_message: Callable[[tuple[Any, ...]], Message] = partial(tuple.__new__, Message)


class Conversation(NamedTuple):
    id: int
    contact_id: str | None  # exactly one of contact_id and group_id is set
    group_id: str | None
    disappearing_seconds: int  # 0 = off
    muted: bool
    archived: bool
    unread: int
    last_message: Message | None


class OutboxEntry(NamedTuple):
    id: int
    message_id: int | None  # None for envelopes that carry no message (receipts, typing)
    recipient: str
    payload: bytes
    idempotency_key: str
    attempts: int
    next_attempt_at: float


class Attachment(NamedTuple):
    id: int
    name: str
    mime_type: str
    size: int
    transferred: int
    complete: bool
    remote_ref: bytes | None  # the service's opaque blob reference (relay id, key, digest)


class SearchHit(NamedTuple):
    conversation_id: int
    message_id: int
    snippet: str  # the matched words between [ and ]

    def __repr__(self) -> str:
        return f"SearchHit(conversation_id={self.conversation_id}, message_id={self.message_id})"


class Group(NamedTuple):
    group_id: str  # 32 hex chars
    name: str
    revision: int
    is_member: bool  # False once this profile left or was removed


class GroupMember(NamedTuple):
    group_id: str
    account_id: str
    position: int  # 0 = the oldest member
    display_name: str
    is_admin: bool


class GroupStateRecord(NamedTuple):
    """One revision of a group as the service encoded it (the store keeps it opaque)."""

    group_id: str
    revision: int
    state_hash: bytes
    record: bytes
