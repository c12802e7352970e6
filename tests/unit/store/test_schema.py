"""Schema versions and migrations, including a database written by schema 1.0."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlcipher3

from app.session import account_id, identity_public_key
from app.store import KdfParams, Store
from app.store.database import connect
from app.store.profile import read_profile_file
from app.store.records import Direction
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
    targets = [target for target, _, _ in MIGRATIONS]
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
        # 2.0: the own id is re-derived from the key; a v1 id that is no device id is replaced.
        assert store.own_account_id() == account_id(identity_public_key(bytes(range(32))))
        assert len(store.own_device_id()) == 32
        assert store.own_identity_seed() == bytes(range(32))
        assert store.own_display_name() == "Ani"
        # Budi's stored key is no Ed25519 point, so his v1 id stays (nothing can reach it).
        assert store.load_session("b" * 64) == b"session-v1"
        assert store.contact("b" * 64).display_name == "Budi"
        own_messages = [m for m in store.messages_before(1) if m.direction == "out"]
        assert {m.sender for m in own_messages} == {store.own_account_id()}
        assert all(
            m.remote_id and m.remote_id.startswith(store.own_account_id() + ":")
            for m in own_messages
        )
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
        new_id = store.add_message(
            1, Direction.INCOMING, "b" * 64, "pesan baru setelah migrasi", 2.0
        )
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


def test_2_0_re_derives_account_ids_from_keys_and_keeps_everything(tmp_path: Path) -> None:
    """A 1.1 profile with real keys: every place that names an account follows its new id."""
    folder_v1 = _v1_profile(tmp_path / "v1")
    own_key = identity_public_key(bytes(range(32)))
    peer_key = identity_public_key(bytes(range(1, 33)))
    store = Store.open(folder_v1, FIXTURE_PASSPHRASE)
    try:
        own, peer = account_id(own_key), account_id(peer_key)
        assert store.own_account_id() == own and store.own_device_id() == "a" * 32
        contact = store.contact(peer)
        assert contact.display_name == "Budi" and contact.identity_key == peer_key
        assert store.find_contact("b" * 32) is None
        assert store.load_session(peer) == b"session-v1" and store.load_session("b" * 32) is None
        conversation = store.conversation_for_contact(peer)
        page = store.messages_before(conversation.id)
        assert {(m.direction, m.sender) for m in page} == {("out", own), ("in", peer)}
        assert all(m.remote_id and m.remote_id.split(":")[0] in (own, peer) for m in page)
        assert store.reactions([page[0].id]) == {page[0].id: {peer: "👍"}}
        [queued] = store.outbox_due(10**12)
        assert queued.recipient == peer
    finally:
        store.lock()


def _v1_profile(folder: Path) -> Path:
    """A profile as schema 1.1 wrote it, with random v1 ids and real identity keys."""
    store = Store.create(folder, FIXTURE_PASSPHRASE, kdf=KdfParams.interactive())
    store.lock()
    key = read_profile_file(folder).key.derive_key(FIXTURE_PASSPHRASE)
    (folder / "bisik.db").unlink()
    for leftover in folder.glob("bisik.db-*"):
        leftover.unlink()
    conn = connect(folder / "bisik.db", key)
    conn.execute("PRAGMA journal_mode = WAL")
    migrate(conn, upto=UserVersion(1, 1))
    own, peer = "a" * 32, "b" * 32
    peer_key = identity_public_key(bytes(range(1, 33)))
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO own (id, account_id, identity_seed) VALUES (1, ?, ?)", (own, bytes(range(32)))
    )
    conn.execute(
        "INSERT INTO contacts (account_id, display_name, identity_key, accepted)"
        " VALUES (?, 'Budi', ?, 1)",
        (peer, peer_key),
    )
    conn.execute("INSERT INTO conversations (id, contact_id) VALUES (1, ?)", (peer,))
    conn.execute("INSERT INTO sessions (peer, record) VALUES (?, ?)", (peer, b"session-v1"))
    for i, (direction, sender) in enumerate([("out", own), ("in", peer), ("out", own)]):
        conn.execute(
            "INSERT INTO messages (conversation_id, direction, sender, sent_at, body, status,"
            " remote_id) VALUES (1, ?, ?, ?, 'x', 'sent', ?)",
            (direction, sender, float(i), f"{sender}:{i:032x}"),
        )
    last = conn.execute("SELECT max(id) FROM messages").fetchone()[0]
    conn.execute("INSERT INTO reactions VALUES (?, ?, '👍')", (last, peer))
    conn.execute(
        "INSERT INTO outbox (recipient, payload, idempotency_key, next_attempt_at)"
        " VALUES (?, x'00', 'k', 0)",
        (peer,),
    )
    conn.execute("COMMIT")
    conn.close()
    return folder
