"""The PostgreSQL relay store's schema, versioned in `relay_schema_version` and migrated by the
relay itself under an advisory lock, so that relays starting together do not race.

Version 1: the tables; 2: `bisik_put_envelope`, a send in one round trip (see pg_store.py);
3: linked devices' `device_lists` and `provisioning`; 4: `signed_prekeys.identity_key` (the
account key a linked device's signed prekey is signed by; NULL: the mailbox key); 5: PQXDH's
ML-KEM-768 prekeys, `one_time_kem_prekeys` and `last_resort_kem_prekeys`. A later version
appends its statements to MIGRATIONS under its number.
"""

from __future__ import annotations

from typing import Any

import psycopg

from app.relay.storage import SchemaTooNew

SCHEMA_VERSION = 5
SCHEMA_LOCK = 0x6269_7369_6B00_0001  # "bisik" 00 01: the advisory lock of schema changes

QUOTA_SQLSTATE = "BQ001"  # what bisik_put_envelope raises for a full mailbox

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
    3: [  # linked devices: each account's newest signed list; provisioning channels
        """CREATE TABLE IF NOT EXISTS device_lists (
            account BYTEA PRIMARY KEY,
            revision BIGINT NOT NULL,
            statement BYTEA NOT NULL,
            published_at DOUBLE PRECISION NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS provisioning (
            channel BYTEA PRIMARY KEY,
            message BYTEA,
            size INTEGER NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS provisioning_by_expiry ON provisioning (expires_at)",
    ],
    4: ["ALTER TABLE signed_prekeys ADD COLUMN IF NOT EXISTS identity_key BYTEA"],
    5: [  # PQXDH: ML-KEM-768 prekeys, one-time ones and each mailbox's last-resort one
        """CREATE TABLE IF NOT EXISTS one_time_kem_prekeys (
            mailbox BYTEA NOT NULL,
            key_id BIGINT NOT NULL,
            public_key BYTEA NOT NULL,
            signature BYTEA NOT NULL,
            PRIMARY KEY (mailbox, key_id))""",
        """CREATE TABLE IF NOT EXISTS last_resort_kem_prekeys (
            mailbox BYTEA PRIMARY KEY,
            key_id BIGINT NOT NULL,
            public_key BYTEA NOT NULL,
            signature BYTEA NOT NULL)""",
    ],
}


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
