"""Contacts and trust, a part of `Messenger` (see parts.py): invites, message requests, blocking,
safety numbers, signed key changes, and telling contacts our name.

An account id is its key's hash, so a link or an envelope can only ever name its own account: a
person with a new key is a new contact unless their old key signed the move (docs/service.md).
"""

from __future__ import annotations

from app import session
from app.service import content as c
from app.service.api import Contact, ConversationRemoved
from app.service.core import contact_name, may_notify
from app.service.errors import AmbiguousContact, ContactNotFound, IdentityNotAccepted, ServiceError
from app.service.invite import Invite, make_link, parse_link
from app.service.parts import MessengerParts
from app.service.views import contact_view
from app.session import TrustState
from app.store import records as rows

DISAPPEARING_DEFAULT = "disappearing_default"  # seconds, for conversations the user begins


class ContactsPart(MessengerParts):
    def invite_link(self, https: bool = False) -> str:
        invite = Invite(
            self._core.relay_url,
            self._core.account_id,
            self._core.identity_key,
            self._store.own_display_name(),
        )
        return make_link(invite, self._core.identity_seed, https=https)

    def add_contact(self, link: str) -> Contact:
        """Verify the link, fetch the contact's prekey bundle, run X3DH; tell them our name."""
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
        self._sync_contact(self._store.contact(row.account_id))
        return contact_view(self._store.contact(row.account_id))

    def contacts(self) -> list[Contact]:
        """Contacts and message requests; not the members known only from a group."""
        return [contact_view(row) for row in self._store.contacts() if not row.group_only]

    def contact(self, contact_id: str) -> Contact:
        return contact_view(self._contact_row(contact_id))

    def find_contact(self, query: str) -> Contact:
        """A contact by exact id, display name (any case) or id prefix; unique or an error."""
        query = query.strip()
        rows_ = [row for row in self._store.contacts() if not row.group_only]
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
        self._sync_contact(self._store.contact(row.account_id))

    def block(self, contact_id: str, blocked: bool = True) -> None:
        row = self._contact_row(contact_id)
        self._store.set_blocked(row.account_id, blocked)
        self._contact_changed(row.account_id)
        self._sync_contact(self._store.contact(row.account_id))

    def requests(self) -> list[Contact]:
        """Message requests: strangers who wrote and are neither accepted nor blocked."""
        return [
            contact_view(row)
            for row in self._store.contacts()
            if not row.accepted and not row.blocked and not row.group_only
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
        self._sync_contact(row, deleted=True)

    # --- trust ------------------------------------------------------------------------------------

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
        self._sync_contact(self._store.contact(row.account_id))

    def accept_identity_change(self, contact_id: str) -> Contact:
        """Accept the contact's move to a new key that their old key signed: the conversation and
        trust stay, the contact's id becomes the new key's, the next message runs X3DH with it.
        A profile from v1 may also hold a plain changed key: accepted as unverified."""
        row = self._contact_row(contact_id)
        with self._core.lock:
            if row.pending_key is not None:
                row = self._store.move_contact(
                    row.account_id, row.pending_key, row.pending_relay_url
                )
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
        return self._tell(self._store.contacts(), body)

    # --- what the user's contacts are told --------------------------------------------------------

    def _announce_profile(self, contacts: list[rows.Contact]) -> None:
        """Queue our display name and relay for these contacts (the accepted, unblocked ones),
        in one transaction: a rename reaches every contact with one disk sync, not one each."""
        held = self._store.own_device_list()
        revision = 0 if held is None else held.revision
        profile = c.Profile(self._store.own_display_name(), self._core.relay_url, revision)
        self._tell(contacts, profile)

    def _tell(self, contacts: list[rows.Contact], body: c.Body) -> int:
        """Queue `body` for those of `contacts` that may hear from us unasked (see `may_notify`)
        and have a session, in one transaction; returns how many."""
        told = [
            contact
            for contact in contacts
            if may_notify(contact) and session.has_session(self._store, contact.account_id)
        ]
        with self._core.lock, self._store.transaction():
            for contact in told:
                self._core.seal_control(contact, body)
        self._sync.wake()
        return len(told)

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
