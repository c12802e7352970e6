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
  so is a one-time KEM prekey, in the same transaction (a claimer that gets none takes the
  mailbox's last-resort KEM prekey, which stays);
- a nonce is recorded with `INSERT ... ON CONFLICT`, so a replay is refused by every process;
- a new envelope sends `NOTIFY bisik_mailbox` with a hash of its mailbox (never the key) inside
  its transaction, delivered on commit to every relay's listener (pg_notifier.py); so does a
  provisioning message, with a hash of its channel's waiter key;
- a device list replaces the stored one only with a higher revision (`ON CONFLICT ... WHERE`), and
  a provisioning message is taken by one `UPDATE ... RETURNING` on a locked row: one reader only.

The schema and its migrations live in pg_schema.py.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from app.relay.inventory import read_inventory
from app.relay.longpoll import NOTIFY_CHANNEL, mailbox_hash, provisioning_waiter
from app.relay.pg_schema import QUOTA_SQLSTATE, SCHEMA_VERSION, migrate
from app.relay.storage import (
    BlobConflict,
    BlobInfo,
    Expired,
    KemQuotaExceeded,
    QuotaExceeded,
    SchemaTooNew,
    StaleRevision,
    StoredEnvelope,
    Table,
)
from app.wire import KEM_ONE_TIME_PREKEYS_MAX, KemPreKey, PreKeyBundleData, SignedPreKey

POOL_SIZE = 8  # for a store of its own; the server sizes it to its threads (backends.py)

__all__ = ["SCHEMA_VERSION", "PgRelayStore", "SchemaTooNew", "migrate"]


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
        identity_key: bytes | None = None,
        kem_prekeys: Sequence[KemPreKey] = (),
        kem_limit: int = KEM_ONE_TIME_PREKEYS_MAX,
    ) -> None:
        with self._pool.connection() as db:
            db.execute("SELECT pg_advisory_xact_lock(%s)", (_mailbox_lock(mailbox),))
            if signed_prekey is not None:
                db.execute(
                    "INSERT INTO signed_prekeys VALUES (%s, %s, %s, %s, %s) ON CONFLICT (mailbox)"
                    " DO UPDATE SET key_id = excluded.key_id, public_key = excluded.public_key,"
                    " signature = excluded.signature,"
                    " identity_key = excluded.identity_key",
                    (
                        mailbox,
                        signed_prekey.key_id,
                        signed_prekey.public_key,
                        signed_prekey.signature,
                        identity_key,
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
            for kem in kem_prekeys:  # in order: of several last-resort ones, the last one wins
                table = "last_resort_kem_prekeys" if kem.last_resort else "one_time_kem_prekeys"
                conflict = "mailbox" if kem.last_resort else "mailbox, key_id"
                db.execute(
                    f"INSERT INTO {table} VALUES (%s, %s, %s, %s) ON CONFLICT ({conflict})"
                    " DO UPDATE SET key_id = excluded.key_id, public_key = excluded.public_key,"
                    " signature = excluded.signature",
                    (mailbox, kem.key_id, kem.public_key, kem.signature),
                )
            if self._count_prekeys(db, mailbox, "one_time_kem_prekeys") > kem_limit:
                raise KemQuotaExceeded  # rolls the whole publish back

    @staticmethod
    def _count_prekeys(
        db: psycopg.Connection[Any], mailbox: bytes, table: str = "one_time_prekeys"
    ) -> int:
        row = db.execute(f"SELECT count(*) FROM {table} WHERE mailbox = %s", (mailbox,)).fetchone()
        return 0 if row is None else int(row[0])

    def prekey_count(self, mailbox: bytes) -> int:
        with self._pool.connection() as db:
            return self._count_prekeys(db, mailbox)

    def kem_prekey_count(self, mailbox: bytes) -> int:
        with self._pool.connection() as db:
            return self._count_prekeys(db, mailbox, "one_time_kem_prekeys")

    def claim_bundle(self, mailbox: bytes) -> PreKeyBundleData | None:
        with self._pool.connection() as db:
            signed = db.execute(
                "SELECT key_id, public_key, signature, identity_key FROM signed_prekeys"
                " WHERE mailbox = %s",
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
            kem = db.execute(
                "DELETE FROM one_time_kem_prekeys WHERE mailbox = %s AND key_id = ("
                " SELECT key_id FROM one_time_kem_prekeys WHERE mailbox = %s"
                " ORDER BY key_id LIMIT 1 FOR UPDATE SKIP LOCKED)"
                " RETURNING key_id, public_key, signature, false",
                (mailbox, mailbox),
            ).fetchone()
            if kem is None:  # no one-time KEM prekey left: the last-resort one, which stays
                kem = db.execute(
                    "SELECT key_id, public_key, signature, true FROM last_resort_kem_prekeys"
                    " WHERE mailbox = %s",
                    (mailbox,),
                ).fetchone()
        return PreKeyBundleData(
            identity_key=mailbox if signed[3] is None else bytes(signed[3]),
            signed_prekey_id=int(signed[0]),
            signed_prekey=bytes(signed[1]),
            signed_prekey_signature=bytes(signed[2]),
            one_time_prekey_id=None if one_time is None else int(one_time[0]),
            one_time_prekey=None if one_time is None else bytes(one_time[1]),
            kem_prekey=None
            if kem is None
            else KemPreKey(int(kem[0]), bytes(kem[1]), bytes(kem[2]), bool(kem[3])),
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

    # --- device lists ---------------------------------------------------------------------------
    def publish_device_list(
        self, account: bytes, revision: int, statement: bytes, now: float
    ) -> None:
        with self._pool.connection() as db:
            stored = db.execute(
                "INSERT INTO device_lists AS d VALUES (%s, %s, %s, %s) ON CONFLICT (account)"
                " DO UPDATE SET revision = excluded.revision, statement = excluded.statement,"
                " published_at = excluded.published_at WHERE d.revision < excluded.revision"
                " RETURNING 1",
                (account, revision, statement, now),
            ).fetchone()
            if stored is not None:
                return
            row = db.execute(
                "SELECT revision, statement FROM device_lists WHERE account = %s", (account,)
            ).fetchone()
        assert row is not None  # rows are never deleted
        if (int(row[0]), bytes(row[1])) != (revision, statement):
            raise StaleRevision(int(row[0]))

    def device_list(self, account: bytes) -> bytes | None:
        with self._pool.connection() as db:
            row = db.execute(
                "SELECT statement FROM device_lists WHERE account = %s", (account,)
            ).fetchone()
        return None if row is None else bytes(row[0])

    # --- provisioning ---------------------------------------------------------------------------
    def put_provisioning(
        self, channel: bytes, message: bytes, now: float, expires_at: float
    ) -> bool:
        with self._pool.connection() as db:
            stored = db.execute(
                "INSERT INTO provisioning AS p VALUES (%s, %s, %s, %s) ON CONFLICT (channel)"
                " DO UPDATE SET message = excluded.message, size = excluded.size,"
                " expires_at = excluded.expires_at WHERE p.expires_at <= %s RETURNING 1",
                (channel, message, len(message), expires_at, now),
            ).fetchone()
            if stored is None:
                return False
            waiter = mailbox_hash(provisioning_waiter(channel))
            db.execute("SELECT pg_notify(%s, %s)", (NOTIFY_CHANNEL, waiter))  # sent on commit
        return True

    def take_provisioning(self, channel: bytes, now: float) -> bytes | None:
        with self._pool.connection() as db:
            row = db.execute(
                "WITH held AS (SELECT channel, message FROM provisioning WHERE channel = %s"
                " AND expires_at > %s AND message IS NOT NULL FOR UPDATE)"
                " UPDATE provisioning p SET message = NULL FROM held"
                " WHERE p.channel = held.channel RETURNING held.message",
                (channel, now),
            ).fetchone()
        return None if row is None else bytes(row[0])

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
            links = delete("DELETE FROM provisioning WHERE expires_at <= %s")
        return Expired(envelopes, blobs, nonces, keys, links)

    def inventory(self) -> list[Table]:
        with self._pool.connection() as db:
            db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")  # one snapshot
            return read_inventory(lambda sql: db.execute(sql).fetchall())

    def close(self) -> None:
        self._pool.close()
