"""The SQLite relay store's schema and its migrations (`PRAGMA user_version` is the version).

Version 1: envelopes, idempotency keys, prekeys, nonces, blobs. Version 2 adds linked devices'
tables: `device_lists` (each account's newest signed list) and `provisioning` (one message per
channel while a device is being linked). Version 3 adds `signed_prekeys.identity_key`: the
account key a linked device's signed prekey is signed by (NULL: the mailbox key itself).
Version 4 adds PQXDH's ML-KEM-768 prekeys: `one_time_kem_prekeys` (each handed out once) and
`last_resort_kem_prekeys` (one per mailbox, handed out when no one-time one is left).
A later version appends its statements to MIGRATIONS.
"""

from __future__ import annotations

import sqlite3

from app.relay.storage import SchemaTooNew

SCHEMA_VERSION = 4

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

# Each version's statements, applied in one transaction to a database of an older version.
MIGRATIONS: dict[int, str] = {
    1: SCHEMA,
    2: """
CREATE TABLE IF NOT EXISTS device_lists (
    account BLOB PRIMARY KEY,
    revision INTEGER NOT NULL,
    statement BLOB NOT NULL,
    published_at REAL NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS provisioning (
    channel BLOB PRIMARY KEY,
    message BLOB,
    size INTEGER NOT NULL,
    expires_at REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS provisioning_by_expiry ON provisioning (expires_at);
""",
    3: """
ALTER TABLE signed_prekeys ADD COLUMN identity_key BLOB;
""",
    4: """
CREATE TABLE IF NOT EXISTS one_time_kem_prekeys (
    mailbox BLOB NOT NULL,
    key_id INTEGER NOT NULL,
    public_key BLOB NOT NULL,
    signature BLOB NOT NULL,
    PRIMARY KEY (mailbox, key_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS last_resort_kem_prekeys (
    mailbox BLOB PRIMARY KEY,
    key_id INTEGER NOT NULL,
    public_key BLOB NOT NULL,
    signature BLOB NOT NULL
) WITHOUT ROWID;
""",
}


def migrate(db: sqlite3.Connection) -> int:
    """Bring the schema to SCHEMA_VERSION in one transaction (what an older relay stored stays);
    return the version found. SchemaTooNew (the connection closed) for a newer database."""
    (found,) = db.execute("PRAGMA user_version").fetchone()
    if found > SCHEMA_VERSION:
        db.close()
        raise SchemaTooNew(f"the database has schema {found}; this relay knows {SCHEMA_VERSION}")
    if found == SCHEMA_VERSION:
        return int(found)
    steps = "".join(MIGRATIONS[version] for version in range(found + 1, SCHEMA_VERSION + 1))
    try:
        db.executescript(f"BEGIN IMMEDIATE;{steps}PRAGMA user_version = {SCHEMA_VERSION};COMMIT;")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    return int(found)
