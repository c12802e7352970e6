"""Identity that no one can claim (protocol v2), tried as an attacker would: a real relay, real
profiles. An account id is its key's hash, so an impostor only ever reaches a message request; a
key change counts only when the old key signed it and the user accepted it."""

from __future__ import annotations

import json
import logging
import secrets
from pathlib import Path

import pytest

from app import session
from app.net import RelayClient
from app.service import content as c
from app.service.api import IdentityChanged, TrustState
from app.service.errors import IdentityNotAccepted
from app.service.messenger import Messenger
from app.service.receiver import MAX_PENDING_REQUESTS
from app.session.memory import MemoryStores
from tests.e2e.support import bodies, conversation_id, make_pair, make_profile
from tests.relay_process import RelayProcess

FORGED = 1000


def snapshot(m: Messenger, peer: Messenger) -> tuple[object, ...]:
    """What an impostor must not change at `m` about `peer`: the contact row, its sessions and
    its conversation (timer, messages)."""
    store, peer_id = m._store, peer.own_account_id()
    conversation = m.conversation_for_contact(peer_id)
    return (
        store.contact(peer_id),
        store.load_session(peer_id),
        conversation.disappearing_seconds,
        bodies(m, conversation.conversation_id),
    )


def send_raw(sender: Messenger, to: Messenger, plaintext: bytes) -> None:
    """Encrypt bytes that no well-behaved client would write and queue them (a hostile peer)."""
    core, row = sender._core, sender._store.contact(to.own_account_id())
    assert row.identity_key is not None
    with core.lock, sender._store.transaction():
        message = session.encrypt(sender._store, row.account_id, plaintext)
        envelope = session.seal(sender._store, row.identity_key, message)
        sender._store.enqueue(row.account_id, envelope, secrets.token_hex(16))
    sender.flush_outbox()


def send_body(sender: Messenger, to: Messenger, body: c.Body) -> None:
    send_raw(sender, to, c.encode(c.Content(c.new_message_id(), c.now_ms(), body)))


def test_an_impostor_of_a_verified_contact_only_reaches_a_message_request(
    relay: RelayProcess, tmp_path: Path
) -> None:
    a, b = make_pair(tmp_path, relay.url)
    a.mark_verified(b.own_account_id())
    a.send_text(conversation_id(a, b), "sampai besok")
    a.flush_outbox()
    b.sync_once()
    a.sync_once()  # Budi's delivery receipt
    before = snapshot(a, b)

    # The attacker knows Budi's account id and name; her modified client claims both.
    x = make_profile(tmp_path / "x", "Budi", relay.url)
    x._store._conn().execute("UPDATE own SET account_id = ?", (b.own_account_id(),))
    x._core.account_id = b.own_account_id()
    for _ in range(45):  # more than the 41 sessions a record holds: each a fresh X3DH
        x.add_contact(a.invite_link())
        x.send_text(conversation_id(x, a), "ini Budi, nomor baru")
    send_body(x, a, c.Profile("Budi", "http://relay.attacker.example"))
    send_body(x, a, c.TimerChange(5))
    a.sync_once()

    assert snapshot(a, b) == before
    assert a.contact(b.own_account_id()).trust is TrustState.VERIFIED
    [request] = a.requests()
    assert request.contact_id == session.account_id(x.own_identity_key()) != b.own_account_id()
    assert (
        bodies(a, a.conversation_for_contact(request.contact_id).conversation_id, "in")[:2]
        == ["ini Budi, nomor baru"] * 2
    )
    with pytest.raises(IdentityNotAccepted, match="no key change"):
        a.accept_identity_change(b.own_account_id())  # nothing for a click to accept

    b.send_text(conversation_id(b, a), "aku masih di sini")  # Budi's next real message
    b.flush_outbox()
    a.sync_once()
    assert bodies(a, conversation_id(a, b), "in")[-1] == "aku masih di sini"
    for m in (a, b, x):
        m.lock()


def test_a_thousand_forged_first_messages_leave_contacts_alone(
    relay: RelayProcess, tmp_path: Path
) -> None:
    a, b = make_pair(tmp_path, relay.url)
    before = snapshot(a, b)
    data = RelayClient(relay.url, secrets.token_bytes(32)).fetch_bundle(a.own_identity_key())
    bundle = session.PreKeyBundle(  # without a one-time prekey, so one bundle serves them all
        data.identity_key,
        data.signed_prekey_id,
        data.signed_prekey,
        data.signed_prekey_signature,
        None,
        None,
    )
    sender = RelayClient(relay.url, secrets.token_bytes(32))
    a_id = a.own_account_id()
    for start in range(0, FORGED, 250):  # within the mailbox quota between two syncs
        for _ in range(start, min(start + 250, FORGED)):
            forger = MemoryStores(session.new_identity_seed(), session.new_device_id())
            session.start_session(forger, a_id, bundle)
            text = c.encode(c.Content(c.new_message_id(), c.now_ms(), c.Text("hadiah!")))
            envelope = session.seal(
                forger, bundle.identity_key, session.encrypt(forger, a_id, text)
            )
            sender.send(bundle.identity_key, envelope, secrets.token_hex(16))
        a.sync_once()

    assert snapshot(a, b) == before
    assert len(a.requests()) == MAX_PENDING_REQUESTS
    assert a.refused_count() == FORGED - MAX_PENDING_REQUESTS
    assert a.dropped_count() == 0
    b.send_text(conversation_id(b, a), "masih bisa?")
    b.flush_outbox()
    a.sync_once()
    assert bodies(a, conversation_id(a, b), "in")[-1] == "masih bisa?"
    a.lock()
    b.lock()


