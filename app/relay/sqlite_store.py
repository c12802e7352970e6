"""`RelayStore` on SQLite: the embedded default (WAL, synchronous=FULL, secure_delete=ON)."""

from __future__ import annotations

import secrets
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from app.relay.inventory import read_inventory
from app.relay.sqlite_schema import SCHEMA_VERSION, migrate
from app.relay.storage import (
    BlobConflict,
    BlobInfo,
    Expired,
    KemQuotaExceeded,
    QuotaExceeded,
    StaleRevision,
    StoredEnvelope,
    Table,
)
from app.wire import KEM_ONE_TIME_PREKEYS_MAX, KemPreKey, PreKeyBundleData, SignedPreKey

__all__ = ["SCHEMA_VERSION", "SqliteRelayStore"]


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
            migrate(self._db)

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
        identity_key: bytes | None = None,
        kem_prekeys: Sequence[KemPreKey] = (),
        kem_limit: int = KEM_ONE_TIME_PREKEYS_MAX,
    ) -> None:
        with self._transaction() as db:
            if signed_prekey is not None:
                db.execute(
                    "INSERT OR REPLACE INTO signed_prekeys VALUES (?, ?, ?, ?, ?)",
                    (
                        mailbox,
                        signed_prekey.key_id,
                        signed_prekey.public_key,
                        signed_prekey.signature,
                        identity_key,
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
            for kem in kem_prekeys:  # in order: of several last-resort ones, the last one wins
                table = "last_resort_kem_prekeys" if kem.last_resort else "one_time_kem_prekeys"
                db.execute(
                    f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?, ?)",
                    (mailbox, kem.key_id, kem.public_key, kem.signature),
                )
            if self._kem_count(db, mailbox) > kem_limit:
                raise KemQuotaExceeded  # rolls the whole publish back

    @staticmethod
    def _kem_count(db: sqlite3.Connection, mailbox: bytes) -> int:
        (count,) = db.execute(
            "SELECT count(*) FROM one_time_kem_prekeys WHERE mailbox = ?", (mailbox,)
        ).fetchone()
        return int(count)

    def prekey_count(self, mailbox: bytes) -> int:
        with self._lock:
            (count,) = self._db.execute(
                "SELECT count(*) FROM one_time_prekeys WHERE mailbox = ?", (mailbox,)
            ).fetchone()
        return int(count)

    def kem_prekey_count(self, mailbox: bytes) -> int:
        with self._lock:
            return self._kem_count(self._db, mailbox)

    def claim_bundle(self, mailbox: bytes) -> PreKeyBundleData | None:
        with self._transaction() as db:
            signed = db.execute(
                "SELECT key_id, public_key, signature, identity_key FROM signed_prekeys"
                " WHERE mailbox = ?",
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
            kem = db.execute(
                "DELETE FROM one_time_kem_prekeys WHERE mailbox = ? AND key_id = ("
                " SELECT min(key_id) FROM one_time_kem_prekeys WHERE mailbox = ?)"
                " RETURNING key_id, public_key, signature, 0",
                (mailbox, mailbox),
            ).fetchone()
            if kem is None:  # no one-time KEM prekey left: the last-resort one, which stays
                kem = db.execute(
                    "SELECT key_id, public_key, signature, 1 FROM last_resort_kem_prekeys"
                    " WHERE mailbox = ?",
                    (mailbox,),
                ).fetchone()
        return PreKeyBundleData(
            identity_key=mailbox if signed[3] is None else bytes(signed[3]),
            signed_prekey_id=signed[0],
            signed_prekey=signed[1],
            signed_prekey_signature=signed[2],
            one_time_prekey_id=None if one_time is None else one_time[0],
            one_time_prekey=None if one_time is None else one_time[1],
            kem_prekey=None if kem is None else KemPreKey(kem[0], kem[1], kem[2], bool(kem[3])),
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

    # --- device lists ---------------------------------------------------------------------------
    def publish_device_list(
        self, account: bytes, revision: int, statement: bytes, now: float
    ) -> None:
        with self._transaction() as db:
            row = db.execute(
                "SELECT revision, statement FROM device_lists WHERE account = ?", (account,)
            ).fetchone()
            if row is not None and (row[0], row[1]) == (revision, statement):
                return
            if row is not None and row[0] >= revision:
                raise StaleRevision(int(row[0]))
            db.execute(
                "INSERT OR REPLACE INTO device_lists VALUES (?, ?, ?, ?)",
                (account, revision, statement, now),
            )

    def device_list(self, account: bytes) -> bytes | None:
        with self._lock:
            row = self._db.execute(
                "SELECT statement FROM device_lists WHERE account = ?", (account,)
            ).fetchone()
        return None if row is None else bytes(row[0])

    # --- provisioning ---------------------------------------------------------------------------
    def put_provisioning(
        self, channel: bytes, message: bytes, now: float, expires_at: float
    ) -> bool:
        with self._transaction() as db:
            row = db.execute(
                "SELECT expires_at FROM provisioning WHERE channel = ?", (channel,)
            ).fetchone()
            if row is not None and row[0] > now:
                return False
            db.execute(
                "INSERT OR REPLACE INTO provisioning VALUES (?, ?, ?, ?)",
                (channel, message, len(message), expires_at),
            )
            return True

    def take_provisioning(self, channel: bytes, now: float) -> bytes | None:
        with self._transaction() as db:
            row = db.execute(
                "SELECT message FROM provisioning WHERE channel = ? AND expires_at > ?"
                " AND message IS NOT NULL",
                (channel, now),
            ).fetchone()
            if row is None:
                return None
            db.execute("UPDATE provisioning SET message = NULL WHERE channel = ?", (channel,))
        return bytes(row[0])

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
            links = db.execute("DELETE FROM provisioning WHERE expires_at <= ?", (now,)).rowcount
        return Expired(envelopes, blobs, nonces, keys, links)

    def inventory(self) -> list[Table]:
        with self._lock:
            return read_inventory(lambda sql: self._db.execute(sql).fetchall())

    def close(self) -> None:
        with self._lock:
            self._db.close()
