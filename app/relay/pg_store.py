"""`RelayStore` on PostgreSQL, for several stateless relay processes on one database.

psycopg 3 with a thread-safe connection pool: the server may call it from several threads at once.
The relay creates and migrates its own schema (`relay_schema_version`), under an advisory lock so
that processes starting together do not race. The guarantees match SqliteRelayStore:

- sends to one mailbox run one at a time (a transaction-scoped advisory lock on a hash of the
  mailbox), so the quota is exact and an idempotency key is stored once, across processes. A send
  is one call of the function `bisik_put_envelope` (schema 2): lock, key, quota, insert and
  NOTIFY in one round trip instead of five. Its statements each take a fresh snapshot (it is
  VOLATILE, under READ COMMITTED), so the count after the lock sees every committed send;
- a one-time prekey is claimed with `DELETE ... (SELECT ... FOR UPDATE SKIP LOCKED)`, so no two
  claimers get the same one (one may get none while the last keys are being claimed by others);
- a nonce is recorded with `INSERT ... ON CONFLICT`, so a replay is refused by every process;
- a new envelope sends `NOTIFY bisik_mailbox` with a hash of its mailbox (never the key) inside
  its transaction, delivered on commit to every relay's listener (pg_notifier.py).
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from app.relay.inventory import read_inventory
from app.relay.longpoll import NOTIFY_CHANNEL, mailbox_hash
from app.relay.storage import (
    BlobConflict,
    BlobInfo,
    Expired,
    QuotaExceeded,
    StoredEnvelope,
    Table,
)
from app.wire import PreKeyBundleData, SignedPreKey

SCHEMA_VERSION = 2
POOL_SIZE = 8  # for a store of its own; the server sizes it to its threads (backends.py)
SCHEMA_LOCK = 0x6269_7369_6B00_0001  # "bisik" 00 01: the advisory lock of schema changes

QUOTA_SQLSTATE = "BQ001"  # what bisik_put_envelope raises for a full mailbox

# A later version appends its statements to MIGRATIONS under its number.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE IF NOT EXISTS envelopes (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            envelope_id TEXT NOT NULL UNIQUE,
            mailbox BYTEA NOT NULL,
            envelope BYTEA NOT NULL,
            received_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS envelopes_by_mailbox ON envelopes (mailbox, seq)",
        "CREATE INDEX IF NOT EXISTS envelopes_by_expiry ON envelopes (expires_at)",
        """CREATE TABLE IF NOT EXISTS idempotency_keys (
            mailbox BYTEA NOT NULL,
            key TEXT NOT NULL,
            envelope_id TEXT NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (mailbox, key))""",
        """CREATE TABLE IF NOT EXISTS signed_prekeys (
            mailbox BYTEA PRIMARY KEY,
            key_id BIGINT NOT NULL,
            public_key BYTEA NOT NULL,
            signature BYTEA NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS one_time_prekeys (
            mailbox BYTEA NOT NULL,
            key_id BIGINT NOT NULL,
            public_key BYTEA NOT NULL,
            PRIMARY KEY (mailbox, key_id))""",
        """CREATE TABLE IF NOT EXISTS nonces (
            mailbox BYTEA NOT NULL,
            nonce TEXT NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (mailbox, nonce))""",
        "CREATE INDEX IF NOT EXISTS nonces_by_expiry ON nonces (expires_at)",
        """CREATE TABLE IF NOT EXISTS blobs (
            blob_id TEXT PRIMARY KEY,
            size BIGINT NOT NULL,
            received BIGINT NOT NULL,
            token_hash BYTEA NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS blob_chunks (
            blob_id TEXT NOT NULL,
            "offset" BIGINT NOT NULL,
            data BYTEA NOT NULL,
            PRIMARY KEY (blob_id, "offset"))""",
    ],
    2: [
        f"""CREATE OR REPLACE FUNCTION bisik_put_envelope(
            p_lock BIGINT, p_mailbox BYTEA, p_envelope BYTEA, p_key TEXT, p_id TEXT,
            p_now DOUBLE PRECISION, p_expires DOUBLE PRECISION, p_quota BIGINT,
            p_channel TEXT, p_hash TEXT) RETURNS TEXT
        LANGUAGE plpgsql VOLATILE AS $$
        DECLARE
            stored TEXT;
            held BIGINT;
        BEGIN
            PERFORM pg_advisory_xact_lock(p_lock);
            IF p_key IS NOT NULL THEN
                -- A new key, or one whose earlier send has expired, takes this send's id.
                INSERT INTO idempotency_keys AS k VALUES (p_mailbox, p_key, p_id, p_expires)
                    ON CONFLICT (mailbox, key) DO UPDATE SET envelope_id = excluded.envelope_id,
                    expires_at = excluded.expires_at WHERE k.expires_at <= p_now
                    RETURNING envelope_id INTO stored;
                IF stored IS NULL THEN  -- a known, unexpired key: the earlier send's id
                    SELECT envelope_id INTO stored FROM idempotency_keys
                        WHERE mailbox = p_mailbox AND key = p_key;
                    RETURN stored;
                END IF;
            END IF;
            SELECT count(*) INTO held FROM envelopes
                WHERE mailbox = p_mailbox AND expires_at > p_now;
            IF held >= p_quota THEN  -- the exception rolls the idempotency key back too
                RAISE EXCEPTION 'mailbox full' USING ERRCODE = '{QUOTA_SQLSTATE}';
            END IF;
            INSERT INTO envelopes (envelope_id, mailbox, envelope, received_at, expires_at)
                VALUES (p_id, p_mailbox, p_envelope, p_now, p_expires);
            PERFORM pg_notify(p_channel, p_hash);
            RETURN p_id;
        END $$""",
    ],
}


class SchemaTooNew(Exception):
    """The database was migrated by a newer relay than this one."""


def migrate(conn: psycopg.Connection[Any]) -> int:
    """Bring the schema to SCHEMA_VERSION in one transaction; return the version found before."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS relay_schema_version (version INTEGER NOT NULL)")
        row = conn.execute("SELECT max(version) FROM relay_schema_version").fetchone()
        found = int(row[0]) if row is not None and row[0] is not None else 0
        if found > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"the database has schema {found}; this relay knows {SCHEMA_VERSION}"
            )
        for version in range(found + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
        if found < SCHEMA_VERSION:
            conn.execute("DELETE FROM relay_schema_version")
            conn.execute("INSERT INTO relay_schema_version VALUES (%s)", (SCHEMA_VERSION,))
    return found


def _mailbox_lock(mailbox: bytes) -> int:
    """A signed 64-bit advisory lock key for one mailbox."""
    digest = hashlib.sha256(b"bisik mailbox lock\0" + mailbox).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class PgRelayStore:
    """One PostgreSQL database; safe to call from many threads and many processes at once."""

    def __init__(self, url: str, pool_size: int = POOL_SIZE) -> None:
        with psycopg.connect(url, connect_timeout=10) as conn:  # fails fast with a clear error
            migrate(conn)
        self._pool = ConnectionPool(
            url, min_size=1, max_size=pool_size, open=False, kwargs={"connect_timeout": 10}
        )
        self._pool.open(wait=True, timeout=30)

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
        arguments = (
            _mailbox_lock(mailbox),
            mailbox,
            envelope,
            idempotency_key,
            secrets.token_hex(16),
            now,
            expires_at,
            quota,
            NOTIFY_CHANNEL,
            mailbox_hash(mailbox),
        )
        try:
            with self._pool.connection() as db:
                row = db.execute(
                    "SELECT bisik_put_envelope(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", arguments
                ).fetchone()
        except psycopg.Error as error:
            if error.sqlstate == QUOTA_SQLSTATE:
                raise QuotaExceeded from None
            raise
        assert row is not None
        return str(row[0])

    def fetch_envelopes(self, mailbox: bytes, limit: int, now: float) -> list[StoredEnvelope]:
        with self._pool.connection() as db:
            rows = db.execute(
                "SELECT envelope_id, envelope, received_at FROM envelopes"
                " WHERE mailbox = %s AND expires_at > %s ORDER BY seq LIMIT %s",
                (mailbox, now, limit),
            ).fetchall()
        return [StoredEnvelope(row[0], bytes(row[1]), row[2]) for row in rows]

    def ack(self, mailbox: bytes, envelope_ids: list[str]) -> int:
        with self._pool.connection() as db:
            deleted = db.execute(
                "DELETE FROM envelopes WHERE mailbox = %s AND envelope_id = ANY(%s)",
                (mailbox, envelope_ids),
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
        with self._pool.connection() as db:
            db.execute("SELECT pg_advisory_xact_lock(%s)", (_mailbox_lock(mailbox),))
            if signed_prekey is not None:
                db.execute(
                    "INSERT INTO signed_prekeys VALUES (%s, %s, %s, %s) ON CONFLICT (mailbox)"
                    " DO UPDATE SET key_id = excluded.key_id, public_key = excluded.public_key,"
                    " signature = excluded.signature",
                    (
                        mailbox,
                        signed_prekey.key_id,
                        signed_prekey.public_key,
                        signed_prekey.signature,
                    ),
                )
            with db.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO one_time_prekeys VALUES (%s, %s, %s) ON CONFLICT (mailbox, key_id)"
                    " DO UPDATE SET public_key = excluded.public_key",
                    [(mailbox, key_id, public_key) for key_id, public_key in one_time],
                )
            if self._count_prekeys(db, mailbox) > limit:
                raise QuotaExceeded  # rolls the whole publish back

    @staticmethod
    def _count_prekeys(db: psycopg.Connection[Any], mailbox: bytes) -> int:
        row = db.execute(
            "SELECT count(*) FROM one_time_prekeys WHERE mailbox = %s", (mailbox,)
        ).fetchone()
        return 0 if row is None else int(row[0])

    def prekey_count(self, mailbox: bytes) -> int:
        with self._pool.connection() as db:
            return self._count_prekeys(db, mailbox)

    def claim_bundle(self, mailbox: bytes) -> PreKeyBundleData | None:
        with self._pool.connection() as db:
            signed = db.execute(
                "SELECT key_id, public_key, signature FROM signed_prekeys WHERE mailbox = %s",
                (mailbox,),
            ).fetchone()
            if signed is None:
                return None
            one_time = db.execute(
                "DELETE FROM one_time_prekeys WHERE mailbox = %s AND key_id = ("
                " SELECT key_id FROM one_time_prekeys WHERE mailbox = %s"
                " ORDER BY key_id LIMIT 1 FOR UPDATE SKIP LOCKED)"
                " RETURNING key_id, public_key",
                (mailbox, mailbox),
            ).fetchone()
        return PreKeyBundleData(
            identity_key=mailbox,
            signed_prekey_id=int(signed[0]),
            signed_prekey=bytes(signed[1]),
            signed_prekey_signature=bytes(signed[2]),
            one_time_prekey_id=None if one_time is None else int(one_time[0]),
            one_time_prekey=None if one_time is None else bytes(one_time[1]),
        )

    # --- replay protection ----------------------------------------------------------------------
    def nonce_seen(self, mailbox: bytes, nonce: str, now: float, expires_at: float) -> bool:
        with self._pool.connection() as db:
            recorded = db.execute(
                "INSERT INTO nonces AS n VALUES (%s, %s, %s) ON CONFLICT (mailbox, nonce)"
                " DO UPDATE SET expires_at = excluded.expires_at WHERE n.expires_at <= %s"
                " RETURNING 1",
                (mailbox, nonce, expires_at, now),
            ).fetchone()
        return recorded is None  # nothing written: an unexpired record of it was there

    # --- blobs ----------------------------------------------------------------------------------
    def create_blob(self, blob_id: str, size: int, token_hash: bytes, expires_at: float) -> None:
        with self._pool.connection() as db:
            db.execute(
                "INSERT INTO blobs VALUES (%s, %s, 0, %s, %s)",
                (blob_id, size, token_hash, expires_at),
            )

    def blob_info(self, blob_id: str, now: float) -> BlobInfo | None:
        with self._pool.connection() as db:
            row = db.execute(
                "SELECT size, received, token_hash, expires_at FROM blobs"
                " WHERE blob_id = %s AND expires_at > %s",
                (blob_id, now),
            ).fetchone()
        return None if row is None else BlobInfo(int(row[0]), int(row[1]), bytes(row[2]), row[3])

    def append_blob(self, blob_id: str, offset: int, data: bytes) -> int:
        with self._pool.connection() as db:
            row = db.execute(
                "SELECT size, received FROM blobs WHERE blob_id = %s FOR UPDATE", (blob_id,)
            ).fetchone()
            if row is None:
                raise BlobConflict(0)
            size, received = int(row[0]), int(row[1])
            if offset != received or received + len(data) > size:
                raise BlobConflict(received)
            db.execute("INSERT INTO blob_chunks VALUES (%s, %s, %s)", (blob_id, offset, data))
            received += len(data)
            db.execute("UPDATE blobs SET received = %s WHERE blob_id = %s", (received, blob_id))
            return received

    def read_blob(self, blob_id: str, start: int, end: int) -> bytes:
        with self._pool.connection() as db:
            rows = db.execute(
                'SELECT "offset", data FROM blob_chunks WHERE blob_id = %s'
                ' AND "offset" < %s AND "offset" + length(data) > %s ORDER BY "offset"',
                (blob_id, end, start),
            ).fetchall()
        return b"".join(bytes(data)[max(start - offset, 0) : end - offset] for offset, data in rows)

    def delete_blob(self, blob_id: str) -> bool:
        with self._pool.connection() as db:
            db.execute("DELETE FROM blob_chunks WHERE blob_id = %s", (blob_id,))
            return db.execute("DELETE FROM blobs WHERE blob_id = %s", (blob_id,)).rowcount > 0

    # --- housekeeping ---------------------------------------------------------------------------
    def expire(self, now: float) -> Expired:
        with self._pool.connection() as db:

            def delete(sql: str) -> int:
                return db.execute(sql, (now,)).rowcount

            envelopes = delete("DELETE FROM envelopes WHERE expires_at <= %s")
            delete(
                "DELETE FROM blob_chunks WHERE blob_id IN"
                " (SELECT blob_id FROM blobs WHERE expires_at <= %s)"
            )
            blobs = delete("DELETE FROM blobs WHERE expires_at <= %s")
            nonces = delete("DELETE FROM nonces WHERE expires_at <= %s")
            keys = delete("DELETE FROM idempotency_keys WHERE expires_at <= %s")
        return Expired(envelopes, blobs, nonces, keys)

    def inventory(self) -> list[Table]:
        with self._pool.connection() as db:
            db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")  # one snapshot
            return read_inventory(lambda sql: db.execute(sql).fetchall())

    def close(self) -> None:
        self._pool.close()
