"""The outbox: envelopes waiting for the relay, each with its idempotency key and retry time.

Apart from messages because the send loop is its only user. An entry goes when the relay takes
it (or it is given up), or with the message it carries (ON DELETE CASCADE).
"""

from __future__ import annotations

from app.store.base import StoreBase, page_limit
from app.store.errors import NotFound
from app.store.records import OutboxEntry

_OUTBOX_COLUMNS = "id, message_id, recipient, payload, idempotency_key, attempts, next_attempt_at"


class OutboxMixin(StoreBase):
    """enqueue -> outbox_due -> outbox_reschedule (an attempt failed) or outbox_done."""

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
            (now, page_limit(limit)),
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
