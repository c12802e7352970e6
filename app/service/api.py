"""The service's public surface: what the desktop app and the CLI see of the messenger.

`app.service.messenger.Messenger` implements `MessengerApi`. Every method may block (disk, crypto,
network), so the UI calls them from worker threads. Events arrive through plain callbacks registered
with `subscribe`, on whatever thread produced them; the UI re-emits them as queued Qt signals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

# The values and events live in api_types.py (this file holds the protocol); one import for all.
from app.service.api_types import (
    AttachmentInfo,
    BackupResult,
    ConnectionChanged,
    Contact,
    Conversation,
    ConversationChanged,
    ConversationRemoved,
    DeviceInfo,
    Event,
    EventCallback,
    GroupMember,
    IdentityChanged,
    LinkedDevice,
    Message,
    MessageAdded,
    MessageChanged,
    MessagesRemoved,
    Progress,
    SearchHit,
    ThisDeviceUnlinked,
    TypingChanged,
)
from app.session import TrustState
from app.store.records import Direction, MessageStatus

__all__ = [
    "AttachmentInfo",
    "BackupResult",
    "ConnectionChanged",
    "Contact",
    "Conversation",
    "ConversationChanged",
    "ConversationRemoved",
    "DeviceInfo",
    "Direction",
    "Event",
    "EventCallback",
    "GroupMember",
    "IdentityChanged",
    "LinkedDevice",
    "Message",
    "MessageAdded",
    "MessageChanged",
    "MessageStatus",
    "MessagesRemoved",
    "MessengerApi",
    "Progress",
    "SearchHit",
    "ThisDeviceUnlinked",
    "TrustState",
    "TypingChanged",
]


class MessengerApi(Protocol):
    """One unlocked profile.

    Every method raises only `app.service.errors.ServiceError` subclasses, besides OSError for
    the caller's own files (`send_file`'s source, `save_attachment`'s destination). Any method
    that reads or writes the profile may raise StorageError: ProfileLocked once `lock()` ran,
    NotFound for a conversation, message or attachment id that does not exist; those two are not
    repeated below. RelayDown means "not now, later works"; RelayRefused "the relay said no".
    """

    # --- profile -------------------------------------------------------------------------------
    def own_account_id(self) -> str:
        """This profile's account id (hex): the hash of its identity key. Raises nothing."""

    def own_identity_key(self) -> bytes:
        """This profile's identity public key (Ed25519, 32 bytes). Raises nothing."""

    def own_display_name(self) -> str:
        """The name contacts see."""

    def set_display_name(self, name: str) -> None:
        """Rename and tell every accepted contact; ServiceError for an empty name or one over
        64 characters."""

    def relay_url(self) -> str:
        """The URL of the relay holding this profile's mailbox. Raises nothing."""

    def set_relay_url(self, url: str) -> None:
        """Move the mailbox to another relay (keys are published there once it answers; contacts
        are told); ServiceError for a URL that is not http(s)://host[:port]."""

    def proxy_url(self) -> str:
        """The SOCKS5 proxy every relay request goes through, "" for none: the one given at
        unlock (bisik-cli's --proxy or BISIK_PROXY), else the profile's. It may hold a password:
        show it to the user only as `app.service.messenger.redacted_proxy` gives it. Raises
        nothing."""

    def set_proxy_url(self, url: str | None) -> None:
        """Store the proxy in the profile (None or "" for none) and send every later relay
        request through it, never around it: an unreachable proxy makes them RelayDown.
        InvalidProxy unless `url` is socks5h://[user:password@]host:port (socks5:// is refused:
        it resolves the relay's name outside the proxy, a DNS leak)."""

    def change_passphrase(self, old: str, new: str) -> None:
        """Re-key the profile; WrongPassphrase if `old` does not open it, ServiceError for an
        empty `new`."""

    def remember_on_device(self, enabled: bool) -> None:
        """Keep the key in the OS keyring so the profile opens without a passphrase (opt-in);
        False forgets it. KeyringUnavailable when no keyring answers."""

    def is_remembered(self) -> bool:
        """Whether the key is kept in the OS keyring."""

    def setting(self, key: str, default: str = "") -> str:
        """A setting stored (encrypted) in the profile, or `default`."""

    def set_setting(self, key: str, value: str) -> None:
        """Store a setting in the profile."""

    def create_backup(
        self,
        path: Path,
        *,
        include_attachments: bool = True,
        new_code: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> BackupResult:
        """Write an encrypted backup of the whole profile to `path` (docs/backup.md), from one
        consistent snapshot, while everything else goes on. The backup code is made on the first
        backup (or with `new_code`) and returned only then, in `BackupResult.code`: show it once;
        later backups use the same code and return None. Without `include_attachments` the
        attachments' bytes stay out. `progress(rows done, rows in all)` is called about every 1 %.
        FileExistsError (an OSError) if `path` or `path.partial` exists, OSError for the disk;
        nothing is left at `path` after a failure."""

    def lock(self) -> None:
        """Stop the sync loops, hang up relay calls in flight, drop the key, every decrypted view
        and every subscriber. Idempotent; raises nothing."""

    # --- sync ----------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the background receive loop and outbox sender (idempotent, a no-op once
        locked). Raises nothing: the loops report through ConnectionChanged."""

    def stop(self) -> None:
        """Stop the background loops; returns at once. Raises nothing."""

    def sync_once(self, wait: float = 0.0) -> int:
        """Send what the outbox holds, receive what the relay holds (the first poll waits up to
        `wait` seconds), let expired messages go; returns the envelopes received. RelayDown
        while the relay is away (queued work stays), RelayRefused if it refuses the poll."""

    def flush_outbox(self) -> int:
        """Try to send what the outbox holds now; returns how many envelopes went. A relay that
        is away raises nothing: its envelopes stay queued and are retried."""

    def outbox_size(self) -> int:
        """Envelopes waiting for a relay."""

    def dropped_count(self) -> int:
        """Envelopes dropped since unlock because they did not open, decrypt or parse. Raises
        nothing."""

    def refused_count(self) -> int:
        """Envelopes refused since unlock (from blocked keys, or beyond the message-request
        caps). Raises nothing."""

    def keys_ready(self) -> bool:
        """Whether the relay holds the current signed prekey, so others can reach us."""

    def publish_keys(self) -> None:
        """Rotate and top up prekeys now; RelayDown when the relay is away, RelayRefused when it
        refuses them."""

    def expire_now(self) -> list[int]:
        """Delete the messages whose disappearing timer ran out (MessagesRemoved follows);
        returns their ids."""

    def subscribe(self, callback: EventCallback) -> Callable[[], None]:
        """Register an event callback (called on the thread that produced the event); returns a
        function that unregisters it. Raises nothing."""

    # --- contacts and trust --------------------------------------------------------------------
    def invite_link(self, https: bool = False) -> str:
        """This profile's signed invite link: `bisik:invite/...`, or with `https` the
        https://<relay>/invite#... form of the same."""

    def add_contact(self, link: str) -> Contact:
        """Verify the link, fetch the contact's prekey bundle, run X3DH, tell them our name.
        InvalidInvite for a bad link, ServiceError for the own one, RelayDown / RelayRefused when
        the contact's relay is away or has no bundle, ProtocolError for a bundle that does not
        verify."""

    def contacts(self) -> list[Contact]:
        """Every contact, message requests and blocked ones included, by display name."""

    def contact(self, contact_id: str) -> Contact:
        """The contact with this exact account id; ContactNotFound."""

    def find_contact(self, query: str) -> Contact:
        """The one contact whose id, display name (any case) or id prefix is `query`;
        ContactNotFound if none, AmbiguousContact if several match."""

    def accept_request(self, contact_id: str) -> None:
        """Accept a message request: it becomes a contact and learns our name (and default
        timer); ContactNotFound."""

    def block(self, contact_id: str, blocked: bool = True) -> None:
        """Block (or with False unblock) a contact or a request; ContactNotFound."""

    def safety_number(self, contact_id: str) -> str:
        """60 digits in 12 groups of 5, separated by spaces, the same on both sides;
        ContactNotFound, ServiceError if no identity key is known for the contact."""

    def safety_qr_payload(self, contact_id: str) -> bytes:
        """The safety number as a QR code's payload; errors as `safety_number`."""

    def mark_verified(self, contact_id: str) -> None:
        """Mark a contact verified (after comparing safety numbers); ContactNotFound,
        IdentityNotAccepted while a changed key waits to be accepted."""

    def accept_identity_change(self, contact_id: str) -> Contact:
        """Accept a signed move to a new key (the contact's id becomes the new key's, which is
        returned); ContactNotFound, IdentityNotAccepted when none is waiting, StorageError when
        the new key is already another contact."""

    def announce_key_change(self, link: str) -> int:
        """Tell every contact, signed by this profile's key, to talk to the install of `link`
        from now on; returns how many were told. InvalidInvite, ServiceError for the own link."""

    def requests(self) -> list[Contact]:
        """Message requests: strangers who wrote, neither accepted nor blocked."""

    def delete_request(self, contact_id: str) -> None:
        """Forget a message request with all it brought (ConversationRemoved follows);
        ContactNotFound, ServiceError for an accepted contact."""

    # --- conversations and messages ------------------------------------------------------------
    def conversations(self) -> list[Conversation]:
        """Every conversation (message requests' too), the most recently active first."""

    def conversation(self, conversation_id: int) -> Conversation:
        """One conversation as it stands now."""

    def conversation_for_contact(self, contact_id: str) -> Conversation:
        """The conversation with a contact (made on first use); ContactNotFound."""

    def set_muted(self, conversation_id: int, muted: bool) -> None:
        """Mute or unmute a conversation (ConversationChanged follows)."""

    def set_archived(self, conversation_id: int, archived: bool) -> None:
        """Archive or unarchive a conversation (ConversationChanged follows)."""

    def total_unread(self) -> int:
        """Unread incoming messages over every conversation (the tray's badge)."""

    def messages_before(
        self, conversation_id: int, before_id: int | None, limit: int = 50
    ) -> list[Message]:
        """Newest first: the page of messages older than `before_id` (None = the newest page)."""

    def messages_after(self, conversation_id: int, after_id: int, limit: int = 50) -> list[Message]:
        """Oldest first: the page of messages newer than `after_id`."""

    def message_count(self, conversation_id: int) -> int:
        """How many messages a conversation holds."""

    def message(self, message_id: int) -> Message:
        """One message as it stands now."""

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Messages holding every word of `query` (as prefixes, any case), newest first."""

    def send_text(self, conversation_id: int, text: str, reply_to: int | None = None) -> Message:
        """Store a text as pending and queue it (replying to a request accepts it); returns it.
        ServiceError for an empty or over-long text, ContactBlocked, IdentityNotAccepted (the
        message is stored as failed), RelayDown / RelayRefused when a first session needs the
        contact's prekey bundle and its relay cannot give it."""

    def send_file(
        self, conversation_id: int, path: Path, progress: Progress | None = None
    ) -> Message:
        """Store the file (encrypted), upload it if the relay answers (else later) and queue its
        pointer; returns the message. AttachmentTooLarge above 100 MB, otherwise as
        `send_text`; OSError if `path` cannot be read."""

    def download_attachment(self, message_id: int, progress: Progress | None = None) -> None:
        """Fetch an incoming attachment into the store (resumes an interrupted download);
        MessageChanged follows. ServiceError for a message without one, RelayDown while the
        relay is away, AttachmentError for a blob that is gone or does not match its digest."""

    def save_attachment(
        self, message_id: int, dest: Path, progress: Progress | None = None
    ) -> None:
        """Write an attachment's bytes to `dest`, downloading it first; errors as
        `download_attachment`, OSError if `dest` cannot be written."""

    def react(self, message_id: int, emoji: str) -> None:
        """Set (or with "" remove) our reaction, here and at the contact; ServiceError for a
        message that cannot be reacted to, ContactBlocked, IdentityNotAccepted."""

    def retry(self, message_id: int) -> None:
        """Send a FAILED outgoing message again now (its relay's backoff is forgotten; anything
        else is left alone); ContactBlocked, IdentityNotAccepted."""

    def mark_read(self, conversation_id: int) -> None:
        """Mark incoming messages read and tell the contact (unless read receipts are off)."""

    def send_typing(self, conversation_id: int, typing: bool) -> None:
        """Tell the contact we are typing (or stopped); ContactBlocked."""

    def set_disappearing(self, conversation_id: int, seconds: int) -> None:
        """Set the conversation's timer on both sides (0 = off); ServiceError outside 0 to 366
        days, otherwise as `send_text`."""

    # --- groups (docs/groups.md) ---------------------------------------------------------------
    # A group's conversation id works with send_text (and replies), send_file, react, mark_read,
    # set_disappearing (admins only: the timer is part of the group's state), messages_before/
    # after, search and retry; send_typing does nothing in a group. Every group method below
    # raises GroupError for a conversation that is no group, or one this profile is no longer in.

    def create_group(self, name: str, member_ids: Sequence[str]) -> Conversation:
        """A new group of this profile (its first admin) and contacts `member_ids` (id, name or
        id prefix, as `find_contact`), told to each of them; returns its conversation.
        GroupError for a name that is blank or over 64 characters, over 100 members, or a
        member who is blocked, a message request or listed twice; ContactNotFound,
        AmbiguousContact; RelayDown / RelayRefused when a member's prekey bundle is needed and
        cannot be fetched."""

    def add_group_members(self, conversation_id: int, member_ids: Sequence[str]) -> None:
        """Add contacts to the group (admins only); they get its whole state. Errors as
        `create_group`, and GroupError for someone already in it or when not an admin."""

    def remove_group_members(self, conversation_id: int, member_ids: Sequence[str]) -> None:
        """Remove members (by account id, id prefix or name in the group; admins only): they
        are told, and nothing later is encrypted to them. GroupError for a non-member, for
        oneself (use `leave_group`) or when not an admin."""

    def set_group_admin(self, conversation_id: int, member_id: str, admin: bool = True) -> None:
        """Make a member an admin (or, with False, no longer one; a group keeps at least one).
        GroupError when not an admin, for a non-member, or for the last admin."""

    def rename_group(self, conversation_id: int, name: str) -> None:
        """Rename the group (admins only); GroupError for a blank name or one over 64
        characters."""

    def leave_group(self, conversation_id: int) -> None:
        """Leave the group (any member): the others are told; the oldest member becomes admin
        if no admin would remain. The conversation stays, read-only."""

    def group_members(self, conversation_id: int) -> list[GroupMember]:
        """The members as this profile's current state has them, oldest first."""

    # --- linked devices (docs/devices.md) --------------------------------------------------------
    def link_device(self, link: str, name: str) -> LinkedDevice:
        """Answer a new device's `bisik-link:` with the account (identity, contacts); returns the
        code both screens must show. DeviceLinkError for a bad or answered link or one on
        another relay, ServiceError for a bad name (1 to 64 bytes) or a full list."""

    def devices(self) -> list[DeviceInfo]:
        """The account's devices by its newest list (fetched from the relay); DeviceUnlinked if
        this device is no longer in it, InvalidDeviceList for a list that does not verify."""

    def unlink_device(self, device_id: str) -> None:
        """Publish the list without that device (not this one). ServiceError for an unknown id."""

    def is_unlinked(self) -> bool:
        """Whether another device unlinked this one (ThisDeviceUnlinked was emitted then): it no
        longer sends or receives; its history stays readable."""
