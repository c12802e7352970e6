"""The SQLCipher database of one profile: keyed connections, one per thread, and transactions.

Thread rule: a sqlcipher3 connection is used only by the thread that made it. `Database` keeps
one connection per thread (threading.local), opened on that thread's first use from the raw key
the object holds, so any thread may call the store, and each runs on its own connection (SQLite's
WAL lets readers proceed while one writer commits). `close()` closes every thread's connection
and wipes the key, once the calls still running on other threads have ended (see `Database`).

Secrets in memory: the key is a bytearray, wiped by close(); the PRAGMA that hands it to SQLCipher
is one str, overwritten once executed. What SQLite itself frees (decrypted pages, the statement's
text) it does not zero: PRAGMA cipher_memory_security would, but once on it stays on for the
process and costs about 20 times on writes (an mlock per allocation). docs/store.md has more.
"""

from __future__ import annotations

import operator
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import sqlcipher3

from app.crypto.secret import wipe, wipe_in_place, write_hex
from app.store.errors import CorruptProfile, ProfileFromNewerVersion, StoreLocked
from app.store.schema import CURRENT, read_version

PAGE_SIZE = 4096
CLOSE_WAIT = 5.0  # seconds close() waits for other threads' store calls in progress
# Opening reads every page in use (PRAGMA quick_check, which goes through the WAL, so SQLCipher
# checks each page's HMAC) for databases up to this size; in larger ones SQLCipher checks each
# page when it is first read (sqlcipher3.DatabaseError). cipher_integrity_check is not used: it
# reads the main file only and so reports a database with an uncheckpointed WAL as damaged.
CHECK_AT_OPEN_BYTES = 32 * 1024 * 1024

# Declared column type BOOLEAN comes back as bool rather than 0/1 (`b"0" != raw`, called in C).
sqlcipher3.register_converter("BOOLEAN", partial(operator.ne, b"0"))


def _execute_key(conn: sqlcipher3.Connection, pragma: str, key: bytes | bytearray) -> None:
    """`PRAGMA key|rekey = "x'<hex>'"`, spelled in a bytearray; sqlcipher3 needs the one str,
    which is overwritten in place once executed (the exception of app.crypto.secret)."""
    head = f"PRAGMA {pragma} = \"x'".encode()
    spelled = bytearray(len(head) + 2 * len(key) + 2)
    spelled[: len(head)] = head
    write_hex(key, spelled, len(head))
    spelled[-2:] = b"'\""
    statement = spelled.decode("ascii")
    wipe(spelled)
    try:
        conn.execute(statement)
    finally:
        wipe_in_place(statement)


def connect(path: Path, key: bytes | bytearray) -> sqlcipher3.Connection:
    """A connection keyed with the raw key and set up as every store connection is.

    Autocommit mode: transactions are explicit (BEGIN / SAVEPOINT), never implied by the driver.
    """
    conn = sqlcipher3.connect(
        str(path),
        isolation_level=None,
        check_same_thread=False,  # the thread rule is ours; close() may run on another thread
        detect_types=sqlcipher3.PARSE_DECLTYPES,
    )
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # failures surface as typed errors
        _execute_key(conn, "key", key)
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()
        raise
    return conn


def open_verified(path: Path, key: bytes | bytearray) -> sqlcipher3.Connection:
    """A connection to a database checked to read, be whole, and not be from a newer Bisik.

    The caller has already checked the key against profile.json, so a page that fails to
    decrypt means damage, not a wrong passphrase. Reads only: nothing is written.
    """
    size = path.stat().st_size
    if size == 0 or size % PAGE_SIZE:
        raise CorruptProfile(f"database size {size} is not a whole number of pages")
    try:
        conn = connect(path, key)
    except sqlcipher3.DatabaseError as exc:
        raise CorruptProfile(f"database is damaged: {exc}") from exc
    try:
        _verify(conn, size)
    except BaseException:
        conn.close()
        raise
    return conn


def _verify(conn: sqlcipher3.Connection, size: int) -> None:
    try:
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        version = read_version(conn)
        if version.major > CURRENT.major:
            raise ProfileFromNewerVersion(f"database schema {version} > {CURRENT}")
        if size <= CHECK_AT_OPEN_BYTES:
            (result,) = conn.execute("PRAGMA quick_check(1)").fetchone()
            if result != "ok":
                raise CorruptProfile(f"database structure is damaged: {result}")
    except sqlcipher3.DatabaseError as exc:
        raise CorruptProfile(f"database is damaged: {exc}") from exc


class Usage:
    """How many store calls one thread has in progress (its own counter: no lock to count)."""

    __slots__ = ("calls",)

    def __init__(self) -> None:
        self.calls = 0


