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
from app.service.core import may_notify, may_notify_member, timer_seconds
from app.service.errors import (
    AttachmentTooLarge,
    DeviceUnlinked,
    IdentityNotAccepted,
    RelayDown,
    ServiceError,
)
from app.service.parts import MessengerParts
from app.service.sync_content import ReadUpTo
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
        self._recipients(conversation_id)  # refuses a blocked contact or a group one left
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
        group_id, recipients = self._recipients(row.conversation_id)
        if row.remote_id is None:
            raise ServiceError("this message cannot be reacted to")
        reaction = c.Reaction(_uuid(row.remote_id), emoji)
        with self._core.lock, self._store.transaction():
            self._store.set_reaction(message_id, self._core.account_id, emoji or None)
            record = c.Content(c.new_message_id(), c.now_ms(), reaction, group_id)
            if group_id is None:
                self._core.seal_to_outbox(recipients[0], record, None)
            else:
                self._core.seal_to_members(recipients, record, None)
            self._core.transcribe(record, recipients[0] if group_id is None else None)
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
        group_id, recipients = self._recipients(row.conversation_id)
        with self._core.lock, self._store.transaction():
            self._store.set_status(message_id, MessageStatus.PENDING)
            if row.kind == "attachment" and not self._uploads.uploaded(row):
                self._uploads.mark(message_id, pending=True)
            elif not self._store.outbox_for_message(message_id):
                self._queue(row, recipients, group_id)
        self._core.events.emit(MessageChanged(message_view(self._store, message_id)))
        if group_id is None:
            self._sender.forget_backoff(self._core.contact_relay_url(recipients[0]))
        else:
            self._sender.forget_backoff()
        self.flush_outbox()

    def mark_read(self, conversation_id: int) -> None:
        """Mark incoming messages read and tell the contact (unless read receipts are off)."""
        group_id = self._store.conversation(conversation_id).group_id
        if group_id is None:
            _conversation, contact = self._core.target(conversation_id, check_blocked=False)
        with self._core.lock, self._store.transaction():
            changed = self._store.mark_read(conversation_id)
            by_sender: dict[str, list[str]] = {}
            for m in changed:
                if m.remote_id:
                    by_sender.setdefault(m.sender, []).append(_uuid(m.remote_id))
            newest = changed[-1].remote_id if changed else None
            if newest and self._store.own_device_list() is not None:
                # the other devices read up to the same message
                self._core.seal_sync(ReadUpTo(changed[-1].sender, _uuid(newest)))
            for sender, ids in by_sender.items():
                to = contact if group_id is None else self._store.find_contact(sender)
                if to is None or not self._receipts_allowed(to, group_id):
                    continue
                for receipt in c.receipts("read", ids):
                    self._core.seal_control(to, receipt, group_id)
        self._conversation_changed(conversation_id)
        self._sync.wake()

    def send_typing(self, conversation_id: int, typing: bool) -> None:
        if self._store.conversation(conversation_id).group_id is not None:
            return  # not fanned out to a group (docs/groups.md)
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
        if self._store.conversation(conversation_id).group_id is not None:
            self._set_group_timer(conversation_id, seconds)  # part of the group's state
            return
        self._core.target(conversation_id)
        self._store.set_disappearing(conversation_id, seconds)
        self._send_stored(conversation_id, str(seconds), "timer")

    # --- the send path ----------------------------------------------------------------------------

    def _receipts_allowed(self, contact: rows.Contact, group_id: str | None = None) -> bool:
        """A group's members hear our receipts as members (group-only rows included)."""
        allowed = may_notify(contact) if group_id is None else may_notify_member(contact)
        return allowed and self._store.setting(READ_RECEIPTS, "1") == "1"

    def _recipients(self, conversation_id: int) -> tuple[str | None, list[rows.Contact]]:
        """(the group id or None, who a record of this conversation goes to): the contact, or
        the group's other members (each with a session)."""
        if self._core.unlinked:
            raise DeviceUnlinked("this device was unlinked from its account: it sends no more")
        group_id = self._store.conversation(conversation_id).group_id
        if group_id is not None:
            return group_id, self._group_recipients(group_id)
        _conversation, contact = self._core.target(conversation_id)
        return None, [contact]

    def _queue_row(self, row: rows.Message) -> None:
        """Queue a stored outgoing message to its conversation (caller: lock + transaction)."""
        group_id, recipients = self._recipients(row.conversation_id)
        self._queue(row, recipients, group_id)

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
        group_id, recipients = self._recipients(conversation_id)
        if group_id is None:
            if not recipients[0].accepted:
                self.accept_request(recipients[0].account_id)  # replying accepts a request
                _conversation, contact = self._core.target(conversation_id)
                recipients = [contact]
            self._ensure_session(recipients[0])
            self._ensure_own_sessions()  # for the transcript
        conversation = self._store.conversation(conversation_id)
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
                        self._queue(self._store.message(message_id), recipients, group_id)
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

    def _queue(
        self, row: rows.Message, recipients: list[rows.Contact], group_id: str | None
    ) -> None:
        """Encrypt a stored outgoing message for the outbox (caller: lock + transaction): for
        its contact, or once per other member of its group."""
        assert row.remote_id is not None
        expire = timer_seconds(row)
        body: c.Body
        if row.kind == "timer":
            body = c.TimerChange(int(row.body))
        elif row.kind == "attachment":
            pointer = uploads.stored_pointer(self._core, row)
            if pointer is None:
                raise ServiceError("the attachment is not uploaded yet")
            body = pointer if group_id is None else uploads.shared_pointer(self._core, pointer)
        elif row.reply_to is not None and (quoted := self._quoted_uuid(row.reply_to)):
            body = c.Reply(row.body, quoted, expire)
        else:
            body = c.Text(row.body, expire)
        record = c.Content(_uuid(row.remote_id), int(row.sent_at * 1000), body, group_id)
        if group_id is None:
            self._core.seal_to_outbox(recipients[0], record, row.id)
        elif not self._core.seal_to_members(recipients, record, row.id):
            self._store.set_status(row.id, MessageStatus.SENT)  # nobody else to send it to
        self._core.transcribe(record, recipients[0] if group_id is None else None)

    def _quoted_uuid(self, message_id: int) -> str | None:
        try:
            remote_id = self._store.message(message_id).remote_id
        except LookupError:
            return None
        return _uuid(remote_id) if remote_id else None


def _uuid(remote_id: str) -> str:
    """The sender's message id out of the store's "sender:uuid" remote id."""
    return remote_id.rsplit(":", 1)[-1]
