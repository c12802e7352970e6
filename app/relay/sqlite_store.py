"""`RelayStore` on SQLite: the embedded default (WAL, synchronous=FULL, secure_delete=ON)."""

from __future__ import annotations

import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.relay.inventory import read_inventory
from app.relay.storage import (
    BlobConflict,
    BlobInfo,
    Expired,
    QuotaExceeded,
    StoredEnvelope,
    Table,
)
from app.wire import PreKeyBundleData, SignedPreKey

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS envelopes (
    seq INTEGER PRIMARY KEY,
    envelope_id TEXT NOT NULL UNIQUE,
    mailbox BLOB NOT NULL,
    envelope BLOB NOT NULL,
    received_at REAL NOT NULL,
    expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS envelopes_by_mailbox ON envelopes (mailbox, seq);
CREATE INDEX IF NOT EXISTS envelopes_by_expiry ON envelopes (expires_at);
CREATE TABLE IF NOT EXISTS idempotency_keys (
    mailbox BLOB NOT NULL,
    key TEXT NOT NULL,
    envelope_id TEXT NOT NULL,
    expires_at REAL NOT NULL,
    PRIMARY KEY (mailbox, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS signed_prekeys (
    mailbox BLOB PRIMARY KEY,
    key_id INTEGER NOT NULL,
    public_key BLOB NOT NULL,
    signature BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS one_time_prekeys (
    mailbox BLOB NOT NULL,
    key_id INTEGER NOT NULL,
    public_key BLOB NOT NULL,
    PRIMARY KEY (mailbox, key_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS nonces (
    mailbox BLOB NOT NULL,
    nonce TEXT NOT NULL,
    expires_at REAL NOT NULL,
    PRIMARY KEY (mailbox, nonce)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nonces_by_expiry ON nonces (expires_at);
CREATE TABLE IF NOT EXISTS blobs (
    blob_id TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    received INTEGER NOT NULL,
    token_hash BLOB NOT NULL,
    expires_at REAL NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS blob_chunks (
    blob_id TEXT NOT NULL,
    offset INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (blob_id, offset)
);
"""


class SqliteRelayStore:
    """One SQLite database file (or ":memory:"); safe to call from any thread, one at a time."""

    def __init__(self, path: Path | str) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = FULL")
        self._db.execute("PRAGMA secure_delete = ON")
        self._db.execute("PRAGMA foreign_keys = ON")
        self._db.execute("PRAGMA busy_timeout = 5000")
        with self._lock:
            self._db.executescript(SCHEMA)
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # --- envelopes ------------------------------------------------------------------------------
    def put_envelope(
        self,
        mailbox: bytes,
        envelope: bytes,
        idempotency_key: str | None,
        now: float,
        expires_at: float,
        quota: int,
    ) -> str:
        with self._transaction() as db:
            if idempotency_key is not None:
                row = db.execute(
                    "SELECT envelope_id FROM idempotency_keys"
                    " WHERE mailbox = ? AND key = ? AND expires_at > ?",
                    (mailbox, idempotency_key, now),
                ).fetchone()
                if row is not None:
                    return str(row[0])
            (held,) = db.execute(
                "SELECT count(*) FROM envelopes WHERE mailbox = ? AND expires_at > ?",
                (mailbox, now),
            ).fetchone()
            if held >= quota:
                raise QuotaExceeded
            envelope_id = secrets.token_hex(16)
            db.execute(
                "INSERT INTO envelopes (envelope_id, mailbox, envelope, received_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (envelope_id, mailbox, envelope, now, expires_at),
            )
            if idempotency_key is not None:
                db.execute(
                    "INSERT OR REPLACE INTO idempotency_keys VALUES (?, ?, ?, ?)",
                    (mailbox, idempotency_key, envelope_id, expires_at),
                )
            return envelope_id

    def fetch_envelopes(self, mailbox: bytes, limit: int, now: float) -> list[StoredEnvelope]:
        with self._lock:
            rows = self._db.execute(
                "SELECT envelope_id, envelope, received_at FROM envelopes"
                " WHERE mailbox = ? AND expires_at > ? ORDER BY seq LIMIT ?",
                (mailbox, now, limit),
            ).fetchall()
        return [StoredEnvelope(row[0], row[1], row[2]) for row in rows]

    def ack(self, mailbox: bytes, envelope_ids: list[str]) -> int:
        with self._transaction() as db:
            deleted = db.executemany(
                "DELETE FROM envelopes WHERE mailbox = ? AND envelope_id = ?",
                [(mailbox, envelope_id) for envelope_id in envelope_ids],
            )
            return deleted.rowcount

    # --- prekeys --------------------------------------------------------------------------------
    def publish_prekeys(
        self,
        mailbox: bytes,
        signed_prekey: SignedPreKey | None,
        one_time: list[tuple[int, bytes]],
        limit: int,
    ) -> None:
        with self._transaction() as db:
            if signed_prekey is not None:
                db.execute(
                    "INSERT OR REPLACE INTO signed_prekeys VALUES (?, ?, ?, ?)",
                    (
                        mailbox,
                        signed_prekey.key_id,
                        signed_prekey.public_key,
                        signed_prekey.signature,
                    ),
                )
            db.executemany(
                "INSERT OR REPLACE INTO one_time_prekeys VALUES (?, ?, ?)",
                [(mailbox, key_id, public_key) for key_id, public_key in one_time],
            )
            (held,) = db.execute(
                "SELECT count(*) FROM one_time_prekeys WHERE mailbox = ?", (mailbox,)
            ).fetchone()
            if held > limit:
                raise QuotaExceeded  # rolls the whole publish back

    def prekey_count(self, mailbox: bytes) -> int:
        with self._lock:
            (count,) = self._db.execute(
                "SELECT count(*) FROM one_time_prekeys WHERE mailbox = ?", (mailbox,)
            ).fetchone()
        return int(count)

    def claim_bundle(self, mailbox: bytes) -> PreKeyBundleData | None:
        with self._transaction() as db:
            signed = db.execute(
                "SELECT key_id, public_key, signature FROM signed_prekeys WHERE mailbox = ?",
                (mailbox,),
            ).fetchone()
            if signed is None:
                return None
            one_time = db.execute(
                "DELETE FROM one_time_prekeys WHERE mailbox = ? AND key_id = ("
                " SELECT min(key_id) FROM one_time_prekeys WHERE mailbox = ?)"
                " RETURNING key_id, public_key",
                (mailbox, mailbox),
            ).fetchone()
        return PreKeyBundleData(
            identity_key=mailbox,
            signed_prekey_id=signed[0],
            signed_prekey=signed[1],
            signed_prekey_signature=signed[2],
            one_time_prekey_id=None if one_time is None else one_time[0],
            one_time_prekey=None if one_time is None else one_time[1],
        )

    # --- replay protection ----------------------------------------------------------------------
    def nonce_seen(self, mailbox: bytes, nonce: str, now: float, expires_at: float) -> bool:
        with self._transaction() as db:
            row = db.execute(
                "SELECT expires_at FROM nonces WHERE mailbox = ? AND nonce = ?", (mailbox, nonce)
            ).fetchone()
            if row is not None and row[0] > now:
                return True
            db.execute(
                "INSERT OR REPLACE INTO nonces VALUES (?, ?, ?)", (mailbox, nonce, expires_at)
            )
            return False

    # --- blobs ----------------------------------------------------------------------------------
    def create_blob(self, blob_id: str, size: int, token_hash: bytes, expires_at: float) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO blobs VALUES (?, ?, 0, ?, ?)", (blob_id, size, token_hash, expires_at)
            )

    def blob_info(self, blob_id: str, now: float) -> BlobInfo | None:
        with self._lock:
            row = self._db.execute(
                "SELECT size, received, token_hash, expires_at FROM blobs"
                " WHERE blob_id = ? AND expires_at > ?",
                (blob_id, now),
            ).fetchone()
        return None if row is None else BlobInfo(row[0], row[1], row[2], row[3])

    def append_blob(self, blob_id: str, offset: int, data: bytes) -> int:
        with self._transaction() as db:
            row = db.execute(
                "SELECT size, received FROM blobs WHERE blob_id = ?", (blob_id,)
            ).fetchone()
            if row is None:
                raise BlobConflict(0)
            size, received = row
            if offset != received or received + len(data) > size:
                raise BlobConflict(received)
            db.execute("INSERT INTO blob_chunks VALUES (?, ?, ?)", (blob_id, offset, data))
            received += len(data)
            db.execute("UPDATE blobs SET received = ? WHERE blob_id = ?", (received, blob_id))
            return int(received)

    def read_blob(self, blob_id: str, start: int, end: int) -> bytes:
        with self._lock:
            rows = self._db.execute(
                "SELECT offset, data FROM blob_chunks WHERE blob_id = ?"
                " AND offset < ? AND offset + length(data) > ? ORDER BY offset",
                (blob_id, end, start),
            ).fetchall()
        return b"".join(data[max(start - offset, 0) : end - offset] for offset, data in rows)

    def delete_blob(self, blob_id: str) -> bool:
        with self._transaction() as db:
            db.execute("DELETE FROM blob_chunks WHERE blob_id = ?", (blob_id,))
            return db.execute("DELETE FROM blobs WHERE blob_id = ?", (blob_id,)).rowcount > 0

    # --- housekeeping ---------------------------------------------------------------------------
    def expire(self, now: float) -> Expired:
        with self._transaction() as db:
            envelopes = db.execute("DELETE FROM envelopes WHERE expires_at <= ?", (now,)).rowcount
            db.execute(
                "DELETE FROM blob_chunks WHERE blob_id IN"
                " (SELECT blob_id FROM blobs WHERE expires_at <= ?)",
                (now,),
            )
            blobs = db.execute("DELETE FROM blobs WHERE expires_at <= ?", (now,)).rowcount
            nonces = db.execute("DELETE FROM nonces WHERE expires_at <= ?", (now,)).rowcount
            keys = db.execute("DELETE FROM idempotency_keys WHERE expires_at <= ?", (now,)).rowcount
        return Expired(envelopes, blobs, nonces, keys)

    def inventory(self) -> list[Table]:
        with self._lock:
            return read_inventory(lambda sql: self._db.execute(sql).fetchall())

    def close(self) -> None:
        with self._lock:
            self._db.close()