class Database:
    """Per-thread keyed connections to one database file, and nested transactions.

    The key lives in a bytearray of the object's own: one it is given is taken over (and wiped
    when replaced or closed), bytes are copied.

    Closing connections under other threads (`close`, `rekey`) first waits, up to CLOSE_WAIT,
    for their store calls in progress (`usage()`, counted by Store's method wrapper) to end:
    closing a connection in the middle of another thread's query frees what that query still
    uses. New calls meanwhile find their connection gone (StoreLocked, or a fresh one on rekey).
    """

    def __init__(self, path: Path, key: bytes | bytearray) -> None:
        self._path = path
        self._key: bytearray | None = key if isinstance(key, bytearray) else bytearray(key)
        self._local = threading.local()
        self._all: list[sqlcipher3.Connection] = []
        self._all_lock = threading.Lock()
        self._generation = 0  # bumped when connections are closed under other threads
        self._usages: list[Usage] = []  # one per thread that ever called the store

    def __repr__(self) -> str:
        state = "open" if self._key is not None else "closed"
        return f"<Database {self._path.name} {state}>"

    @property
    def path(self) -> Path:
        return self._path

    def key(self) -> bytes:
        """A copy of the raw key (for the keyring and tests; drop it soon, nothing wipes it);
        StoreLocked once closed."""
        if self._key is None:
            raise StoreLocked("the store is locked")
        return bytes(self._key)

    def conn(self) -> sqlcipher3.Connection:
        """This thread's connection, opened on first use."""
        local = self._local
        if getattr(local, "generation", -1) == self._generation:
            mine: sqlcipher3.Connection = local.conn
            return mine
        if self._key is None:
            raise StoreLocked("the store is locked")
        conn = connect(self._path, self._key)
        local.conn, local.depth, local.generation = conn, 0, self._generation
        with self._all_lock:
            self._all.append(conn)
        return conn

    def usage(self) -> Usage:
        """This thread's counter of store calls in progress."""
        usage: Usage | None = getattr(self._local, "usage", None)
        if usage is None:
            usage = self._local.usage = Usage()
            with self._all_lock:
                self._usages.append(usage)
        return usage

    def _wait_for_other_calls(self) -> None:
        """Let the other threads' store calls in progress end (up to CLOSE_WAIT seconds)."""
        mine = self.usage()
        with self._all_lock:
            others = [u for u in self._usages if u is not mine]
        deadline = time.monotonic() + CLOSE_WAIT
        while any(u.calls for u in others) and time.monotonic() < deadline:
            time.sleep(0.001)

    def new_connection(self) -> sqlcipher3.Connection:
        """A keyed connection of the caller's own, apart from the per-thread ones: for a long
        read in a transaction of its own (a backup's snapshot). The caller closes it, on the
        thread that made it; close() does not know it."""
        if self._key is None:
            raise StoreLocked("the store is locked")
        return connect(self._path, self._key)

    @contextmanager
    def transaction(self) -> Iterator[sqlcipher3.Connection]:
        """Commit on success, roll back on any exception; nested uses become savepoints."""
        conn = self.conn()
        depth: int = self._local.depth
        if depth == 0:
            conn.execute("BEGIN IMMEDIATE")
        else:
            conn.execute(f"SAVEPOINT s{depth}")
        self._local.depth = depth + 1
        try:
            yield conn
        except BaseException:
            if depth == 0:
                conn.execute("ROLLBACK")
            else:
                conn.execute(f"ROLLBACK TO s{depth}")
                conn.execute(f"RELEASE s{depth}")
            raise
        else:
            if depth > 0:
                conn.execute(f"RELEASE s{depth}")
            else:
                try:
                    conn.execute("COMMIT")
                except BaseException:
                    # A failed COMMIT (a deferred foreign key, a full disk) can leave the
                    # transaction open: end it, so the next BEGIN on this thread works.
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
        finally:
            self._local.depth = depth

    def rekey(self, new_key: bytearray) -> None:
        """Re-encrypt every page under `new_key` (taken over) in one SQLCipher transaction; the
        old key is wiped.

        Other threads' connections are closed first (rekey needs the database to itself); they
        reopen with the new key on their next use.
        """
        self._close_others()
        _execute_key(self.conn(), "rekey", new_key)
        old, self._key = self._key, new_key
        if old is not None:
            wipe(old)

    def close(self) -> None:
        """Close every thread's connection and wipe the key."""
        key, self._key = self._key, None
        with self._all_lock:
            conns, self._all = self._all, []
            self._generation += 1
        self._wait_for_other_calls()
        for conn in conns:
            conn.close()
        if key is not None:
            wipe(key)

    def _close_others(self) -> None:
        mine = self.conn()
        with self._all_lock:
            others = [c for c in self._all if c is not mine]
            self._all = [mine]
            self._generation += 1
        self._local.generation = self._generation
        self._wait_for_other_calls()
        for conn in others:
            conn.close()
