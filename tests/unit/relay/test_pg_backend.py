"""The `--db` URL, and what PostgreSQL adds over the storage contract: several relay processes
(here: several PgRelayStore instances) on one database, and LISTEN/NOTIFY wake-ups between them."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from app.net import RelayClient
from app.relay.backends import BadDatabaseUrl, notifier_for, open_store, parse_db, redacted
from app.relay.cli import main
from app.relay.longpoll import LocalNotifier, Waiters, mailbox_hash
from app.relay.pg_notifier import PgNotifier
from app.relay.pg_store import SCHEMA_VERSION, PgRelayStore, SchemaTooNew
from app.relay.sqlite_store import SqliteRelayStore
from app.relay.storage import QuotaExceeded
from app.wire import KemPreKey, SignedPreKey
from tests.relay_process import relay_process

ALICE = b"\xaa" * 32
NOW, LATER = 1_000_000.0, 2_000_000.0
SPK = SignedPreKey(7, b"\x01" * 32, b"\x02" * 64)


# --- the --db URL -------------------------------------------------------------------------------
def test_a_path_or_sqlite_url_opens_sqlite(tmp_path: Path) -> None:
    for db in (str(tmp_path / "a.sqlite3"), f"sqlite://{tmp_path / 'b.sqlite3'}"):
        store = open_store(db)
        assert isinstance(store, SqliteRelayStore)
        store.close()
    assert (tmp_path / "a.sqlite3").is_file() and (tmp_path / "b.sqlite3").is_file()
    assert parse_db(f"sqlite://{tmp_path}/c").target == f"{tmp_path}/c"
    assert parse_db("relay.db").storage_threads == 1
    assert notifier_for("relay.db") is LocalNotifier


def test_postgres_urls_select_postgresql() -> None:
    for url in ("postgresql://u@h/db", "postgres://u@h/db", "POSTGRESQL://u@h/db"):
        database = parse_db(url)
        assert (database.kind, database.target) == ("postgresql", "postgresql://u@h/db")
        assert database.storage_threads > 1


@pytest.mark.parametrize("garbage", ["", "  ", "mysql://u@h/db", "sqlite://host/x", "sqlite:///"])
def test_anything_else_is_refused_clearly(garbage: str) -> None:
    with pytest.raises(BadDatabaseUrl):
        parse_db(garbage)


def test_garbage_db_on_the_command_line_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", "--db", "mysql://u@h/db"]) == 2
    assert "unknown database URL scheme 'mysql'" in capsys.readouterr().err


def test_a_password_is_never_printed(capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql://bisik:s3cret-pw@127.0.0.1:1/relay"
    assert redacted(url) == "postgresql://bisik:***@127.0.0.1:1/relay"
    assert str(parse_db(url)) == "postgresql://bisik:***@127.0.0.1:1/relay"
    assert redacted("postgresql://bisik@h/db") == "postgresql://bisik@h/db"
    assert main(["inspect", "--db", url]) == 1  # nothing listens on port 1
    err = capsys.readouterr().err
    assert "cannot open postgresql://bisik:***@127.0.0.1:1/relay" in err and "s3cret" not in err


# --- several stores on one database -------------------------------------------------------------
@pytest.fixture
def two_stores(postgres_url: str) -> Iterator[tuple[PgRelayStore, PgRelayStore]]:
    with ThreadPoolExecutor(2) as starting:  # two relays starting at once migrate once
        first, second = starting.map(lambda _: PgRelayStore(postgres_url), range(2))
    yield first, second
    first.close()
    second.close()


def test_the_schema_is_created_once_and_versioned(
    two_stores: tuple[PgRelayStore, PgRelayStore], postgres_url: str
) -> None:
    with psycopg.connect(postgres_url) as conn:
        rows = conn.execute("SELECT version FROM relay_schema_version").fetchall()
    assert rows == [(SCHEMA_VERSION,)]
    PgRelayStore(postgres_url).close()  # a restart finds it migrated


def test_a_version_1_database_is_migrated_and_keeps_its_envelopes(postgres_url: str) -> None:
    store = PgRelayStore(postgres_url)
    sent = store.put_envelope(ALICE, b"e" * 1024, None, NOW, LATER, quota=10)
    store.close()
    with psycopg.connect(postgres_url) as conn:  # back to what a version-1 relay left
        conn.execute("DROP FUNCTION bisik_put_envelope")
        conn.execute("UPDATE relay_schema_version SET version = 1")
    store = PgRelayStore(postgres_url)
    try:
        assert [item.envelope_id for item in store.fetch_envelopes(ALICE, 10, NOW)] == [sent]
        assert store.put_envelope(ALICE, b"f" * 1024, "k", NOW, LATER, quota=10) != sent
    finally:
        store.close()
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT version FROM relay_schema_version").fetchall() == [
            (SCHEMA_VERSION,)
        ]


def test_a_version_2_database_gains_the_device_tables(postgres_url: str) -> None:
    store = PgRelayStore(postgres_url)
    sent = store.put_envelope(ALICE, b"e" * 1024, None, NOW, LATER, quota=10)
    store.close()
    with psycopg.connect(postgres_url) as conn:  # back to what a version-2 relay left
        conn.execute("DROP TABLE device_lists")
        conn.execute("DROP TABLE provisioning")
        conn.execute("UPDATE relay_schema_version SET version = 2")
    store = PgRelayStore(postgres_url)
    try:
        assert [item.envelope_id for item in store.fetch_envelopes(ALICE, 10, NOW)] == [sent]
        store.publish_device_list(ALICE, 1, b"list", NOW)
        assert store.device_list(ALICE) == b"list"
        assert store.put_provisioning(b"c" * 32, b"m" * 1024, NOW, LATER)
    finally:
        store.close()
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT version FROM relay_schema_version").fetchall() == [(5,)]


def test_a_version_4_database_gains_the_kem_prekey_tables(postgres_url: str) -> None:
    store = PgRelayStore(postgres_url)
    store.publish_prekeys(ALICE, SPK, [(1, b"\x11" * 32)], limit=10)
    store.close()
    with psycopg.connect(postgres_url) as conn:  # back to what a version-4 relay left
        conn.execute("DROP TABLE one_time_kem_prekeys")
        conn.execute("DROP TABLE last_resort_kem_prekeys")
        conn.execute("UPDATE relay_schema_version SET version = 4")
    store = PgRelayStore(postgres_url)
    try:
        kem = KemPreKey(3, b"k" * 1184, b"g" * 64, last_resort=False)
        store.publish_prekeys(ALICE, None, [], limit=10, kem_prekeys=[kem])
        assert store.kem_prekey_count(ALICE) == 1
        bundle = store.claim_bundle(ALICE)
        assert bundle is not None and bundle.signed_prekey_id == SPK.key_id
        assert (bundle.one_time_prekey_id, bundle.kem_prekey) == (1, kem)
    finally:
        store.close()
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT version FROM relay_schema_version").fetchall() == [(5,)]


def test_concurrent_claims_from_two_stores_never_share_a_kem_prekey(
    two_stores: tuple[PgRelayStore, PgRelayStore],
) -> None:
    one, other = two_stores
    kems = [KemPreKey(n, os.urandom(1184), os.urandom(64), False) for n in range(60)]
    last_resort = KemPreKey(1000, os.urandom(1184), os.urandom(64), True)
    one.publish_prekeys(ALICE, SPK, [], limit=1000, kem_prekeys=[*kems, last_resort])
    claimed: list[KemPreKey | None] = []
    lock = threading.Lock()

    def claim(store: PgRelayStore) -> None:
        for _ in range(40):
            bundle = store.claim_bundle(ALICE)
            assert bundle is not None
            with lock:
                claimed.append(bundle.kem_prekey)

    threads = [threading.Thread(target=claim, args=(store,)) for store in (one, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    one_time = [key for key in claimed if key is not None and not key.last_resort]
    assert sorted(one_time, key=lambda key: key.key_id) == kems
    assert claimed.count(last_resort) == 20 and other.kem_prekey_count(ALICE) == 0


def test_a_database_of_a_newer_relay_is_refused(postgres_url: str) -> None:
    PgRelayStore(postgres_url).close()
    with psycopg.connect(postgres_url) as conn:
        conn.execute("UPDATE relay_schema_version SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(SchemaTooNew):
        PgRelayStore(postgres_url)


def test_two_stores_see_each_others_envelopes_nonces_and_keys(
    two_stores: tuple[PgRelayStore, PgRelayStore],
) -> None:
    one, other = two_stores
    sent = one.put_envelope(ALICE, b"e" * 1024, "key", NOW, LATER, quota=10)
    assert [item.envelope_id for item in other.fetch_envelopes(ALICE, 10, NOW)] == [sent]
    assert other.put_envelope(ALICE, b"e" * 1024, "key", NOW, LATER, quota=10) == sent
    assert not one.nonce_seen(ALICE, "n" * 32, NOW, LATER)
    assert other.nonce_seen(ALICE, "n" * 32, NOW, LATER)  # a replay to another relay process
    assert other.ack(ALICE, [sent]) == 1
    assert one.fetch_envelopes(ALICE, 10, NOW) == []


def test_concurrent_sends_through_two_stores_keep_the_quota(
    two_stores: tuple[PgRelayStore, PgRelayStore],
) -> None:
    def send(store: PgRelayStore) -> bool:
        try:
            store.put_envelope(ALICE, os.urandom(1024), None, NOW, LATER, quota=5)
        except QuotaExceeded:
            return False
        return True

    with ThreadPoolExecutor(8) as sending:
        stored = list(sending.map(send, [two_stores[n % 2] for n in range(20)]))
    assert stored.count(True) == 5
    assert len(two_stores[0].fetch_envelopes(ALICE, 100, NOW)) == 5


def test_concurrent_claims_from_two_stores_never_share_a_prekey(
    two_stores: tuple[PgRelayStore, PgRelayStore],
) -> None:
    one, other = two_stores
    one.publish_prekeys(ALICE, SPK, [(n, os.urandom(32)) for n in range(60)], limit=1000)
    claimed: list[int | None] = []
    lock = threading.Lock()

    def claim(store: PgRelayStore) -> None:
        for _ in range(40):
            bundle = store.claim_bundle(ALICE)
            assert bundle is not None
            with lock:
                claimed.append(bundle.one_time_prekey_id)

    threads = [threading.Thread(target=claim, args=(store,)) for store in (one, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    handed_out = [key_id for key_id in claimed if key_id is not None]
    assert sorted(handed_out) == list(range(60))
    assert claimed.count(None) == 20


def test_inspect_prints_the_postgres_inventory(
    two_stores: tuple[PgRelayStore, PgRelayStore],
    postgres_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    two_stores[0].put_envelope(ALICE, b"e" * 1024, None, NOW, LATER, quota=10)
    assert main(["inspect", "--db", postgres_url]) == 0
    out = capsys.readouterr().out
    assert "== envelopes: 1 row ==" in out and ALICE.hex() in out
    assert "== blob_chunks: 0 rows ==" in out


# --- wake-ups across processes ------------------------------------------------------------------
def test_a_send_through_another_store_wakes_a_waiter_within_a_second(
    two_stores: tuple[PgRelayStore, PgRelayStore], postgres_url: str
) -> None:
    _, other = two_stores

    async def wait_for_a_send() -> float:
        loop = asyncio.get_running_loop()
        waiters = Waiters()
        notifier = PgNotifier(postgres_url, waiters)
        await asyncio.to_thread(notifier.start, loop)
        try:
            with waiters.watch(ALICE) as arrived, waiters.watch(b"\xbb" * 32) as elsewhere:
                started = loop.time()
                await asyncio.to_thread(
                    other.put_envelope, ALICE, b"x" * 1024, None, NOW, LATER, 10
                )
                await asyncio.wait_for(arrived.wait(), timeout=1.0)
                assert not elsewhere.is_set()  # only the polls of that mailbox wake
                return loop.time() - started
        finally:
            await asyncio.to_thread(notifier.close)

    assert asyncio.run(wait_for_a_send()) < 1.0


def test_a_notification_carries_only_a_hash_of_the_mailbox(
    two_stores: tuple[PgRelayStore, PgRelayStore], postgres_url: str
) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as listener:
        listener.execute("LISTEN bisik_mailbox")
        two_stores[0].put_envelope(ALICE, b"x" * 1024, None, NOW, LATER, quota=10)
        payloads = [note.payload for note in listener.notifies(timeout=2.0, stop_after=1)]
    assert payloads == [mailbox_hash(ALICE)]
    assert ALICE.hex() not in payloads[0]


def test_two_relay_processes_on_one_database_wake_each_others_polls(
    postgres_url: str, tmp_path: Path
) -> None:
    """`bisik-relay serve --db postgresql://…` twice: a poll on one answers a send to the other."""
    with (
        relay_process(tmp_path / "a", "--db", postgres_url) as first,
        relay_process(tmp_path / "b", "--db", postgres_url) as second,
    ):
        owner = RelayClient(first.url, b"\x01" * 32)
        sender = RelayClient(second.url, b"\x02" * 32)
        try:
            with ThreadPoolExecutor(1) as polling:
                started = time.monotonic()
                poll = polling.submit(owner.poll, 10.0)
                time.sleep(0.3)  # the poll is waiting on the first relay
                sent = sender.send(owner.mailbox, b"\x42" * 1024, "once")
                delivered = poll.result(timeout=5)
            assert time.monotonic() - started < 2.0
            assert [item.envelope_id for item in delivered] == [sent]
        finally:
            owner.close()
            sender.close()
