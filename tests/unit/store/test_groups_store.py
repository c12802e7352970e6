"""Schema 3.0 (groups): a profile made at 2.0 opens and migrates, keeping every conversation,
message and reference; a conversation then has exactly one of a contact or a group."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3

from app.session import account_id, identity_public_key
from app.store import KdfParams, Store
from app.store.database import connect
from app.store.errors import StoreError
from app.store.profile import read_profile_file
from app.store.records import Direction, GroupStateRecord, MessageStatus
from app.store.schema import CURRENT, UserVersion, migrate, read_version

PASSPHRASE = "dua koma nol"
PEER_KEY = identity_public_key(bytes(range(1, 33)))
PEER = account_id(PEER_KEY)
GROUP = "ab" * 16


def _profile_2_0(folder: Path) -> Path:
    """A profile as schema 2.0 wrote it: a contact, its conversation, messages, a reaction, a
    queued envelope."""
    Store.create(folder, PASSPHRASE, kdf=KdfParams.interactive()).lock()
    key = read_profile_file(folder).key.derive_key(PASSPHRASE)
    (folder / "bisik.db").unlink()
    for leftover in folder.glob("bisik.db-*"):
        leftover.unlink()
    conn = connect(folder / "bisik.db", key)
    conn.execute("PRAGMA journal_mode = WAL")
    migrate(conn, upto=UserVersion(2, 0))
    own = account_id(identity_public_key(bytes(range(32))))
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO own (id, account_id, identity_seed, device_id) VALUES (1, ?, ?, ?)",
        (own, bytes(range(32)), "d" * 32),
    )
    conn.execute(
        "INSERT INTO contacts (account_id, display_name, identity_key, accepted)"
        " VALUES (?, 'Budi', ?, 1)",
        (PEER, PEER_KEY),
    )
    conn.execute(
        "INSERT INTO conversations (id, contact_id, disappearing_seconds, muted)"
        " VALUES (4, ?, 60, 1)",
        (PEER,),
    )
    for i in range(3):
        conn.execute(
            "INSERT INTO messages (conversation_id, direction, sender, sent_at, body, status,"
            " remote_id) VALUES (4, 'in', ?, ?, ?, 'delivered', ?)",
            (PEER, float(i), f"pesan lama {i}", f"{PEER}:{i:032x}"),
        )
    conn.execute("INSERT INTO reactions VALUES (1, ?, '👍')", (PEER,))
    conn.execute(
        "INSERT INTO outbox (message_id, recipient, payload, idempotency_key, next_attempt_at)"
        " VALUES (3, ?, x'00', 'k', 0)",
        (PEER,),
    )
    conn.execute("COMMIT")
    conn.close()
    return folder


def test_a_2_0_profile_migrates_to_3_0_keeping_everything(tmp_path: Path) -> None:
    assert UserVersion(3, 0) <= CURRENT  # and on to the current version
    store = Store.open(_profile_2_0(tmp_path / "p"), PASSPHRASE)
    try:
        assert read_version(store._db.conn()) == CURRENT
        (foreign_keys,) = store._db.conn().execute("PRAGMA foreign_keys").fetchone()
        assert foreign_keys == 1  # back on after the rebuild
        conversation = store.conversation_for_contact(PEER)
        assert (conversation.id, conversation.group_id) == (4, None)
        assert (conversation.disappearing_seconds, conversation.muted) == (60, True)
        page = store.messages_before(4)
        assert [m.body for m in page] == ["pesan lama 2", "pesan lama 1", "pesan lama 0"]
        assert store.reactions([1]) == {1: {PEER: "👍"}}
        assert [e.message_id for e in store.outbox_due(10**12)] == [3]
        assert [h.message_id for h in store.search("lama")] == [3, 2, 1]
        assert not store.contact(PEER).group_only
        # the references still hold: deleting the conversation's messages cascades as before
        store.delete_messages([3])
        assert store.outbox_due(10**12) == []
        # a group's conversation, beside the contact's
        record = GroupStateRecord(GROUP, 1, b"\x00" * 32, b"state")
        store.save_group_state(record, "Keluarga", [(PEER, "Budi", True)], is_member=True)
        group_conversation = store.conversation_for_group(GROUP)
        assert (group_conversation.contact_id, group_conversation.group_id) == (None, GROUP)
        assert store.conversation_for_group(GROUP).id == group_conversation.id  # made once
        added = store.add_message(
            group_conversation.id, Direction.OUTGOING, "me", "halo grup", 9.0,
            status=MessageStatus.SENT, message_uuid="1" * 32,
        )  # fmt: skip
        assert added is not None
        assert [m.account_id for m in store.group_members(GROUP)] == [PEER]
        with pytest.raises((StoreError, sqlcipher3.IntegrityError)):
            store._db.conn().execute("INSERT INTO conversations (contact_id) VALUES (NULL)")
        with pytest.raises((StoreError, sqlcipher3.IntegrityError)):
            store._db.conn().execute(
                "INSERT INTO conversations (contact_id, group_id) VALUES (?, ?)", (PEER, GROUP)
            )
    finally:
        store.lock()
    Store.open(tmp_path / "p", PASSPHRASE).lock()  # a migrated profile reopens as it is


def test_group_receipts_only_move_forward_and_count_current_members(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "q", PASSPHRASE, kdf=KdfParams.interactive())
    try:
        store.add_contact(PEER, "Budi", identity_key=PEER_KEY)
        conversation = store.conversation_for_contact(PEER).id
        message = store.add_message(conversation, Direction.OUTGOING, "me", "x", 1.0)
        assert message is not None
        store.set_group_receipt(message, "m1", "read")
        store.set_group_receipt(message, "m1", "delivered")  # never back
        store.set_group_receipt(message, "m2", "delivered")
        assert store.group_receipt_counts(message, ["m1", "m2", "m3"]) == (2, 1)
        assert store.group_receipt_counts(message, ["m1"]) == (1, 1)
        assert store.group_receipt_counts(message, []) == (0, 0)
    finally:
        store.lock()
