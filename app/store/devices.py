"""Linked devices (docs/devices.md): this device's own mailbox seed when it is a linked one, the
account's newest verified device list, and each contact's.

The store keeps statements as bytes; the service verifies them (app/crypto/devices.py) before it
saves one, and the store enforces only that a revision never goes back (the rollback floor).
"""

from __future__ import annotations

from typing import NamedTuple

import sqlcipher3

from app.session.peers import device_peers_pattern
from app.store.base import StoreBase
from app.store.errors import NotFound


class StoredDeviceList(NamedTuple):
    statement: bytes
    revision: int
    fetched_at: float  # for the own list: 0.0 (it is refreshed by the devices themselves)


class DevicesMixin(StoreBase):
    """The own device's linking state and the device lists of the account and its contacts."""

    # --- this device -------------------------------------------------------------------------

    def own_mailbox_seed(self) -> bytes | None:
        """This device's mailbox seed if it is a linked device; None on the first device (its
        mailbox is the identity key)."""
        row = self._one("SELECT mailbox_seed FROM own")
        if row is None:
            raise NotFound("the profile has no identity yet")
        return None if row[0] is None else bytes(row[0])

    def own_linked_at(self) -> float | None:
        row = self._one("SELECT linked_at FROM own")
        return None if row is None or row[0] is None else float(row[0])

    def set_own_linked(self, mailbox_seed: bytes, linked_at: float) -> None:
        """Record, once, that this profile is a linked device with its own mailbox."""
        updated = self._conn().execute(
            "UPDATE own SET mailbox_seed = ?, linked_at = ? WHERE mailbox_seed IS NULL",
            (mailbox_seed, linked_at),
        )
        if updated.rowcount != 1:
            raise NotFound("the profile has no identity yet, or is linked already")

    # --- the account's device list -----------------------------------------------------------

    def own_device_list(self) -> StoredDeviceList | None:
        row = self._one("SELECT device_list, device_list_revision FROM own")
        if row is None or row[0] is None:
            return None
        return StoredDeviceList(bytes(row[0]), int(row[1]), 0.0)

    def save_own_device_list(self, statement: bytes, revision: int) -> bool:
        """Keep a verified statement of the own account unless an equal or newer revision is held
        already; whether it was kept."""
        updated = self._conn().execute(
            "UPDATE own SET device_list = ?, device_list_revision = ?"
            " WHERE device_list_revision < ?",
            (statement, revision, revision),
        )
        return bool(updated.rowcount)

    # --- contacts' device lists ----------------------------------------------------------------

    def contact_device_list(self, account_id: str) -> StoredDeviceList | None:
        row = self._one(
            "SELECT statement, revision, fetched_at FROM contact_devices WHERE account_id = ?",
            (account_id,),
        )
        return None if row is None else StoredDeviceList(bytes(row[0]), int(row[1]), row[2])

    def save_contact_device_list(
        self, account_id: str, statement: bytes, revision: int, fetched_at: float
    ) -> bool:
        """Keep a contact's verified statement unless a newer revision is held (the same revision
        again only moves `fetched_at`); whether the statement stored is now this one."""
        row = self._one(
            "INSERT INTO contact_devices AS d VALUES (?, ?, ?, ?) ON CONFLICT (account_id)"
            " DO UPDATE SET statement = excluded.statement, revision = excluded.revision,"
            " fetched_at = excluded.fetched_at WHERE d.revision <= excluded.revision"
            " RETURNING 1",
            (account_id, revision, statement, fetched_at),
        )
        return row is not None

    def forget_contact_devices(self, account_id: str) -> None:
        """Drop a contact's device list and every linked-device session of it (the first device's
        session, keyed by the bare account id, is the caller's to keep or drop)."""
        with self.transaction() as conn:
            forget_devices(conn, account_id)


def forget_devices(conn: sqlcipher3.Connection, account_id: str) -> None:
    """A contact's device list and linked-device sessions, deleted in the caller's transaction
    (a contact deleted, or moved to a new key whose devices are another list)."""
    conn.execute("DELETE FROM contact_devices WHERE account_id = ?", (account_id,))
    conn.execute("DELETE FROM sessions WHERE peer LIKE ?", (device_peers_pattern(account_id),))
