"""What the parts of `Messenger` share: the state it holds and the helpers more than one part uses.

`Messenger` (messenger.py) is one class composed of mixins, one per concern: `ContactsPart`
(contacts.py), `SendingPart` (sending.py) and `RoundsPart` (rounds.py). Each subclasses
`MessengerParts`, which declares the state `Messenger.__init__` sets up, so a part reads
`self._store` or `self._sync` as if it were the whole messenger. Mixins and not collaborator
objects: the concerns call each other (replying accepts a request, accepting one sets the default
timer, which is a send), and one `self` keeps that plain.
"""

from __future__ import annotations

from app import session
from app.net import RelayUnavailable
from app.service.api import Contact, ConversationChanged
from app.service.core import Core, contact_name
from app.service.errors import ContactNotFound, IdentityNotAccepted, RelayDown, ServiceError
from app.service.outbox import Sender
from app.service.receiver import Receiver
from app.service.sync import BackgroundSync
from app.service.uploads import Uploads
from app.service.views import conversation_view
from app.store import NotFound as StoreNotFound
from app.store import Store
from app.store import records as rows


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
        """X3DH on a freshly fetched bundle when there is no session yet (or `fresh`)."""
        if not fresh and session.has_session(self._store, contact.account_id):
            return
        identity_key = self._peer_key(contact)
        try:
            data = self._core.contact_relay(contact).fetch_bundle(identity_key)
        except RelayUnavailable as exc:
            raise RelayDown(
                f"the relay of {contact_name(contact)} cannot be reached{self._core.route()}"
            ) from exc
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
