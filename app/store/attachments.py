"""Attachments: plaintext bytes inside the encrypted database, in rows of CHUNK_BYTES, so that
one chunk at most is in memory at a time whatever the file's size.

Apart because its streaming (append, write from a file, read as an iterator) is its own concern;
the service keeps its opaque reference to the uploaded blob here too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from app.store.base import StoreBase
from app.store.errors import NotFound
from app.store.records import Attachment

CHUNK_BYTES = 256 * 1024  # attachment bytes per row: the most ever held in memory at once
_ATTACHMENT_COLUMNS = "id, name, mime_type, size, transferred, complete, remote_ref"


class AttachmentsMixin(StoreBase):
    """Create, fill (append_attachment, write_attachment_from), read back, delete."""

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
