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
from collections import defaultdict
from collections.abc import Sequence
from typing import TypeVar

from app import session
from app.service import content as c
from app.service import device_lists
from app.service.api import (
    Event,
    IdentityChanged,
)
from app.service.applying import Apply
from app.service.core import Core, may_notify, may_notify_member
from app.service.device_routes import needs_list, sender_peer
from app.service.errors import (
    EnvelopeRefused,
    GroupMessageRefused,
    InvalidContent,
    InvalidGroupUpdate,
    InvalidKeyChange,
    ServiceError,
)
from app.service.sync_receive import apply_sync
from app.service.views import contact_view
from app.store import Contact
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
        opened = self._unseal_all(deliveries)  # before the lock: it may fetch device lists
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
                for delivery, unsealed in zip(deliveries, opened, strict=True):
                    try:
                        if isinstance(unsealed, session.SessionError):
                            raise unsealed
                        with core.store.transaction():
                            events += self._open(*unsealed, delivered)
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

    def _unseal_all(self, deliveries: Sequence[Delivery]) -> list[Opened | session.SessionError]:
        """Open each envelope's sealed sender layer (or the error it gives) and find the session
        of the device that sent it; first fetching the device list of every account whose kept
        list does not name that device (a device linked since: docs/devices.md, "Refreshing").
        No lock is held: it is network."""
        core = self._core
        opened: list[Opened | session.SessionError] = []
        unknown: dict[tuple[str, str], bytes] = {}
        for delivery in deliveries:
            try:
                unsealed = session.unseal(core.store, delivery.envelope)
            except session.SessionError as exc:
                opened.append(exc)
                continue
            peer = self._peer(unsealed)
            opened.append((unsealed, peer))
            if needs_list(core, unsealed.sender, peer):
                unknown[unsealed.sender, unsealed.sender_device] = unsealed.sender_identity_key
        for (account, device), key in unknown.items():
            device_lists.refresh_for_unknown(core, account, device, key)
        if not unknown:
            return opened
        return [  # the refreshed accounts' devices looked up again
            item
            if isinstance(item, session.SessionError)
            or (item[0].sender, item[0].sender_device) not in unknown
            else (item[0], self._peer(item[0]))
            for item in opened
        ]

    def _peer(self, unsealed: session.Unsealed) -> str | None:
        key, device = unsealed.sender_identity_key, unsealed.sender_device
        return sender_peer(self._core, unsealed.sender, key, device)

    def _open(
        self, unsealed: session.Unsealed, peer: str | None, delivered: Delivered
    ) -> list[Event]:
        """`peer`: the session of the sending device (None: its account does not list it)."""
        store = self._core.store
        own = unsealed.sender == self._core.account_id
        if own and unsealed.sender_device == store.own_device_id():
            raise session.InvalidMessage("an envelope claims to come from this device")
        key = unsealed.sender_identity_key
        if peer is None:
            raise EnvelopeRefused("it comes from a device its account does not list")
        if own:
            return self._open_sync(peer, unsealed)
        self._admit(store.find_contact(unsealed.sender))
        decrypted = session.decrypt(store, peer, key, unsealed.message)
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
        applied = Apply(self._core, contact, record).run()
        if applied.stored and isinstance(record.body, c.Text | c.Reply | c.AttachmentPointer):
            delivered[contact.account_id, record.group_id].append(record.message_id)
        return events + applied.events

    def _open_sync(self, peer: str, unsealed: session.Unsealed) -> list[Event]:
        """A sync record from another device of the account (sync_receive.py)."""
        decrypted = session.decrypt(
            self._core.store, peer, unsealed.sender_identity_key, unsealed.message
        )
        try:
            return apply_sync(self._core, decrypted.plaintext)
        except InvalidContent as exc:
            self._core.dropped += 1
            log.info("dropped a sync record that does not parse: %s", exc)
            return []

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
Opened = tuple[
    session.Unsealed, str | None
]  # an unsealed envelope and its sending device's session


def _what(exc: Exception) -> str:
    return "group update" if isinstance(exc, InvalidGroupUpdate) else "key change"


def _remember(memory: dict[str, V], new: dict[str, V]) -> None:
    """Add `new` to an insertion-ordered memory of at most _REMEMBERED ids; the oldest go."""
    memory.update(new)
    while len(memory) > _REMEMBERED:  # no copy of the whole memory on every poll
        del memory[next(iter(memory))]
