"""A profile's rows as a backup's record stream and back (app/store/backup.py), on real SQLCipher
profiles: every table populated, the in/out table lists pinned against sqlite_master, and every
way the stream can be wrong refused with nothing stored."""

from __future__ import annotations

import io
import itertools
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.session import TrustState
from app.store import KdfParams, Store
from app.store import backup as rows
from app.store.errors import (
    BackupColumnUnknown,
    BackupFromNewerSchema,
    BackupRowsError,
    StoreError,
)
from app.store.records import Direction, MessageStatus
from app.store.schema import CURRENT, UserVersion

PASSPHRASE = "kuda lumping 42"
SEED = b"\x01" * 32
PEER, OTHER = "b" * 64, "c" * 64
BIG = bytes(range(256)) * 2600  # 650 KiB: three attachment chunks


def new_store(folder: Path) -> Store:
    return Store.create(folder, PASSPHRASE, kdf=KdfParams.interactive())


def table(store: Store, name: str) -> list[tuple[Any, ...]]:
    with store.transaction() as conn:
        return sorted(
            (tuple(r) for r in conn.execute(f'SELECT * FROM "{name}"')),
            key=repr,
        )


def populate(store: Store) -> dict[str, int]:
    """Every table of the schema gets rows; returns a few ids."""
    store.set_own_identity(SEED, "d" * 32)
    store.set_own_display_name("Ani")
    store.set_relay_url("https://relay.example")
    store.store_prekey(7, b"prekey record")
    store.store_prekey(8, b"another")
    store.store_signed_prekey(3, b"signed prekey record", 1_700_000_000.5)
    store.store_session(PEER, b"ratchet state that must not travel")
    store.add_contact(PEER, "Budi", identity_key=b"\x02" * 32, accepted=True)
    store.set_trust(PEER, TrustState.VERIFIED)
    store.add_contact(OTHER, "Citra", identity_key=b"\x03" * 32)
    store.set_blocked(OTHER, True)
    conversation = store.conversation_for_contact(PEER).id
    other = store.conversation_for_contact(OTHER).id
    store.set_muted(conversation, True)
    store.set_disappearing(conversation, 3600)
    attachment = store.create_attachment("foto.jpg", "image/jpeg", len(BIG))
    store.append_attachment(attachment, BIG)
    store.set_attachment_remote(attachment, b"opaque pointer")
    partial = store.create_attachment("half.bin", "application/octet-stream", 1000)
    store.append_attachment(partial, b"x" * 400)
    first = store.add_message(conversation, Direction.INCOMING, PEER, "halo, apa kabar?", 1.0)
    assert first is not None
    for i in range(30):
        store.add_message(
            conversation,
            Direction.OUTGOING if i % 2 else Direction.INCOMING,
            PEER,
            f"pesan {i} ünïcödé 🙂",
            2.0 + i,
            received_at=3.0 + i,
            reply_to=first if i == 5 else None,
            expires_at=1e10 if i == 6 else None,
            message_uuid=f"uuid-{i}",
        )
    with_file = store.add_message(
        conversation,
        Direction.OUTGOING,
        "a" * 64,
        "",
        50.0,
        kind="attachment",
        attachment_id=attachment,
    )
    store.add_message(other, Direction.INCOMING, OTHER, "half a file", 51.0, attachment_id=partial)
    pending = store.add_message(
        conversation, Direction.OUTGOING, "a" * 64, "belum terkirim", 60.0,
        status=MessageStatus.PENDING,
    )  # fmt: skip
    assert with_file is not None and pending is not None
    store.enqueue(PEER, b"sealed envelope", "idem-1", message_id=pending, next_attempt_at=61.0)
    store.set_reaction(first, PEER, "👍")
    store.set_reaction(first, "a" * 64, "❤️")
    gone = store.add_message(conversation, Direction.INCOMING, PEER, "dihapus", 70.0)
    assert gone is not None
    store.delete_messages([gone])  # the AUTOINCREMENT counter is past every id left
    store.set_setting("read_receipts", "off")
    store.set_setting("published_signed_prekey", "3")
    return {"conversation": conversation, "pending": pending, "gone": gone, "first": first}


