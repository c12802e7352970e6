"""Messages: adding (a redelivery is stored once), paging, counts, read state, edits and
deletions, disappearing messages, reactions, and full-text search.

The largest table and the hot path of the app (a page of history, the search box); its queries
keep to the `(conversation_id, id)` index and the FTS5 index that triggers keep in step.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.store.base import MAX_PAGE, StoreBase, page_limit
from app.store.errors import NotFound
from app.store.records import (
    MESSAGE_COLUMNS,
    Direction,
    Message,
    MessageStatus,
    SearchHit,
    to_messages,
)

MAX_QUERY_TERMS = 16
_ABOVE_ANY_ID = (1 << 63) - 1  # SQLite's largest rowid: "before it" means "all"


class MessagesMixin(StoreBase):
    """A conversation's messages, their reactions and expiry, and search over all of them."""

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
        status: MessageStatus = MessageStatus.SENT,
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
        # Bound as plain str: sqlite3 binds a str subclass (an enum) about 1 µs slower.
        direction_value, status_value = str(direction), str(status)
        cur = self._conn().execute(
            "INSERT INTO messages (conversation_id, direction, sender, sent_at, received_at,"
            " body, kind, status, reply_to, expires_at, unread, attachment_id, remote_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (remote_id) DO NOTHING",
            (
                conversation_id,
                direction_value,
                sender,
                sent_at,
                received_at,
                body,
                kind,
                status_value,
                reply_to,
                expires_at,
                direction_value == Direction.INCOMING,
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
                page_limit(limit),
            ),
        )
        return to_messages(cur.fetchall())

    def messages_after(self, conversation_id: int, after_id: int, limit: int = 50) -> list[Message]:
        """Oldest first: the messages newer than `after_id`."""
        cur = self._conn().execute(
            f"SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND id > ?"
            " ORDER BY id LIMIT ?",
            (conversation_id, after_id, page_limit(limit)),
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

    def set_status(self, message_id: int, status: MessageStatus) -> None:
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
            (match, page_limit(limit)),
        )
        return [SearchHit(*row) for row in rows]

    def _update_message(self, assignments: str, body: str | None, message_id: int) -> None:
        params = (message_id,) if body is None else (body, message_id)
        cur = self._conn().execute(f"UPDATE messages SET {assignments} WHERE id = ?", params)
        if cur.rowcount != 1:
            raise NotFound(f"no message {message_id}")


def fts_match(query: str) -> str | None:
    """An FTS5 MATCH expression for plain words: each quoted, as a prefix, all required."""
    words = query.replace("\x00", " ").split()  # FTS5 strings end at a NUL
    terms = [word.replace('"', '""') for word in words][:MAX_QUERY_TERMS]
    if not terms:
        return None
    return " ".join(f'"{term}"*' for term in terms)
