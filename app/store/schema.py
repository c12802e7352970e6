"""The database schema and its migrations, versioned by `PRAGMA user_version`.

As qutebrowser's misc/sql.py does, user_version packs a major and a minor number: a minor step is
additive (an older Bisik can still open the database), a major step is not (an older Bisik
refuses it as ProfileFromNewerVersion). A new database is built by replaying every migration from
an empty one, so the path an old profile takes is the path every profile took.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlcipher3

from app.store.accounts import migrate_to_key_ids


@dataclass(frozen=True, order=True)
class UserVersion:
    """A schema version as stored in `PRAGMA user_version`: major in the high 16 bits."""

    major: int
    minor: int

    @classmethod
    def from_int(cls, value: int) -> UserVersion:
        return cls(value >> 16, value & 0xFFFF)

    def to_int(self) -> int:
        return (self.major << 16) | self.minor

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


EMPTY = UserVersion(0, 0)

_SCHEMA_1_0 = """
CREATE TABLE own (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    account_id TEXT NOT NULL,
    identity_seed BLOB NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    relay_url TEXT NOT NULL DEFAULT '',
    next_prekey_id INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE prekeys (id INTEGER PRIMARY KEY, record BLOB NOT NULL);
CREATE TABLE signed_prekeys (
    id INTEGER PRIMARY KEY,
    record BLOB NOT NULL,
    created_at REAL NOT NULL
);
CREATE TABLE sessions (peer TEXT PRIMARY KEY, record BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE contacts (
    account_id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL DEFAULT '',
    identity_key BLOB,
    trust TEXT NOT NULL DEFAULT 'unverified'
        CHECK (trust IN ('unverified', 'verified', 'changed')),
    blocked BOOLEAN NOT NULL DEFAULT 0,
    accepted BOOLEAN NOT NULL DEFAULT 0,
    relay_url TEXT NOT NULL DEFAULT '',
    mailbox BLOB
) WITHOUT ROWID;
CREATE TABLE conversations (
    id INTEGER PRIMARY KEY,
    contact_id TEXT NOT NULL UNIQUE REFERENCES contacts (account_id),
    disappearing_seconds INTEGER NOT NULL DEFAULT 0,
    muted BOOLEAN NOT NULL DEFAULT 0,
    archived BOOLEAN NOT NULL DEFAULT 0
);
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    transferred INTEGER NOT NULL DEFAULT 0,
    complete BOOLEAN NOT NULL DEFAULT 0,
    remote_ref BLOB
);
CREATE TABLE attachment_chunks (
    attachment_id INTEGER NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (attachment_id, seq)
);
CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    sender TEXT NOT NULL,
    sent_at REAL NOT NULL,
    received_at REAL,
    body TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'text',
    status TEXT NOT NULL
        CHECK (status IN ('pending', 'sent', 'delivered', 'read', 'failed')),
    reply_to INTEGER,
    edited BOOLEAN NOT NULL DEFAULT 0,
    deleted BOOLEAN NOT NULL DEFAULT 0,
    expires_at REAL,
    unread BOOLEAN NOT NULL DEFAULT 0,
    attachment_id INTEGER REFERENCES attachments (id) ON DELETE SET NULL,
    remote_id TEXT UNIQUE
);
CREATE INDEX messages_by_conversation ON messages (conversation_id, id);
CREATE INDEX messages_unread ON messages (conversation_id) WHERE unread;
CREATE INDEX messages_expiring ON messages (expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    message_id INTEGER REFERENCES messages (id) ON DELETE CASCADE,
    recipient TEXT NOT NULL,
    payload BLOB NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL
);
CREATE INDEX outbox_due ON outbox (next_attempt_at);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    body, content = 'messages', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.body != '' BEGIN
    INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.body != '' BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body)
        SELECT 'delete', old.id, old.body WHERE old.body != '';
    INSERT INTO messages_fts (rowid, body) SELECT new.id, new.body WHERE new.body != '';
