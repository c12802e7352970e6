"""The messenger against a real relay: the receive loop's robustness (garbage, replays, unknown
kinds, strangers, blocking), contacts, profiles, locking and concurrent senders."""

from __future__ import annotations

import json
import os
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from app import session
from app.net import RelayClient
from app.service import outbox
from app.service.account import (
    NotAProfile,
    ProfileInUse,
    WrongPassphrase,
    open_profile,
    profile_exists,
)
from app.service.api import ConversationChanged, MessageAdded, TrustState, TypingChanged
from app.service.errors import (
    AmbiguousContact,
    ContactBlocked,
    ContactNotFound,
    InvalidInvite,
    ServiceError,
)
from app.service.messenger import Messenger, check_relay_url
from app.service.receiver import OPEN_TRIES
from tests.e2e.support import PASSPHRASE, bodies, conversation_id, make_pair, make_profile
from tests.relay_process import RelayProcess, relay_process


@pytest.fixture
def two(relay: RelayProcess, tmp_path: Path) -> Iterator[tuple[Messenger, Messenger]]:
    a, b = make_pair(tmp_path, relay.url)
    yield a, b
    a.lock()
    b.lock()


def _raw_send(sender: Messenger, recipient: Messenger, plaintext: bytes) -> bytes:
    """Encrypt and seal arbitrary plaintext from `sender` as a peer would; returns the envelope."""
    store = sender._store
    with sender._core.lock, store.transaction():
        message = session.encrypt(store, recipient.own_account_id(), plaintext)
        envelope = session.seal(store, recipient.own_identity_key(), message)
    _client(sender).send(recipient.own_identity_key(), envelope, secrets.token_hex(8))
    return envelope


def _client(m: Messenger) -> RelayClient:
    return RelayClient(m.relay_url(), os.urandom(32))


def test_garbage_envelopes_are_dropped_counted_and_the_loop_goes_on(
    two: tuple[Messenger, Messenger],
) -> None:
    """Content that decrypts but does not parse is dropped at once; an envelope that does not
    open is left at the relay for OPEN_TRIES polls (a copy garbled on the way is followed by a
    whole one), then dropped and counted."""
    a, b = two
    client = _client(a)
    for size in (1024, 4096, 16384):
        client.send(b.own_identity_key(), os.urandom(size), secrets.token_hex(8))
    _raw_send(a, b, b"\x01{not json")  # decrypts, but the content is garbage
    a.send_text(conversation_id(a, b), "masih jalan")
    a.flush_outbox()
    b.sync_once()
    assert bodies(b, conversation_id(b, a), "in") == ["masih jalan"]
    assert b.dropped_count() == 1
    syncs = 1
    while b.dropped_count() < 4:
        b.sync_once()
        syncs += 1
        assert syncs <= OPEN_TRIES, "an envelope that never opens is kept too long"
    assert b.dropped_count() == 4
    assert b.sync_once() == 0 and b.dropped_count() == 4  # all acked: nothing comes back


