"""Outgoing attachments: upload the stored file to the contact's relay, then queue the pointer.

`send_file` stores the message as pending and marks its upload pending in the `pending_uploads`
setting (so it survives a restart) in the same transaction. `upload` sends the ciphertext (a
dropped upload resumes the same blob, see transfers.py), then queues the pointer and unmarks the
upload in one transaction. While the relay is away the message stays pending, and the send loop
or the next sync resumes it. A contact blocked meanwhile, or whose key changed, fails it.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Callable

from app.net import RelayError, RelayUnavailable
from app.service import content as c
from app.service import transfers
from app.service.api import MessageChanged
from app.service.core import Core, check_stop, timer_seconds
from app.service.errors import ContactBlocked, IdentityNotAccepted
from app.service.views import message_view
from app.store import records as rows
from app.store.records import MessageStatus

PENDING_UPLOADS = "pending_uploads"

Progress = Callable[[int, int], None]
QueueMessage = Callable[[rows.Message], None]


def shared_pointer(core: Core, pointer: c.AttachmentPointer) -> c.AttachmentPointer:
    """The pointer as a group's members get it: the blob is on our relay, and no delete token
    goes with it (one blob serves every member; it lapses with the relay's TTL)."""
    parts = tuple(c.BlobPart(p.blob_id, p.length, "") for p in pointer.parts)
    return dataclasses.replace(pointer, parts=parts, relay_url=core.relay_url)


def stored_pointer(core: Core, row: rows.Message) -> c.AttachmentPointer | None:
    """The pointer of an outgoing attachment: stored before its upload begins."""
    if row.attachment_id is None:
        return None
    return transfers.ref_to_pointer(core.store.attachment(row.attachment_id).remote_ref)


class Uploads:
    """The profile's pending uploads: started by `send_file`, resumed by the send loop."""

    def __init__(self, core: Core, queue: QueueMessage, wake: Callable[[], None]) -> None:
        """`queue(row)` encrypts a stored message into the outbox, for its contact or its
        group's members (caller: lock and transaction); `wake()` tells the send loop the outbox
        holds something new."""
        self._core = core
        self._queue = queue
        self._wake = wake
        self._uploading = threading.Lock()  # one upload at a time

    def pending(self) -> set[int]:
        """Outgoing attachment messages whose upload has not finished (kept across restarts)."""
        raw = self._core.store.setting(PENDING_UPLOADS, "[]")
        try:
            return {int(x) for x in json.loads(raw)}
        except (ValueError, TypeError):
            return set()

    def mark(self, message_id: int, pending: bool, stop: threading.Event | None = None) -> None:
        """Note (or forget) a message's upload as pending; the caller may hold a transaction."""
        with self._core.storing(stop), self._core.store.transaction():
            ids = self.pending()
            ids = ids | {message_id} if pending else ids - {message_id}
            self._core.store.set_setting(PENDING_UPLOADS, json.dumps(sorted(ids)))

    def uploaded(self, row: rows.Message) -> bool:
        return row.id not in self.pending() and stored_pointer(self._core, row) is not None

    def upload(
        self, message_id: int, progress: Progress | None, stop: threading.Event | None = None
    ) -> None:
        """Upload (or resume) a pending attachment and queue its pointer. Raises the relay
        client's errors while the relay is away, ContactBlocked if the contact is blocked."""
        core = self._core
        with self._uploading:
            if message_id not in self.pending():
                return  # another thread finished it
            row = core.store.message(message_id)
            if core.store.conversation(row.conversation_id).group_id is not None:
                relay_url = core.relay_url  # once, on our relay, for every member
            else:
                _conversation, contact = core.target(row.conversation_id)
                relay_url = core.contact_relay_url(contact)
            assert row.attachment_id is not None
            attachment = core.store.attachment(row.attachment_id)
            transfers.upload(
                core, relay_url, message_id, attachment, timer_seconds(row), progress, stop
            )
            try:
                with core.storing(stop), core.store.transaction():
                    self._queue(row)
                    self.mark(message_id, pending=False)
            except IdentityNotAccepted:
                self._fail(message_id, uploaded=True, stop=stop)
            transfers.finish_upload(core, message_id)
        self._wake()

    def resume(self, stop: threading.Event | None = None) -> None:
        """Go on with every pending upload, in order, until the relay is away."""
        for message_id in sorted(self.pending()):
            check_stop(stop)
            try:
                pending = self._core.store.message(message_id).status == MessageStatus.PENDING
            except LookupError:
                pending = False  # it disappeared meanwhile
            if not pending:
                self.mark(message_id, pending=False, stop=stop)
                transfers.finish_upload(self._core, message_id)
                continue
            try:
                self.upload(message_id, None, stop)
            except ContactBlocked:
                self._fail(message_id, uploaded=False, stop=stop)
            except (RelayUnavailable, RelayError):
                return  # the relay is away: try again on the next round

    def _fail(self, message_id: int, *, uploaded: bool, stop: threading.Event | None) -> None:
        """An attachment that cannot go (blocked contact, changed key) is failed. If it did not
        go up whole, its pointer is forgotten too, so that `retry` uploads it afresh."""
        core = self._core
        with core.storing(stop), core.store.transaction():
            core.store.set_status(message_id, MessageStatus.FAILED)
            self.mark(message_id, pending=False)
            attachment_id = core.store.message(message_id).attachment_id
            if not uploaded and attachment_id is not None:
                core.store.set_attachment_remote(attachment_id, b"")
        if not uploaded:
            transfers.finish_upload(core, message_id)
        core.events.emit(MessageChanged(message_view(core.store, message_id)))
