"""`StoreBase`: what every part of `Store` shares. Its state, the query helpers, and the one place
where a sqlcipher3 error becomes a typed `StoreError`.

`Store` (store.py) is mixins over this base, one module per concern, so that each module reads
on its own. When a mixin class is made, `__init_subclass__` wraps each of its public methods in
`_typed_errors`, so no raw sqlcipher3 error escapes any of them and no method has to remember;
`transaction()` does the same for the block it guards. The open path (Store.create / open) is
classmethods, not wrapped: it raises its own errors (CorruptProfile, WrongPassphrase, ...).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlcipher3

from app.store.database import Database
from app.store.errors import NotFound, typed_error
from app.store.profile import FolderLock, ProfileFile

MAX_PAGE = 500


class StoreBase:
    """An unlocked profile's state and query helpers, which the mixins of `Store` build on."""

    def __init__(self, folder: Path, profile: ProfileFile, db: Database, lock: FolderLock) -> None:
        self._folder = folder
        self._profile = profile
        self._db = db
        self._lock = lock
        self._seed: bytes | None = None  # the identity seed, read once; lock() wipes it

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, attribute in list(vars(cls).items()):
            if not name.startswith("_") and inspect.isfunction(attribute):
                setattr(cls, name, _with_typed_errors(attribute))

    def transaction(self) -> AbstractContextManager[sqlcipher3.Connection]:
        """`with store.transaction():` groups calls atomically; nests; rolls back on exception."""
        return _typed_transaction(self._db)

    def _conn(self) -> sqlcipher3.Connection:
        return self._db.conn()

    def _one(self, sql: str, params: Sequence[object] = ()) -> Any:
        """The first row of a query, or None."""
        return self._conn().execute(sql, params).fetchone()

    def _all(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        rows: list[Any] = self._conn().execute(sql, params).fetchall()
        return rows

    def _blob(self, sql: str, key: object) -> bytes | None:
        row = self._one(sql, (key,))
        return None if row is None else bytes(row[0])

    def _count(self, sql: str, key: object) -> int:
        (count,) = self._one(sql, (key,))
        return int(count)

    def _update(self, table: str, column: str, value: object, key_column: str, key: object) -> None:
        """UPDATE one row's column (names are ours, never input); NotFound if no such row."""
        cur = self._conn().execute(
            f"UPDATE {table} SET {column} = ? WHERE {key_column} = ?", (value, key)
        )
        if cur.rowcount != 1:
            raise NotFound(f"no row {key!r} in {table}")

    @staticmethod
    def _delete_message(conn: sqlcipher3.Connection, message_id: int) -> None:
        """Delete one message and its attachment (reactions and outbox rows go by cascade)."""
        row = conn.execute(
            "DELETE FROM messages WHERE id = ? RETURNING attachment_id", (message_id,)
        ).fetchone()
        if row is not None and row[0] is not None:
            conn.execute("DELETE FROM attachments WHERE id = ?", (row[0],))


def page_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_PAGE:
        raise ValueError(f"limit must be 1..{MAX_PAGE}")
    return limit


class _TypedErrors:
    """Re-raises a sqlcipher3 error leaving the block as its typed StoreError, the original
    chained. Stateless, so one instance serves every call on every thread."""

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # One from a nested call is typed already and passes as it is.
        if isinstance(exc, sqlcipher3.Error):
            raise typed_error(exc) from exc


_typed_errors = _TypedErrors()


def _with_typed_errors(method: Callable[..., Any]) -> Callable[..., Any]:
    """`method` inside `_typed_errors`; a generator (read_attachment) stays one, guarded as it
    runs."""
    if inspect.isgeneratorfunction(method):

        @functools.wraps(method)
        def generator(*args: Any, **kwargs: Any) -> Any:
            with _typed_errors:
                return (yield from method(*args, **kwargs))

        return generator

    @functools.wraps(method)
    def call(self: StoreBase, *args: Any, **kwargs: Any) -> Any:
        # counted, so that lock() does not close a connection under a query (Database.close)
        usage = self._db.usage()
        usage.calls += 1
        try:  # not `with _typed_errors`: a try costs nothing until it catches (the insert path)
            return method(self, *args, **kwargs)
        except sqlcipher3.Error as exc:
            raise typed_error(exc) from exc
        finally:
            usage.calls -= 1

    return call


@contextmanager
def _typed_transaction(db: Database) -> Iterator[sqlcipher3.Connection]:
    with _typed_errors, db.transaction() as conn:
        yield conn
