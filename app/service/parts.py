"""What the parts of `Messenger` share: the state it holds and the helpers more than one part uses.

`Messenger` (messenger.py) is one class composed of mixins, one per concern: `ContactsPart`
(contacts.py), `SendingPart` (sending.py) and `RoundsPart` (rounds.py). Each subclasses
`MessengerParts`, which declares the state `Messenger.__init__` sets up, so a part reads
`self._store` or `self._sync` as if it were the whole messenger. Mixins and not collaborator
objects: the concerns call each other (replying accepts a request, accepting one sets the default
timer, which is a send), and one `self` keeps that plain.
"""

from __future__ import annotations

import logging

from app import session
from app.net import RelayError, RelayUnavailable
from app.service import device_lists, device_routes
from app.service.api import Contact, ConversationChanged
from app.service.core import Core, contact_name
from app.service.device_routes import DeviceTarget
from app.service.errors import (
    ContactNotFound,
    IdentityNotAccepted,
    InvalidPreKeyBundle,
    NoPostQuantumKeys,
    RelayDown,
    ServiceError,
)
from app.service.outbox import Sender
from app.service.receiver import Receiver
from app.service.sync import BackgroundSync
from app.service.sync_content import ContactState, GroupSettings, SyncBody
from app.service.uploads import Uploads
from app.service.views import conversation_view
from app.store import NotFound as StoreNotFound
from app.store import Store
from app.store import records as rows

log = logging.getLogger(__name__)


