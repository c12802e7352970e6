"""The SQLite relay store's schema versions: a version-1 database (before linked devices) gains
the device tables and keeps what it held; a version-3 one (before PQXDH) gains the KEM prekey
tables; a newer one is refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.relay.sqlite_schema import MIGRATIONS, SCHEMA_VERSION
from app.relay.sqlite_store import SqliteRelayStore
from app.relay.storage import SchemaTooNew
from app.wire import KemPreKey, SignedPreKey

ALICE = b"\xaa" * 32
NOW, LATER = 1_000_000.0, 2_000_000.0


def version_of(path: Path) -> int:
    with sqlite3.connect(path) as db:
        (version,) = db.execute("PRAGMA user_version").fetchone()
    return int(version)


def test_a_new_database_has_the_current_version(tmp_path: Path) -> None:
    SqliteRelayStore(tmp_path / "relay.sqlite3").close()
    assert version_of(tmp_path / "relay.sqlite3") == SCHEMA_VERSION == 4


def test_a_version_1_database_is_migrated_and_keeps_its_envelopes(tmp_path: Path) -> None:
    path = tmp_path / "relay.sqlite3"
    with sqlite3.connect(path) as db:  # what a version-1 relay left
        db.executescript(MIGRATIONS[1])
        db.execute("PRAGMA user_version = 1")
        db.execute(
            "INSERT INTO envelopes (envelope_id, mailbox, envelope, received_at, expires_at)"
            " VALUES ('e1', ?, ?, ?, ?)",
            (ALICE, b"x" * 1024, NOW, LATER),
        )
    db.close()
    store = SqliteRelayStore(path)
    try:
        assert [item.envelope_id for item in store.fetch_envelopes(ALICE, 10, NOW)] == ["e1"]
        store.publish_device_list(ALICE, 1, b"list", NOW)
        assert store.device_list(ALICE) == b"list"
        assert store.put_provisioning(b"c" * 32, b"m" * 1024, NOW, LATER)
    finally:
        store.close()
    assert version_of(path) == SCHEMA_VERSION
    SqliteRelayStore(path).close()  # a restart finds it migrated


def test_a_version_3_database_gains_the_kem_prekey_tables_and_keeps_its_prekeys(
    tmp_path: Path,
) -> None:
    path = tmp_path / "relay.sqlite3"
    with sqlite3.connect(path) as db:  # what a version-3 relay left
        db.executescript("".join(MIGRATIONS[version] for version in (1, 2, 3)))
        db.execute("PRAGMA user_version = 3")
        db.execute("INSERT INTO signed_prekeys VALUES (?, 7, ?, ?, NULL)", (ALICE, b"s", b"g"))
        db.execute("INSERT INTO one_time_prekeys VALUES (?, 1, ?)", (ALICE, b"o"))
    db.close()
    store = SqliteRelayStore(path)
    try:
        kem = KemPreKey(2, b"k" * 1184, b"g" * 64, last_resort=True)
        store.publish_prekeys(ALICE, None, [], limit=10, kem_prekeys=[kem])
        bundle = store.claim_bundle(ALICE)
        assert bundle is not None and bundle.signed_prekey == b"s"
        assert (bundle.one_time_prekey_id, bundle.kem_prekey) == (1, kem)
        store.publish_prekeys(ALICE, SignedPreKey(8, b"t", b"h"), [], limit=10)
    finally:
        store.close()
    assert version_of(path) == SCHEMA_VERSION


def test_a_database_of_a_newer_relay_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "relay.sqlite3"
    SqliteRelayStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(SchemaTooNew):
        SqliteRelayStore(path)
    assert version_of(path) == SCHEMA_VERSION + 1  # untouched
