"""`Messenger`: one unlocked profile, the facade the desktop app and bisik-cli use (MessengerApi).

Every method may block and may be called from any thread: the store gives each thread its own
connection, and `Core.lock` serialises the protocol state. Sending stores the message as pending
and, in the same transaction, encrypts, seals and queues its envelope; the network comes after the
commit. `start()` runs the receive and send loops on their own threads; `sync_once()` does one
round on the caller's thread (bisik-cli).
"""

from __future__ import annotations

import contextlib
import mimetypes
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from app import session
from app.net import RelayError, RelayUnavailable
from app.service import content as c
from app.service import keys, transfers, uploads
from app.service.api import (
    ConnectionChanged,
    Contact,
    Conversation,
    ConversationChanged,
    ConversationRemoved,
    EventCallback,
    Message,
    MessageAdded,
    MessageChanged,
    MessagesRemoved,
    SearchHit,
)
from app.service.core import Core, check_stop, contact_name, may_notify, timer_seconds
from app.service.errors import (
    AmbiguousContact,
    AttachmentTooLarge,
    ContactNotFound,
    IdentityNotAccepted,
    RelayDown,
    ServiceError,
)
from app.service.invite import Invite, make_link, parse_link
from app.service.outbox import Sender
from app.service.receiver import Receiver
from app.service.sync import BackgroundSync
from app.service.uploads import Uploads
from app.service.views import contact_view, conversation_view, message_view, message_views
from app.session import TrustState
from app.store import Store, StoreError
from app.store import records as rows
from app.wire import Delivery

Progress = Callable[[int, int], None]
KEYS_EVERY = 3600.0  # seconds between prekey upkeep runs of a long-running messenger
READ_RECEIPTS = "read_receipts"
DISAPPEARING_DEFAULT = "disappearing_default"  # seconds, for conversations the user begins
MAX_NAME_CHARS = 64


def check_relay_url(url: str) -> str:
    if not c.is_relay_url(url):
        raise ServiceError(f"not a relay address: {url!r} (expected https://host[:port])")
    return url.rstrip("/")


def check_display_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME_CHARS:
        raise ServiceError(f"a display name has 1 to {MAX_NAME_CHARS} characters")
    return name