def export(store: Store, **kwargs: Any) -> bytes:
    out = io.BytesIO()
    store.export_backup(out.write, **kwargs)
    return out.getvalue()


def records(data: bytes) -> list[tuple[int, tuple[rows.Value, ...]]]:
    source = io.BytesIO(data)
    found = []
    while source.tell() < len(data):
        found.append(rows.read_record(source.read))
    return found


def encode(found: list[tuple[int, tuple[rows.Value, ...]]]) -> bytes:
    return b"".join(rows.encode_record(kind, list(values)) for kind, values in found)


@pytest.fixture
def source(tmp_path: Path) -> Iterator[tuple[Store, dict[str, int]]]:
    store = new_store(tmp_path / "source")
    ids = populate(store)
    yield store, ids
    store.lock()


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Store]:
    store = new_store(tmp_path / "target")
    yield store
    store.lock()


def test_round_trip_keeps_every_included_table(
    source: tuple[Store, dict[str, int]], target: Store
) -> None:
    store, ids = source
    seen: list[tuple[int, int]] = []
    data = export(store, progress=lambda done, total: seen.append((done, total)))
    assert len(data) > len(BIG)
    contents = target.import_backup(io.BytesIO(data).read)
    assert contents.schema == CURRENT and contents.attachments
    assert contents.counts["messages"] == 34 and contents.counts["attachment_chunks"] == 4
    for name in rows.INCLUDED_TABLES:
        if name != "messages":
            assert table(target, name) == table(store, name), name
    before, after = table(store, "messages"), table(target, "messages")
    status = 8  # the column's index in the schema
    assert [r[:status] + r[status + 1 :] for r in after] == [
        r[:status] + r[status + 1 :] for r in before
    ]
    assert {r[0]: r[status] for r in after}[ids["pending"]] == "failed"
    assert [r[status] for r in after].count("pending") == 0
    # left out: sessions and the outbox; the search index is rebuilt
    assert table(target, "sessions") == [] and table(target, "outbox") == []
    assert [h.message_id for h in target.search("kabar")] == [ids["first"]]
    assert len(target.search("pesan")) == 30
    assert b"".join(target.read_attachment(1)) == BIG
    assert target.own_account_id() == store.own_account_id()
    assert target.own_identity_seed() == SEED
    assert target.contact(PEER).trust == TrustState.VERIFIED.value
    # ids are never reused: the counter came along
    added = target.add_message(ids["conversation"], Direction.INCOMING, PEER, "baru", 80.0)
    assert added == ids["gone"] + 1
    # progress: from 0 to the total, never backwards, not too often
    total = contents.rows
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(seen))
    assert len(seen) <= 102


def test_without_attachments_the_rows_stay_but_not_their_bytes(
    source: tuple[Store, dict[str, int]], target: Store
) -> None:
    store, _ = source
    data = export(store, include_attachments=False)
    assert len(data) < len(BIG) // 4
    contents = target.import_backup(io.BytesIO(data).read)
    assert not contents.attachments and contents.counts["attachment_chunks"] == 0
    assert table(target, "attachment_chunks") == []
    restored = [target.attachment(i) for i in (1, 2)]
    assert [(a.name, a.size, a.transferred, a.complete) for a in restored] == [
        ("foto.jpg", len(BIG), 0, False),
        ("half.bin", 1000, 0, False),
    ]
    assert restored[0].remote_ref == b"opaque pointer"  # the blob may still be fetched


def test_the_table_lists_cover_sqlite_master_exactly(tmp_path: Path) -> None:
    store = new_store(tmp_path / "p")
    try:
        with store.transaction() as conn:
            names = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type='table'")
            }
        assert names == set(rows.INCLUDED_TABLES) | set(rows.EXCLUDED_TABLES)
        assert not set(rows.INCLUDED_TABLES) & set(rows.EXCLUDED_TABLES)
        assert {"sessions", "outbox", "messages_fts"} <= set(rows.EXCLUDED_TABLES)
        # a table nobody decided about makes the export fail loudly
        with store.transaction() as conn:
            conn.execute("CREATE TABLE drafts (id INTEGER PRIMARY KEY, body TEXT)")
        with pytest.raises(BackupRowsError, match="drafts"):
            export(store)
    finally:
        store.lock()


