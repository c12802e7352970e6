"""Moving an account id through the tables: the v1 -> v2 migration (ids become hashes of keys)
and an accepted key change (a contact's account moves to its new key's id).

An account id is stored in seven places: the contact row, its conversation, its sessions, its
messages' sender and "sender:uuid" remote ids, its reactions and its queued envelopes. One function
renames all of them, so the migration and a key change cannot drift apart.
"""

from __future__ import annotations

import sqlcipher3

from app import session

# Where an account id is stored; the own account appears only as a sender.
_CONTACT_COLUMNS = (
    ("contacts", "account_id"),
    ("conversations", "contact_id"),
    ("sessions", "peer"),
    ("outbox", "recipient"),
)
_SENDER_COLUMNS = (("messages", "sender"), ("reactions", "sender"))


def rename_account(conn: sqlcipher3.Connection, old: str, new: str) -> None:
    """Rename contact account `old` to `new` everywhere (the caller holds a transaction)."""
    # The contact's primary key and its conversation's reference change in one transaction.
    conn.execute("PRAGMA defer_foreign_keys = ON")
    _rename(conn, old, new, _CONTACT_COLUMNS + _SENDER_COLUMNS)


def _rename(
    conn: sqlcipher3.Connection, old: str, new: str, columns: tuple[tuple[str, str], ...]
) -> None:
    for table, column in columns:
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (new, old))
    conn.execute(
        "UPDATE messages SET remote_id = ? || substr(remote_id, ?)"
        " WHERE substr(remote_id, 1, ?) = ?",
        (new, len(old) + 1, len(old) + 1, old + ":"),
    )


def migrate_to_key_ids(conn: sqlcipher3.Connection) -> None:
    """Schema 2.0: the own account id and every contact's are re-derived from identity keys; the
    own v1 id, random, lives on as this device's id. A contact without a usable key, or whose key
    another contact already took (a v1 impostor), keeps its v1 id: nothing can reach it by that
    id any more, and it is shown so that the user can delete it or add the person again."""
    own = conn.execute("SELECT account_id, identity_seed FROM own").fetchone()
    if own is not None:
        old_id, seed = own
        new_id = session.account_id(session.identity_public_key(bytes(seed)))
        device_id = old_id if len(old_id) == 32 else session.new_device_id()
        conn.execute("UPDATE own SET device_id = ?, account_id = ?", (device_id, new_id))
        _rename(conn, old_id, new_id, _SENDER_COLUMNS)
    keyed = conn.execute(
        "SELECT account_id, identity_key FROM contacts WHERE identity_key IS NOT NULL"
    ).fetchall()
    for old_id, identity_key in keyed:
        try:
            new_id = session.account_id(bytes(identity_key))
        except session.InvalidMessage:
            continue
        taken = conn.execute("SELECT 1 FROM contacts WHERE account_id = ?", (new_id,)).fetchone()
        if taken is None:
            rename_account(conn, old_id, new_id)