END;
"""

# 1.1: reactions; FTS5 secure-delete, so that a deleted or expired message's words leave the
# index at once instead of lingering in old segments until a merge.
_SCHEMA_1_1 = """
CREATE TABLE reactions (
    message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    sender TEXT NOT NULL,
    emoji TEXT NOT NULL,
    PRIMARY KEY (message_id, sender)
) WITHOUT ROWID;
INSERT INTO messages_fts (messages_fts, rank) VALUES ('secure-delete', 1);
"""


# 2.0 (protocol v2, not additive: a v1 Bisik must not open it): account ids are hashes of identity
# keys, re-derived by a Python step (app/store/accounts.py); the own v1 id becomes the device id;
# a contact can hold a key change signed by its old key, waiting for the user's click.
_SCHEMA_2_0 = """
ALTER TABLE own ADD COLUMN device_id TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN pending_key BLOB;
ALTER TABLE contacts ADD COLUMN pending_relay_url TEXT NOT NULL DEFAULT '';
"""


# 3.0 (groups, not additive: a conversation may now have a group instead of a contact, which an
# older Bisik cannot show): a group's current state and the revisions it came through (kept for
# the agreed order, docs/groups.md), its members, per-member receipts of our group messages, and
# contacts known only from a group. `conversations` is rebuilt (SQLite's documented twelve steps;
# `migrate` turns foreign keys off around the transaction and checks them before the commit) so
# that a conversation has exactly one of a contact or a group.
_SCHEMA_3_0 = """
CREATE TABLE groups (
    group_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    revision INTEGER NOT NULL,
    is_member BOOLEAN NOT NULL DEFAULT 1
) WITHOUT ROWID;
CREATE TABLE group_states (
    group_id TEXT NOT NULL REFERENCES groups (group_id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    state_hash BLOB NOT NULL,
    record BLOB NOT NULL,
    PRIMARY KEY (group_id, revision)
) WITHOUT ROWID;
CREATE TABLE group_members (
    group_id TEXT NOT NULL REFERENCES groups (group_id) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    display_name TEXT NOT NULL,
    is_admin BOOLEAN NOT NULL,
    PRIMARY KEY (group_id, account_id)
) WITHOUT ROWID;
CREATE INDEX group_members_by_account ON group_members (account_id);
CREATE TABLE group_receipts (
    message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    member TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('delivered', 'read')),
    PRIMARY KEY (message_id, member)
) WITHOUT ROWID;
ALTER TABLE contacts ADD COLUMN group_only BOOLEAN NOT NULL DEFAULT 0;
CREATE TABLE conversations_new (
    id INTEGER PRIMARY KEY,
    contact_id TEXT UNIQUE REFERENCES contacts (account_id),
    group_id TEXT UNIQUE REFERENCES groups (group_id),
    disappearing_seconds INTEGER NOT NULL DEFAULT 0,
    muted BOOLEAN NOT NULL DEFAULT 0,
    archived BOOLEAN NOT NULL DEFAULT 0,
    CHECK ((contact_id IS NULL) != (group_id IS NULL))
);
INSERT INTO conversations_new (id, contact_id, disappearing_seconds, muted, archived)
    SELECT id, contact_id, disappearing_seconds, muted, archived FROM conversations;
