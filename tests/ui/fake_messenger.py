"""An in-memory MessengerApi for widget and model tests: no disk, no network, thread-safe.

It keeps the facade's contract (tests/unit/service/test_contract.py runs the same checks against it
and the real Messenger), errors included: only ServiceErrors, of the same classes.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from app.service.api import (
    AttachmentInfo,
    BackupResult,
    Contact,
    Conversation,
    ConversationChanged,
    ConversationRemoved,
    DeviceInfo,
    Direction,
    Event,
    EventCallback,
    GroupMember,
    IdentityChanged,
    LinkedDevice,
    Message,
    MessageAdded,
    MessageChanged,
    MessageStatus,
    Progress,
    SearchHit,
    ThisDeviceUnlinked,
    TrustState,
    TypingChanged,
)
from app.service.content import MAX_TIMER_SECONDS
from app.service.errors import (
    AmbiguousContact,
    ContactBlocked,
    ContactNotFound,
    DeviceLinkError,
    DeviceUnlinked,
    GroupError,
    InvalidInvite,
    NotFound,
    RelayDown,
    ServiceError,
    WrongPassphrase,
)
from app.service.messenger import check_proxy_url


class FakeMessenger:
    """Holds contacts, conversations and messages in dicts; `online` decides whether sends fail."""

    def __init__(self, name: str = "Me", account_id: str = "aa" * 16) -> None:
        self._lock = threading.RLock()
        self._name = name
        self._account_id = account_id
        self._relay = "https://relay.example"
        self._proxy = ""
        self._passphrase = "correct horse battery"
        self._settings: dict[str, str] = {}
        self._contacts: dict[str, Contact] = {}
        self._conversations: dict[int, Conversation] = {}
        self._ids: dict[int, list[int]] = {}  # conversation -> message ids, ascending
        self._messages: dict[int, Message] = {}
        self._callbacks: list[EventCallback] = []
        self._next_id = 1
        self.remembered = False
        self.backup_seconds = 0.0  # how long create_backup takes, its progress spread over it
        self.backup_error: Exception | None = None  # raised by create_backup instead, if set
        self.online = True
        self.locked = False
        self.started = False
        self.calls: list[str] = []
        # linked devices: this one first; link_device answers with `link_code`, records the
        # (link, name) it was given; the new device joins the list only with `add_device`
        self._linked_devices = [DeviceInfo("d0" * 16, "This laptop", True, True)]
        self._unlinked = False
        self._device_ids = 0xD0
        self.device_links: list[tuple[str, str]] = []
        self.link_code = "123456"
        self.device_error: Exception | None = None  # raised by the device calls, if set

    # --- helpers for tests ---------------------------------------------------------------------
    def add_peer(
        self, name: str, *, accepted: bool = True, trust: TrustState = TrustState.UNVERIFIED
    ) -> int:
        """Create a contact and its conversation; returns the conversation id."""
        with self._lock:
            contact_id = f"{len(self._contacts) + 1:02x}" * 16
            contact = Contact(contact_id, name, trust, False, accepted)
            self._contacts[contact_id] = contact
            cid = len(self._conversations) + 1
            self._conversations[cid] = Conversation(cid, contact, "", None, 0, False, False, 0)
            self._ids[cid] = []
            return cid

    def receive(
        self, conversation_id: int, body: str, at: float | None = None, sender: str = ""
    ) -> Message:
        """An incoming message; in a group from member `sender` (an account id)."""
        return self._add(
            conversation_id, Direction.INCOMING, body, at, MessageStatus.DELIVERED, sender
        )

    def receive_timer(self, conversation_id: int, seconds: int, sender: str = "") -> Message:
        """A timer change from the other side (a group member: `sender`), as the service stores
        it: a message of kind "timer" whose body is the seconds."""
        self._set_conversation(conversation_id, disappearing_seconds=seconds)
        message = self.receive(conversation_id, str(seconds), sender=sender)
        return self._update(message.message_id, kind="timer")

    def bulk_fill(self, conversation_id: int, count: int, start: float = 1.7e9) -> None:
        """Many messages at once, one per minute, without events (a long history)."""
        with self._lock:
            conv = self._conversations[conversation_id]
            for i in range(count):
                mid = self._next_id
                self._next_id += 1
                direction = Direction.OUTGOING if i % 3 == 0 else Direction.INCOMING
                self._messages[mid] = Message(
                    mid,
                    conversation_id,
                    direction,
                    conv.contact.contact_id,
                    f"message {i}",
                    start + 60 * i,
                    start + 60 * i,
                    MessageStatus.READ,
                )
                self._ids[conversation_id].append(mid)

    def set_typing(self, conversation_id: int, typing: bool) -> None:
        self._emit(TypingChanged(conversation_id, typing))

    def change_identity(self, conversation_id: int) -> None:
        with self._lock:
            contact = replace(
                self._conversations[conversation_id].contact, trust=TrustState.CHANGED
            )
            self._set_contact(contact)
        self._emit(IdentityChanged(contact))

    def attach(self, conversation_id: int, name: str, size: int, transferred: int) -> Message:
        message = self._add(conversation_id, Direction.INCOMING, "", None, MessageStatus.DELIVERED)
        info = AttachmentInfo(
            message.message_id, name, "application/pdf", size, transferred, transferred >= size
        )
        return self._update(message.message_id, attachment=info, kind="attachment")

    # --- profile -------------------------------------------------------------------------------
    def own_account_id(self) -> str:
        return self._account_id

    def own_identity_key(self) -> bytes:
        return bytes.fromhex(self._account_id).ljust(32, b"\0")

    def own_display_name(self) -> str:
        return self._name

    def set_display_name(self, name: str) -> None:
        self._name = name

    def relay_url(self) -> str:
        return self._relay

    def set_relay_url(self, url: str) -> None:
        self._relay = url

    def proxy_url(self) -> str:
        return self._proxy

    def set_proxy_url(self, url: str | None) -> None:
        self._proxy = check_proxy_url(url)  # the real check: a pure function

    def change_passphrase(self, old: str, new: str) -> None:
        if old != self._passphrase:
            raise WrongPassphrase("wrong passphrase")
        self._passphrase = new

    def setting(self, key: str, default: str = "") -> str:
        return self._settings.get(key, default)

    def set_setting(self, key: str, value: str) -> None:
        self._settings[key] = value

    def create_backup(
        self,
        path: Path,
        *,
        include_attachments: bool = True,
        new_code: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> BackupResult:
        """Writes a stand-in file (refusing an existing one, as the real one does) and keeps the
        code in the settings once the backup is finished, shown only when it is made."""
        with self._lock:
            fresh = new_code or "backup_code" not in self._settings
            messages = list(self._messages.values())
        with path.open("xb") as file:  # FileExistsError, as the real one
            file.write(b"BISIKBAK fake backup")
        total = len(messages)
        steps = 10
        for step in range(steps + 1):
            if progress is not None:
                progress(total * step // steps, total)
            if step < steps:
                time.sleep(self.backup_seconds / steps)
        if self.backup_error is not None:
            path.unlink()  # nothing is left at `path` after a failure, as the real one
            raise self.backup_error
        code = " ".join(["12345"] * 6)
        if fresh:
            with self._lock:
                self._settings["backup_code"] = code
        attachments = sum(m.attachment is not None for m in messages) if include_attachments else 0
        return BackupResult(
            code=code if fresh else None,
            messages=total,
            attachments=attachments,
            size=path.stat().st_size,
        )

    def lock(self) -> None:
        self.locked = True
        self.started = False

    def start(self) -> None:
        self.started = True

    def stop(self) -> None:
        self.started = False

    def sync_once(self, wait: float = 0.0) -> int:
        if not self.online:
            time.sleep(min(wait, 0.2))
            raise RelayDown("relay unreachable")
        return 0

    def flush_outbox(self) -> int:
        return 0  # sends never wait here

    def outbox_size(self) -> int:
        return 0

    def dropped_count(self) -> int:
        return 0

    def refused_count(self) -> int:
        return 0

    def keys_ready(self) -> bool:
        return self.online

    def publish_keys(self) -> None:
        if not self.online:
            raise RelayDown("relay unreachable")

    def expire_now(self) -> list[int]:
        return []  # no timer runs out in a test's time

    def subscribe(self, callback: EventCallback) -> Callable[[], None]:
        self._callbacks.append(callback)

        def unsubscribe() -> None:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

        return unsubscribe

    # --- contacts ------------------------------------------------------------------------------
    def invite_link(self, https: bool = False) -> str:
        query = f"?relay={self._relay}&id={self._account_id}&name={self._name}"
        return f"{self._relay}/invite#{query}" if https else f"bisik:{query}"

    def add_contact(self, link: str) -> Contact:
        if not link.startswith("bisik:"):
            raise InvalidInvite("not a Bisik invite link")
        if f"id={self._account_id}&" in link:
            raise ServiceError("this is your own invite link")
        name = link.rsplit("name=", 1)[-1] if "name=" in link else "New contact"
        cid = self.add_peer(name)
        return self._conversations[cid].contact

    def contacts(self) -> list[Contact]:
        return list(self._contacts.values())

    def contact(self, contact_id: str) -> Contact:
        if contact_id not in self._contacts:
            raise ContactNotFound(f"no contact {contact_id}")
        return self._contacts[contact_id]

    def find_contact(self, query: str) -> Contact:
        query = query.strip()
        everyone = list(self._contacts.values())
        for matches in (
            [c for c in everyone if c.contact_id == query.lower()],
            [c for c in everyone if c.display_name.casefold() == query.casefold()],
            [c for c in everyone if query and c.contact_id.startswith(query.lower())],
        ):
            if len(matches) > 1:
                raise AmbiguousContact(f"{query!r} matches {len(matches)} contacts")
            if matches:
                return matches[0]
        raise ContactNotFound(f"no contact matches {query!r}")

    def accept_request(self, contact_id: str) -> None:
        self._set_contact(replace(self.contact(contact_id), accepted=True))

    def block(self, contact_id: str, blocked: bool = True) -> None:
        self._set_contact(replace(self.contact(contact_id), blocked=blocked))

    def safety_number(self, contact_id: str) -> str:
        digits = "".join(str(int(c, 16) % 10) for c in (contact_id + self._account_id) * 2)[:60]
        return " ".join(digits[i : i + 5] for i in range(0, 60, 5))

    def safety_qr_payload(self, contact_id: str) -> bytes:
        return bytes.fromhex(contact_id) + bytes.fromhex(self._account_id)

    def mark_verified(self, contact_id: str) -> None:
        self._set_contact(replace(self._contacts[contact_id], trust=TrustState.VERIFIED))

    def accept_identity_change(self, contact_id: str) -> Contact:
        contact = replace(self._contacts[contact_id], trust=TrustState.UNVERIFIED)
        self._set_contact(contact)
        return contact

    def announce_key_change(self, link: str) -> int:
        if not link.startswith("bisik:"):
            raise InvalidInvite("not a Bisik invite link")
        return sum(c.accepted and not c.blocked for c in self._contacts.values())

    def requests(self) -> list[Contact]:
        return [c for c in self._contacts.values() if not c.accepted and not c.blocked]

    def delete_request(self, contact_id: str) -> None:
        if self.contact(contact_id).accepted:
            raise ServiceError(f"{contact_id} is a contact, not a message request")
        self._contacts.pop(contact_id)
        with self._lock:
            gone = [k for k, v in self._conversations.items() if v.contact.contact_id == contact_id]
            for conversation_id in gone:
                del self._conversations[conversation_id]
                self._emit(ConversationRemoved(conversation_id))

    # --- conversations and messages ------------------------------------------------------------
    def conversations(self) -> list[Conversation]:
        with self._lock:
            return list(self._conversations.values())

    def conversation(self, conversation_id: int) -> Conversation:
        if conversation_id not in self._conversations:
            raise NotFound(f"no conversation {conversation_id}")
        return self._conversations[conversation_id]

    def conversation_for_contact(self, contact_id: str) -> Conversation:
        self.contact(contact_id)
        return next(c for c in self._conversations.values() if c.contact.contact_id == contact_id)

    def set_muted(self, conversation_id: int, muted: bool) -> None:
        self._set_conversation(conversation_id, muted=muted)

    def set_archived(self, conversation_id: int, archived: bool) -> None:
        self._set_conversation(conversation_id, archived=archived)

    def total_unread(self) -> int:
        with self._lock:
            return sum(c.unread for c in self._conversations.values())

    def messages_before(
        self, conversation_id: int, before_id: int | None, limit: int = 50
    ) -> list[Message]:
        self.calls.append("messages_before")
        with self._lock:
            ids = self._ids[conversation_id]
            end = len(ids) if before_id is None else bisect.bisect_left(ids, before_id)
            return [self._messages[i] for i in reversed(ids[max(0, end - limit) : end])]

    def messages_after(self, conversation_id: int, after_id: int, limit: int = 50) -> list[Message]:
        with self._lock:
            ids = self._ids[conversation_id]
            start = bisect.bisect_right(ids, after_id)
            return [self._messages[i] for i in ids[start : start + limit]]

    def message_count(self, conversation_id: int) -> int:
        return len(self._ids[conversation_id])

    def message(self, message_id: int) -> Message:
        if message_id not in self._messages:
            raise NotFound(f"no message {message_id}")
        return self._messages[message_id]

    def send_text(self, conversation_id: int, text: str, reply_to: int | None = None) -> Message:
        if not text.strip():
            raise ServiceError("the message is empty")
        contact = self.conversation(conversation_id).contact
        if conversation_id in self._groups():
            self._member_of(conversation_id)  # GroupError once left
        if contact.blocked:
            raise ContactBlocked(f"{contact.display_name} is blocked")
        if not contact.accepted:
            self.accept_request(contact.contact_id)  # replying accepts a request
        status = MessageStatus.SENT if self.online else MessageStatus.FAILED
        message = self._add(conversation_id, Direction.OUTGOING, text, None, status)
        return self._update(message.message_id, reply_to=reply_to)

    def send_file(
        self, conversation_id: int, path: Path, progress: Progress | None = None
    ) -> Message:
        size = path.stat().st_size
        message = self._add(conversation_id, Direction.OUTGOING, "", None, MessageStatus.SENT)
        info = AttachmentInfo(
            message.message_id, path.name, "application/octet-stream", size, size, True
        )
        if progress is not None:
            progress(size, size)
        return self._update(message.message_id, attachment=info, kind="attachment")

    def save_attachment(
        self, message_id: int, dest: Path, progress: Progress | None = None
    ) -> None:
        info = self._messages[message_id].attachment
        assert info is not None
        dest.write_bytes(b"\0" * info.size)

    def react(self, message_id: int, emoji: str) -> None:
        reactions = dict(self._messages[message_id].reactions)
        reactions[self._account_id] = emoji
        self._update(message_id, reactions=reactions)

    def download_attachment(self, message_id: int, progress: Progress | None = None) -> None:
        info = self._messages[message_id].attachment
        if info is not None and progress is not None:
            progress(info.size, info.size)

    def remember_on_device(self, enabled: bool) -> None:
        self.remembered = enabled

    def is_remembered(self) -> bool:
        return self.remembered

    def retry(self, message_id: int) -> None:
        if self.online:
            self._update(message_id, status=MessageStatus.SENT)

    def mark_read(self, conversation_id: int) -> None:
        self._set_conversation(conversation_id, unread=0)

    def send_typing(self, conversation_id: int, typing: bool) -> None:
        self.calls.append("send_typing")

    def set_disappearing(self, conversation_id: int, seconds: int) -> None:
        if not 0 <= seconds <= MAX_TIMER_SECONDS:
            raise ServiceError("the timer is 0 (off) to 366 days")
        self._set_conversation(conversation_id, disappearing_seconds=seconds)

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        with self._lock:
            hits = []
            for m in reversed(self._messages.values()):
                at = m.body.lower().find(query.lower())
                if query and at >= 0:
                    snippet = (
                        f"{m.body[:at]}[{m.body[at : at + len(query)]}]{m.body[at + len(query) :]}"
                    )
                    hits.append(SearchHit(m.conversation_id, m.message_id, snippet))
            return hits[:limit]

    # --- linked devices: a list in memory, nothing linked for real ---------------------------
    def unlink_this_device(self) -> None:
        """Another device of the account unlinked this one: from now on `is_unlinked` and the
        device calls say so, and ThisDeviceUnlinked goes out, as the service announces it."""
        with self._lock:
            self._unlinked = True
        self._emit(ThisDeviceUnlinked())

    def is_unlinked(self) -> bool:
        return self._unlinked

    def _device_list(self) -> list[DeviceInfo]:
        """This device's list; raises `device_error` when a test set one, DeviceUnlinked once
        this device was unlinked (as the real devices() finds it missing from the list)."""
        if self.device_error is not None:
            raise self.device_error
        if self._unlinked:
            raise DeviceUnlinked("this device was unlinked from its account")
        return self._linked_devices

    def _new_device_id(self) -> str:
        with self._lock:
            self._device_ids += 1
            return f"{self._device_ids:02x}" * 16

    def add_device(self, name: str, device_id: str = "") -> DeviceInfo:
        """Another device joins the account (what a linked device's `accept` publishes)."""
        device = DeviceInfo(device_id or self._new_device_id(), name, False, False)
        with self._lock:
            self._linked_devices.append(device)
        return device

    def link_device(self, link: str, name: str) -> LinkedDevice:
        if not link.startswith("bisik-link:"):
            raise DeviceLinkError("not a device link")
        if not 1 <= len(name.encode()) <= 64:
            raise ServiceError("a device name has 1 to 64 bytes")
        with self._lock:
            self._device_list()
            self.device_links.append((link, name))
        return LinkedDevice(self.link_code, self._new_device_id())

    def devices(self) -> list[DeviceInfo]:
        with self._lock:
            return list(self._device_list())

    def unlink_device(self, device_id: str) -> None:
        with self._lock:
            listed = self._device_list()
            if any(d.device_id == device_id and d.is_this for d in listed):
                raise ServiceError("a device cannot unlink itself: unlink it from another device")
            if all(d.device_id != device_id for d in listed):
                raise ServiceError(f"no linked device has the id {device_id}")
            listed[:] = [d for d in listed if d.device_id != device_id]

    # --- groups (docs/groups.md): members in memory, no fan-out ----------------------------------
    def _groups(self) -> dict[int, list[GroupMember]]:
        groups: dict[int, list[GroupMember]] = vars(self).setdefault("_group_members", {})
        return groups

    def _group(self, conversation_id: int) -> list[GroupMember]:
        self.conversation(conversation_id)  # NotFound
        if conversation_id not in self._groups():
            raise GroupError("this conversation is no group")
        return self._groups()[conversation_id]

    def create_group(self, name: str, member_ids: Sequence[str]) -> Conversation:
        name = name.strip()
        if not name or len(name) > 64 or len(member_ids) + 1 > 100:
            raise GroupError("a group name has 1 to 64 characters, a group 1 to 100 members")
        members = [self.find_contact(m) for m in member_ids]
        if any(c.blocked or not c.accepted for c in members):
            raise GroupError("blocked contacts and message requests cannot join a group")
        with self._lock:
            cid = max(self._conversations, default=0) + 1
            stand_in = Contact(f"{cid:032x}", name, TrustState.UNVERIFIED, False, True)
            conv = Conversation(cid, stand_in, "", None, 0, False, False, 0, True, name)
            self._conversations[cid] = conv
            self._ids[cid] = []
            self._groups()[cid] = [GroupMember(self._account_id, self._name, True, True)] + [
                GroupMember(c.contact_id, c.display_name, False, False) for c in members
            ]
        self._emit(ConversationChanged(conv))
        return conv

    def add_group_members(self, conversation_id: int, member_ids: Sequence[str]) -> None:
        added = [self.find_contact(m) for m in member_ids]
        self._admin_of(conversation_id).extend(
            GroupMember(c.contact_id, c.display_name, False, False) for c in added
        )
        self._set_conversation(conversation_id)  # announced, as the real one does

    def remove_group_members(self, conversation_id: int, member_ids: Sequence[str]) -> None:
        members = self._admin_of(conversation_id)
        members[:] = [m for m in members if m.is_self or m.account_id not in member_ids]
        self._set_conversation(conversation_id)

    def set_group_admin(self, conversation_id: int, member_id: str, admin: bool = True) -> None:
        members = self._admin_of(conversation_id)
        members[:] = [
            replace(m, is_admin=admin) if m.account_id == member_id else m for m in members
        ]
        self._set_conversation(conversation_id)

    def rename_group(self, conversation_id: int, name: str) -> None:
        self._admin_of(conversation_id)
        name = name.strip()
        if not name or len(name) > 64:
            raise GroupError("a group name has 1 to 64 characters")
        contact = replace(self.conversation(conversation_id).contact, display_name=name)
        self._set_conversation(conversation_id, group_name=name, contact=contact)

    def leave_group(self, conversation_id: int) -> None:
        members = self._member_of(conversation_id)
        members[:] = [m for m in members if not m.is_self]
        if members and not any(m.is_admin for m in members):
            members[0] = replace(members[0], is_admin=True)  # the oldest becomes admin
        self._set_conversation(conversation_id)

    def _member_of(self, conversation_id: int) -> list[GroupMember]:
        members = self._group(conversation_id)
        if not any(m.is_self for m in members):
            raise GroupError("you are no longer in this group")
        return members

    def _admin_of(self, conversation_id: int) -> list[GroupMember]:
        members = self._member_of(conversation_id)
        if not any(m.is_self and m.is_admin for m in members):
            raise GroupError("only admins change a group")
        return members

    def group_members(self, conversation_id: int) -> list[GroupMember]:
        return list(self._group(conversation_id))

    # --- internals -----------------------------------------------------------------------------
    def _add(
        self,
        conversation_id: int,
        direction: Direction,
        body: str,
        at: float | None,
        status: MessageStatus,
        sender: str = "",
    ) -> Message:
        with self._lock:
            conv = self._conversations[conversation_id]
            now = time.time() if at is None else at
            if direction is Direction.OUTGOING:
                sender = self._account_id
            sender = sender or conv.contact.contact_id
            message = Message(
                self._next_id, conversation_id, direction, sender, body, now, now, status
            )
            self._next_id += 1
            self._messages[message.message_id] = message
            self._ids[conversation_id].append(message.message_id)
            unread = conv.unread + (direction is Direction.INCOMING)
            conv = replace(conv, last_message_preview=body, last_message_at=now, unread=unread)
            self._conversations[conversation_id] = conv
        self._emit(MessageAdded(message))
        self._emit(ConversationChanged(conv))
        return message

    def _update(self, message_id: int, **changes: object) -> Message:
        with self._lock:
            message = replace(self._messages[message_id], **changes)  # type: ignore[arg-type]
            self._messages[message_id] = message
        self._emit(MessageChanged(message))
        return message

    def _set_conversation(self, conversation_id: int, **changes: object) -> None:
        with self._lock:  # announced under the lock, in the order of the changes (as the real one)
            if conversation_id not in self._conversations:
                return  # deleted meanwhile
            conv = replace(self.conversation(conversation_id), **changes)  # type: ignore[arg-type]
            self._conversations[conversation_id] = conv
            self._emit(ConversationChanged(conv))

    def _set_contact(self, contact: Contact) -> None:
        with self._lock:
            self._contacts[contact.contact_id] = contact
            for cid, conv in self._conversations.items():
                if conv.contact.contact_id == contact.contact_id:
                    self._conversations[cid] = replace(conv, contact=contact)
                    changed = self._conversations[cid]
        self._emit(ConversationChanged(changed))

    def _emit(self, event: Event) -> None:
        for callback in list(self._callbacks):
            callback(event)
