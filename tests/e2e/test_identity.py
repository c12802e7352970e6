"""A contact's identity key changes: sending stops until the user accepts the new key, the
safety number changes, and a verified contact falls back to unverified."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from app import session
from app.service.api import IdentityChanged, MessageStatus, Trust
from app.service.errors import IdentityNotAccepted
from app.service.messenger import Messenger
from app.store import KdfParams, Store
from tests.e2e.support import PASSPHRASE, bodies, conversation_id, make_pair
from tests.relay_process import RelayProcess


def reinstall(folder: Path, account_id: str, name: str, relay_url: str) -> Messenger:
    """The same account on a new device: same account id, a new identity key."""
    store = Store.create(folder, PASSPHRASE, kdf=KdfParams.interactive())
    store.set_own_identity(account_id, session.new_identity_seed())
    store.set_own_display_name(name)
    store.set_relay_url(relay_url)
    session.generate_signed_prekey(store, time.time())
    messenger = Messenger(store, folder)
    messenger.publish_keys()
    return messenger


def test_changed_identity_blocks_sending_until_accepted(
    relay: RelayProcess, tmp_path: Path
) -> None:
    a, b = make_pair(tmp_path, relay.url)
    b_id = b.own_account_id()
    a.mark_verified(b_id)
    number_before = a.safety_number(b_id)
    b.lock()

    b2 = reinstall(tmp_path / "b2", b_id, "Budi", relay.url)
    b2.add_contact(a.invite_link())
    b2.send_text(conversation_id(b2, a), "ini nomor baruku")
    b2.flush_outbox()

    events: list[object] = []
    a.subscribe(events.append)
    a.sync_once()
    assert any(isinstance(e, IdentityChanged) and e.contact.contact_id == b_id for e in events)
    assert a.contact(b_id).trust is Trust.CHANGED
    assert bodies(a, conversation_id(a, b2), "in")[-1] == "ini nomor baruku"  # incoming is shown
    assert a.safety_number(b_id) != number_before
    assert a.safety_number(b_id) == b2.safety_number(a.own_account_id())

    with pytest.raises(IdentityNotAccepted, match="accept the new key"):
        a.send_text(conversation_id(a, b2), "siapa kamu?")
    failed = a.messages_before(conversation_id(a, b2), None, 1)[0]
    assert failed.status is MessageStatus.FAILED
    assert a.outbox_size() == 0
    with pytest.raises(IdentityNotAccepted):
        a.mark_verified(b_id)

    a.accept_identity_change(b_id)
    assert a.contact(b_id).trust is Trust.UNVERIFIED  # verified does not carry over
    a.retry(failed.message_id)
    a.send_text(conversation_id(a, b2), "oke, diterima")
    a.flush_outbox()
    b2.sync_once()
    assert bodies(b2, conversation_id(b2, a), "in") == ["siapa kamu?", "oke, diterima"]
    a.lock()
    b2.lock()


def test_an_invite_with_a_new_key_needs_acceptance_first(
    relay: RelayProcess, tmp_path: Path
) -> None:
    a, b = make_pair(tmp_path, relay.url)
    b_id = b.own_account_id()
    number_before = a.safety_number(b_id)
    b.lock()
    b2 = reinstall(tmp_path / "b2", b_id, "Budi", relay.url)
    events: list[object] = []
    a.subscribe(events.append)

    with pytest.raises(IdentityNotAccepted, match="new identity key"):
        a.add_contact(b2.invite_link())
    assert a.contact(b_id).trust is Trust.CHANGED
    assert any(isinstance(e, IdentityChanged) for e in events)
    assert a.safety_number(b_id) != number_before  # already the new key's number

    a.accept_identity_change(b_id)
    a.add_contact(b2.invite_link())
    a.send_text(conversation_id(a, b2), "selamat datang kembali")
    a.flush_outbox()
    b2.sync_once()
    assert bodies(b2, conversation_id(b2, a), "in") == ["selamat datang kembali"]
    a.lock()
    b2.lock()
