"""What every part of the messenger shares: the store, the relay clients, the events and one lock.

`Core.lock` serialises every change of protocol state (a session record is loaded, advanced and
stored back, so two threads must not interleave) and every store write by the background threads,
so that `lock()` can wait for them before the store closes. Network calls never hold it.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import threading
from collections.abc import Collection, Iterator
from pathlib import Path

from app import session
from app.net import RelayClient, redacted_proxy
from app.service import device_routes
from app.service.api import ConnectionChanged
from app.service.content import Body, Content, encode, new_message_id, now_ms
from app.service.errors import ContactBlocked, IdentityNotAccepted, InvalidContent, ServiceError
from app.service.events import EventHub
from app.service.sync_content import SentTranscript, SyncBody, encode_sync
from app.session import TrustState
from app.store import Contact, Conversation, Store
from app.store.records import Message, MessageStatus

log = logging.getLogger(__name__)


class Stopped(Exception):
    """A background thread was told to stop before it stored anything; its loop ends quietly."""


def check_stop(stop: threading.Event | None) -> None:
    """Raise Stopped if `stop`, a background thread's flag, is set (None: a caller's thread)."""
    if stop is not None and stop.is_set():
        raise Stopped


# Status only moves forward; "failed" is outside the order and set explicitly.
_STATUS_RANK = {
    MessageStatus.PENDING: 0,
    MessageStatus.SENT: 1,
    MessageStatus.DELIVERED: 2,
    MessageStatus.READ: 3,
}


PROXY_SETTING = "proxy_url"  # the profile's SOCKS5 proxy, "" for none
UNLINKED_SETTING = "device_unlinked"  # "1" once another device unlinked this one


class Core:
    def __init__(self, store: Store, folder: Path, proxy: str | None = None) -> None:
        """`proxy` overrides the profile's proxy setting for this unlock ("" for none)."""
        self.store = store
        self.folder = folder
        self.events = EventHub()
        self.lock = threading.RLock()
        self.account_id = store.own_account_id()
        self._seed = store.own_identity_seed()
        self.identity_key = session.identity_public_key(self._seed)
        # A linked device's own mailbox key (docs/devices.md); None on the first device, whose
        # mailbox is the identity key. Signs the own mailbox's requests (poll, ack, prekeys).
        self._mailbox_seed = store.own_mailbox_seed()
        self.relay_url = store.relay_url()  # cached: the receive thread reads it between polls
        self.proxy = store.setting(PROXY_SETTING) if proxy is None else proxy
        self._clients: dict[str, RelayClient] = {}
        self._clients_lock = threading.Lock()
        self._online: bool | None = None
        self.dropped = 0  # envelopes that could not be opened, decrypted or parsed
        # account id -> when its device list was last fetched (a 404 is kept only here)
        self.lists_checked: dict[str, float] = {}
        # (account id, device id) -> when an envelope from that unlisted device made us refetch
        self.unknown_devices_checked: dict[tuple[str, str], float] = {}
        self.stale_lists: set[str] = set()  # contacts who told of a newer list than the kept one
        # another device unlinked this one: it sends and polls no more (docs/devices.md)
        self.unlinked = store.setting(UNLINKED_SETTING) == "1"
        self.refused = 0  # envelopes from blocked keys or strangers beyond the request caps

    def __repr__(self) -> str:
        return f"<Core {self.account_id[:8]}>"

    @property
    def identity_seed(self) -> bytes:
        return self._seed

    @property
    def is_linked(self) -> bool:
        """Whether this is a linked device (its mailbox is its own, not the identity key)."""
        return self._mailbox_seed is not None

    def relay(self, url: str = "") -> RelayClient:
        """The client for `url` (default: the own relay), one per relay, kept for reuse."""
        url = url or self.relay_url
        with self._clients_lock:
            client = self._clients.get(url)
            if client is None:
                key = self._seed if self._mailbox_seed is None else self._mailbox_seed
                client = self._clients[url] = RelayClient(url, key, proxy=self.proxy)
            return client

    def route(self) -> str:
        """How relays are reached, for a message that one cannot be: "" (directly), or " through
        the proxy ..." with its password hidden."""
        proxy = self.proxy
        return f" through the proxy {redacted_proxy(proxy)}" if proxy else ""

    def close_relays(self, *, proxy: str | None = None) -> None:
        """End every relay call in flight at once (a long-poll, a send to a relay that does not
        answer): it fails as if the relay had hung up. Later calls get fresh clients; with
        `proxy`, through that one ("" for none), set in the same step so that no call starts on
        the old route."""
        with self._clients_lock:
            if proxy is not None:
                self.proxy = proxy
            clients = list(self._clients.values())
            self._clients.clear()
        for client in clients:
            client.close()

    @contextlib.contextmanager
    def storing(self, stop: threading.Event | None) -> Iterator[None]:
        """Hold `lock` for a store write, unless `stop` (a background thread's flag) is set by
        then: that raises Stopped, so a stopping thread writes, acks and announces nothing, and
        `lock()`, which closes the store under `lock`, never closes it under a write."""
        with self.lock:
            check_stop(stop)
            yield

    def target(
        self, conversation_id: int, *, check_blocked: bool = True
    ) -> tuple[Conversation, Contact]:
        """The conversation and its contact, which must not be blocked (if `check_blocked`)."""
        conversation = self.store.conversation(conversation_id)
        if conversation.contact_id is None:
            raise ServiceError("this is a group conversation")
        contact = self.store.contact(conversation.contact_id)
        if check_blocked and contact.blocked:
            raise ContactBlocked(f"{contact_name(contact)} is blocked")
        return conversation, contact

    def contact_relay_url(self, contact: Contact) -> str:
        """Where `contact`'s mailbox is: the relay it told us, else (not told yet) our own."""
        return contact.relay_url or self.relay_url

    def contact_relay(self, contact: Contact) -> RelayClient:
        return self.relay(self.contact_relay_url(contact))

    def set_online(self, online: bool, detail: str = "") -> None:
        """Record the relay's reachability; emits ConnectionChanged only when it changes."""
        if online != self._online:
            self._online = online
            self.events.emit(ConnectionChanged(online, detail))

    def seal_to_outbox(self, contact: Contact, content: Content, message_id: int | None) -> None:
        """Encrypt `content` for `contact`, seal and pad it, and queue it for the relay.

        The caller holds `lock` and a store transaction, so the ratchet step and the queued
        envelope commit together: a crash leaves either both or neither.
        """
        self.seal_encoded(contact, encode(content), message_id)

    def seal_to_members(
        self, contacts: list[Contact], content: Content, message_id: int | None
    ) -> int:
        """`seal_to_outbox` for each of a group's other members (docs/groups.md): the record is
        encoded once, then encrypted once per member over that member's session, each envelope
        queued with its own idempotency key. A member that cannot be sent to (blocked, a changed
        key not accepted) is skipped. Returns how many envelopes were queued."""
        data = encode(content)
        queued = 0
        for contact in contacts:
            try:
                with self.store.transaction():
                    self.seal_encoded(contact, data, message_id)
                queued += 1
            except (ContactBlocked, IdentityNotAccepted) as exc:
                log.info("a group member was skipped (%s)", type(exc).__name__)
        return queued

    def seal_encoded(self, contact: Contact, data: bytes, message_id: int | None) -> None:
        """`seal_to_outbox` for a record already encoded: one envelope per device of the contact
        that has a session (Sesame; docs/devices.md, "Sending to every device"), each queued
        for its device. A device without a session yet (the sender makes them before it seals,
        see `MessengerParts._ensure_session`) is skipped; with no session at all, NoSession."""
        if contact.blocked:
            raise ContactBlocked(f"{contact_name(contact)} is blocked")
        if contact.identity_key is None:
            raise ServiceError(f"no identity key is known for {contact_name(contact)}")
        if contact.pending_key is not None:
            raise IdentityNotAccepted(
                f"{contact_name(contact)} moved to a new identity key: accept the change first"
            )
        sealed = 0
        for target in device_routes.device_targets(self, contact):
            try:
                self._seal_for(target.peer, contact.identity_key, data, message_id)
                sealed += 1
            except session.NoSession:
                log.info("a device of a contact has no session yet; skipped")
            except session.UntrustedIdentity as exc:
                raise IdentityNotAccepted(
                    f"the safety number with {contact_name(contact)} changed: compare it, then"
                    " accept the new key before sending"
                ) from exc
            except session.ContentTooLarge as exc:
                raise ServiceError("the message is too large: send it as a file") from exc
        if not sealed:
            raise session.NoSession(f"no session with {contact_name(contact)}")

    def seal_to_own_devices(self, data: bytes, only: Collection[str] | None = None) -> None:
        """Queue a sync record (app/service/sync_content.py) for each other device of the account
        (or those in `only`, by device id) that has a session. The caller holds `lock` and a
        store transaction."""
        for target in device_routes.own_targets(self):
            if only is None or target.device_id in only:
                with contextlib.suppress(session.NoSession):
                    self._seal_for(target.peer, self.identity_key, data, None)

    def transcribe(self, record: Content, contact: Contact | None) -> None:
        """Tell the account's other devices of a record sent to `contact` (None: a group's), as
        a sync transcript. The caller holds `lock` and a store transaction."""
        if self.store.own_device_list() is None:
            return  # a single-device account
        to_key = None if contact is None else contact.identity_key
        relay_url = "" if contact is None else self.contact_relay_url(contact)
        self.seal_sync(SentTranscript(to_key, relay_url, record))

    def seal_sync(self, body: SyncBody, only: Collection[str] | None = None) -> None:
        """`seal_to_own_devices` for a sync record; one too large to transcribe is left out."""
        try:
            self.seal_to_own_devices(encode_sync(body), only)
        except (InvalidContent, session.ContentTooLarge):
            log.info("a sync record too large for one message was not sent")

    def _seal_for(
        self, peer: str, identity_key: bytes, data: bytes, message_id: int | None
    ) -> None:
        message = session.encrypt(self.store, peer, data)
        envelope = session.seal(self.store, identity_key, message)
        self.store.enqueue(peer, envelope, secrets.token_hex(16), message_id=message_id)

    def seal_control(self, contact: Contact, body: Body, group_id: str | None = None) -> None:
        """Queue a record that is no stored message (receipt, typing, reaction, profile): it gets
        a fresh id and the current time (and `group_id`, a group's). The caller holds `lock`
        and a store transaction."""
        self.seal_to_outbox(contact, Content(new_message_id(), now_ms(), body, group_id), None)

    def advance_status(self, message_id: int, status: MessageStatus) -> bool:
        """Move an outgoing message's status forward (never back); True if it changed."""
        current = self.store.message(message_id).status
        if current == MessageStatus.FAILED and status is not MessageStatus.SENT:
            return False
        if current != MessageStatus.FAILED and _STATUS_RANK[status] <= _STATUS_RANK.get(
            MessageStatus(current), 0
        ):
            return False
        self.store.set_status(message_id, status)
        return True


def may_notify(contact: Contact) -> bool:
    """Whether records the user did not write (receipts, typing, our profile) may go to `contact`.

    Not to a message request (a stranger learns nothing until the user accepts), a blocked
    contact, or one whose changed key is not accepted yet (the ratchet would refuse anyway), or
    one whose signed key change waits for the user.
    """
    return (
        contact.accepted
        and not contact.blocked
        and contact.trust is not TrustState.CHANGED
        and contact.pending_key is None
    )


def may_notify_member(contact: Contact) -> bool:
    """`may_notify` for a fellow member of a group (docs/groups.md): group-only members and
    message requests included, as they are in the group with us; not a blocked one, nor one whose
    key change waits."""
    return (
        not contact.blocked
        and contact.trust is not TrustState.CHANGED
        and contact.pending_key is None
    )


def timer_seconds(row: Message) -> int:
    """The disappearing timer an outgoing message was sent under (its expiry is sent + timer)."""
    return round(row.expires_at - row.sent_at) if row.expires_at else 0


def contact_name(contact: Contact) -> str:
    """How messages to the user name a contact: display name, else an id prefix."""
    return contact.display_name or contact.account_id[:12]
