"""The service's public surface: what the desktop app and the CLI see of the messenger.

`app.service.messenger.Messenger` implements `MessengerApi`. Every method may block (disk, crypto,
network), so the UI calls them from worker threads. Events arrive through plain callbacks registered
with `subscribe`, on whatever thread produced them; the UI re-emits them as queued Qt signals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Protocol


class MessageStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"


class Direction(StrEnum):
    INCOMING = "in"
    OUTGOING = "out"


class Trust(StrEnum):
    UNVERIFIED = "unverified"
    VERIFIED = "verified"
    CHANGED = "changed"


@dataclass(frozen=True)
class Contact:
    contact_id: str  # the peer's account id (hex)
    display_name: str
    trust: Trust
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
class SearchHit:
    conversation_id: int
    message_id: int
    snippet: str  # with the matched words between [ and ]


class Event(Protocol):
    """Marker for the event dataclasses below."""


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


EventCallback = Callable[[object], None]


class MessengerApi(Protocol):
    """One unlocked profile."""

    # --- profile -------------------------------------------------------------------------------
    def own_account_id(self) -> str: ...
    def own_display_name(self) -> str: ...
    def set_display_name(self, name: str) -> None: ...
    def relay_url(self) -> str: ...
    def set_relay_url(self, url: str) -> None: ...
    def change_passphrase(self, old: str, new: str) -> None: ...
    def remember_on_device(self, enabled: bool) -> None:
        """Keep the key in the OS keyring so the profile opens without a passphrase (opt-in);
        False forgets it. Raises the store's error when no keyring answers."""
        ...

    def is_remembered(self) -> bool: ...
    def setting(self, key: str, default: str = "") -> str: ...
    def set_setting(self, key: str, value: str) -> None: ...
    def lock(self) -> None:
        """Stop the sync loop, drop the key and every decrypted view."""
        ...

    # --- sync ----------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the background receive loop and outbox sender (idempotent)."""
        ...

    def stop(self) -> None: ...
    def sync_once(self, wait: float = 0.0) -> int:
        """Send what the outbox holds, receive what the relay holds; returns messages received."""
        ...

    def subscribe(self, callback: EventCallback) -> Callable[[], None]:
        """Register an event callback; returns a function that unregisters it."""
        ...

    # --- contacts and trust --------------------------------------------------------------------
    def invite_link(self) -> str: ...
    def add_contact(self, link: str) -> Contact: ...
    def contacts(self) -> list[Contact]: ...
    def accept_request(self, contact_id: str) -> None: ...
    def block(self, contact_id: str, blocked: bool = True) -> None: ...
    def safety_number(self, contact_id: str) -> str:
        """60 digits in 12 groups of 5, separated by spaces."""
        ...

    def safety_qr_payload(self, contact_id: str) -> bytes: ...
    def mark_verified(self, contact_id: str) -> None: ...
    def accept_identity_change(self, contact_id: str) -> Contact:
        """Accept a signed move to a new key (the contact's id becomes the new key's); raises
        IdentityNotAccepted when none is waiting."""
        ...

    def requests(self) -> list[Contact]:
        """Message requests: strangers who wrote, neither accepted nor blocked."""
        ...

    def delete_request(self, contact_id: str) -> None:
        """Forget a message request with all it brought (ServiceError for a real contact)."""
        ...

    # --- conversations and messages ------------------------------------------------------------
    def conversations(self) -> list[Conversation]: ...
    def conversation(self, conversation_id: int) -> Conversation: ...
    def conversation_for_contact(self, contact_id: str) -> Conversation: ...
    def messages_before(
        self, conversation_id: int, before_id: int | None, limit: int = 50
    ) -> list[Message]:
        """Newest first: the page of messages older than `before_id` (None = the newest page)."""
        ...

    def messages_after(self, conversation_id: int, after_id: int, limit: int = 50) -> list[Message]:
        """Oldest first: the page of messages newer than `after_id`."""
        ...

    def message_count(self, conversation_id: int) -> int: ...
    def send_text(
        self, conversation_id: int, text: str, reply_to: int | None = None
    ) -> Message: ...
    def send_file(
        self,
        conversation_id: int,
        path: Path,
        progress: Callable[[int, int], None] | None = None,
    ) -> Message: ...
    def download_attachment(
        self,
        message_id: int,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Fetch an incoming attachment into the store (resumes an interrupted download);
        MessageChanged follows. Raises RelayDown while the relay is away."""
        ...

    def save_attachment(
        self,
        message_id: int,
        dest: Path,
        progress: Callable[[int, int], None] | None = None,
    ) -> None: ...
    def react(self, message_id: int, emoji: str) -> None: ...
    def retry(self, message_id: int) -> None:
        """Send a FAILED outgoing message again now (its relay's backoff is forgotten)."""
        ...

    def mark_read(self, conversation_id: int) -> None: ...
    def send_typing(self, conversation_id: int, typing: bool) -> None: ...
    def set_disappearing(self, conversation_id: int, seconds: int) -> None: ...
    def search(self, query: str, limit: int = 50) -> list[SearchHit]: ...
