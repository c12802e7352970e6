"""The contract every `RelayStore` backend must pass unchanged (add new backends to BACKENDS)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.relay.sqlite_store import SqliteRelayStore
from app.relay.storage import (
    BlobConflict,
    KemQuotaExceeded,
    QuotaExceeded,
    RelayStore,
    StaleRevision,
)
from app.wire import KEM_PUBLIC_KEY_LEN, KemPreKey, SignedPreKey


def _postgres(request: pytest.FixtureRequest) -> RelayStore:
    from app.relay.pg_store import PgRelayStore  # psycopg only when this backend runs

    return PgRelayStore(request.getfixturevalue("postgres_url"))  # a fresh database per test


# Each backend built from the test's request (for fixtures it needs) and a temporary folder.
BACKENDS: dict[str, Callable[[pytest.FixtureRequest, Path], RelayStore]] = {
    "sqlite-file": lambda request, directory: SqliteRelayStore(directory / "relay.sqlite3"),
    "sqlite-memory": lambda request, directory: SqliteRelayStore(":memory:"),
    "postgres": lambda request, directory: _postgres(request),
}

ALICE, BOB = b"\xaa" * 32, b"\xbb" * 32
NOW, LATER = 1_000_000.0, 2_000_000.0


@pytest.fixture(params=sorted(BACKENDS))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RelayStore]:
    backend = BACKENDS[request.param](request, tmp_path)
    yield backend
    backend.close()


def put(store: RelayStore, envelope: bytes, key: str | None = None, mailbox: bytes = ALICE) -> str:
    return store.put_envelope(mailbox, envelope, key, NOW, LATER, quota=1000)


def test_envelopes_come_back_oldest_first_until_acked(store: RelayStore) -> None:
    ids = [put(store, bytes([n]) * 1024) for n in range(5)]
    assert len(set(ids)) == 5
    fetched = store.fetch_envelopes(ALICE, 3, NOW)
    assert [item.envelope_id for item in fetched] == ids[:3]
    assert fetched[0].envelope == b"\x00" * 1024 and fetched[0].received_at == NOW
    assert [item.envelope_id for item in store.fetch_envelopes(ALICE, 10, NOW)] == ids
    assert store.ack(ALICE, ids[:2]) == 2
    assert [item.envelope_id for item in store.fetch_envelopes(ALICE, 10, NOW)] == ids[2:]


def test_mailboxes_are_separate_and_others_ids_are_not_acked(store: RelayStore) -> None:
    mine = put(store, b"a" * 1024)
    theirs = put(store, b"b" * 1024, mailbox=BOB)
    assert store.ack(ALICE, [theirs]) == 0
    assert [item.envelope_id for item in store.fetch_envelopes(BOB, 10, NOW)] == [theirs]
    assert [item.envelope_id for item in store.fetch_envelopes(ALICE, 10, NOW)] == [mine]


def test_idempotency_key_returns_the_same_id_even_after_ack(store: RelayStore) -> None:
    first = put(store, b"x" * 1024, key="k1")
    assert put(store, b"x" * 1024, key="k1") == first
    assert put(store, b"x" * 1024, key="k1", mailbox=BOB) != first
    store.ack(ALICE, [first])
    assert put(store, b"x" * 1024, key="k1") == first
    assert store.fetch_envelopes(ALICE, 10, NOW) == []


def test_quota_refuses_when_full_and_frees_on_ack(store: RelayStore) -> None:
    ids = [store.put_envelope(ALICE, b"q" * 1024, None, NOW, LATER, quota=3) for _ in range(3)]
    with pytest.raises(QuotaExceeded):
        store.put_envelope(ALICE, b"q" * 1024, None, NOW, LATER, quota=3)
    store.ack(ALICE, ids[:1])
    store.put_envelope(ALICE, b"q" * 1024, None, NOW, LATER, quota=3)


def test_expire_removes_what_is_past_its_time(store: RelayStore) -> None:
    put(store, b"old" * 10, key="old")
    kept = store.put_envelope(ALICE, b"new", None, NOW, LATER + 10, quota=10)
    store.nonce_seen(ALICE, "n" * 32, NOW, LATER)
    store.create_blob("b" * 32, 65536, b"h" * 32, LATER)
    assert store.fetch_envelopes(ALICE, 10, LATER)[0].envelope_id == kept  # hidden once due
    expired = store.expire(LATER)
    assert (expired.envelopes, expired.blobs, expired.nonces, expired.idempotency_keys) == (
        1,
        1,
        1,
        1,
    )
    assert [item.envelope_id for item in store.fetch_envelopes(ALICE, 10, NOW)] == [kept]
    assert store.blob_info("b" * 32, NOW) is None


def test_nonce_is_seen_once_per_mailbox_until_it_expires(store: RelayStore) -> None:
    assert not store.nonce_seen(ALICE, "n1", NOW, NOW + 120)
    assert store.nonce_seen(ALICE, "n1", NOW + 1, NOW + 121)
    assert not store.nonce_seen(BOB, "n1", NOW, NOW + 120)
    assert not store.nonce_seen(ALICE, "n1", NOW + 121, NOW + 241)


SPK = SignedPreKey(7, b"\x01" * 32, b"\x02" * 64)


def test_bundle_claims_each_one_time_prekey_once_then_falls_back(store: RelayStore) -> None:
    assert store.claim_bundle(ALICE) is None
    store.publish_prekeys(ALICE, SPK, [(1, b"\x11" * 32), (2, b"\x12" * 32)], limit=1000)
    assert store.prekey_count(ALICE) == 2
    first, second, third = (store.claim_bundle(ALICE) for _ in range(3))
    assert first is not None and second is not None and third is not None
    assert first.identity_key == ALICE and first.signed_prekey == SPK.public_key
    assert (first.signed_prekey_id, first.signed_prekey_signature) == (7, SPK.signature)
    assert {first.one_time_prekey_id, second.one_time_prekey_id} == {1, 2}
    assert (third.one_time_prekey_id, third.one_time_prekey) == (None, None)
    assert store.prekey_count(ALICE) == 0


def test_publishing_replaces_the_signed_prekey_and_adds_one_time_keys(store: RelayStore) -> None:
    store.publish_prekeys(ALICE, SPK, [(1, b"\x11" * 32)], limit=1000)
    store.publish_prekeys(
        ALICE, SignedPreKey(8, b"\x03" * 32, b"\x04" * 64), [(2, b"\x12" * 32)], limit=1000
    )
    store.publish_prekeys(ALICE, None, [(2, b"\x13" * 32)], limit=1000)  # same id replaces
    assert store.prekey_count(ALICE) == 2
    bundle = store.claim_bundle(ALICE)
    assert bundle is not None and bundle.signed_prekey_id == 8
    assert store.prekey_count(BOB) == 0


def test_concurrent_claims_never_share_a_prekey(store: RelayStore) -> None:
    store.publish_prekeys(ALICE, SPK, [(n, os.urandom(32)) for n in range(40)], limit=1000)
    claimed: list[int | None] = []
    lock = threading.Lock()

    def claim() -> None:
        for _ in range(5):
            bundle = store.claim_bundle(ALICE)
            assert bundle is not None
            with lock:
                claimed.append(bundle.one_time_prekey_id)

    threads = [threading.Thread(target=claim) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    handed_out = [key_id for key_id in claimed if key_id is not None]
    assert sorted(handed_out) == list(range(40))
    assert claimed.count(None) == 10


def test_blob_appends_in_order_and_reads_any_range(store: RelayStore) -> None:
    data = os.urandom(300)
    store.create_blob("blob", 300, b"h" * 32, LATER)
    assert store.append_blob("blob", 0, data[:100]) == 100
    with pytest.raises(BlobConflict) as conflict:
        store.append_blob("blob", 50, data[50:150])
    assert conflict.value.received == 100
    info = store.blob_info("blob", NOW)
    assert info is not None and (info.size, info.received, info.complete) == (300, 100, False)
    assert store.append_blob("blob", 100, data[100:250]) == 250
    with pytest.raises(BlobConflict):
        store.append_blob("blob", 250, data[250:] + b"too long")
    store.append_blob("blob", 250, data[250:])
    info = store.blob_info("blob", NOW)
    assert info is not None and info.complete and info.token_hash == b"h" * 32
    for start, end in [(0, 300), (0, 1), (99, 101), (120, 260), (299, 300)]:
        assert store.read_blob("blob", start, end) == data[start:end]
    assert store.delete_blob("blob")
    assert not store.delete_blob("blob")
    assert store.blob_info("blob", NOW) is None
    with pytest.raises(BlobConflict):
        store.append_blob("blob", 0, b"x")


def test_inventory_lists_every_table_with_rows(store: RelayStore) -> None:
    put(store, b"e" * 1024, key="k")
    store.publish_prekeys(ALICE, SPK, [(1, b"\x11" * 32)], limit=1000)
    store.create_blob("blob", 10, b"h" * 32, LATER)
    store.append_blob("blob", 0, b"0123456789")
    tables = {table.name: table for table in store.inventory()}
    assert {"envelopes", "one_time_prekeys", "signed_prekeys", "blobs", "nonces"} <= set(tables)
    for table in tables.values():
        assert table.meaning
        assert all(len(row) == len(table.columns) for row in table.rows)
    assert len(tables["envelopes"].rows) == 1 and ALICE.hex() in tables["envelopes"].rows[0]
    assert b"0123456789".hex() not in str(tables)  # blob bytes appear only as a hash


def test_publishing_past_the_prekey_limit_changes_nothing(store: RelayStore) -> None:
    store.publish_prekeys(ALICE, SPK, [(n, b"\x11" * 32) for n in range(3)], limit=4)
    newer = SignedPreKey(8, b"\x03" * 32, b"\x04" * 64)
    with pytest.raises(QuotaExceeded):
        store.publish_prekeys(ALICE, newer, [(5, b"\x00" * 32), (6, b"\x00" * 32)], limit=4)
    assert store.prekey_count(ALICE) == 3
    store.publish_prekeys(ALICE, None, [(0, b"\x12" * 32)], limit=3)  # a replaced id adds none
    bundle = store.claim_bundle(ALICE)
    assert bundle is not None and bundle.signed_prekey_id == SPK.key_id
    assert bundle.one_time_prekey == b"\x12" * 32


# --- device lists -------------------------------------------------------------------------------
def test_only_the_newest_device_list_is_kept(store: RelayStore) -> None:
    assert store.device_list(ALICE) is None
    store.publish_device_list(ALICE, 1, b"first", NOW)
    store.publish_device_list(ALICE, 1, b"first", NOW + 1)  # a retry: nothing changes
    with pytest.raises(StaleRevision) as same:
        store.publish_device_list(ALICE, 1, b"another first", NOW)
    assert same.value.current == 1
    store.publish_device_list(ALICE, 3, b"third", NOW)
    with pytest.raises(StaleRevision) as older:
        store.publish_device_list(ALICE, 2, b"second", NOW)
    assert older.value.current == 3
    assert store.device_list(ALICE) == b"third"
    assert store.device_list(BOB) is None
    store.publish_device_list(BOB, 1, b"bob's", NOW)
    assert (store.device_list(ALICE), store.device_list(BOB)) == (b"third", b"bob's")
    store.publish_device_list(ALICE, 2**63 - 1, b"last", NOW)  # the largest revision
    assert store.device_list(ALICE) == b"last"


def test_device_lists_do_not_expire(store: RelayStore) -> None:
    store.publish_device_list(ALICE, 1, b"list", NOW)
    store.expire(LATER * 10)
    assert store.device_list(ALICE) == b"list"


# --- provisioning -------------------------------------------------------------------------------
CHANNEL, OTHER_CHANNEL = b"\xc0" * 32, b"\xc1" * 32
MESSAGE = b"\x5a" * 1024


def test_a_channel_takes_one_message_and_hands_it_out_once(store: RelayStore) -> None:
    assert store.take_provisioning(CHANNEL, NOW) is None
    assert store.put_provisioning(CHANNEL, MESSAGE, NOW, NOW + 600)
    assert not store.put_provisioning(CHANNEL, b"\x00" * 1024, NOW + 1, NOW + 601)
    assert store.take_provisioning(OTHER_CHANNEL, NOW) is None
    assert store.take_provisioning(CHANNEL, NOW + 2) == MESSAGE
    assert store.take_provisioning(CHANNEL, NOW + 3) is None
    assert not store.put_provisioning(CHANNEL, MESSAGE, NOW + 4, NOW + 604)  # still used


def test_a_provisioning_message_expires(store: RelayStore) -> None:
    assert store.put_provisioning(CHANNEL, MESSAGE, NOW, NOW + 600)
    assert store.put_provisioning(OTHER_CHANNEL, MESSAGE, NOW, NOW + 600)
    assert store.take_provisioning(OTHER_CHANNEL, NOW) == MESSAGE
    assert store.take_provisioning(CHANNEL, NOW + 600) is None  # hidden once due
    assert store.expire(NOW + 600).provisioning == 2  # waiting or fetched, both go
    assert store.put_provisioning(CHANNEL, MESSAGE, NOW + 601, NOW + 1201)  # free again
    assert store.take_provisioning(CHANNEL, NOW + 602) == MESSAGE


def test_concurrent_takes_hand_a_message_to_one_caller(store: RelayStore) -> None:
    channels = [bytes([n]) * 32 for n in range(10)]
    for channel in channels:
        assert store.put_provisioning(channel, MESSAGE, NOW, LATER)
    taken: list[bytes] = []
    lock = threading.Lock()

    def take() -> None:
        for channel in channels:
            message = store.take_provisioning(channel, NOW)
            if message is not None:
                with lock:
                    taken.append(message)

    threads = [threading.Thread(target=take) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert taken == [MESSAGE] * 10


def test_inventory_shows_device_lists_and_only_the_sizes_of_provisioning(
    store: RelayStore,
) -> None:
    store.publish_device_list(ALICE, 4, b"signed list bytes", NOW)
    store.put_provisioning(CHANNEL, MESSAGE, NOW, NOW + 600)
    store.put_provisioning(OTHER_CHANNEL, MESSAGE, NOW, NOW + 600)
    store.take_provisioning(OTHER_CHANNEL, NOW)
    tables = {table.name: table for table in store.inventory()}
    lists = tables["device_lists"]
    assert lists.meaning and len(lists.rows) == 1
    assert lists.rows[0][:2] == (ALICE.hex(), "4")
    assert b"signed list bytes".hex() in lists.rows[0]
    links = tables["provisioning"]
    assert sorted(row[:2] for row in links.rows) == [
        ("1024 bytes", "fetched (erased)"),
        ("1024 bytes", "waiting"),
    ]
    text = str(tables)
    assert MESSAGE.hex() not in text and CHANNEL.hex() not in text


# --- KEM prekeys (PQXDH) ------------------------------------------------------------------------
def kem(key_id: int, last_resort: bool = False, fill: int | None = None) -> KemPreKey:
    """A KEM prekey of recognisable bytes (the store checks no signature: the route does)."""
    byte = key_id % 256 if fill is None else fill
    return KemPreKey(key_id, bytes([byte]) * KEM_PUBLIC_KEY_LEN, bytes([byte]) * 64, last_resort)


def claim_kem(store: RelayStore, mailbox: bytes = ALICE) -> KemPreKey | None:
    bundle = store.claim_bundle(mailbox)
    assert bundle is not None
    return bundle.kem_prekey


def test_a_bundle_hands_out_one_time_kem_prekeys_then_the_last_resort_one(
    store: RelayStore,
) -> None:
    store.publish_prekeys(ALICE, SPK, [], limit=1000)
    assert claim_kem(store) is None  # none published
    store.publish_prekeys(
        ALICE, None, [], limit=1000, kem_prekeys=[kem(5), kem(9, last_resort=True), kem(3)]
    )
    assert (store.kem_prekey_count(ALICE), store.prekey_count(ALICE)) == (2, 0)
    first, second = claim_kem(store), claim_kem(store)
    assert first == kem(3) and second == kem(5)  # lowest id first, each handed out once
    assert store.kem_prekey_count(ALICE) == 0
    for _ in range(3):  # then the last-resort one, again and again: it stays
        assert claim_kem(store) == kem(9, last_resort=True)
    assert store.kem_prekey_count(ALICE) == 0
    assert store.kem_prekey_count(BOB) == 0 and store.claim_bundle(BOB) is None


def test_a_claim_removes_its_one_time_kem_prekey_with_its_one_time_prekey(
    store: RelayStore,
) -> None:
    store.publish_prekeys(
        ALICE, SPK, [(1, b"\x11" * 32)], limit=1000, kem_prekeys=[kem(1), kem(2, True)]
    )
    bundle = store.claim_bundle(ALICE)
    assert bundle is not None and bundle.one_time_prekey_id == 1 and bundle.kem_prekey == kem(1)
    assert (store.prekey_count(ALICE), store.kem_prekey_count(ALICE)) == (0, 0)
    again = store.claim_bundle(ALICE)
    assert again is not None and again.one_time_prekey_id is None
    assert again.kem_prekey == kem(2, True)


def test_a_last_resort_kem_prekey_replaces_the_previous_one(store: RelayStore) -> None:
    store.publish_prekeys(ALICE, SPK, [], limit=1000, kem_prekeys=[kem(1, True)])
    store.publish_prekeys(ALICE, None, [], limit=1000, kem_prekeys=[kem(2, True)])
    assert claim_kem(store) == kem(2, True)
    store.publish_prekeys(ALICE, None, [], limit=1000, kem_prekeys=[kem(1, True, fill=0x77)])
    assert claim_kem(store) == kem(1, True, fill=0x77)  # an old id again: still a replacement
    assert store.kem_prekey_count(ALICE) == 0


def test_a_known_one_time_kem_prekey_id_replaces_its_key(store: RelayStore) -> None:
    store.publish_prekeys(ALICE, SPK, [], limit=1000, kem_prekeys=[kem(4), kem(5)])
    store.publish_prekeys(ALICE, None, [], limit=1000, kem_prekeys=[kem(4, fill=0x44)])
    assert store.kem_prekey_count(ALICE) == 2
    assert claim_kem(store) == kem(4, fill=0x44)
    # A last-resort and a one-time KEM prekey may share an id: they are kept apart.
    store.publish_prekeys(ALICE, None, [], limit=1000, kem_prekeys=[kem(5, True)])
    assert claim_kem(store) == kem(5)
    assert claim_kem(store) == kem(5, True)


def test_publishing_past_the_kem_prekey_limit_changes_nothing(store: RelayStore) -> None:
    store.publish_prekeys(ALICE, SPK, [], limit=1000, kem_prekeys=[kem(n) for n in range(3)])
    newer = SignedPreKey(8, b"\x03" * 32, b"\x04" * 64)
    with pytest.raises(KemQuotaExceeded):
        store.publish_prekeys(
            ALICE,
            newer,
            [(1, b"\x11" * 32)],
            limit=1000,
            kem_prekeys=[kem(9, True), kem(3), kem(4)],
            kem_limit=4,
        )
    assert (store.kem_prekey_count(ALICE), store.prekey_count(ALICE)) == (3, 0)
    store.publish_prekeys(ALICE, None, [], limit=1000, kem_prekeys=[kem(0)], kem_limit=3)
    bundle = store.claim_bundle(ALICE)  # the signed prekey, and no last-resort KEM prekey, held
    assert bundle is not None and bundle.signed_prekey_id == SPK.key_id
    assert bundle.kem_prekey == kem(0)
    assert [claim_kem(store) for _ in range(3)] == [kem(1), kem(2), None]


def test_publishing_past_the_prekey_limit_stores_no_kem_prekey(store: RelayStore) -> None:
    with pytest.raises(QuotaExceeded) as refused:
        store.publish_prekeys(
            ALICE,
            SPK,
            [(n, b"\x11" * 32) for n in range(3)],
            limit=2,
            kem_prekeys=[kem(1), kem(2, True)],
        )
    assert not isinstance(refused.value, KemQuotaExceeded)
    assert store.kem_prekey_count(ALICE) == 0 and store.claim_bundle(ALICE) is None
    store.publish_prekeys(ALICE, SPK, [], limit=2)
    assert claim_kem(store) is None


def test_concurrent_claims_never_share_a_kem_prekey(store: RelayStore) -> None:
    store.publish_prekeys(
        ALICE, SPK, [], limit=1000, kem_prekeys=[kem(n) for n in range(30)] + [kem(99, True)]
    )
    claimed: list[KemPreKey | None] = []
    lock = threading.Lock()

    def claim() -> None:
        for _ in range(5):
            handed_out = claim_kem(store)
            with lock:
                claimed.append(handed_out)

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    one_time = sorted(key.key_id for key in claimed if key is not None and not key.last_resort)
    assert one_time == list(range(30))
    assert claimed.count(kem(99, True)) == 10 and store.kem_prekey_count(ALICE) == 0


def test_inventory_shows_kem_prekeys_as_counts_and_sizes(store: RelayStore) -> None:
    store.publish_prekeys(
        ALICE, SPK, [], limit=1000, kem_prekeys=[kem(n, fill=0xA0 + n) for n in (4, 5, 6)]
    )
    store.publish_prekeys(BOB, SPK, [], limit=1000, kem_prekeys=[kem(7, True, fill=0xB7)])
    tables = {table.name: table for table in store.inventory()}
    one_time, last_resort = tables["one_time_kem_prekeys"], tables["last_resort_kem_prekeys"]
    assert one_time.meaning and last_resort.meaning
    size = (KEM_PUBLIC_KEY_LEN + 64) * 3
    assert one_time.rows == ((ALICE.hex(), "3", "4 to 6", f"{size} bytes"),)
    assert last_resort.rows == ((BOB.hex(), "7", f"{KEM_PUBLIC_KEY_LEN} bytes", "64 bytes"),)
    text = str(tables)
    for fill in (0xA4, 0xA5, 0xA6, 0xB7):
        assert (bytes([fill]) * 16).hex() not in text  # neither keys nor signatures in full
