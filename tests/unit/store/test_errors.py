"""Once a store is open, SQLite's failures come out as typed StoreErrors, the original chained,
and a failed call changes nothing. Each is provoked against a real SQLCipher file."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest
import sqlcipher3

from app.store import (
    Store,
    StoreBusy,
    StoreConflict,
    StoreDamaged,
    StoreDatabaseError,
    StoreError,
)
from app.store.database import connect
from app.store.errors import typed_error
from app.store.records import Direction

PEER = "b" * 64
T = TypeVar("T")


def on_fresh_connection(call: Callable[[], T]) -> T:
    """Run `call` on a new thread, so on a new connection with an empty page cache."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def damage_root_page(store: Store, table: str) -> Path:
    """Checkpoint everything into the main file, then overwrite bytes in `table`'s root page
    (for a small table, the page that holds its rows). SQLCipher's HMAC of it fails from then on."""
    conn = store._db.conn()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (root,) = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?", (table,)).fetchone()
    path = store._db.path
    with path.open("r+b") as file:
        file.seek((root - 1) * 4096 + 2000)
        file.write(b"\xff" * 16)
    return path


@pytest.fixture
def write_lock_elsewhere(store: Store) -> Iterator[None]:
    """A second connection holds the write lock, uncommitted; the store waits only 50 ms."""
    other = connect(store._db.path, store._db.key())
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO settings (key, value) VALUES ('elsewhere', 'x')")
    store._db.conn().execute("PRAGMA busy_timeout = 50")
    yield
    other.execute("ROLLBACK")
    other.close()


def test_duplicate_idempotency_key_is_a_conflict(store: Store) -> None:
    first = store.enqueue(PEER, b"x", "same")
    with pytest.raises(StoreConflict) as caught:
        store.enqueue(PEER, b"y", "same")
    assert isinstance(caught.value, StoreError)
    assert isinstance(caught.value.__cause__, sqlcipher3.IntegrityError)
    assert not isinstance(caught.value, sqlcipher3.Error)  # nothing of the driver leaks
    assert [(e.id, e.payload) for e in store.outbox_due(now=0.0)] == [(first, b"x")]


def test_check_constraint_is_a_conflict(store: Store, conversation: int) -> None:
    message = store.add_message(conversation, Direction.OUTGOING, PEER, "halo", 1.0)
    assert message is not None
    with pytest.raises(StoreConflict):
        store.set_status(message, "lost")  # type: ignore[arg-type]
    assert store.message(message).status == "sent"


def test_conflict_in_a_transaction_rolls_the_block_back(store: Store) -> None:
    store.enqueue(PEER, b"x", "same")
    with pytest.raises(StoreConflict), store.transaction():
        store.set_setting("theme", "dark")
        store.enqueue(PEER, b"y", "same")
    with pytest.raises(StoreConflict), store.transaction() as conn:  # raw SQL in the block too
        conn.execute("INSERT INTO settings (key, value) VALUES ('theme', 'dark')")
        conn.execute("INSERT INTO settings (key, value) VALUES ('theme', 'light')")
    assert store.setting("theme") == ""
    assert store.outbox_count() == 1


@pytest.mark.usefixtures("write_lock_elsewhere")
def test_write_lock_held_elsewhere_is_busy(store: Store) -> None:
    with pytest.raises(StoreBusy) as caught:
        store.set_setting("theme", "dark")
    assert isinstance(caught.value.__cause__, sqlcipher3.OperationalError)
    assert "locked" in str(caught.value)
    with pytest.raises(StoreBusy), store.transaction():  # BEGIN IMMEDIATE waits, then gives up
        pytest.fail("the block must not run")
    with pytest.raises(StoreBusy):
        store.delete_messages([1])  # a method with its own transaction
    assert store.setting("theme") == "" and store.setting("elsewhere") == ""  # reads go on (WAL)


def test_store_works_again_once_the_lock_is_gone(store: Store) -> None:
    other = connect(store._db.path, store._db.key())
    other.execute("BEGIN IMMEDIATE")
    store._db.conn().execute("PRAGMA busy_timeout = 50")
    with pytest.raises(StoreBusy), store.transaction():
        pass
    other.execute("ROLLBACK")
    other.close()
    with store.transaction():  # the failed BEGIN left no nesting depth behind
        store.set_setting("theme", "dark")
    assert store.setting("theme") == "dark"


def test_damaged_page_is_damaged(store: Store, conversation: int) -> None:
    message = store.add_message(conversation, Direction.INCOMING, PEER, "halo", 1.0)
    assert message is not None
    path = damage_root_page(store, "messages")
    before = path.read_bytes()
    with pytest.raises(StoreDamaged) as caught:
        on_fresh_connection(lambda: store.message(message))
    assert isinstance(caught.value.__cause__, sqlcipher3.DatabaseError)
    assert path.read_bytes() == before


def test_damaged_chunk_is_damaged_while_reading(store: Store) -> None:
    attachment = store.create_attachment("catatan.txt", "text/plain", 100)
    store.append_attachment(attachment, b"a" * 100)
    path = damage_root_page(store, "attachment_chunks")
    before = path.read_bytes()

    def read_all() -> list[bytes]:
        chunks = store.read_attachment(attachment)  # a generator: nothing is read yet
        return list(chunks)

    with pytest.raises(StoreDamaged):
        on_fresh_connection(read_all)
    assert path.read_bytes() == before


def test_any_other_failure_is_a_database_error(store: Store) -> None:
    with pytest.raises(StoreDatabaseError) as caught:
        store.set_setting("theme", ["dark"])  # type: ignore[arg-type]
    assert type(caught.value) is StoreDatabaseError
    assert isinstance(caught.value.__cause__, sqlcipher3.Error)
    assert type(typed_error(sqlcipher3.InterfaceError("no code"))) is StoreDatabaseError
    assert store.setting("theme") == ""


def test_every_public_method_is_guarded() -> None:
    for name, method in inspect.getmembers(Store, inspect.isfunction):
        if not name.startswith("_") and name != "transaction":  # transaction guards its block
            assert hasattr(method, "__wrapped__"), name
    assert inspect.isgeneratorfunction(Store.read_attachment)  # still lazy


def test_a_commit_that_fails_ends_its_transaction(store: Store) -> None:
    """A deferred foreign key fails at COMMIT: the error is typed, nothing is kept, and the next
    transaction on the same thread starts as usual."""
    with pytest.raises(StoreConflict), store.transaction() as conn:
        conn.execute("PRAGMA defer_foreign_keys = ON")
        conn.execute("INSERT INTO conversations (contact_id) VALUES ('nobody')")
    assert store.conversations() == []
    with store.transaction():
        store.set_setting("after", "1")
    assert store.setting("after") == "1"