def test_a_key_change_signed_by_the_old_key_keeps_the_conversation_after_a_click(
    relay: RelayProcess, tmp_path: Path
) -> None:
    a, b = make_pair(tmp_path, relay.url)
    a.mark_verified(b.own_account_id())
    cid = conversation_id(a, b)
    a.send_text(cid, "halo")
    a.flush_outbox()
    b2 = make_profile(tmp_path / "b2", "Budi", relay.url)  # the new install

    assert b.announce_key_change(b2.invite_link()) == 1
    b.flush_outbox()
    events: list[object] = []
    a.subscribe(events.append)
    a.sync_once()
    waiting = a.contact(b.own_account_id())
    assert waiting.key_change_pending and waiting.trust is TrustState.CHANGED
    assert any(isinstance(e, IdentityChanged) for e in events)
    with pytest.raises(IdentityNotAccepted, match="moved to a new identity key"):
        a.send_text(cid, "belum")

    moved = a.accept_identity_change(b.own_account_id())
    assert moved.contact_id == b2.own_account_id()
    assert moved.trust is TrustState.VERIFIED and not moved.key_change_pending  # trust is kept
    assert a.conversation_for_contact(b2.own_account_id()).conversation_id == cid
    assert bodies(a, cid)[:1] == ["halo"]
    a.send_text(cid, "selamat datang kembali")
    a.flush_outbox()
    b2.sync_once()
    [request] = b2.requests()  # the new install knows nobody yet: Ani arrives as a request
    assert request.contact_id == a.own_account_id()
    assert bodies(b2, conversation_id(b2, a), "in") == ["selamat datang kembali"]
    assert a.safety_number(b2.own_account_id()) == b2.safety_number(a.own_account_id())
    for m in (a, b, b2):
        m.lock()


def test_a_key_change_signed_by_another_key_is_refused_with_a_clear_message(
    relay: RelayProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    a, b = make_pair(tmp_path, relay.url)
    before = snapshot(a, b)
    stranger = session.own_identity(MemoryStores(session.new_identity_seed(), "00" * 16))
    other_key = session.identity_public_key(session.new_identity_seed())
    by_another = session.sign_key_change(stranger, other_key, c.now_ms(), relay.url)
    send_body(b, a, c.KeyChange(other_key, relay.url, by_another.at_ms, by_another.signature))
    with caplog.at_level(logging.WARNING, logger="app.service.receiver"):
        a.sync_once()
    assert "not signed by their known identity key" in caplog.text
    assert snapshot(a, b)[1:] == before[1:]
    assert not a.contact(b.own_account_id()).key_change_pending
    with pytest.raises(IdentityNotAccepted):
        a.accept_identity_change(b.own_account_id())
    for m in (a, b):
        m.lock()


def test_hostile_records_are_typed_errors_that_change_nothing(
    relay: RelayProcess, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    a, b = make_pair(tmp_path, relay.url)
    before = snapshot(a, b)
    secret_name = "NAMA-RAHASIA-" + "x" * 300  # longer than a display name may be
    malformed = {"k": "keychange", "id": "ab", "ts": 1, "ik": "zz", "relay": "x", "at": -1}
    with caplog.at_level(logging.INFO, logger="app.service.receiver"):
        send_body(b, a, c.Profile(secret_name, relay.url))  # oversized Profile record
        send_raw(b, a, b"\x01" + json.dumps(malformed).encode())  # malformed key change
        a.sync_once()
    assert a.dropped_count() == 2
    assert secret_name[:13] not in caplog.text  # logged without content
    assert snapshot(a, b)[0] == before[0] and snapshot(a, b)[2:] == before[2:]

    x = make_profile(tmp_path / "x", "Xena", relay.url)
    x.add_contact(a.invite_link())
    x.send_text(conversation_id(x, a), "halo?")
    x.flush_outbox()
    a.sync_once()
    [request] = a.requests()
    a.block(request.contact_id)
    held = (
        a._store.load_session(request.contact_id),
        a.message_count(a.conversation_for_contact(request.contact_id).conversation_id),
    )
    x.send_text(conversation_id(x, a), "buka blokirnya")
    x.flush_outbox()
    a.sync_once()
    assert a.refused_count() == 1  # a request from a blocked key: refused before decryption
    assert (
        a._store.load_session(request.contact_id),
        a.message_count(a.conversation_for_contact(request.contact_id).conversation_id),
    ) == held
    assert a.requests() == []
    for m in (a, b, x):
        m.lock()
