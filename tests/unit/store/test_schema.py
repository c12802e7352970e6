"""Schema versions and migrations, including a database written by schema 1.0."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlcipher3

from app.store import Store
from app.store.database import connect
from app.store.profile import read_profile_file
from app.store.schema import CURRENT, MIGRATIONS, UserVersion, migrate, read_version

FIXTURE = Path(__file__).parent / "fixtures" / "profile-1.0"
FIXTURE_PASSPHRASE = "fixture satu koma nol"  # as in make_fixture.py


def test_user_version_packs_major_and_minor() -> None:
    version = UserVersion(3, 7)
    assert UserVersion.from_int(version.to_int()) == version
    assert version.to_int() == (3 << 16) | 7
    assert UserVersion(1, 9) < UserVersion(2, 0) < UserVersion(2, 1)
    assert str(version) == "3.7"


def test_migrations_are_in_order_and_end_at_current() -> None:
    targets = [target for target, _ in MIGRATIONS]
    assert targets == sorted(targets) and len(set(targets)) == len(targets)
    assert targets[-1] == CURRENT


def fixture_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "old"
    shutil.copytree(FIXTURE, folder)
    return folder


def test_fixture_is_schema_1_0(tmp_path: Path) -> None:
    folder = fixture_copy(tmp_path)
    key = read_profile_file(folder).key.derive_key(FIXTURE_PASSPHRASE)
    conn = connect(folder / "bisik.db", key)
    assert read_version(conn) == UserVersion(1, 0)
    conn.close()


def test_fixture_from_1_0_migrates_to_current(tmp_path: Path) -> None:
    folder = fixture_copy(tmp_path)
    store = Store.open(folder, FIXTURE_PASSPHRASE)
    try:
        assert read_version(store._db.conn()) == CURRENT
        assert store.own_account_id() == "a" * 64
        assert store.own_identity_seed() == bytes(range(32))
        assert store.own_display_name() == "Ani"
        assert store.load_session("b" * 64) == b"session-v1"
        assert store.contact("b" * 64).display_name == "Budi"
        page = store.messages_before(1)
        assert [m.body for m in page] == [
            "Sampai jumpa di pasar malam.",
            "Baik, terima kasih!",
            "Halo Budi, apa kabar?",
        ]
        assert store.unread_count(1) == 1
        # The old index answers, and what 1.1 added works.
        assert [h.message_id for h in store.search("pasar")] == [page[0].id]
        store.set_reaction(page[0].id, "b" * 64, "🎉")
        assert store.reactions([page[0].id]) == {page[0].id: {"b" * 64: "🎉"}}
        new_id = store.add_message(1, "in", "b" * 64, "pesan baru setelah migrasi", 2.0)
        assert new_id is not None and new_id > page[0].id
        store.delete_messages([page[0].id])
        assert store.search("pasar") == []
    finally:
        store.lock()
    Store.open(folder, FIXTURE_PASSPHRASE).lock()  # a migrated profile reopens as it is


def test_failed_migration_leaves_the_old_version(tmp_path: Path) -> None:
    folder = fixture_copy(tmp_path)
    key = read_profile_file(folder).key.derive_key(FIXTURE_PASSPHRASE)
    conn = connect(folder / "bisik.db", key)
    conn.execute("CREATE TABLE reactions (x)")  # 1.1 will fail to create it
    with pytest.raises(sqlcipher3.OperationalError):
        migrate(conn)
    assert read_version(conn) == UserVersion(1, 0)
    conn.close()


def test_new_profile_is_current(store: Store) -> None:
    assert read_version(store._db.conn()) == CURRENT
    assert migrate(store._db.conn()) == CURRENT  # nothing left to do