class MessengerParts:
    """The shared base of the messenger's parts (set up by `Messenger.__init__`)."""

    _core: Core  # the store, the relay clients, the events and the protocol lock
    _store: Store
    _sender: Sender  # the outbox sender
    _receiver: Receiver  # the receive pipeline
    _sync: BackgroundSync  # the two background threads
    _uploads: Uploads  # pending attachment uploads
    _keys_checked_at: float  # when prekey upkeep last ran (unix time)

    # --- one part's, declared here so that another part may call it -------------------------------

    def accept_request(self, contact_id: str) -> None:
        raise NotImplementedError  # ContactsPart's

    def find_contact(self, query: str) -> Contact:
        raise NotImplementedError  # ContactsPart's

    def set_disappearing(self, conversation_id: int, seconds: int) -> None:
        raise NotImplementedError  # SendingPart's

    def flush_outbox(self) -> int:
        raise NotImplementedError  # RoundsPart's

    def _announce_profile(self, contacts: list[rows.Contact]) -> None:
        raise NotImplementedError  # ContactsPart's

    def _share_groups(self) -> None:
        raise NotImplementedError  # DevicesPart's

    def _group_recipients(self, group_id: str) -> list[rows.Contact]:
        raise NotImplementedError  # GroupsPart's

    def _set_group_timer(self, conversation_id: int, seconds: int) -> None:
        raise NotImplementedError  # GroupsPart's

    # --- helpers ----------------------------------------------------------------------------------

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
        """A session with every device of the contact (X3DH on a freshly fetched bundle where
        there is none, or for all of them if `fresh`); the contact's device list is refreshed
        first when it is due. RelayDown if the relay is away and the contact has no session at
        all (or `fresh`); a device without one is otherwise skipped. The own other devices'
        sessions are `_ensure_own_sessions`', called once per send."""
        device_lists.refresh_if_due(self._core, contact)
        identity_key = self._peer_key(contact)
        targets = device_routes.device_targets(self._core, contact)
        missing = [t for t in targets if fresh or not session.has_session(self._store, t.peer)]
        failure: RelayDown | None = None
        for target in missing:
            try:
                self._start_session(target, identity_key, contact_name(contact))
            except RelayDown as exc:
                failure = exc
                log.info("a device of a contact has no session yet (its relay is away)")
        if failure is not None and (
            fresh or not any(session.has_session(self._store, t.peer) for t in targets)
        ):
            raise failure  # an explicit fresh start failed, or no device can be reached

    def _ensure_own_sessions(self) -> None:
        """Sessions with the account's other devices, for sync records: the own list is
        refreshed when due; a device whose bundle cannot be had now is tried next time."""
        core = self._core
        if not core.is_linked and core.store.own_device_list() is None:
            return  # a single-device account
        device_lists.refresh_own_if_due(core)
        for target in device_routes.own_targets(core):
            if session.has_session(self._store, target.peer):
                continue
            try:
                self._start_session(target, core.identity_key, "your other device")
            except (ServiceError, RelayError) as exc:
                log.info("no session with an own device yet (%s)", type(exc).__name__)

    def _start_session(self, target: DeviceTarget, identity_key: bytes, name: str) -> None:
        """X3DH with one device on a bundle fetched from its mailbox."""
        try:
            data = self._core.relay(target.relay_url).fetch_bundle(target.mailbox)
        except RelayUnavailable as exc:
            raise RelayDown(f"the relay of {name} cannot be reached{self._core.route()}") from exc
        if data.identity_key != identity_key:
            raise ServiceError("the relay answered with another identity key")
        kem = data.kem_prekey
        if kem is None:
            raise NoPostQuantumKeys(
                f"the relay of {name} offers no post-quantum (ML-KEM) prekey; Bisik does not"
                " start a session without one"
            )
        bundle = session.PreKeyBundle(
            identity_key=data.identity_key,
            signed_prekey_id=data.signed_prekey_id,
            signed_prekey=data.signed_prekey,
            signed_prekey_signature=data.signed_prekey_signature,
            one_time_prekey_id=data.one_time_prekey_id,
            one_time_prekey=data.one_time_prekey,
            kem_prekey_id=kem.key_id,
            kem_prekey=kem.public_key,
            kem_prekey_signature=kem.signature,
        )
        with self._core.lock, self._store.transaction():
            try:
                session.start_session(self._store, target.peer, bundle)
            except session.UntrustedIdentity as exc:
                raise IdentityNotAccepted(
                    f"the identity key of {name} changed; accept it first"
                ) from exc
            except (session.InvalidSignature, session.InvalidMessage) as exc:
                raise InvalidPreKeyBundle(f"the prekey bundle of {name} is refused: {exc}") from exc

    def _sync_contact(self, row: rows.Contact, *, deleted: bool = False) -> None:
        """Tell the account's other devices how this contact (and its conversation's flags) is
        now, after the user changed it here (sync_content.ContactState)."""
        if self._store.own_device_list() is None or row.identity_key is None:
            return  # a single-device account
        conversation_id = self._store.find_conversation_for_contact(row.account_id)
        conversation = (
            None if conversation_id is None else self._store.conversation(conversation_id)
        )
        state = ContactState(
            row.identity_key,
            row.display_name,
            row.relay_url,
            row.accepted,
            row.blocked,
            row.trust is session.TrustState.VERIFIED,
            bool(conversation and conversation.muted),
            bool(conversation and conversation.archived),
            deleted,
        )
        self._seal_sync(state)

    def _sync_conversation(self, conversation_id: int) -> None:
        """The conversation's mute and archive flags changed here: tell the other devices."""
        conversation = self._store.conversation(conversation_id)
        if conversation.group_id is not None:
            if self._store.own_device_list() is not None:
                self._seal_sync(
                    GroupSettings(conversation.group_id, conversation.muted, conversation.archived)
                )
        elif conversation.contact_id is not None:
            self._sync_contact(self._store.contact(conversation.contact_id))

    def _seal_sync(self, body: SyncBody) -> None:
        self._ensure_own_sessions()
        with self._core.lock, self._store.transaction():
            self._core.seal_sync(body)
        self._sync.wake()

    def _conversation_changed(self, conversation_id: int) -> None:
        """Announce the conversation as it is now, under the lock so that announcements keep the
        order of the changes; one deleted meanwhile (a request) is not announced back."""
        with self._core.lock:
            try:
                row = self._store.conversation(conversation_id)
            except StoreNotFound:
                return
            self._core.events.emit(ConversationChanged(conversation_view(self._store, row)))

    def _contact_changed(self, contact_id: str) -> None:
        """The contact's trust or state changed: the conversation list shows it on its row."""
        row = self._store.conversation_for_contact(contact_id)
        self._core.events.emit(ConversationChanged(conversation_view(self._store, row)))
