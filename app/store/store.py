"""`Store`: one unlocked profile. Opening, locking and rekeying, and every table's API.

The store implements the session layer's `ProtocolStores` (app/session/stores.py) and gives the
service layer contacts, conversations, messages, outbox, attachments and settings. Every method
runs on the calling thread's own connection (see app/store/database.py) and, unless it is inside
`transaction()`, commits on its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import sqlcipher3

from app import session
from app.crypto.secret import wipe_in_place
from app.session.stores import ProtocolStores, TrustState
from app.store import remember
from app.store.accounts import rename_account
from app.store.database import Database, connect, open_verified
from app.store.errors import (
    CorruptProfile,
    NotAProfile,
    NotFound,
    ProfileExists,
    StoreError,
    WrongPassphrase,
)
from app.store.profile import (
    DATABASE_FILE,
    LOCK_FILE,
    PROFILE_FILE,
    FolderLock,
    KdfParams,
    KeySlot,
    ProfileFile,
    read_profile_file,
    write_profile_file,
)
from app.store.records import (
    MESSAGE_COLUMNS,
    Attachment,
    Contact,
    Conversation,
    Direction,
    Message,
    OutboxEntry,
    SearchHit,
    Status,
    to_messages,
)
from app.store.schema import migrate

CHUNK_BYTES = 256 * 1024  # attachment bytes per row: the most ever held in memory at once
MAX_PAGE = 500
MAX_QUERY_TERMS = 16
_ABOVE_ANY_ID = (1 << 63) - 1  # SQLite's largest rowid: "before it" means "all"

_CONTACT_COLUMNS = (
    "account_id, display_name, identity_key, trust, blocked, accepted, relay_url, mailbox,"
    " pending_key, pending_relay_url"
)
_OUTBOX_COLUMNS = "id, message_id, recipient, payload, idempotency_key, attempts, next_attempt_at"
_ATTACHMENT_COLUMNS = "id, name, mime_type, size, transferred, complete, remote_ref"
# A conversation with its unread count and last message in one query (the list is one query,
# not three per conversation); the last message is all NULL when there is none.
_CONVERSATION_SELECT = (
    "SELECT c.id, c.contact_id, c.disappearing_seconds, c.muted, c.archived,"
    " (SELECT count(*) FROM messages u WHERE u.conversation_id = c.id AND u.unread), "
    + ", ".join(f"m.{column}" for column in Message._fields)
    + " FROM conversations c LEFT JOIN messages m"
    " ON m.id = (SELECT max(id) FROM messages l WHERE l.conversation_id = c.id)"
)
_CONVERSATION_FIELDS = 6  # the columns before the last message's


class Store:
    """An unlocked profile. Make one with `Store.create` or `Store.open`; end it with `lock()`."""

    def __init__(self, folder: Path, profile: ProfileFile, db: Database, lock: FolderLock) -> None:
        self._folder = folder
        self._profile = profile
        self._db = db
        self._lock = lock
        self._seed: bytes | None = None  # the identity seed, read once; lock() wipes it

    def __repr__(self) -> str:
        return f"<Store {self._folder}>"

    # --- opening, locking, passphrase ------------------------------------------------------------

    @classmethod
    def create(cls, folder: Path, passphrase: str, *, kdf: KdfParams | None = None) -> Store:
        """Make a new, empty profile in `folder` (created if missing; must hold no profile).

        `kdf` exists for tests (KdfParams.interactive()); the product always uses the default.
        """
        folder.mkdir(parents=True, exist_ok=True)
        if (folder / PROFILE_FILE).exists() or (folder / DATABASE_FILE).exists():
            raise ProfileExists(f"{folder} already holds a profile")
        slot, key = KeySlot.create(passphrase, kdf or KdfParams.moderate())
        profile = ProfileFile(os.urandom(16).hex(), slot)
        (folder / LOCK_FILE).touch()
        with _holding_lock(folder) as lock:
            conn = connect(folder / DATABASE_FILE, key)
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                migrate(conn)
            finally:
                conn.close()
            write_profile_file(folder, profile)
            return cls(folder, profile, Database(folder / DATABASE_FILE, key), lock)

    @classmethod
    def open(cls, folder: Path, passphrase: str) -> Store:
        """Unlock the profile in `folder`: one Argon2id run, then the database opens.

        Raises NotAProfile, CorruptProfile, ProfileFromNewerVersion, ProfileInUse or
        WrongPassphrase, each before anything in the folder is written.
        """
        profile = _read_profile(folder)
        with _holding_lock(folder) as lock:  # before Argon2id: a busy profile fails fast
            keys = [(slot, slot.derive_key(passphrase)) for slot in profile.slots()]
            accepted = [(slot, key) for slot, key in keys if slot.accepts(key)]
            if not accepted:
                raise WrongPassphrase("wrong passphrase")
            return cls._open_with(folder, profile, accepted, lock)

    @classmethod
    def open_remembered(cls, folder: Path) -> Store | None:
        """Unlock with the key remembered on this device, or None if none is remembered."""
        profile = _read_profile(folder)
        key = remember.recall(profile.profile_id)
        if key is None:
            return None
        accepted = [(slot, key) for slot in profile.slots() if slot.accepts(key)]
        if not accepted:
            return None  # a stale entry from before a passphrase change elsewhere
        with _holding_lock(folder) as lock:
            return cls._open_with(folder, profile, accepted, lock)

    @classmethod
    def _open_with(
        cls,
        folder: Path,
        profile: ProfileFile,
        accepted: list[tuple[KeySlot, bytearray]],
        lock: FolderLock,
    ) -> Store:
        path = folder / DATABASE_FILE
        for slot, key in accepted:
            try:
                conn = open_verified(path, key)
            except CorruptProfile:
                if profile.pending is None:
                    raise
                continue  # a passphrase change was interrupted; the database has the other key
            try:
                migrate(conn)
            finally:
                conn.close()
            if profile.pending is not None:
                profile = ProfileFile(profile.profile_id, slot)
                write_profile_file(folder, profile)
            return cls(folder, profile, Database(path, key), lock)
        raise WrongPassphrase("a passphrase change was interrupted; the other passphrase opens it")

    def lock(self) -> None:
        """Close every connection, wipe the key and the seed, release the folder. It is done."""
        self._db.close()
        if self._seed is not None:
            wipe_in_place(self._seed)  # ours (sqlcipher3 made it for own_identity_seed)
            self._seed = None
        self._lock.release()

    def change_passphrase(self, old: str, new: str, *, kdf: KdfParams | None = None) -> None:
        """Re-encrypt the database under a key from `new` (fresh salt); crash-safe.

        profile.json first records the new slot as pending, then the database is rekeyed in one
        SQLCipher transaction, then the new slot replaces the old: after a crash at any point,
        the passphrase whose key the database has opens it.
        """
        if not self._profile.key.accepts(self._profile.key.derive_key(old)):
            raise WrongPassphrase("wrong passphrase")
        slot, key = KeySlot.create(new, kdf or self._profile.key.kdf)
        write_profile_file(
            self._folder, ProfileFile(self._profile.profile_id, self._profile.key, slot)
        )
        self._db.rekey(key)
        self._profile = ProfileFile(self._profile.profile_id, slot)
        write_profile_file(self._folder, self._profile)
        if remember.recall(self._profile.profile_id) is not None:
            remember.store(self._profile.profile_id, key)

    def remember_on_device(self, enabled: bool) -> None:
        """Keep the key in the OS keyring so the profile opens without a passphrase (opt-in)."""
        if enabled:
            key = self._db.key()
            remember.store(self._profile.profile_id, key)
        else:
            remember.forget(self._profile.profile_id)

    def is_remembered(self) -> bool:
        return remember.recall(self._profile.profile_id) is not None

    def transaction(self) -> AbstractContextManager[sqlcipher3.Connection]:
        """`with store.transaction():` groups calls atomically; nests; rolls back on exception."""
        return self._db.transaction()

    # --- ProtocolStores: identity ----------------------------------------------------------------

    def set_own_identity(self, identity_seed: bytes, device_id: str) -> None:
        """Record this device's identity once, when the profile is set up; the account id is
        derived from the key (protocol v2)."""
        account_id = session.account_id(session.identity_public_key(identity_seed))
        self._conn().execute(
            "INSERT INTO own (id, account_id, identity_seed, device_id) VALUES (1, ?, ?, ?)",
            (account_id, identity_seed, device_id),
        )

    def has_own_identity(self) -> bool:
        return self._one("SELECT 1 FROM own") is not None

    def own_identity_seed(self) -> bytes:
        """The seed: the same object each time (its one copy; callers keep no other), wiped in
        place by lock(). Core reads it first, before any other thread runs (no lock here)."""
        if self._seed is None:
            self._seed = self._own("identity_seed")
        return self._seed

    def own_account_id(self) -> str:
        account: str = self._own("account_id")
        return account

    def own_device_id(self) -> str:
        device: str = self._own("device_id")
        return device

    def peer_identity(self, peer: str) -> tuple[bytes, TrustState] | None:
        row = self._one("SELECT identity_key, trust FROM contacts WHERE account_id = ?", (peer,))
        if row is None or row[0] is None:
            return None
        return row[0], TrustState(row[1])

    def save_peer_identity(self, peer: str, identity_key: bytes, trust: TrustState) -> None:
        self._conn().execute(
            "INSERT INTO contacts (account_id, identity_key, trust) VALUES (?, ?, ?)"
            " ON CONFLICT (account_id) DO UPDATE"
            " SET identity_key = excluded.identity_key, trust = excluded.trust",
            (peer, identity_key, trust.value),
        )

    # --- ProtocolStores: prekeys, signed prekeys, sessions -------------------------------------

    def load_prekey(self, prekey_id: int) -> bytes | None:
        return self._blob("SELECT record FROM prekeys WHERE id = ?", prekey_id)

    def store_prekey(self, prekey_id: int, record: bytes) -> None:
        self._conn().execute(
            "INSERT OR REPLACE INTO prekeys (id, record) VALUES (?, ?)", (prekey_id, record)
        )

    def remove_prekey(self, prekey_id: int) -> None:
        self._conn().execute("DELETE FROM prekeys WHERE id = ?", (prekey_id,))

    def next_prekey_id(self) -> int:
        """Hands out increasing u32 ids; the counter lives in the own row, so it needs one."""
        row = self._one(
            "UPDATE own SET next_prekey_id = next_prekey_id + 1 RETURNING next_prekey_id - 1"
        )
        if row is None:
            raise NotFound("the profile has no identity yet")
        value: int = row[0]
        if value > 0xFFFFFFFF:
            raise StoreError("prekey ids exhausted")
        return value

    def load_signed_prekey(self, signed_prekey_id: int) -> bytes | None:
        return self._blob("SELECT record FROM signed_prekeys WHERE id = ?", signed_prekey_id)

    def store_signed_prekey(self, signed_prekey_id: int, record: bytes, created_at: float) -> None:
        self._conn().execute(
            "INSERT OR REPLACE INTO signed_prekeys (id, record, created_at) VALUES (?, ?, ?)",
            (signed_prekey_id, record, created_at),
        )

    def remove_signed_prekey(self, signed_prekey_id: int) -> None:
        self._conn().execute("DELETE FROM signed_prekeys WHERE id = ?", (signed_prekey_id,))

    def list_signed_prekeys(self) -> list[tuple[int, float]]:
        rows = self._all("SELECT id, created_at FROM signed_prekeys ORDER BY created_at, id")
        return [(row[0], row[1]) for row in rows]

    def load_session(self, peer: str) -> bytes | None:
        return self._blob("SELECT record FROM sessions WHERE peer = ?", peer)

    def store_session(self, peer: str, record: bytes) -> None:
        self._conn().execute(
            "INSERT OR REPLACE INTO sessions (peer, record) VALUES (?, ?)", (peer, record)
        )

    def delete_session(self, peer: str) -> None:
        self._conn().execute("DELETE FROM sessions WHERE peer = ?", (peer,))

    # --- own profile ---------------------------------------------------------------------------

    def own_display_name(self) -> str:
        name: str = self._own("display_name")
        return name

    def set_own_display_name(self, name: str) -> None:
        self._set_own("display_name", name)

    def relay_url(self) -> str:
        url: str = self._own("relay_url")
        return url

    def set_relay_url(self, url: str) -> None:
        self._set_own("relay_url", url)

    # --- contacts ------------------------------------------------------------------------------

    def add_contact(
        self,
        account_id: str,
        display_name: str,
        *,
        identity_key: bytes | None = None,
        relay_url: str = "",
        mailbox: bytes | None = None,
        accepted: bool = True,
    ) -> Contact:
        """Insert a contact, or update its name, relay, mailbox and accepted flag.

        An identity key is recorded only if none is known yet: replacing a known key is a trust
        decision, made through `save_peer_identity`.
        """
        self._conn().execute(
            "INSERT INTO contacts (account_id, display_name, identity_key, trust, blocked,"
            " accepted, relay_url, mailbox) VALUES (?, ?, ?, 'unverified', 0, ?, ?, ?)"
            " ON CONFLICT (account_id) DO UPDATE SET display_name = excluded.display_name,"
            " identity_key = coalesce(identity_key, excluded.identity_key),"
            " accepted = excluded.accepted, relay_url = excluded.relay_url,"
            " mailbox = excluded.mailbox",
            (account_id, display_name, identity_key, accepted, relay_url, mailbox),
        )
        return self.contact(account_id)

    def find_contact(self, account_id: str) -> Contact | None:
        row = self._one(
            f"SELECT {_CONTACT_COLUMNS} FROM contacts WHERE account_id = ?", (account_id,)
        )
        return None if row is None else _contact(row)

    def contact(self, account_id: str) -> Contact:
        found = self.find_contact(account_id)
        if found is None:
            raise NotFound(f"no contact {account_id}")
        return found

    def contacts(self) -> list[Contact]:
        rows = self._all(
            f"SELECT {_CONTACT_COLUMNS} FROM contacts ORDER BY display_name, account_id"
        )
        return [_contact(row) for row in rows]

    def set_contact_name(self, account_id: str, display_name: str) -> None:
        self._update("contacts", "display_name", display_name, "account_id", account_id)

    def set_blocked(self, account_id: str, blocked: bool) -> None:
        self._update("contacts", "blocked", blocked, "account_id", account_id)

    def set_accepted(self, account_id: str, accepted: bool) -> None:
        self._update("contacts", "accepted", accepted, "account_id", account_id)

    def set_trust(self, account_id: str, trust: TrustState) -> None:
        self._update("contacts", "trust", trust.value, "account_id", account_id)

    def set_pending_key(self, account_id: str, identity_key: bytes | None, relay_url: str) -> None:
        """Hold (or with None drop) a key change the contact's old key signed."""
        self._conn().execute(
            "UPDATE contacts SET pending_key = ?, pending_relay_url = ? WHERE account_id = ?",
            (identity_key, relay_url if identity_key else "", account_id),
        )

    def move_contact(self, account_id: str, new_key: bytes, relay_url: str) -> Contact:
        """The contact's account moves to `new_key` (an accepted key change): its conversation,
        messages and trust stay; its sessions with the old key go (they can never be used)."""
        new_id = session.account_id(new_key)
        with self.transaction() as conn:
            if self.find_contact(new_id) is not None:
                raise StoreError("the new key is already a contact or a message request")
            conn.execute("DELETE FROM sessions WHERE peer = ?", (account_id,))
            rename_account(conn, account_id, new_id)
            conn.execute(
                "UPDATE contacts SET identity_key = ?, mailbox = ?, relay_url = ?,"
                " pending_key = NULL, pending_relay_url = '' WHERE account_id = ?",
                (new_key, new_key, relay_url, new_id),
            )
        return self.contact(new_id)

    def delete_contact(self, account_id: str) -> None:
        """Forget a contact (a message request the user deleted): its conversation, messages,
        attachments, sessions and queued envelopes go with it."""
        with self.transaction() as conn:
            conversation = conn.execute(
                "SELECT id FROM conversations WHERE contact_id = ?", (account_id,)
            ).fetchone()
            if conversation is not None:
                ids = conn.execute(
                    "SELECT id FROM messages WHERE conversation_id = ?", conversation
                ).fetchall()
                self.delete_messages(row[0] for row in ids)
                conn.execute("DELETE FROM conversations WHERE id = ?", conversation)
            conn.execute("DELETE FROM outbox WHERE recipient = ?", (account_id,))
            conn.execute("DELETE FROM sessions WHERE peer = ?", (account_id,))
            conn.execute("DELETE FROM contacts WHERE account_id = ?", (account_id,))

    def pending_request_count(self) -> int:
        """Message requests waiting for the user (strangers neither accepted nor blocked)."""
        (count,) = self._one("SELECT count(*) FROM contacts WHERE NOT accepted AND NOT blocked")
        return int(count)

    # --- conversations -------------------------------------------------------------------------

    def conversation_for_contact(self, contact_id: str) -> Conversation:
        """The contact's conversation (one per contact in v1), made on first use."""
        with self.transaction() as conn:
            self.contact(contact_id)
            conn.execute(
                "INSERT INTO conversations (contact_id) VALUES (?) ON CONFLICT DO NOTHING",
                (contact_id,),
            )
            (conversation_id,) = conn.execute(
                "SELECT id FROM conversations WHERE contact_id = ?", (contact_id,)
            ).fetchone()
        return self.conversation(conversation_id)

    def find_conversation_for_contact(self, contact_id: str) -> int | None:
        """The id of the contact's conversation, or None; unlike conversation_for_contact, it
        makes none."""
        row = self._one("SELECT id FROM conversations WHERE contact_id = ?", (contact_id,))
        return None if row is None else int(row[0])

    def conversation(self, conversation_id: int) -> Conversation:
        row = self._one(f"{_CONVERSATION_SELECT} WHERE c.id = ?", (conversation_id,))
        if row is None:
            raise NotFound(f"no conversation {conversation_id}")
        return _conversation(row)

    def conversations(self) -> list[Conversation]:
        """Every conversation, the most recently active first."""
        rows = self._all(f"{_CONVERSATION_SELECT} ORDER BY m.id DESC NULLS LAST, c.id DESC")
        return list(map(_conversation, rows))

    def set_disappearing(self, conversation_id: int, seconds: int) -> None:
        if seconds < 0:
            raise ValueError("seconds must be >= 0")
        self._update("conversations", "disappearing_seconds", seconds, "id", conversation_id)

    def set_muted(self, conversation_id: int, muted: bool) -> None:
        self._update("conversations", "muted", muted, "id", conversation_id)

    def set_archived(self, conversation_id: int, archived: bool) -> None:
        self._update("conversations", "archived", archived, "id", conversation_id)

    # --- messages ------------------------------------------------------------------------------

    def add_message(
        self,
        conversation_id: int,
        direction: Direction,
        sender: str,
        body: str,
        sent_at: float,
        *,
        received_at: float | None = None,
        kind: str = "text",
        status: Status = "sent",
        reply_to: int | None = None,
        expires_at: float | None = None,
        message_uuid: str | None = None,
        attachment_id: int | None = None,
    ) -> int | None:
        """Store a message and return its local id, or None if it is a redelivery.

        `message_uuid` is the sender's id for the message; (sender, uuid) is unique, which is
        how a message the relay delivers twice is stored once. Incoming messages start unread.
        """
        remote_id = None if message_uuid is None else f"{sender}:{message_uuid}"
        cur = self._conn().execute(
            "INSERT INTO messages (conversation_id, direction, sender, sent_at, received_at,"
            " body, kind, status, reply_to, expires_at, unread, attachment_id, remote_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (remote_id) DO NOTHING",
            (
                conversation_id,
                direction,
                sender,
                sent_at,
                received_at,
                body,
                kind,
                status,
                reply_to,
                expires_at,
                direction == "in",
                attachment_id,
                remote_id,
            ),
        )
        return cur.lastrowid if cur.rowcount == 1 else None

    def message(self, message_id: int) -> Message:
        row = self._one(f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = ?", (message_id,))
        if row is None:
            raise NotFound(f"no message {message_id}")
        return Message._make(row)

    def find_remote_message(self, sender: str, message_uuid: str) -> Message | None:
        """The message `sender` calls `message_uuid` (for receipts, edits, reactions)."""
        row = self._one(
            f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE remote_id = ?",
            (f"{sender}:{message_uuid}",),
        )
        return None if row is None else Message._make(row)

    def messages_before(
        self, conversation_id: int, before_id: int | None = None, limit: int = 50
    ) -> list[Message]:
        """Newest first: the messages older than `before_id` (None = the newest page)."""
        cur = self._conn().execute(
            f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND id < ?"
            " ORDER BY id DESC LIMIT ?",
            (
                conversation_id,
                _ABOVE_ANY_ID if before_id is None else before_id,
                _page_limit(limit),
            ),
        )
        return to_messages(cur.fetchall())

    def messages_after(self, conversation_id: int, after_id: int, limit: int = 50) -> list[Message]:
        """Oldest first: the messages newer than `after_id`."""
        cur = self._conn().execute(
            f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND id > ?"
            " ORDER BY id LIMIT ?",
            (conversation_id, after_id, _page_limit(limit)),
        )
        return to_messages(cur.fetchall())

    def message_count(self, conversation_id: int) -> int:
        return self._count(
            "SELECT count(*) FROM messages WHERE conversation_id = ?", conversation_id
        )

    def message_count_from(self, account_id: str) -> int:
        """Messages in the conversation with `account_id` (0 if it has none yet)."""
        return self._count(
            "SELECT count(*) FROM messages m JOIN conversations c ON m.conversation_id = c.id"
            " WHERE c.contact_id = ?",
            account_id,
        )

    def unread_count(self, conversation_id: int) -> int:
        return self._count(
            "SELECT count(*) FROM messages WHERE conversation_id = ? AND unread", conversation_id
        )

    def total_unread(self) -> int:
        (count,) = self._one("SELECT count(*) FROM messages WHERE unread")
        return int(count)

    def mark_read(self, conversation_id: int, up_to_id: int | None = None) -> list[Message]:
        """Mark incoming messages read (all, or up to `up_to_id`); returns the ones it changed.

        The service sends read receipts for exactly the returned messages.
        """
        cur = self._conn().execute(
            f"UPDATE messages SET unread = 0 WHERE conversation_id = ? AND unread AND id <= ?"
            f" RETURNING {MESSAGE_COLUMNS}",
            (conversation_id, _ABOVE_ANY_ID if up_to_id is None else up_to_id),
        )
        return sorted(to_messages(cur.fetchall()))

    def set_status(self, message_id: int, status: Status) -> None:
        self._update("messages", "status", status, "id", message_id)

    def edit_message(self, message_id: int, body: str) -> None:
        """Replace the body (the search index follows) and mark the message edited."""
        self._update_message("body = ?, edited = 1", body, message_id)

    def delete_for_everyone(self, message_id: int) -> None:
        """Keep a 'message deleted' placeholder: body and attachment gone, words unindexed."""
        with self.transaction() as conn:
            attachment_id = self.message(message_id).attachment_id
            self._update_message("body = '', deleted = 1, attachment_id = NULL", None, message_id)
            if attachment_id is not None:
                conn.execute("DELETE FROM attachments WHERE id = ?", (attachment_id,))

    def delete_messages(self, message_ids: Iterable[int]) -> None:
        """Remove messages from this device entirely (with their attachments and reactions)."""
        with self.transaction() as conn:
            for message_id in message_ids:
                self._delete_message(conn, message_id)

    def set_expiry(self, message_id: int, expires_at: float | None) -> None:
        self._update("messages", "expires_at", expires_at, "id", message_id)

    def expire_messages(self, now: float) -> list[tuple[int, int]]:
        """Delete every message whose expires_at <= now; (conversation id, message id) each."""
        with self.transaction() as conn:
            rows = conn.execute(
                "SELECT conversation_id, id FROM messages"
                " WHERE expires_at IS NOT NULL AND expires_at <= ? ORDER BY id",
                (now,),
            ).fetchall()
            for _, message_id in rows:
                self._delete_message(conn, message_id)
        return [(row[0], row[1]) for row in rows]

    def next_expiry(self) -> float | None:
        """When the next message disappears, for the service's timer."""
        (when,) = self._one("SELECT min(expires_at) FROM messages WHERE expires_at IS NOT NULL")
        return None if when is None else float(when)

    def set_reaction(self, message_id: int, sender: str, emoji: str | None) -> None:
        """Set (or with None, remove) `sender`'s reaction; one reaction per sender."""
        if emoji is None:
            self._conn().execute(
                "DELETE FROM reactions WHERE message_id = ? AND sender = ?", (message_id, sender)
            )
        else:
            self._conn().execute(
                "INSERT OR REPLACE INTO reactions (message_id, sender, emoji) VALUES (?, ?, ?)",
                (message_id, sender, emoji),
            )

    def reactions(self, message_ids: Iterable[int]) -> dict[int, dict[str, str]]:
        """Reactions of the given messages (a page): message id -> sender -> emoji."""
        ids = list(message_ids)
        result: dict[int, dict[str, str]] = {}
        for start in range(0, len(ids), MAX_PAGE):
            batch = ids[start : start + MAX_PAGE]
            rows = self._conn().execute(
                "SELECT message_id, sender, emoji FROM reactions"
                f" WHERE message_id IN ({', '.join('?' * len(batch))})",
                batch,
            )
            for message_id, sender, emoji in rows:
                result.setdefault(message_id, {})[sender] = emoji
        return result

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Messages containing every word of `query` (as prefixes), newest first.

        The query is plain words, never FTS5 syntax: each word is quoted, so no input is an
        error. Case and diacritics are ignored ("cafe" finds "café").
        """
        match = fts_match(query)
        if match is None:
            return []
        rows = self._all(
            "SELECT m.conversation_id, m.id,"
            " snippet(messages_fts, 0, '[', ']', '…', 12)"
            " FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid"
            " WHERE messages_fts MATCH ? ORDER BY messages_fts.rowid DESC LIMIT ?",
            (match, _page_limit(limit)),
        )
        return [SearchHit(*row) for row in rows]

    # --- outbox --------------------------------------------------------------------------------

    def enqueue(
        self,
        recipient: str,
        payload: bytes,
        idempotency_key: str,
        *,
        message_id: int | None = None,
        next_attempt_at: float = 0.0,
    ) -> int:
        """Queue an envelope for the relay; it stays until `outbox_done`."""
        cur = self._conn().execute(
            "INSERT INTO outbox (message_id, recipient, payload, idempotency_key, next_attempt_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (message_id, recipient, payload, idempotency_key, next_attempt_at),
        )
        entry_id: int = cur.lastrowid
        return entry_id

    def outbox_due(self, now: float, limit: int = 100) -> list[OutboxEntry]:
        """Entries whose next attempt is due, the earliest queued first."""
        rows = self._all(
            f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE next_attempt_at <= ? ORDER BY id LIMIT ?",
            (now, _page_limit(limit)),
        )
        return list(map(OutboxEntry._make, rows))

    def outbox_for_message(self, message_id: int) -> list[OutboxEntry]:
        rows = self._all(
            f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE message_id = ? ORDER BY id",
            (message_id,),
        )
        return list(map(OutboxEntry._make, rows))

    def outbox_count(self) -> int:
        """How many envelopes wait for the relay."""
        (count,) = self._one("SELECT count(*) FROM outbox")
        return int(count)

    def outbox_next_attempt(self) -> float | None:
        (when,) = self._one("SELECT min(next_attempt_at) FROM outbox")
        return None if when is None else float(when)

    def outbox_reschedule(self, entry_id: int, next_attempt_at: float) -> int:
        """Count a failed attempt and set the next; returns the attempts so far."""
        row = self._one(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?"
            " RETURNING attempts",
            (next_attempt_at, entry_id),
        )
        if row is None:
            raise NotFound(f"no outbox entry {entry_id}")
        attempts: int = row[0]
        return attempts

    def outbox_done(self, entry_id: int) -> None:
        """The relay accepted the envelope (or it was given up): forget it."""
        self._conn().execute("DELETE FROM outbox WHERE id = ?", (entry_id,))

    # --- attachments ---------------------------------------------------------------------------

    def create_attachment(self, name: str, mime_type: str, size: int) -> int:
        """A new, empty attachment of `size` bytes to be filled with `append_attachment`."""
        cur = self._conn().execute(
            "INSERT INTO attachments (name, mime_type, size) VALUES (?, ?, ?)",
            (name, mime_type, size),
        )
        attachment_id: int = cur.lastrowid
        return attachment_id

    def append_attachment(self, attachment_id: int, data: bytes) -> int:
        """Append bytes (stored in rows of at most CHUNK_BYTES); returns the total so far."""
        with self.transaction() as conn:
            info = self.attachment(attachment_id)
            if info.transferred + len(data) > info.size:
                raise ValueError("more bytes than the attachment's size")
            (seq,) = conn.execute(
                "SELECT coalesce(max(seq) + 1, 0) FROM attachment_chunks WHERE attachment_id = ?",
                (attachment_id,),
            ).fetchone()
            view = memoryview(data)
            for offset in range(0, len(data), CHUNK_BYTES):
                conn.execute(
                    "INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES (?, ?, ?)",
                    (attachment_id, seq, view[offset : offset + CHUNK_BYTES]),
                )
                seq += 1
            total = info.transferred + len(data)
            conn.execute(
                "UPDATE attachments SET transferred = ?, complete = ? WHERE id = ?",
                (total, total == info.size, attachment_id),
            )
        return total

    def write_attachment_from(self, attachment_id: int, source: BinaryIO) -> int:
        """Fill an attachment from a file object, one chunk in memory at a time."""
        total = self.attachment(attachment_id).transferred
        while chunk := source.read(CHUNK_BYTES):
            total = self.append_attachment(attachment_id, chunk)
        return total

    def read_attachment(self, attachment_id: int) -> Iterator[bytes]:
        """The attachment's bytes, chunk by chunk (one chunk in memory at a time)."""
        self.attachment(attachment_id)
        seq = -1
        while True:
            row = self._one(
                "SELECT seq, data FROM attachment_chunks WHERE attachment_id = ? AND seq > ?"
                " ORDER BY seq LIMIT 1",
                (attachment_id, seq),
            )
            if row is None:
                return
            seq = row[0]
            yield bytes(row[1])

    def attachment(self, attachment_id: int) -> Attachment:
        row = self._one(
            f"SELECT {_ATTACHMENT_COLUMNS} FROM attachments WHERE id = ?", (attachment_id,)
        )
        if row is None:
            raise NotFound(f"no attachment {attachment_id}")
        return Attachment._make(row)

    def set_attachment_remote(self, attachment_id: int, remote_ref: bytes) -> None:
        """Keep the service's reference to the uploaded blob (relay id, key, digest)."""
        self._update("attachments", "remote_ref", remote_ref, "id", attachment_id)

    def delete_attachment(self, attachment_id: int) -> None:
        self._conn().execute("DELETE FROM attachments WHERE id = ?", (attachment_id,))

    # --- settings ------------------------------------------------------------------------------

    def setting(self, key: str, default: str = "") -> str:
        row = self._one("SELECT value FROM settings WHERE key = ?", (key,))
        return default if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        self._conn().execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value)
        )

    # --- helpers -------------------------------------------------------------------------------

    def _conn(self) -> sqlcipher3.Connection:
        return self._db.conn()

    def _one(self, sql: str, params: Sequence[object] = ()) -> Any:
        """The first row of a query, or None."""
        return self._conn().execute(sql, params).fetchone()

    def _all(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        rows: list[Any] = self._conn().execute(sql, params).fetchall()
        return rows

    def _own(self, column: str) -> Any:
        row = self._one(f"SELECT {column} FROM own")
        if row is None:
            raise NotFound("the profile has no identity yet")
        return row[0]

    def _set_own(self, column: str, value: str) -> None:
        if self._conn().execute(f"UPDATE own SET {column} = ?", (value,)).rowcount != 1:
            raise NotFound("the profile has no identity yet")

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

    def _update_message(self, assignments: str, body: str | None, message_id: int) -> None:
        params = (message_id,) if body is None else (body, message_id)
        cur = self._conn().execute(f"UPDATE messages SET {assignments} WHERE id = ?", params)
        if cur.rowcount != 1:
            raise NotFound(f"no message {message_id}")

    @staticmethod
    def _delete_message(conn: sqlcipher3.Connection, message_id: int) -> None:
        row = conn.execute(
            "DELETE FROM messages WHERE id = ? RETURNING attachment_id", (message_id,)
        ).fetchone()
        if row is not None and row[0] is not None:
            conn.execute("DELETE FROM attachments WHERE id = ?", (row[0],))


if TYPE_CHECKING:
    # The structural contract with the session layer, checked by mypy.
    _implements: type[ProtocolStores] = Store


@contextmanager
def _holding_lock(folder: Path) -> Iterator[FolderLock]:
    """Take the folder's lock; give it back if the block fails (on success the Store keeps it)."""
    lock = FolderLock(folder)
    lock.acquire()
    try:
        yield lock
    except BaseException:
        lock.release()
        raise


def _read_profile(folder: Path) -> ProfileFile:
    if not (folder / DATABASE_FILE).is_file():
        raise NotAProfile(f"no {DATABASE_FILE} in {folder}")
    return read_profile_file(folder)


def _conversation(row: tuple[Any, ...]) -> Conversation:
    """A row of _CONVERSATION_SELECT: the conversation's columns, then its last message's."""
    last = row[_CONVERSATION_FIELDS:]
    return Conversation._make(
        (*row[:_CONVERSATION_FIELDS], None if last[0] is None else Message._make(last))
    )


def _contact(row: tuple[Any, ...]) -> Contact:
    return Contact(
        row[0], row[1], row[2], TrustState(row[3]), row[4], row[5], row[6], row[7], row[8], row[9]
    )


def fts_match(query: str) -> str | None:
    """An FTS5 MATCH expression for plain words: each quoted, as a prefix, all required."""
    words = query.replace("\x00", " ").split()  # FTS5 strings end at a NUL
    terms = [word.replace('"', '""') for word in words][:MAX_QUERY_TERMS]
    if not terms:
        return None
    return " ".join(f'"{term}"*' for term in terms)


def _page_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_PAGE:
        raise ValueError(f"limit must be 1..{MAX_PAGE}")
    return limit