def test_the_export_reads_a_snapshot_and_blocks_no_writer(
    source: tuple[Store, dict[str, int]], target: Store
) -> None:
    store, ids = source
    out = io.BytesIO()
    wrote: list[int | None] = []

    def write(data: bytes) -> None:
        if not wrote:  # mid-export, a writer on the store's own connection commits at once
            wrote.append(store.add_message(ids["conversation"], Direction.INCOMING, PEER, "x", 9.0))
        out.write(data)

    contents = store.export_backup(write)
    assert wrote[0] is not None
    assert contents.counts["messages"] == 34  # the snapshot's, without the one written meanwhile
    target.import_backup(io.BytesIO(out.getvalue()).read)
    assert target.message_count(ids["conversation"]) == store.message_count(ids["conversation"]) - 1


def _replace_meta(data: bytes, index: int, value: rows.Value) -> bytes:
    found = records(data)
    kind, values = found[0]
    changed = list(values)
    changed[index] = value
    found[0] = (kind, tuple(changed))
    return encode(found)


def test_a_newer_schema_is_refused_and_nothing_is_written(
    source: tuple[Store, dict[str, int]], target: Store
) -> None:
    data = export(source[0])
    for newer in (UserVersion(CURRENT.major, CURRENT.minor + 1), UserVersion(CURRENT.major + 1, 0)):
        with pytest.raises(BackupFromNewerSchema, match="newer Bisik"):
            target.import_backup(io.BytesIO(_replace_meta(data, 2, newer.to_int())).read)
    with pytest.raises(BackupRowsError, match="cannot"):
        target.import_backup(io.BytesIO(_replace_meta(data, 2, UserVersion(1, 1).to_int())).read)
    assert table(target, "own") == [] and table(target, "messages") == []


def test_an_unknown_column_or_table_is_refused(
    source: tuple[Store, dict[str, int]], target: Store
) -> None:
    found = records(export(source[0]))
    at = next(i for i, (k, v) in enumerate(found) if k == rows.TABLE and v[0] == "settings")
    renamed = list(found)
    renamed[at] = (rows.TABLE, ("settings", "key", "value_v3"))
    with pytest.raises(BackupColumnUnknown, match="value_v3"):
        target.import_backup(io.BytesIO(encode(renamed)).read)
    foreign = list(found)
    foreign[at] = (rows.TABLE, ("sessions", "peer", "record"))
    with pytest.raises(BackupRowsError, match="sessions"):
        target.import_backup(io.BytesIO(encode(foreign)).read)
    assert table(target, "own") == []


def test_rows_that_break_the_schema_or_their_counts_are_refused(
    source: tuple[Store, dict[str, int]], target: Store
) -> None:
    found = records(export(source[0]))
    at = next(i for i, (k, v) in enumerate(found) if k == rows.TABLE and v[0] == "contacts")
    broken = list(found)
    kind, values = broken[at + 1]
    broken[at + 1] = (kind, (*values[:3], "trusted-ish", *values[4:]))  # fails the CHECK
    with pytest.raises(BackupRowsError, match="schema"):
        target.import_backup(io.BytesIO(encode(broken)).read)
    dropped = found[: at + 1] + found[at + 2 :]  # a row less than the description says
    with pytest.raises(BackupRowsError):
        target.import_backup(io.BytesIO(encode(dropped)).read)
    narrow = list(found)
    narrow[at + 1] = (kind, values[:-1])
    with pytest.raises(BackupRowsError, match="values in a table"):
        target.import_backup(io.BytesIO(encode(narrow)).read)
    with pytest.raises(BackupRowsError, match="after the end"):
        target.import_backup(io.BytesIO(encode(found) + b"\x00").read)
    assert table(target, "own") == [] and table(target, "messages") == []


