"""The session layer's stores, own profile, contacts, conversations, outbox, attachments."""

from __future__ import annotations

import io
import os
import threading
import tracemalloc
from pathlib import Path

import pytest

from app.session import account_id, identity_public_key
from app.session.stores import ProtocolStores, TrustState
from app.store import KdfParams, NotFound, Store, StoreConflict, StoreLocked
from app.store.attachments import CHUNK_BYTES
from app.store.records import Direction, MessageStatus

PEER = "b" * 64
OWN_SEED = b"\x01" * 32
OWN = account_id(identity_public_key(OWN_SEED))  # derived from the key (protocol v2)


def test_store_is_the_session_layers_protocol_stores(store: Store) -> None:
    stores: ProtocolStores = store  # checked by mypy: the structural contract holds
    assert stores.own_device_id() == "d" * 32
    assert store.own_account_id() == OWN
    assert stores.own_identity_seed() == b"\x01" * 32


def test_identity_and_trust(store: Store) -> None:
    assert store.peer_identity(PEER) is None
    store.save_peer_identity(PEER, b"\x02" * 32, TrustState.UNVERIFIED)
    assert store.peer_identity(PEER) == (b"\x02" * 32, TrustState.UNVERIFIED)
    store.save_peer_identity(PEER, b"\x03" * 32, TrustState.CHANGED)
    assert store.peer_identity(PEER) == (b"\x03" * 32, TrustState.CHANGED)
    contact = store.contact(PEER)  # a peer seen first through the protocol is a message request
    assert not contact.accepted and contact.display_name == ""


def test_prekeys_and_ids(store: Store) -> None:
    ids = [store.next_prekey_id() for _ in range(3)]
    assert ids == [1, 2, 3]
    store.store_prekey(ids[0], b"record-1")
    assert store.load_prekey(ids[0]) == b"record-1"
    store.remove_prekey(ids[0])
    assert store.load_prekey(ids[0]) is None
    store.remove_prekey(999)  # removing twice is harmless


def test_signed_prekeys_oldest_first(store: Store) -> None:
    store.store_signed_prekey(2, b"spk-2", 200.0)
    store.store_signed_prekey(1, b"spk-1", 100.0)
    assert store.list_signed_prekeys() == [(1, 100.0), (2, 200.0)]
    assert store.load_signed_prekey(2) == b"spk-2"
    store.remove_signed_prekey(1)
    assert store.list_signed_prekeys() == [(2, 200.0)]
    assert store.load_signed_prekey(1) is None


def test_sessions(store: Store) -> None:
    assert store.load_session(PEER) is None
    store.store_session(PEER, b"s1")
    store.store_session(PEER, b"s2")
    assert store.load_session(PEER) == b"s2"
    store.delete_session(PEER)
    assert store.load_session(PEER) is None


def test_profile_without_identity(tmp_path: Path, fast_kdf: KdfParams) -> None:
    s = Store.create(tmp_path / "bare", "x", kdf=fast_kdf)
    assert not s.has_own_identity()
    for call in (s.own_account_id, s.own_identity_seed, s.next_prekey_id, s.relay_url):
        with pytest.raises(NotFound):
            call()
    with pytest.raises(NotFound):
        s.set_own_display_name("x")
    s.lock()


def test_own_profile(store: Store) -> None:
    store.set_own_display_name("Ani")
    store.set_relay_url("https://relay.example:8443")
    assert store.own_display_name() == "Ani"
    assert store.relay_url() == "https://relay.example:8443"