def test_an_envelope_garbled_once_arrives_whole_on_the_next_poll(
    two: tuple[Messenger, Messenger],
) -> None:
    a, b = two
    a.send_text(conversation_id(a, b), "utuh")
    a.flush_outbox()
    (delivery,) = b._core.relay().poll()  # b's own mailbox, as the receive path polls it
    garbled = bytearray(delivery.envelope)
    garbled[len(garbled) // 2] ^= 0x20
    received = b._receiver.receive([replace(delivery, envelope=bytes(garbled))])
    assert received == 0 and b.dropped_count() == 0  # not taken in, not acked
    b.sync_once()
    assert bodies(b, conversation_id(b, a), "in") == ["utuh"]
    assert b.dropped_count() == 0


def test_a_replayed_envelope_is_dropped_silently(two: tuple[Messenger, Messenger]) -> None:
    a, b = two
    record = {"k": "text", "id": "ab" * 16, "ts": 1, "b": "sekali saja"}
    envelope = _raw_send(a, b, b"\x01" + json.dumps(record).encode())
    _client(a).send(b.own_identity_key(), envelope, secrets.token_hex(8))  # the replay
    b.sync_once()
    assert bodies(b, conversation_id(b, a), "in") == ["sekali saja"]
    assert b.dropped_count() == 0


def test_unknown_kind_is_kept_as_unsupported(two: tuple[Messenger, Messenger]) -> None:
    a, b = two
    record = {"k": "poll", "id": "cd" * 16, "ts": 1, "question": "?"}
    _raw_send(a, b, b"\x01" + json.dumps(record).encode())
    b.sync_once()
    (message,) = b.messages_before(conversation_id(b, a), None)
    assert message.kind == "unsupported"


def test_a_stranger_arrives_as_a_message_request(relay: RelayProcess, tmp_path: Path) -> None:
    a = make_profile(tmp_path / "a", "Ani", relay.url)
    b = make_profile(tmp_path / "b", "Budi", relay.url)
    added: list[object] = []
    b.subscribe(added.append)
    a.add_contact(b.invite_link())
    a.send_text(conversation_id(a, b), "halo, kenal saya?")
    a.flush_outbox()
    b.sync_once()
    (request,) = b.contacts()
    assert (request.display_name, request.accepted, request.trust) == (
        "Ani",
        False,
        TrustState.UNVERIFIED,
    )
    assert any(isinstance(e, MessageAdded) for e in added)
    assert any(isinstance(e, ConversationChanged) for e in added)
    a.sync_once()  # a request gets no delivery receipt
    assert a.messages_before(conversation_id(a, b), None)[0].status.value == "sent"
    b.block(a.own_account_id())
    a.send_text(conversation_id(a, b), "halo lagi?")
    a.flush_outbox()
    b.sync_once()
    assert bodies(b, conversation_id(b, a)) == ["halo, kenal saya?"]  # blocked: nothing stored
    with pytest.raises(ContactBlocked):
        b.send_text(conversation_id(b, a), "x")
    a.lock()
    b.lock()


def test_find_contact_by_name_or_id_prefix(two: tuple[Messenger, Messenger]) -> None:
    a, b = two
    b_id = b.own_account_id()
    assert a.find_contact("budi").contact_id == b_id
    assert a.find_contact(b_id[:6]).contact_id == b_id
    assert a.find_contact(b_id.upper()).contact_id == b_id
    for unknown in ("Citra", "", "   ", "zz"):
        with pytest.raises(ContactNotFound):
            a.find_contact(unknown)


def test_ambiguous_names_are_refused(relay: RelayProcess, tmp_path: Path) -> None:
    a = make_profile(tmp_path / "a", "Ani", relay.url)
    twins = [make_profile(tmp_path / f"t{n}", "Kembar", relay.url) for n in range(2)]
    for twin in twins:
        a.add_contact(twin.invite_link())
    with pytest.raises(AmbiguousContact):
        a.find_contact("kembar")
    assert a.find_contact(twins[0].own_account_id()[:10]).contact_id == twins[0].own_account_id()
    for m in (a, *twins):
        m.lock()


def test_own_or_tampered_link_is_refused(two: tuple[Messenger, Messenger]) -> None:
    a, b = two
    with pytest.raises(ServiceError, match="own invite"):
        a.add_contact(a.invite_link())
    link = b.invite_link(https=True)
    assert link.startswith(b.relay_url() + "/invite#")
    assert a.add_contact(link).contact_id == b.own_account_id()
    with pytest.raises(InvalidInvite, match="altered"):
        a.add_contact(link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB"))


def test_display_name_change_reaches_contacts(two: tuple[Messenger, Messenger]) -> None:
    a, b = two
    a.set_display_name("Ani Wijaya")
    a.flush_outbox()
    b.sync_once()
    assert b.contact(a.own_account_id()).display_name == "Ani Wijaya"
    assert a.own_display_name() == "Ani Wijaya"
    with pytest.raises(ServiceError):
        a.set_display_name("   ")


def test_concurrent_senders_keep_the_ratchet_consistent(two: tuple[Messenger, Messenger]) -> None:
    a, b = two
    conversation = conversation_id(a, b)

    def send(worker: int) -> None:
        for n in range(10):
            a.send_text(conversation, f"t{worker}-{n}")

    threads = [threading.Thread(target=send, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    a.flush_outbox()
    b.sync_once()
    received = bodies(b, conversation_id(b, a), "in")
    assert sorted(received) == sorted(f"t{w}-{n}" for w in range(4) for n in range(10))
    assert b.dropped_count() == 0


def test_profile_errors_are_typed(relay: RelayProcess, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    assert not profile_exists(folder)
    m = make_profile(folder, "Sari", relay.url)
    assert profile_exists(folder)
    with pytest.raises(ProfileInUse):
        open_profile(folder, PASSPHRASE)
    m.lock()
    with pytest.raises(WrongPassphrase):
        open_profile(folder, "salah")
    with pytest.raises(NotAProfile):
        open_profile(tmp_path / "nothing", PASSPHRASE)
    reopened = open_profile(folder, PASSPHRASE)
    assert reopened.own_display_name() == "Sari"
    reopened.change_passphrase(PASSPHRASE, "baru sekali")
    reopened.lock()
    open_profile(folder, "baru sekali").lock()


def test_typing_reactions_and_replies_reach_the_other_side(
    two: tuple[Messenger, Messenger],
) -> None:
    a, b = two
    events: list[object] = []
    b.subscribe(events.append)
    original = a.send_text(conversation_id(a, b), "mau makan apa?")
    a.send_typing(conversation_id(a, b), True)
    a.flush_outbox()
    b.sync_once()
    assert TypingChanged(conversation_id(b, a), True) in events
    incoming = b.messages_before(conversation_id(b, a), None, 1)[0]
    b.react(incoming.message_id, "👍")
    reply = b.send_text(conversation_id(b, a), "nasi goreng", reply_to=incoming.message_id)
    assert reply.reply_to == incoming.message_id
    b.flush_outbox()
    a.sync_once()
    assert a.message(original.message_id).reactions == {b.own_account_id(): "👍"}
    answer = a.messages_before(conversation_id(a, b), None, 1)[0]
    assert (answer.body, answer.reply_to) == ("nasi goreng", original.message_id)
    b.react(incoming.message_id, "")  # taking a reaction back
    b.flush_outbox()
    a.sync_once()
    assert a.message(original.message_id).reactions == {}


def test_the_sender_backs_off_while_the_relay_is_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # longer than a relay restart on a busy machine (the first real delay is exactly 1 s)
    monkeypatch.setattr(outbox, "retry_delay", lambda _failures: 30.0)
    with relay_process(tmp_path / "relay") as relay:
        a, b = make_pair(tmp_path, relay.url)
        relay.kill()
        a.send_text(conversation_id(a, b), "satu")
        before = time.time()
        assert a.flush_outbox() == 0
        retry_at = a._sender.next_attempt()
        assert retry_at is not None and before + 30 <= retry_at <= time.time() + 30
        relay.start()
        assert a.flush_outbox() == 0  # still backing off: the relay is not asked
        with pytest.raises(ServiceError):
            a.send_text(conversation_id(a, b), "")  # (an empty text is refused outright)
        a.sync_once()  # a successful poll ends the backoff: the queue goes out at once
        assert a.outbox_size() == 0
        b.sync_once()
        assert bodies(b, conversation_id(b, a), "in") == ["satu"]
        a.lock()
        b.lock()


def test_a_message_too_large_for_an_envelope_is_refused_and_not_stored(
    two: tuple[Messenger, Messenger],
) -> None:
    a, b = two
    conversation = conversation_id(a, b)
    with pytest.raises(ServiceError, match="as a file"):
        a.send_text(conversation, "\x01" * 15_000)  # each becomes \\u0001 in the record
    with pytest.raises(ServiceError, match="longer than"):
        a.send_text(conversation, "x" * 16_001)
    assert a.message_count(conversation) == 0
    a.send_text(conversation, "😀" * 15_000)  # 60 kB of UTF-8 still fits the largest bucket
    a.flush_outbox()
    b.sync_once()
    assert bodies(b, conversation_id(b, a), "in") == ["😀" * 15_000]


def test_mute_archive_and_unread_totals(two: tuple[Messenger, Messenger]) -> None:
    a, b = two
    for text in ("satu", "dua"):
        a.send_text(conversation_id(a, b), text)
    a.flush_outbox()
    b.sync_once()
    assert b.total_unread() == 2
    changed: list[object] = []
    b.subscribe(changed.append)
    b.set_muted(conversation_id(b, a), True)
    b.set_archived(conversation_id(b, a), True)
    conversation = b.conversation(conversation_id(b, a))
    assert (conversation.muted, conversation.archived, conversation.unread) == (True, True, 2)
    assert conversation.last_message_preview == "dua"
    assert sum(isinstance(e, ConversationChanged) for e in changed) == 2
    b.mark_read(conversation_id(b, a))
    assert b.total_unread() == 0


@pytest.mark.parametrize("url", ["relay.example", "ftp://relay.example", "https://", "http://[::1"])
def test_a_relay_address_that_is_not_an_http_url_is_refused(url: str) -> None:
    with pytest.raises(ServiceError, match="not a relay address"):
        check_relay_url(url)