DROP TABLE conversations;
ALTER TABLE conversations_new RENAME TO conversations;
"""

# 4.0 (linked devices, docs/devices.md; not additive: a linked device's profile must never be
# opened by a Bisik that would take IK as its mailbox and poll, or ack, the first device's):
# this device's own mailbox seed when it is a linked one (NULL: the first device, whose mailbox is
# IK) and when it was linked; the account's newest verified device list statement and its revision
# (the floor a fetched list must reach); each contact's newest verified device list, its revision
# and when it was fetched. Sessions stay in `sessions`, keyed per device (app/session/peers.py):
# the peer string of a first device is the account id, as before, so existing sessions stay.
_SCHEMA_4_0 = """
ALTER TABLE own ADD COLUMN mailbox_seed BLOB;
ALTER TABLE own ADD COLUMN linked_at REAL;
ALTER TABLE own ADD COLUMN device_list BLOB;
ALTER TABLE own ADD COLUMN device_list_revision INTEGER NOT NULL DEFAULT 0;
CREATE TABLE contact_devices (
    account_id TEXT PRIMARY KEY,
    revision INTEGER NOT NULL,
    statement BLOB NOT NULL,
    fetched_at REAL NOT NULL
) WITHOUT ROWID;
"""

# 4.1 (PQXDH, additive): ML-KEM-768 prekeys, one-time and last-resort (app/session/prekeys.py),
# and the prekey id counter in a row of its own, away from the identity seed (see
# `next_prekey_id`; `own.next_prekey_id` stays only as its starting value).
_SCHEMA_4_1 = """
CREATE TABLE prekey_counter (id INTEGER PRIMARY KEY CHECK (id = 1), next_id INTEGER NOT NULL);
CREATE TABLE kem_prekeys (
    id INTEGER PRIMARY KEY,
    record BLOB NOT NULL,
    last_resort BOOLEAN NOT NULL,
    created_at REAL NOT NULL
);
"""


def statements(sql: str) -> list[str]:
    """A script's statements, to run one by one (executescript would commit our transaction)."""
    found: list[str] = []
    current = ""
    for line in sql.strip().splitlines(keepends=True):
        current += line
        if sqlcipher3.complete_statement(current):
            found.append(current.strip())
            current = ""
    if current.strip():
        raise ValueError(f"incomplete SQL statement: {current!r}")
    return found


Step = Callable[[sqlcipher3.Connection], None]

# Each step upgrades from the version before it: its SQL, then (if any) a Python step for what
# SQL cannot compute. The last target is the current version.
MIGRATIONS: tuple[tuple[UserVersion, str, Step | None], ...] = (
    (UserVersion(1, 0), _SCHEMA_1_0, None),
    (UserVersion(1, 1), _SCHEMA_1_1, None),
    (UserVersion(2, 0), _SCHEMA_2_0, migrate_to_key_ids),
    (UserVersion(3, 0), _SCHEMA_3_0, None),
    (UserVersion(4, 0), _SCHEMA_4_0, None),
    (UserVersion(4, 1), _SCHEMA_4_1, None),
)
CURRENT = MIGRATIONS[-1][0]


def read_version(conn: sqlcipher3.Connection) -> UserVersion:
    (value,) = conn.execute("PRAGMA user_version").fetchone()
    return UserVersion.from_int(int(value))


def migrate(conn: sqlcipher3.Connection, upto: UserVersion = CURRENT) -> UserVersion:
    """Apply every step newer than the database's version, up to `upto`, in one transaction.

    The caller checks the major version first; this only moves forward. Foreign keys are off
    while the steps run (a table rebuild must not cascade its DROP, and the pragma only takes
    effect outside a transaction); `PRAGMA foreign_key_check` runs before the commit instead.
    """
    start = read_version(conn)
    steps = [step for step in MIGRATIONS if start < step[0] <= upto]
    if not steps:
        return start
    (enforced,) = conn.execute("PRAGMA foreign_keys").fetchone()
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for target, script, python_step in steps:
                for statement in statements(script):
                    conn.execute(statement)
                if python_step is not None:
                    python_step(conn)
                conn.execute(f"PRAGMA user_version = {target.to_int()}")
            broken = conn.execute("PRAGMA foreign_key_check").fetchone()
            if broken is not None:
                raise sqlcipher3.IntegrityError(f"a migration broke a reference in {broken[0]}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if enforced else 'OFF'}")
    return steps[-1][0]
