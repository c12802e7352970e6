"""Contacts and conversations: people (message requests and pending key changes included), and
the one conversation each has.

A contact's life runs through several tables (an accepted key change renames it everywhere, a
deleted message request takes its conversation, messages and sessions with it), so those
operations live here, next to the rows they start from.
"""

from __future__ import annotations

from typing import Any

from app import session
from app.session.stores import TrustState
from app.store.accounts import rename_account
from app.store.base import StoreBase
from app.store.devices import forget_devices
from app.store.errors import NotFound, StoreError
from app.store.records import Contact, Conversation, Message

_CONTACT_COLUMNS = (
    "account_id, display_name, identity_key, trust, blocked, accepted, relay_url, mailbox,"
    " pending_key, pending_relay_url, group_only"
)
# A conversation with its unread count and last message in one query (the list is one query,
# not three per conversation); the last message is all NULL when there is none.
_CONVERSATION_SELECT = (
    "SELECT c.id, c.contact_id, c.group_id, c.disappearing_seconds, c.muted, c.archived,"
    " (SELECT count(*) FROM messages u WHERE u.conversation_id = c.id AND u.unread), "
    + ", ".join(f"m.{column}" for column in Message._fields)
    + " FROM conversations c LEFT JOIN messages m"
    " ON m.id = (SELECT max(id) FROM messages l WHERE l.conversation_id = c.id)"
)
_CONVERSATION_FIELDS = 7  # the columns before the last message's


class ContactsMixin(StoreBase):
    """Contacts, message requests, key changes; conversations (one per contact)."""

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
        """Insert a contact, or update its name, relay, mailbox and accepted flag (and make it a
        contact in full, if it was known only from a group and is accepted now).

        An identity key is recorded only if none is known yet: replacing a known key is a trust
        decision, made through `save_peer_identity`.
        """
        self._conn().execute(
            "INSERT INTO contacts (account_id, display_name, identity_key, trust, blocked,"
            " accepted, relay_url, mailbox) VALUES (?, ?, ?, 'unverified', 0, ?, ?, ?)"
            " ON CONFLICT (account_id) DO UPDATE SET display_name = excluded.display_name,"
            " identity_key = coalesce(identity_key, excluded.identity_key),"
            " accepted = excluded.accepted, relay_url = excluded.relay_url,"
            " mailbox = excluded.mailbox, group_only = group_only AND NOT excluded.accepted",
            (account_id, display_name, identity_key, accepted, relay_url, mailbox),
        )
        return self.contact(account_id)

    def add_group_contact(
        self, account_id: str, display_name: str, identity_key: bytes, relay_url: str
    ) -> None:
        """Know a member of a group who is no contact (docs/groups.md): a row flagged
        `group_only`, not accepted, so that group messages can be sent to and taken from them;
        a contact already known is left as it is."""
        self._conn().execute(
            "INSERT INTO contacts (account_id, display_name, identity_key, trust, blocked,"
            " accepted, relay_url, mailbox, group_only)"
            " VALUES (?, ?, ?, 'unverified', 0, 0, ?, ?, 1) ON CONFLICT (account_id) DO NOTHING",
            (account_id, display_name, identity_key, relay_url, identity_key),
        )

    def set_group_only(self, account_id: str, group_only: bool) -> None:
        self._update("contacts", "group_only", group_only, "account_id", account_id)

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
            forget_devices(conn, account_id)  # the old key's devices: never used again
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
                for (message_id,) in ids:
                    self._delete_message(conn, message_id)
                conn.execute("DELETE FROM conversations WHERE id = ?", conversation)
            conn.execute("DELETE FROM outbox WHERE recipient = ?", (account_id,))
            conn.execute("DELETE FROM sessions WHERE peer = ?", (account_id,))
            forget_devices(conn, account_id)
            conn.execute("DELETE FROM contacts WHERE account_id = ?", (account_id,))

    def pending_request_count(self) -> int:
        """Message requests waiting for the user (strangers neither accepted nor blocked)."""
        (count,) = self._one(
            "SELECT count(*) FROM contacts WHERE NOT accepted AND NOT blocked AND NOT group_only"
        )
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

    def conversation_for_group(self, group_id: str) -> Conversation:
        """The group's conversation, made on first use (the group must be stored)."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO conversations (group_id) VALUES (?) ON CONFLICT DO NOTHING",
                (group_id,),
            )
            (conversation_id,) = conn.execute(
                "SELECT id FROM conversations WHERE group_id = ?", (group_id,)
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


def _contact(row: tuple[Any, ...]) -> Contact:
    return Contact(
        row[0],
        row[1],
        row[2],
        TrustState(row[3]),
        row[4],
        row[5],
        row[6],
        row[7],
        row[8],
        row[9],
        bool(row[10]),
    )


def _conversation(row: tuple[Any, ...]) -> Conversation:
    """A row of _CONVERSATION_SELECT: the conversation's columns, then its last message's."""
    last = row[_CONVERSATION_FIELDS:]
    return Conversation._make(
        (*row[:_CONVERSATION_FIELDS], None if last[0] is None else Message._make(last))
    )