def test_contacts(store: Store) -> None:
    added = store.add_contact(
        PEER, "Budi", identity_key=b"\x02" * 32, relay_url="https://r", mailbox=b"\x02" * 32
    )
    assert added.trust is TrustState.UNVERIFIED and added.accepted and not added.blocked
    again = store.add_contact(PEER, "Budi S.", identity_key=b"\x09" * 32)
    assert again.display_name == "Budi S."
    assert again.identity_key == b"\x02" * 32  # a known key is never replaced silently
    store.add_contact("c" * 64, "Ani", accepted=False)
    assert [c.display_name for c in store.contacts()] == ["Ani", "Budi S."]
    store.set_blocked(PEER, True)
    store.set_accepted("c" * 64, True)
    store.set_trust(PEER, TrustState.VERIFIED)
    store.set_contact_name(PEER, "Pak Budi")
    budi = store.contact(PEER)
    assert budi.blocked and budi.trust is TrustState.VERIFIED and budi.display_name == "Pak Budi"
    assert store.contact("c" * 64).accepted
    assert store.find_contact("d" * 64) is None
    with pytest.raises(NotFound):
        store.contact("d" * 64)
    with pytest.raises(NotFound):
        store.set_blocked("d" * 64, True)


def test_conversations(store: Store) -> None:
    with pytest.raises(NotFound):
        store.conversation_for_contact(PEER)  # no such contact
    store.add_contact(PEER, "Budi")
    store.add_contact("c" * 64, "Citra")
    budi = store.conversation_for_contact(PEER)
    assert store.conversation_for_contact(PEER).id == budi.id  # one per contact
    citra = store.conversation_for_contact("c" * 64)
    assert budi.last_message is None and budi.unread == 0
    store.add_message(citra.id, Direction.INCOMING, "c" * 64, "dulu", 1.0)
    store.add_message(budi.id, Direction.INCOMING, PEER, "terbaru", 2.0)
    listed = store.conversations()
    assert [c.id for c in listed] == [budi.id, citra.id]
    assert listed[0].last_message is not None and listed[0].last_message.body == "terbaru"
    assert listed[0].unread == 1
    assert listed[0].last_message == store.messages_before(budi.id)[0]
    assert listed[0].last_message.unread is True  # typed as the message path types it
    assert store.conversation(citra.id) == listed[1]
    store.set_disappearing(budi.id, 3600)
    store.set_muted(budi.id, True)
    store.set_archived(budi.id, True)
    changed = store.conversation(budi.id)
    assert (changed.disappearing_seconds, changed.muted, changed.archived) == (3600, True, True)
    with pytest.raises(ValueError):
        store.set_disappearing(budi.id, -1)
    with pytest.raises(NotFound):
        store.conversation(999)


def test_outbox_transitions(store: Store, conversation: int) -> None:
    message_id = store.add_message(
        conversation, Direction.OUTGOING, OWN, "kirim", 1.0, status=MessageStatus.PENDING
    )
    assert message_id is not None
    first = store.enqueue(PEER, b"\x00" * 1024, "idem-1", message_id=message_id)
    second = store.enqueue(PEER, b"\x01" * 1024, "idem-2", next_attempt_at=50.0)
    assert [e.id for e in store.outbox_due(now=10.0)] == [first]
    assert store.outbox_reschedule(first, 20.0) == 1
    assert store.outbox_reschedule(first, 30.0) == 2
    assert store.outbox_due(now=10.0) == []
    assert store.outbox_next_attempt() == 30.0
    due = store.outbox_due(now=60.0)
    assert [(e.id, e.attempts) for e in due] == [(first, 2), (second, 0)]
    assert due[0].payload == b"\x00" * 1024 and due[0].idempotency_key == "idem-1"
    assert [e.id for e in store.outbox_for_message(message_id)] == [first]
    store.outbox_done(first)
    assert [e.id for e in store.outbox_due(now=60.0)] == [second]
    with pytest.raises(NotFound):
        store.outbox_reschedule(first, 1.0)
    store.delete_messages([message_id])  # no message, nothing left to send for it
    assert store.outbox_for_message(message_id) == []


def test_outbox_idempotency_key_is_unique(store: Store) -> None:

    store.enqueue(PEER, b"x", "same")
    with pytest.raises(StoreConflict):
        store.enqueue(PEER, b"y", "same")


