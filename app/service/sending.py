"""Sending, a part of `Messenger` (see parts.py), the mirror of receiver.py: texts, files, timers,
reactions, receipts and typing go out from here.

A message is stored as pending and, in the same transaction, encrypted, sealed and queued in the
outbox (`_send_stored`, `_queue`); the network comes after the commit (outbox.py sends, uploads.py
uploads attachments first). Records that are no stored message (receipts, typing, reactions) are
queued by `Core.seal_control`.
"""

from __future__ import annotations

import contextlib
import mimetypes
import time
from pathlib import Path

from app.net import RelayError, RelayUnavailable
from app.service import content as c
from app.service import transfers, uploads
from app.service.api import Message, MessageAdded, MessageChanged, Progress
from app.service.core import may_notify, timer_seconds
from app.service.errors import AttachmentTooLarge, IdentityNotAccepted, RelayDown, ServiceError
from app.service.parts import MessengerParts
from app.service.views import message_view
from app.store import records as rows
from app.store.records import Direction, MessageStatus

READ_RECEIPTS = "read_receipts"


class SendingPart(MessengerParts):
    def send_text(self, conversation_id: int, text: str, reply_to: int | None = None) -> Message:
        if not text.strip():
            raise ServiceError("the message is empty")
        if len(text) > c.MAX_BODY_CHARS:
            raise ServiceError(f"the message is longer than {c.MAX_BODY_CHARS} characters")
        return self._send_stored(conversation_id, text, "text", reply_to=reply_to)

    def send_file(
        self, conversation_id: int, path: Path, progress: Progress | None = None
    ) -> Message:
        """Store the file (encrypted, in the database), then upload it and queue the pointer.

        If the relay is away, the message stays pending and the upload resumes later, from the
        relay's offset, also after a restart.
        """
        size = path.stat().st_size
        if size > c.MAX_ATTACHMENT_SIZE:
            raise AttachmentTooLarge(f"{path.name} is larger than 100 MB")
        self._core.target(conversation_id)
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        attachment_id = self._store.create_attachment(path.name[:200], mime_type, size)
        with path.open("rb") as source:
            self._store.write_attachment_from(attachment_id, source)
        message = self._send_stored(conversation_id, "", "attachment", attachment_id=attachment_id)
        # if the relay is away it stays pending; the send loop (or the next sync) resumes it
        with contextlib.suppress(RelayUnavailable, RelayError):
            self._uploads.upload(message.message_id, progress)
        return message_view(self._store, message.message_id)

    def download_attachment(self, message_id: int, progress: Progress | None = None) -> None:
        """Fetch an incoming attachment into the store (resumes an interrupted download)."""
        row = self._store.message(message_id)
        if row.attachment_id is None:
            raise ServiceError(f"message {message_id} has no attachment")
        attachment = self._store.attachment(row.attachment_id)
        if attachment.complete:
            return
        try:
            transfers.download(self._core, attachment, progress)
        except RelayUnavailable as exc:
            raise RelayDown(
                f"the relay cannot be reached{self._core.route()}; the download resumes later"
            ) from exc
        self._core.events.emit(MessageChanged(message_view(self._store, message_id)))

    def save_attachment(
        self, message_id: int, dest: Path, progress: Progress | None = None
    ) -> None:
        """Write an attachment's bytes to `dest` (the user's choice), downloading it first."""
        self.download_attachment(message_id, progress)
        attachment_id = self._store.message(message_id).attachment_id
        assert attachment_id is not None
        with dest.open("wb") as out:
            for chunk in self._store.read_attachment(attachment_id):
                out.write(chunk)

    def react(self, message_id: int, emoji: str) -> None:
        """Set (or with "" remove) our reaction, here and at the contact."""
        row = self._store.message(message_id)
        _conversation, contact = self._core.target(row.conversation_id)
        if row.remote_id is None:
            raise ServiceError("this message cannot be reacted to")
        with self._core.lock, self._store.transaction():
            self._store.set_reaction(message_id, self._core.account_id, emoji or None)
            self._core.seal_control(contact, c.Reaction(_uuid(row.remote_id), emoji))
        self._core.events.emit(MessageChanged(message_view(self._store, message_id)))
        self._sync.wake()

    def retry(self, message_id: int) -> None:
        """Send a failed outgoing message again, now: its relay's backoff is forgotten.

        A message whose envelope is still queued (its relay was away) is simply tried again; one
        that was refused (a changed key since accepted, say) is encrypted and queued afresh.
        """
        row = self._store.message(message_id)
        if row.direction != Direction.OUTGOING or row.status != MessageStatus.FAILED:
            return
        _, contact = self._core.target(row.conversation_id)
        with self._core.lock, self._store.transaction():
            self._store.set_status(message_id, MessageStatus.PENDING)
            if row.kind == "attachment" and not self._uploads.uploaded(row):
                self._uploads.mark(message_id, pending=True)
            elif not self._store.outbox_for_message(message_id):
                self._queue(row, contact)
        self._core.events.emit(MessageChanged(message_view(self._store, message_id)))
        self._sender.forget_backoff(self._core.contact_relay_url(contact))
        self.flush_outbox()

    def mark_read(self, conversation_id: int) -> None:
        """Mark incoming messages read and tell the contact (unless read receipts are off)."""
        _conversation, contact = self._core.target(conversation_id, check_blocked=False)
        with self._core.lock, self._store.transaction():
            changed = self._store.mark_read(conversation_id)
            ids = tuple(_uuid(m.remote_id) for m in changed if m.remote_id)
            if ids and self._receipts_allowed(contact):
                for receipt in c.receipts("read", ids):
                    self._core.seal_control(contact, receipt)
        self._conversation_changed(conversation_id)
        self._sync.wake()

    def send_typing(self, conversation_id: int, typing: bool) -> None:
        _, contact = self._core.target(conversation_id)
        if not may_notify(contact):
            return
        with self._core.lock, self._store.transaction():
            self._core.seal_control(contact, c.Typing(typing))
        self._sync.wake()

    def set_disappearing(self, conversation_id: int, seconds: int) -> None:
        """Set the conversation's timer on both sides (a timer record, shown in the history)."""
        if not 0 <= seconds <= c.MAX_TIMER_SECONDS:
            raise ServiceError("the timer is 0 (off) to 366 days")
        self._core.target(conversation_id)
        self._store.set_disappearing(conversation_id, seconds)
        self._send_stored(conversation_id, str(seconds), "timer")

    # --- the send path ----------------------------------------------------------------------------

    def _receipts_allowed(self, contact: rows.Contact) -> bool:
        return may_notify(contact) and self._store.setting(READ_RECEIPTS, "1") == "1"

    def _send_stored(
        self,
        conversation_id: int,
        body: str,
        kind: str,
        *,
        reply_to: int | None = None,
        attachment_id: int | None = None,
    ) -> Message:
        """Store an outgoing message as pending and, in the same transaction, queue it."""
        conversation, contact = self._core.target(conversation_id)
        if not contact.accepted:
            self.accept_request(contact.account_id)  # replying accepts a request
            conversation, contact = self._core.target(conversation_id)
        self._ensure_session(contact)
        now = time.time()
        timer = conversation.disappearing_seconds if kind != "timer" else 0
        failure: IdentityNotAccepted | None = None
        with self._core.lock, self._store.transaction():
            message_id = self._store.add_message(
                conversation_id,
                Direction.OUTGOING,
                self._core.account_id,
                body,
                now,
                kind=kind,
                status=MessageStatus.PENDING,
                reply_to=reply_to,
                expires_at=now + timer if timer else None,
                message_uuid=c.new_message_id(),
                attachment_id=attachment_id,
            )
            assert message_id is not None  # a fresh uuid never collides
            if kind == "attachment":
                self._uploads.mark(message_id, pending=True)  # uploaded after the commit
            else:
                try:
                    with self._store.transaction():
                        self._queue(self._store.message(message_id), contact)
                except IdentityNotAccepted as exc:
                    self._store.set_status(message_id, MessageStatus.FAILED)
                    failure = exc
        message = message_view(self._store, message_id)
        self._core.events.emit(MessageAdded(message))
        self._conversation_changed(conversation_id)
        self._sync.wake()
        if failure is not None:
            raise failure
        return message

    def _queue(self, row: rows.Message, contact: rows.Contact) -> None:
        """Encrypt a stored outgoing message for the outbox (caller: lock + transaction)."""
        assert row.remote_id is not None
        expire = timer_seconds(row)
        body: c.Body
        if row.kind == "timer":
            body = c.TimerChange(int(row.body))
        elif row.kind == "attachment":
            pointer = uploads.stored_pointer(self._core, row)
            if pointer is None:
                raise ServiceError("the attachment is not uploaded yet")
            body = pointer
        elif row.reply_to is not None and (quoted := self._quoted_uuid(row.reply_to)):
            body = c.Reply(row.body, quoted, expire)
        else:
            body = c.Text(row.body, expire)
        record = c.Content(_uuid(row.remote_id), int(row.sent_at * 1000), body)
        self._core.seal_to_outbox(contact, record, row.id)

    def _quoted_uuid(self, message_id: int) -> str | None:
        try:
            remote_id = self._store.message(message_id).remote_id
        except LookupError:
            return None
        return _uuid(remote_id) if remote_id else None


def _uuid(remote_id: str) -> str:
    """The sender's message id out of the store's "sender:uuid" remote id."""
    return remote_id.rsplit(":", 1)[-1]
