"""Store rows as the service's public dataclasses (app/service/api.py), mapped in one place."""

from __future__ import annotations

from collections.abc import Sequence

from app.service.api import (
    AttachmentInfo,
    Contact,
    Conversation,
    Direction,
    Message,
    MessageStatus,
    TrustState,
)
from app.store import Store
from app.store import records as rows

PREVIEW_CHARS = 80


def contact_view(row: rows.Contact) -> Contact:
    return Contact(
        contact_id=row.account_id,
        display_name=row.display_name,
        trust=TrustState.CHANGED if row.pending_key is not None else row.trust,
        blocked=row.blocked,
        accepted=row.accepted,
        key_change_pending=row.pending_key is not None,
    )


def message_views(store: Store, page: Sequence[rows.Message]) -> list[Message]:
    """A page of messages with their reactions (one query) and attachments."""
    reactions = store.reactions(m.id for m in page) if page else {}
    return [_message(store, m, reactions.get(m.id, {})) for m in page]


def message_view(store: Store, message_id: int) -> Message:
    """One message as it stands now (events carry the state after the change)."""
    return message_views(store, [store.message(message_id)])[0]


def _message(store: Store, row: rows.Message, reactions: dict[str, str]) -> Message:
    return Message(
        message_id=row.id,
        conversation_id=row.conversation_id,
        direction=Direction(row.direction),
        sender_id=row.sender,
        body=row.body,
        sent_at=row.sent_at,
        received_at=row.received_at,
        status=MessageStatus(row.status),
        reply_to=row.reply_to,
        edited=row.edited,
        deleted=row.deleted,
        expires_at=row.expires_at,
        reactions=dict(reactions),
        attachment=None if row.attachment_id is None else attachment_view(store, row.attachment_id),
        kind=row.kind,
    )


def attachment_view(store: Store, attachment_id: int) -> AttachmentInfo:
    row = store.attachment(attachment_id)
    return AttachmentInfo(
        attachment_id=row.id,
        name=row.name,
        mime_type=row.mime_type,
        size=row.size,
        transferred=row.transferred,
        complete=row.complete,
    )


def group_contact(group: rows.Group) -> Contact:
    """What stands in a group conversation's `contact`: the group's id and name."""
    return Contact(group.group_id, group.name, TrustState.UNVERIFIED, False, True)


def conversation_view(store: Store, row: rows.Conversation) -> Conversation:
    last = row.last_message
    group = None if row.group_id is None else store.group(row.group_id)
    if group is not None:
        contact = group_contact(group)
    else:
        assert row.contact_id is not None  # a conversation has a contact or a group
        contact = contact_view(store.contact(row.contact_id))
    return Conversation(
        conversation_id=row.id,
        contact=contact,
        last_message_preview=preview(store, last) if last else "",
        last_message_at=last.sent_at if last else None,
        unread=row.unread,
        muted=row.muted,
        archived=row.archived,
        disappearing_seconds=row.disappearing_seconds,
        is_group=group is not None,
        group_name="" if group is None else group.name,
    )


def preview(store: Store, message: rows.Message) -> str:
    """One line for the conversation list; the UI translates nothing here but the body."""
    if message.deleted:
        return "Message deleted"
    if message.kind == "attachment" and message.attachment_id is not None:
        return f"📎 {store.attachment(message.attachment_id).name}"
    if message.kind == "timer":
        return "Disappearing messages changed"
    if message.kind == "group":
        return "The group changed"
    if message.kind == "unsupported":
        return "Unsupported message"
    first_line = message.body.splitlines()[0] if message.body else ""
    return first_line[:PREVIEW_CHARS]
