"""`--db`: a path or `sqlite:///path` keeps the embedded SQLite store; `postgresql://…` (or
`postgres://…`) selects PgRelayStore. psycopg is imported only for a PostgreSQL URL."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from app.relay.config import WOKEN_POLL_THREADS
from app.relay.longpoll import LocalNotifier, Notifier, Waiters
from app.relay.storage import RelayStore

POSTGRES_STORAGE_THREADS = 8  # the pool is thread-safe; SQLite keeps its one thread


class BadDatabaseUrl(ValueError):
    """`--db` is neither a path nor a sqlite:/// or postgresql:// URL."""


@dataclass(frozen=True)
class Database:
    kind: Literal["sqlite", "postgresql"]
    target: str  # the SQLite path, or the PostgreSQL URL (scheme postgresql://)

    @property
    def storage_threads(self) -> int:
        return POSTGRES_STORAGE_THREADS if self.kind == "postgresql" else 1

    def __str__(self) -> str:
        return redacted(self.target) if self.kind == "postgresql" else self.target


def parse_db(db: str) -> Database:
    if not db.strip():
        raise BadDatabaseUrl("--db is empty")
    if "://" not in db:
        return Database("sqlite", db)
    scheme = db.split("://", 1)[0].lower()
    if scheme == "sqlite":
        if not db.startswith("sqlite:///") or len(db) == len("sqlite:///"):
            raise BadDatabaseUrl("a SQLite URL is sqlite:///absolute/path")
        return Database("sqlite", db.removeprefix("sqlite://"))
    if scheme in ("postgresql", "postgres"):
        return Database("postgresql", "postgresql://" + db.split("://", 1)[1])
    raise BadDatabaseUrl(
        f"unknown database URL scheme {scheme!r}: give a path, sqlite:///path or postgresql://…"
    )


def redacted(url: str) -> str:
    """The URL with any password replaced by ***, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def open_store(db: str | Database) -> RelayStore:
    """The store `--db` names (its schema created or migrated on the way)."""
    database = db if isinstance(db, Database) else parse_db(db)
    if database.kind == "postgresql":
        from app.relay.pg_store import PgRelayStore

        return PgRelayStore(database.target, POSTGRES_STORAGE_THREADS + WOKEN_POLL_THREADS)
    from app.relay.sqlite_store import SqliteRelayStore

    return SqliteRelayStore(database.target)


def notifier_for(db: str | Database) -> Callable[[Waiters], Notifier]:
    """How the app built on `--db` wakes long-polls: LISTEN/NOTIFY on PostgreSQL, else locally."""
    database = db if isinstance(db, Database) else parse_db(db)
    if database.kind == "postgresql":
        from app.relay.pg_notifier import PgNotifier

        return functools.partial(PgNotifier, database.target)
    return LocalNotifier
