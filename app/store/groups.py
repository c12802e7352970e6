"""Groups: the current state of each group, the revisions it came through, its members, and the
per-member receipts of our own group messages (docs/groups.md).

The store keeps a state as the service encoded and signed it (an opaque record with its hash);
the members are written beside it, from the same state, so that membership is one indexed query
on the receive path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.store.base import StoreBase
from app.store.errors import NotFound
from app.store.records import Group, GroupMember, GroupStateRecord

_RECEIPT_RANK = {"delivered": 1, "read": 2}


class GroupsMixin(StoreBase):
    """Groups, their state history, members and receipts."""

    def find_group(self, group_id: str) -> Group | None:
        row = self._one(
            "SELECT group_id, name, revision, is_member FROM groups WHERE group_id = ?",
            (group_id,),
        )
        return None if row is None else Group(row[0], row[1], row[2], bool(row[3]))

    def group(self, group_id: str) -> Group:
        found = self.find_group(group_id)
        if found is None:
            raise NotFound(f"no group {group_id}")
        return found

    def groups(self) -> list[Group]:
        rows = self._all("SELECT group_id, name, revision, is_member FROM groups ORDER BY name")
        return [Group(r[0], r[1], r[2], bool(r[3])) for r in rows]

    def save_group_state(
        self,
        state: GroupStateRecord,
        name: str,
        members: Sequence[tuple[str, str, bool]],
        *,
        is_member: bool,
    ) -> None:
        """Make `state` the group's current one: its revision is recorded (any later revision
        kept before is dropped: the agreed order replaced it), the members are rewritten
        (`members`: account id, display name, admin; oldest first)."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO groups (group_id, name, revision, is_member) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (group_id) DO UPDATE SET name = excluded.name,"
                " revision = excluded.revision, is_member = excluded.is_member",
                (state.group_id, name, state.revision, is_member),
            )
            conn.execute(
                "DELETE FROM group_states WHERE group_id = ? AND revision >= ?",
                (state.group_id, state.revision),
            )
            conn.execute(
                "INSERT INTO group_states (group_id, revision, state_hash, record)"
                " VALUES (?, ?, ?, ?)",
                (state.group_id, state.revision, state.state_hash, state.record),
            )
            conn.execute("DELETE FROM group_members WHERE group_id = ?", (state.group_id,))
            conn.executemany(
                "INSERT INTO group_members (group_id, account_id, position, display_name,"
                " is_admin) VALUES (?, ?, ?, ?, ?)",
                [
                    (state.group_id, account, position, display, admin)
                    for position, (account, display, admin) in enumerate(members)
                ],
            )

    def group_state(self, group_id: str, revision: int | None = None) -> GroupStateRecord | None:
        """The stored state of one revision (None: the current one), or None if not kept."""
        if revision is None:
            found = self.find_group(group_id)
            if found is None:
                return None
            revision = found.revision
        row = self._one(
            "SELECT group_id, revision, state_hash, record FROM group_states"
            " WHERE group_id = ? AND revision = ?",
            (group_id, revision),
        )
        return (
            None if row is None else GroupStateRecord(row[0], row[1], bytes(row[2]), bytes(row[3]))
        )

    def group_members(self, group_id: str) -> list[GroupMember]:
        rows = self._all(
            "SELECT group_id, account_id, position, display_name, is_admin FROM group_members"
            " WHERE group_id = ? ORDER BY position",
            (group_id,),
        )
        return [_member(row) for row in rows]

    def group_member(self, group_id: str, account_id: str) -> GroupMember | None:
        row = self._one(
            "SELECT group_id, account_id, position, display_name, is_admin FROM group_members"
            " WHERE group_id = ? AND account_id = ?",
            (group_id, account_id),
        )
        return None if row is None else _member(row)

    def find_group_conversation(self, group_id: str) -> int | None:
        row = self._one("SELECT id FROM conversations WHERE group_id = ?", (group_id,))
        return None if row is None else int(row[0])

    def set_group_receipt(self, message_id: int, member: str, status: str) -> None:
        """Record that `member` has our group message `delivered` or `read` (never back)."""
        current = self._one(
            "SELECT status FROM group_receipts WHERE message_id = ? AND member = ?",
            (message_id, member),
        )
        if current is not None and _RECEIPT_RANK[current[0]] >= _RECEIPT_RANK[status]:
            return
        self._conn().execute(
            "INSERT OR REPLACE INTO group_receipts (message_id, member, status) VALUES (?, ?, ?)",
            (message_id, member, status),
        )

    def group_receipt_counts(self, message_id: int, members: Sequence[str]) -> tuple[int, int]:
        """Of `members`, how many have the message delivered (or read), and how many read."""
        if not members:
            return 0, 0
        marks = ", ".join("?" * len(members))
        row = self._one(
            "SELECT count(*), coalesce(sum(status = 'read'), 0) FROM group_receipts"
            f" WHERE message_id = ? AND member IN ({marks})",
            (message_id, *members),
        )
        return int(row[0]), int(row[1])


def _member(row: tuple[Any, ...]) -> GroupMember:
    return GroupMember(row[0], row[1], row[2], row[3], bool(row[4]))