class Messenger:
    """Implements `app.service.api.MessengerApi` over a `Store` (see app/service/account.py)."""

    def __init__(self, store: Store, folder: Path) -> None:
        self._core = core = Core(store, folder)
        self._store = store
        self._sender = Sender(core)
        self._receiver = Receiver(core)
        self._sync = BackgroundSync(
            self._receive_round, self._send_round, self._offline, core.close_relays
        )
        self._uploads = Uploads(core, self._queue, self._sync.wake)
        self._keys_checked_at = 0.0
        self._lifecycle = threading.Lock()  # start, stop and lock, one at a time
        self._locked = False
        core.events.subscribe(self._on_connection)

    def __repr__(self) -> str:
        return f"<Messenger {self._core.account_id[:8]}>"

    # --- profile -------------------------------------------------------------------------------

    def own_account_id(self) -> str:
        return self._core.account_id

    def own_identity_key(self) -> bytes:
        return self._core.identity_key

    def own_display_name(self) -> str:
        return self._store.own_display_name()

    def set_display_name(self, name: str) -> None:
        """Rename, and tell every accepted contact (a profile record inside the ratchet)."""
        self._store.set_own_display_name(check_display_name(name))
        self._announce_profile(self._store.contacts())

    def relay_url(self) -> str:
        return self._core.relay_url

    def set_relay_url(self, url: str) -> None:
        """Move the own mailbox to another relay: keys are published there, contacts told."""
        url = check_relay_url(url)
        self._store.set_relay_url(url)
        self._core.relay_url = url
        self._store.set_setting(keys.PUBLISHED_SETTING, "")
        self._sender.forget_backoff()
        self._try_keys()
        self._announce_profile(self._store.contacts())

    def change_passphrase(self, old: str, new: str) -> None:
        if not new:
            raise ServiceError("the new passphrase is empty")
        self._store.change_passphrase(old, new)

    def remember_on_device(self, enabled: bool) -> None:
        """Keep the key in the OS keyring so the profile opens without a passphrase (opt-in)."""
        self._store.remember_on_device(enabled)

    def is_remembered(self) -> bool:
        return self._store.is_remembered()

    def setting(self, key: str, default: str = "") -> str:
        return self._store.setting(key, default)

    def set_setting(self, key: str, value: str) -> None:
        self._store.set_setting(key, value)

    def lock(self) -> None:
        """Stop the loops, hang up every relay call in flight, wait for store work in flight (never
        for the network), close the store and drop the subscribers. Idempotent; a locked messenger
        does not start again."""
        with self._lifecycle:
            if self._locked:
                return
            self._locked = True
            self._sync.stop()
            self._core.close_relays()  # also those of callers' threads (an upload, say)
            with self._core.lock:  # background threads store only under it, after a stop check
                self._store.lock()
            # derived identity keys must not outlive the store's key; ours are wiped in place
            session.forget_cached_keys(self._core.identity_key)
            self._core.events.close()

    # --- sync ----------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the background loops (idempotent; a no-op once locked)."""
        with self._lifecycle:
            if not self._locked:
                self._sync.start()

    def stop(self) -> None:
        """Stop the background loops; returns at once. Relay calls in flight (the long-poll, and
        those of callers' threads too) end as if the relay had hung up; what they carried is
        delivered or sent again later."""
        with self._lifecycle:
            self._sync.stop()

    def subscribe(self, callback: EventCallback) -> Callable[[], None]:
        return self._core.events.subscribe(callback)

    def sync_once(self, wait: float = 0.0) -> int:
        """Send what is queued, receive everything waiting (the first poll waits up to `wait`
        seconds), let expired messages go; returns the envelopes received."""
        self._uploads.resume()
        self._sender.flush()
        try:
            if self._keys_due():
                self._maintain_keys()
            received, wait_now = 0, wait
            while deliveries := self._poll(wait_now):
                received += self._receiver.receive(deliveries)
                wait_now = 0.0
        except RelayUnavailable as exc:
            self._core.set_online(False, str(exc))
            raise RelayDown(
                f"the relay at {self.relay_url()} cannot be reached; {self.outbox_size()}"
                " envelope(s) stay queued and go out later"
            ) from exc
        self.expire_now()
        self._sender.flush()
        return received

    def flush_outbox(self) -> int:
        """Try to send what the outbox holds now; returns how many envelopes went out."""
        self._uploads.resume()
        return self._sender.flush()

    def outbox_size(self) -> int:
        """Envelopes waiting for the relay."""
        return self._store.outbox_count()

    def dropped_count(self) -> int:
        """Envelopes dropped since unlock because they did not open, decrypt or parse."""
        return self._core.dropped

    def keys_ready(self) -> bool:
        """Whether the relay holds the current signed prekey, so others can reach us."""
        return keys.keys_published(self._core)

    def publish_keys(self) -> None:
        """Rotate and top up prekeys now (raises RelayDown when the relay is away)."""
        try:
            self._maintain_keys()
        except RelayUnavailable as exc:
            raise RelayDown(f"the relay at {self.relay_url()} cannot be reached") from exc

    def expire_now(self) -> list[int]:
        """Delete messages whose disappearing timer ran out; returns their ids."""
        return self._expire()

    def _expire(self, stop: threading.Event | None = None) -> list[int]:
        with self._core.storing(stop):
            gone = self._store.expire_messages(time.time())
        by_conversation: dict[int, list[int]] = defaultdict(list)
        for conversation_id, message_id in gone:
            by_conversation[conversation_id].append(message_id)
        for conversation_id, ids in by_conversation.items():
            self._core.events.emit(MessagesRemoved(conversation_id, tuple(ids)))
            self._conversation_changed(conversation_id)
        return [message_id for _, message_id in gone]

    def _poll(self, wait: float, stop: threading.Event | None = None) -> list[Delivery]:
        """Long-poll the own relay. If `stop` was set meanwhile (the profile is locking), what
        came is dropped unacked (the relay keeps it) and nobody is told anything: Stopped."""
        url = self.relay_url()
        deliveries = self._core.relay(url).poll(wait)
        check_stop(stop)
        self._relay_answered(url)
        return deliveries

    def _relay_answered(self, url: str) -> None:
        """The own relay answered a poll: it is back, so queued sends are retried now."""
        self._core.set_online(True)
        if self._sender.forget_backoff(url):
            self._sync.wake()

    def _receive_round(self, wait: float, stop: threading.Event) -> None:
        """One long-poll of the receive thread (`stop`: see `_poll` and `Receiver.receive`)."""
        deliveries = self._poll(wait, stop)
        if deliveries and self._receiver.receive(deliveries, stop):
            self._sync.wake()  # receipts were queued

    def _send_round(self, stop: threading.Event) -> float | None:
        self._uploads.resume(stop)
        self._sender.flush(stop)
        self._expire(stop)
        if self._keys_due():
            check_stop(stop)
            self._try_keys(stop)
        candidates = [
            self._sender.next_attempt(),
            self._store.next_expiry(),
            self._keys_checked_at + KEYS_EVERY,
        ]
        return min(t for t in candidates if t is not None)

    def _on_connection(self, event: object) -> None:
        if isinstance(event, ConnectionChanged) and event.online:
            self._sync.retry_now()  # the sender got through: the receiver need not wait either

    def _maintain_keys(self, stop: threading.Event | None = None) -> None:
        keys.maintain(self._core, stop=stop)
        self._keys_checked_at = time.time()

    def _keys_due(self) -> bool:
        return time.time() - self._keys_checked_at > KEYS_EVERY

    def _offline(self, detail: str) -> None:
        self._core.set_online(False, detail)

    def _try_keys(self, stop: threading.Event | None = None) -> None:
        with contextlib.suppress(RelayUnavailable, RelayError):
            self._maintain_keys(stop)

    # --- contacts and trust --------------------------------------------------------------------

    def invite_link(self, https: bool = False) -> str:
        invite = Invite(
            self.relay_url(),
            self._core.account_id,
            self._core.identity_key,
            self.own_display_name(),
        )
        return make_link(invite, self._core.identity_seed, https=https)

    def add_contact(self, link: str) -> Contact:
        """Verify the link, fetch the contact's prekey bundle, run X3DH; tell them our name.

        The link's account id is its key's hash, so a link can only ever name its own account: a
        person with a new key is a new contact (unless their old key signed the move)."""
        invite = parse_link(link)
        if invite.account_id == self._core.account_id:
            raise ServiceError("this is your own invite link")
        known = self._store.find_contact(invite.account_id)
        name = invite.display_name or (known.display_name if known else "")
        with self._core.lock, self._store.transaction():
            row = self._store.add_contact(
                invite.account_id,
                name,
                identity_key=invite.identity_key,
                relay_url=invite.relay_url,
                mailbox=invite.identity_key,
                accepted=True,
            )
            if known is not None and known.blocked:
                self._store.set_blocked(row.account_id, False)  # adding again is unblocking
        self._ensure_session(row, fresh=True)  # an explicit add always runs X3DH afresh
        conversation = self._store.conversation_for_contact(row.account_id)
        self._announce_profile([self._store.contact(row.account_id)])
        if known is None:
            self._apply_default_timer(conversation.id)
        return contact_view(self._store.contact(row.account_id))

    def contacts(self) -> list[Contact]:
        return [contact_view(row) for row in self._store.contacts()]

    def contact(self, contact_id: str) -> Contact:
        return contact_view(self._contact_row(contact_id))

    def find_contact(self, query: str) -> Contact:
        """A contact by exact id, display name (any case) or id prefix; unique or an error."""
        query = query.strip()
        rows_ = self._store.contacts()
        exact = [r for r in rows_ if r.account_id == query.lower()]
        named = [r for r in rows_ if r.display_name.casefold() == query.casefold()]
        prefixed = [r for r in rows_ if query and r.account_id.startswith(query.lower())]
        for matches in (exact, named, prefixed):
            if len(matches) == 1:
                return contact_view(matches[0])
            if len(matches) > 1:
                raise AmbiguousContact(
                    f"{query!r} matches {len(matches)} contacts; use more of the id"
                )
        raise ContactNotFound(f"no contact matches {query!r}")

    def accept_request(self, contact_id: str) -> None:
        """Accept a message request: the contact learns our name (and our default timer)."""
        row = self._contact_row(contact_id)
        self._store.set_accepted(row.account_id, True)
        self._announce_profile([self._store.contact(row.account_id)])
        conversation = self._store.conversation_for_contact(row.account_id)
        if not row.accepted:
            self._apply_default_timer(conversation.id)
        self._conversation_changed(conversation.id)

    def block(self, contact_id: str, blocked: bool = True) -> None:
        row = self._contact_row(contact_id)
        self._store.set_blocked(row.account_id, blocked)
        self._contact_changed(row.account_id)

    def safety_number(self, contact_id: str) -> str:
        row = self._contact_row(contact_id)
        return session.safety_number(
            self._core.account_id, self._core.identity_key, row.account_id, self._peer_key(row)
        )

    def safety_qr_payload(self, contact_id: str) -> bytes:
        row = self._contact_row(contact_id)
        return session.safety_qr_payload(
            self._core.account_id, self._core.identity_key, row.account_id, self._peer_key(row)
        )

    def mark_verified(self, contact_id: str) -> None:
        row = self._contact_row(contact_id)
        if row.trust is TrustState.CHANGED:
            raise IdentityNotAccepted("accept the new key before marking it verified")
        self._store.set_trust(row.account_id, TrustState.VERIFIED)
        self._contact_changed(row.account_id)

    def accept_identity_change(self, contact_id: str) -> Contact:
        """Accept the contact's move to a new key that their old key signed: the conversation and
        trust stay, the contact's id becomes the new key's, the next message runs X3DH with it.
        A profile from v1 may also hold a plain changed key: accepted as unverified."""
        row = self._contact_row(contact_id)
        with self._core.lock:
            if row.pending_key is not None:
                try:
                    row = self._store.move_contact(
                        row.account_id, row.pending_key, row.pending_relay_url
                    )
                except StoreError as exc:
                    raise ServiceError(str(exc)) from exc
            elif row.trust is TrustState.CHANGED:
                self._store.save_peer_identity(
                    row.account_id, self._peer_key(row), TrustState.UNVERIFIED
                )
            else:
                raise IdentityNotAccepted(
                    f"no key change signed by the old key of {contact_name(row)} is waiting"
                )
        self._contact_changed(row.account_id)
        return contact_view(self._store.contact(row.account_id))

    def announce_key_change(self, link: str) -> int:
        """Tell every contact that this account moves to the key of `link` (a new install's
        invite), in a statement signed by this profile's key; returns how many were told.

        Each contact's app shows the move and, once accepted there, keeps the conversation and
        its trust and talks to the new install."""
        invite = parse_link(link)
        if invite.identity_key == self._core.identity_key:
            raise ServiceError("this is this profile's own invite link")
        statement = session.sign_key_change(
            session.own_identity(self._store),
            invite.identity_key,
            c.now_ms(),
            invite.relay_url,
        )
        body = c.KeyChange(
            statement.new_key, statement.relay_url, statement.at_ms, statement.signature
        )
        told = [
            contact
            for contact in self._store.contacts()
            if may_notify(contact) and session.has_session(self._store, contact.account_id)
        ]
        with self._core.lock, self._store.transaction():
            for contact in told:
                self._core.seal_control(contact, body)
        self._sync.wake()
        return len(told)

    def requests(self) -> list[Contact]:
        """Message requests: strangers who wrote and are neither accepted nor blocked."""
        return [
            contact_view(row)
            for row in self._store.contacts()
            if not row.accepted and not row.blocked
        ]

    def delete_request(self, contact_id: str) -> None:
        """Forget a message request and everything it brought (the stranger may write again)."""
        row = self._contact_row(contact_id)
        if row.accepted:
            raise ServiceError(f"{contact_name(row)} is a contact, not a message request")
        conversation = self._store.find_conversation_for_contact(row.account_id)
        with self._core.lock:
            self._store.delete_contact(row.account_id)
        if conversation is not None:
            self._core.events.emit(ConversationRemoved(conversation))

    def refused_count(self) -> int:
        """Envelopes refused since unlock: from blocked keys, or beyond the request caps."""
        return self._core.refused

    def _contact_row(self, contact_id: str) -> rows.Contact:
        row = self._store.find_contact(contact_id)
        if row is None:
            raise ContactNotFound(f"no contact {contact_id}")
        return row

    @staticmethod
    def _peer_key(row: rows.Contact) -> bytes:
        if row.identity_key is None:
            raise ServiceError(f"no identity key is known for {contact_name(row)}")
        return row.identity_key

    def _ensure_session(self, contact: rows.Contact, *, fresh: bool = False) -> None:
        """X3DH on a freshly fetched bundle when there is no session yet (or `fresh`)."""
        if not fresh and session.has_session(self._store, contact.account_id):
            return
        identity_key = self._peer_key(contact)
        try:
            data = self._core.contact_relay(contact).fetch_bundle(identity_key)
        except RelayUnavailable as exc:
            raise RelayDown(f"the relay of {contact_name(contact)} cannot be reached") from exc
        if data.identity_key != identity_key:
            raise ServiceError("the relay answered with another identity key")
        bundle = session.PreKeyBundle(
            identity_key=data.identity_key,
            signed_prekey_id=data.signed_prekey_id,
            signed_prekey=data.signed_prekey,
            signed_prekey_signature=data.signed_prekey_signature,
            one_time_prekey_id=data.one_time_prekey_id,
            one_time_prekey=data.one_time_prekey,
        )
        with self._core.lock, self._store.transaction():
            try:
                session.start_session(self._store, contact.account_id, bundle)
            except session.UntrustedIdentity as exc:
                raise IdentityNotAccepted(
                    f"the identity key of {contact_name(contact)} changed; accept it first"
                ) from exc

    def _announce_profile(self, contacts: list[rows.Contact]) -> None:
        """Queue our display name and relay for these contacts (the accepted, unblocked ones),
        in one transaction: a rename reaches every contact with one disk sync, not one each."""
        body = c.Profile(self.own_display_name(), self.relay_url())
        told = [
            contact
            for contact in contacts
            if may_notify(contact) and session.has_session(self._store, contact.account_id)
        ]
        with self._core.lock, self._store.transaction():
            for contact in told:
                self._core.seal_control(contact, body)
        self._sync.wake()

    # --- conversations and messages ------------------------------------------------------------

    def conversations(self) -> list[Conversation]:
        return [conversation_view(self._store, row) for row in self._store.conversations()]

    def conversation(self, conversation_id: int) -> Conversation:
        return conversation_view(self._store, self._store.conversation(conversation_id))

    def conversation_for_contact(self, contact_id: str) -> Conversation:
        row = self._store.conversation_for_contact(self._contact_row(contact_id).account_id)
        return conversation_view(self._store, row)

    def set_muted(self, conversation_id: int, muted: bool) -> None:
        self._store.set_muted(conversation_id, muted)
        self._conversation_changed(conversation_id)

    def set_archived(self, conversation_id: int, archived: bool) -> None:
        self._store.set_archived(conversation_id, archived)
        self._conversation_changed(conversation_id)

    def total_unread(self) -> int:
        """Unread incoming messages over every conversation (the tray's badge)."""
        return self._store.total_unread()

    def messages_before(
        self, conversation_id: int, before_id: int | None, limit: int = 50
    ) -> list[Message]:
        page = self._store.messages_before(conversation_id, before_id, limit)
        return message_views(self._store, page)

    def messages_after(self, conversation_id: int, after_id: int, limit: int = 50) -> list[Message]:
        return message_views(
            self._store, self._store.messages_after(conversation_id, after_id, limit)
        )

    def message_count(self, conversation_id: int) -> int:
        return self._store.message_count(conversation_id)

    def message(self, message_id: int) -> Message:
        return message_view(self._store, message_id)

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        return [
            SearchHit(hit.conversation_id, hit.message_id, hit.snippet)
            for hit in self._store.search(query, limit)
        ]

    def send_text(self, conversation_id: int, text: str, reply_to: int | None = None) -> Message:
        if not text.strip():
            raise ServiceError("the message is empty")
        if len(text) > c.MAX_BODY_CHARS:
            raise ServiceError(f"the message is longer than {c.MAX_BODY_CHARS} characters")
        return self._send_stored(conversation_id, text, "text", reply_to=reply_to)

    def send_file(
        self, conversation_id: int, path: Path, progress: Progress | None = None
    ) -> Message:
        """Store the file (encrypted, in the database), then upload it and queue the pointer.

        If the relay is away, the message stays pending and the upload resumes later, from the
        relay's offset, also after a restart.
        """
        size = path.stat().st_size
        if size > c.MAX_ATTACHMENT_SIZE:
            raise AttachmentTooLarge(f"{path.name} is larger than 100 MB")
        self._core.target(conversation_id)
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        attachment_id = self._store.create_attachment(path.name[:200], mime_type, size)
        with path.open("rb") as source:
            self._store.write_attachment_from(attachment_id, source)
        message = self._send_stored(conversation_id, "", "attachment", attachment_id=attachment_id)
        # if the relay is away it stays pending; the send loop (or the next sync) resumes it
        with contextlib.suppress(RelayUnavailable, RelayError):
            self._uploads.upload(message.message_id, progress)
        return self.message(message.message_id)

    def download_attachment(self, message_id: int, progress: Progress | None = None) -> None:
        """Fetch an incoming attachment into the store (resumes an interrupted download)."""
        row = self._store.message(message_id)
        if row.attachment_id is None:
            raise ServiceError(f"message {message_id} has no attachment")
        attachment = self._store.attachment(row.attachment_id)
        if attachment.complete:
            return
        try:
            transfers.download(self._core, attachment, progress)
        except RelayUnavailable as exc:
            raise RelayDown("the relay cannot be reached; the download resumes later") from exc
        self._core.events.emit(MessageChanged(self.message(message_id)))

    def save_attachment(
        self, message_id: int, dest: Path, progress: Progress | None = None
    ) -> None:
        """Write an attachment's bytes to `dest` (the user's choice), downloading it first."""
        self.download_attachment(message_id, progress)
        attachment_id = self._store.message(message_id).attachment_id
        assert attachment_id is not None
        with dest.open("wb") as out:
            for chunk in self._store.read_attachment(attachment_id):
                out.write(chunk)

    def react(self, message_id: int, emoji: str) -> None:
        """Set (or with "" remove) our reaction, here and at the contact."""
        row = self._store.message(message_id)
        _conversation, contact = self._core.target(row.conversation_id)
        if row.remote_id is None:
            raise ServiceError("this message cannot be reacted to")
        with self._core.lock, self._store.transaction():
            self._store.set_reaction(message_id, self._core.account_id, emoji or None)
            self._core.seal_control(contact, c.Reaction(_uuid(row.remote_id), emoji))
        self._core.events.emit(MessageChanged(self.message(message_id)))
        self._sync.wake()

    def retry(self, message_id: int) -> None:
        """Send a failed outgoing message again, now: its relay's backoff is forgotten.

        A message whose envelope is still queued (its relay was away) is simply tried again; one
        that was refused (a changed key since accepted, say) is encrypted and queued afresh.
        """
        row = self._store.message(message_id)
        if row.direction != "out" or row.status != "failed":
            return
        _, contact = self._core.target(row.conversation_id)
        with self._core.lock, self._store.transaction():
            self._store.set_status(message_id, "pending")
            if row.kind == "attachment" and not self._uploads.uploaded(row):
                self._uploads.mark(message_id, pending=True)
            elif not self._store.outbox_for_message(message_id):
                self._queue(row, contact)
        self._core.events.emit(MessageChanged(self.message(message_id)))
        self._sender.forget_backoff(self._core.contact_relay_url(contact))
        self.flush_outbox()

    def mark_read(self, conversation_id: int) -> None:
        """Mark incoming messages read and tell the contact (unless read receipts are off)."""
        _conversation, contact = self._core.target(conversation_id, check_blocked=False)
        with self._core.lock, self._store.transaction():
            changed = self._store.mark_read(conversation_id)
            ids = tuple(_uuid(m.remote_id) for m in changed if m.remote_id)
            if ids and self._receipts_allowed(contact):
                for receipt in c.receipts("read", ids):
                    self._core.seal_control(contact, receipt)
        self._conversation_changed(conversation_id)
        self._sync.wake()

    def send_typing(self, conversation_id: int, typing: bool) -> None:
        _, contact = self._core.target(conversation_id)
        if not may_notify(contact):
            return
        with self._core.lock, self._store.transaction():
            self._core.seal_control(contact, c.Typing(typing))
        self._sync.wake()

    def set_disappearing(self, conversation_id: int, seconds: int) -> None:
        """Set the conversation's timer on both sides (a timer record, shown in the history)."""
        if not 0 <= seconds <= c.MAX_TIMER_SECONDS:
            raise ServiceError("the timer is 0 (off) to 366 days")
        self._core.target(conversation_id)
        self._store.set_disappearing(conversation_id, seconds)
        self._send_stored(conversation_id, str(seconds), "timer")

    def _apply_default_timer(self, conversation_id: int) -> None:
        """A conversation the user begins (adds a contact, accepts a request) starts with the
        default timer of the settings, told to the peer, unless the peer already set one."""
        try:
            seconds = int(self._store.setting(DISAPPEARING_DEFAULT, "0"))
        except ValueError:
            return
        if not 0 < seconds <= c.MAX_TIMER_SECONDS:
            return
        if self._store.conversation(conversation_id).disappearing_seconds == 0:
            self.set_disappearing(conversation_id, seconds)

    # --- the send path -------------------------------------------------------------------------

    def _receipts_allowed(self, contact: rows.Contact) -> bool:
        return may_notify(contact) and self._store.setting(READ_RECEIPTS, "1") == "1"

    def _send_stored(
        self,
        conversation_id: int,
        body: str,
        kind: str,
        *,
        reply_to: int | None = None,
        attachment_id: int | None = None,
    ) -> Message:
        """Store an outgoing message as pending and, in the same transaction, queue it."""
        conversation, contact = self._core.target(conversation_id)
        if not contact.accepted:
            self.accept_request(contact.account_id)  # replying accepts a request
            conversation, contact = self._core.target(conversation_id)
        self._ensure_session(contact)
        now = time.time()
        timer = conversation.disappearing_seconds if kind != "timer" else 0
        failure: IdentityNotAccepted | None = None
        with self._core.lock, self._store.transaction():
            message_id = self._store.add_message(
                conversation_id,
                "out",
                self._core.account_id,
                body,
                now,
                kind=kind,
                status="pending",
                reply_to=reply_to,
                expires_at=now + timer if timer else None,
                message_uuid=c.new_message_id(),
                attachment_id=attachment_id,
            )
            assert message_id is not None  # a fresh uuid never collides
            if kind == "attachment":
                self._uploads.mark(message_id, pending=True)  # uploaded after the commit
            else:
                try:
                    with self._store.transaction():
                        self._queue(self._store.message(message_id), contact)
                except IdentityNotAccepted as exc:
                    self._store.set_status(message_id, "failed")
                    failure = exc
        message = self.message(message_id)
        self._core.events.emit(MessageAdded(message))
        self._conversation_changed(conversation_id)
        self._sync.wake()
        if failure is not None:
            raise failure
        return message

    def _queue(self, row: rows.Message, contact: rows.Contact) -> None:
        """Encrypt a stored outgoing message for the outbox (caller: lock + transaction)."""
        assert row.remote_id is not None
        expire = timer_seconds(row)
        body: c.Body
        if row.kind == "timer":
            body = c.TimerChange(int(row.body))
        elif row.kind == "attachment":
            pointer = uploads.stored_pointer(self._core, row)
            if pointer is None:
                raise ServiceError("the attachment is not uploaded yet")
            body = pointer
        elif row.reply_to is not None and (quoted := self._quoted_uuid(row.reply_to)):
            body = c.Reply(row.body, quoted, expire)
        else:
            body = c.Text(row.body, expire)
        record = c.Content(_uuid(row.remote_id), int(row.sent_at * 1000), body)
        self._core.seal_to_outbox(contact, record, row.id)

    def _quoted_uuid(self, message_id: int) -> str | None:
        try:
            remote_id = self._store.message(message_id).remote_id
        except LookupError:
            return None
        return _uuid(remote_id) if remote_id else None

    def _conversation_changed(self, conversation_id: int) -> None:
        row = self._store.conversation(conversation_id)
        self._core.events.emit(ConversationChanged(conversation_view(self._store, row)))

    def _contact_changed(self, contact_id: str) -> None:
        """The contact's trust or state changed: the conversation list shows it on its row."""
        row = self._store.conversation_for_contact(contact_id)
        self._core.events.emit(ConversationChanged(conversation_view(self._store, row)))


def _uuid(remote_id: str) -> str:
    """The sender's message id out of the store's "sender:uuid" remote id."""
    return remote_id.rsplit(":", 1)[-1]