def test_truncation_anywhere_is_refused_and_nothing_is_written(
    source: tuple[Store, dict[str, int]], target: Store
) -> None:
    data = export(source[0], include_attachments=False)
    for cut in [0, 1, 4, 5, 6, 40, len(data) // 3, len(data) // 2, len(data) - 9, len(data) - 1]:
        with pytest.raises(BackupRowsError, match="cut short"):
            target.import_backup(io.BytesIO(data[:cut]).read)
    assert table(target, "own") == [] and table(target, "settings") == []


def test_an_import_needs_an_empty_profile(source: tuple[Store, dict[str, int]]) -> None:
    data = export(source[0])
    with pytest.raises(StoreError, match="empty profile"):
        source[0].import_backup(io.BytesIO(data).read)


# --- the record encoding ------------------------------------------------------------------------


def test_values_of_every_type_round_trip() -> None:
    values = [None, 0, -1, 2**63 - 1, -(2**63), True, 1.5, -0.0, "", "ünï 🙂", b"", b"\x00\xff"]
    kind, back = rows.read_record(io.BytesIO(rows.encode_record(rows.ROW, values)).read)
    assert kind == rows.ROW
    assert back == (None, 0, -1, 2**63 - 1, -(2**63), 1, 1.5, -0.0, "", "ünï 🙂", b"", b"\x00\xff")
    with pytest.raises(BackupRowsError, match="type"):
        rows.encode_record(rows.ROW, [object()])
    with pytest.raises(BackupRowsError, match="bytes"):
        rows.encode_record(rows.ROW, [bytes(rows.MAX_RECORD_BYTES)])
    with pytest.raises(BackupRowsError, match="values"):
        rows.encode_record(rows.ROW, [1] * (rows.MAX_VALUES + 1))


def body(*parts: bytes) -> bytes:
    data = b"".join(parts)
    return struct.pack(">BI", rows.ROW, len(data)) + data


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"", "cut short"),
        (b"\x03\x00\x00", "cut short"),
        (struct.pack(">BI", rows.ROW, rows.MAX_RECORD_BYTES + 1), "at most"),
        (struct.pack(">BI", rows.ROW, 2**32 - 1) + b"\x00" * 10, "at most"),
        (struct.pack(">BI", rows.ROW, 10) + b"\x00\x01", "cut short inside"),
        (body(b"\x00"), "value count"),
        (body(struct.pack(">H", rows.MAX_VALUES + 1)), "values"),
        (body(struct.pack(">H", 1)), "past the end"),
        (body(struct.pack(">H", 1), b"\x09"), "unknown type"),
        (body(struct.pack(">H", 1), b"\x01\x00\x00"), "past the end"),  # a short int
        (body(struct.pack(">H", 1), b"\x03", struct.pack(">I", 100), b"abc"), "past the end"),
        (body(struct.pack(">H", 1), b"\x03", struct.pack(">I", 2**32 - 1)), "past the end"),
        (body(struct.pack(">H", 1), b"\x03", struct.pack(">I", 2), b"\xff\xfe"), "UTF-8"),
        (body(struct.pack(">H", 0), b"\x00"), "after the last value"),
    ],
)
def test_garbage_records_are_typed_errors(data: bytes, match: str) -> None:
    with pytest.raises(BackupRowsError, match=match):
        rows.read_record(io.BytesIO(data).read)


def test_a_stream_that_does_not_start_with_its_description_is_refused(target: Store) -> None:
    stream = rows.encode_record(rows.ROW, [1]) + rows.encode_record(rows.END, [0])
    with pytest.raises(BackupRowsError, match="description"):
        target.import_backup(io.BytesIO(stream).read)
    meta = rows.encode_record(rows.META, ["something else", 1, CURRENT.to_int(), 1.0, 1])
    with pytest.raises(BackupRowsError, match="description"):
        target.import_backup(io.BytesIO(meta).read)
