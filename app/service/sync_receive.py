"""Applying a sync record from another device of the account (sync_content.py): a message it
sent becomes ours here too, a conversation it read is read here, and "you were unlinked" stops
this device. The caller (receiver.py) has checked that the sealed sender is the own account and
holds the lock and a store transaction.
"""

from __future__ import annotations

import logging

from app import session
from app.service import content as c
from app.service.api import ConversationChanged, ConversationRemoved, Event, ThisDeviceUnlinked
from app.service.applying import Apply
from app.service.core import Core
from app.service.errors import InvalidContent
from app.service.linking import mark_unlinked
from app.service.sync_content import (
    ContactState,
    GroupSettings,
    ReadUpTo,
    SentTranscript,
    Unlinked,
    decode_sync,
)
from app.service.views import conversation_view
from app.session import TrustState

log = logging.getLogger(__name__)


def apply_sync(core: Core, data: bytes) -> list[Event]:
    """Apply one sync record; the events to emit. InvalidContent for one that does not parse."""
    match decode_sync(data):
        case SentTranscript() as transcript:
            return _sent(core, transcript)
        case ReadUpTo(sender, message_id):
            return _read(core, sender, message_id)
        case Unlinked(device_id):
            return _unlinked(core, device_id)
        case ContactState() as state:
            return _contact(core, state)
        case GroupSettings(group_id, muted, archived):
            conversation = core.store.find_group_conversation(group_id)
            return [] if conversation is None else _settings(core, conversation, muted, archived)
        case None:
            log.info("ignored a sync record of a kind this version does not know")
    return []


def _sent(core: Core, transcript: SentTranscript) -> list[Event]:
    """Store a message this account sent from another device, as sent from here."""
    store = core.store
    record = transcript.record
    if transcript.to_key is None:
        assert record.group_id is not None  # decode_sync checked: a group's record
        if store.find_group(record.group_id) is None and not isinstance(record.body, c.GroupUpdate):
            log.info("ignored a transcript of a group this device does not know")
            return []
        return Apply(core, None, record, outgoing=True).run().events
    account = session.account_id(transcript.to_key)
    contact = store.find_contact(account)
    if contact is None:  # added on the other device: a contact here too
        contact = store.add_contact(
            account,
            "",
            identity_key=transcript.to_key,
            relay_url=transcript.relay_url,
            mailbox=transcript.to_key,
            accepted=True,
        )
    elif contact.identity_key != transcript.to_key:
        raise InvalidContent("a transcript names a contact's old or another key")
    return Apply(core, contact, record, outgoing=True).run().events


def _read(core: Core, sender: str, message_id: str) -> list[Event]:
    """Mark a conversation read up to the message the other device read (no receipts: that
    device sent them)."""
    store = core.store
    found = store.find_remote_message(sender, message_id)
    if found is None or not store.mark_read(found.conversation_id, found.id):
        return []
    return [
        ConversationChanged(conversation_view(store, store.conversation(found.conversation_id)))
    ]


def _contact(core: Core, state: ContactState) -> list[Event]:
    """A contact added, accepted, blocked, verified, or a request deleted, on the other device;
    with its conversation's flags. Applied in the order they arrive."""
    store = core.store
    account = session.account_id(state.identity_key)
    held = store.find_contact(account)
    if state.deleted:
        if held is None or held.accepted:
            return []
        conversation = store.find_conversation_for_contact(account)
        store.delete_contact(account)
        return [] if conversation is None else [ConversationRemoved(conversation)]
    if account == core.account_id:
        raise InvalidContent("a sync record names the own account as a contact")
    store.add_contact(
        account,
        state.name or (held.display_name if held else ""),
        identity_key=state.identity_key,
        relay_url=state.relay_url or (held.relay_url if held else ""),
        mailbox=state.identity_key,
        accepted=state.accepted,
    )
    store.set_blocked(account, state.blocked)
    contact = store.contact(account)
    if state.verified and contact.trust is TrustState.UNVERIFIED:
        store.set_trust(account, TrustState.VERIFIED)
    conversation = store.conversation_for_contact(account).id
    return _settings(core, conversation, state.muted, state.archived)


def _settings(core: Core, conversation_id: int, muted: bool, archived: bool) -> list[Event]:
    store = core.store
    store.set_muted(conversation_id, muted)
    store.set_archived(conversation_id, archived)
    return [ConversationChanged(conversation_view(store, store.conversation(conversation_id)))]


def _unlinked(core: Core, device_id: str) -> list[Event]:
    """Another device unlinked this one: stop sending and polling (the history stays)."""
    if device_id != core.store.own_device_id() or core.unlinked:
        return []
    mark_unlinked(core)
    return [ThisDeviceUnlinked()]
