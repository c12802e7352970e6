"""The values and events of the service's public surface (re-exported by api.py, where the UI and
the CLI import them from)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeAlias

from app.session import TrustState
from app.store.records import Direction, MessageStatus


@dataclass(frozen=True)
class Contact:
    contact_id: str  # the peer's account id (hex)
    display_name: str
    trust: TrustState
    blocked: bool
    accepted: bool  # False while it is a message request from a stranger
    key_change_pending: bool = False  # a move to a new key, signed by the old one, awaits a click


@dataclass(frozen=True)
class Conversation:
    conversation_id: int
    contact: Contact
    last_message_preview: str
    last_message_at: float | None  # unix seconds
    unread: int
    muted: bool
    archived: bool
    disappearing_seconds: int  # 0 = off
    is_group: bool = False  # a group's: `contact` then stands for the group (its id and name)
    group_name: str = ""


@dataclass(frozen=True)
class AttachmentInfo:
    attachment_id: int
    name: str
    mime_type: str
    size: int
    transferred: int  # bytes uploaded or downloaded so far
    complete: bool


@dataclass(frozen=True)
class Message:
    message_id: int  # local, increasing within a profile; the key for keyset paging
    conversation_id: int
    direction: Direction
    sender_id: str
    body: str
    sent_at: float
    received_at: float | None
    status: MessageStatus
    reply_to: int | None = None
    edited: bool = False
    deleted: bool = False
    expires_at: float | None = None
    reactions: dict[str, str] = field(default_factory=dict)  # sender id -> emoji
    attachment: AttachmentInfo | None = None
    kind: str = "text"  # "text", "attachment", "timer", "unsupported", ...


@dataclass(frozen=True)
class GroupMember:
    """One member of a group as this profile's current state of it has them."""

    account_id: str
    name: str
    is_admin: bool
    is_self: bool


@dataclass(frozen=True)
class SearchHit:
    conversation_id: int
    message_id: int
    snippet: str  # with the matched words between [ and ]


@dataclass(frozen=True)
class MessageAdded:
    message: Message


@dataclass(frozen=True)
class MessageChanged:
    message: Message  # status, reactions, edits, transfer progress


@dataclass(frozen=True)
class MessagesRemoved:
    conversation_id: int
    message_ids: tuple[int, ...]  # disappeared or deleted


@dataclass(frozen=True)
class ConversationChanged:
    conversation: Conversation


@dataclass(frozen=True)
class ConversationRemoved:
    conversation_id: int  # a deleted message request


@dataclass(frozen=True)
class TypingChanged:
    conversation_id: int
    typing: bool


@dataclass(frozen=True)
class ConnectionChanged:
    online: bool
    detail: str = ""


@dataclass(frozen=True)
class IdentityChanged:
    contact: Contact  # sending to it is blocked until accept_identity_change


@dataclass(frozen=True)
class ThisDeviceUnlinked:
    """Another device of the account unlinked this one: it stops sending and receiving (the
    history stays readable; docs/devices.md, "Unlinking")."""


Event: TypeAlias = (
    MessageAdded
    | MessageChanged
    | MessagesRemoved
    | ConversationChanged
    | ConversationRemoved
    | TypingChanged
    | ConnectionChanged
    | IdentityChanged
    | ThisDeviceUnlinked
)
"""Everything `subscribe` delivers: a closed union, so a `match` over it can be checked whole."""

EventCallback = Callable[[Event], None]
Progress = Callable[[int, int], None]  # (bytes done, bytes in all)


@dataclass(frozen=True)
class BackupResult:
    """What `create_backup` wrote."""

    code: str | None  # the backup code, only when it was made now (show it once); else None
    messages: int  # messages in the backup
    attachments: int  # attachments whose bytes are in it (0 without them)
    size: int  # the file's size in bytes


@dataclass(frozen=True)
class LinkedDevice:
    """What `link_device` shows: the code to compare with the new device's, and its id."""

    code: str  # six digits
    device_id: str  # hex


@dataclass(frozen=True)
class DeviceInfo:
    """One device of the own account (docs/devices.md)."""

    device_id: str  # hex
    name: str  # "" if it does not open
    is_this: bool
    is_first: bool  # its mailbox is the identity key (contacts on older clients reach only it)