def test_outbox_count_counts_every_queued_entry_due_or_not(store: Store) -> None:
    assert store.outbox_count() == 0
    first = store.enqueue(PEER, b"a", "count-1")
    store.enqueue(PEER, b"b", "count-2", next_attempt_at=1e12)  # backing off: still queued
    assert store.outbox_count() == 2
    store.outbox_done(first)
    assert store.outbox_count() == 1


def test_attachment_streams_in_chunks(store: Store) -> None:
    size = 5 * CHUNK_BYTES + 1234
    data = os.urandom(size)
    attachment = store.create_attachment("video.mp4", "video/mp4", size)
    assert store.write_attachment_from(attachment, io.BytesIO(data)) == size
    info = store.attachment(attachment)
    assert info.complete and info.transferred == size
    chunks = list(store.read_attachment(attachment))
    assert all(len(c) <= CHUNK_BYTES for c in chunks)
    assert b"".join(chunks) == data
    store.set_attachment_remote(attachment, b"blob-ref")
    assert store.attachment(attachment).remote_ref == b"blob-ref"
    with pytest.raises(ValueError):
        store.append_attachment(attachment, b"one byte too many")
    store.delete_attachment(attachment)
    with pytest.raises(NotFound):
        list(store.read_attachment(attachment))


def test_attachment_partial_transfer(store: Store) -> None:
    attachment = store.create_attachment("a.bin", "application/octet-stream", 10)
    assert store.append_attachment(attachment, b"12345") == 5
    assert not store.attachment(attachment).complete
    assert store.append_attachment(attachment, b"67890") == 10
    assert b"".join(store.read_attachment(attachment)) == b"1234567890"


class Zeros(io.RawIOBase):
    """A file-like source of `size` zero bytes that never holds more than one read."""

    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        self.left -= n
        return bytes(n)


def test_large_attachment_never_sits_in_memory(store: Store) -> None:
    size = 24 * 1024 * 1024  # 100 MB behaves the same; this keeps the suite quick
    attachment = store.create_attachment("big.iso", "application/octet-stream", size)
    tracemalloc.start()
    try:
        store.write_attachment_from(attachment, Zeros(size))  # type: ignore[arg-type]
        total = sum(len(chunk) for chunk in store.read_attachment(attachment))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total == size
    assert peak < 8 * CHUNK_BYTES


def test_settings(store: Store) -> None:
    assert store.setting("theme", "light") == "light"
    store.set_setting("theme", "dark")
    store.set_setting("theme", "gelap")
    assert store.setting("theme") == "gelap"


def test_each_thread_has_its_own_connection(store: Store, conversation: int) -> None:
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(20):
                store.add_message(
                    conversation, Direction.INCOMING, PEER, f"utas {n} pesan {i}", 1.0
                )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.message_count(conversation) == 80


def test_lock_closes_every_connection(store: Store, conversation: int) -> None:
    seen: list[object] = []

    def count() -> None:
        try:
            seen.append(store.message_count(conversation))
        except StoreLocked as exc:
            seen.append(exc)

    for _ in range(2):
        t = threading.Thread(target=count)
        t.start()
        t.join()
        store.lock()
    assert seen[0] == 0 and isinstance(seen[1], StoreLocked)
    with pytest.raises(StoreLocked):
        store.own_account_id()


def test_prekey_ids_count_apart_from_the_row_holding_the_seed(store: Store) -> None:
    """4.1: the counter is no column of the own row any more (rewriting that row for every id
    left copies of the identity seed in freed memory); it starts where the column had got."""
    conn = store._conn()
    conn.execute("DELETE FROM prekey_counter")
    conn.execute("UPDATE own SET next_prekey_id = 57")  # a profile (or backup) from before 4.1
    assert [store.next_prekey_id() for _ in range(3)] == [57, 58, 59]
    assert conn.execute("SELECT next_prekey_id FROM own").fetchone() == (57,)  # left alone
