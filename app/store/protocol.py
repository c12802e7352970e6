"""This device's own row and the session layer's `ProtocolStores` (app/session/stores.py): own
identity and profile, peer identities, one-time and signed prekeys, sessions.

Kept apart because it is the contract with app/session: its records are opaque bytes the session
layer writes and reads back, and store.py checks with mypy that `Store` satisfies the Protocol.
"""

from __future__ import annotations

from typing import Any

from app import session
from app.session.stores import TrustState
from app.store.base import StoreBase
from app.store.errors import NotFound, StoreError


class ProtocolStoresMixin(StoreBase):
    """Identity, prekeys and sessions for app.session; the own profile's name and relay."""

    # --- identity ------------------------------------------------------------------------------

    def set_own_identity(self, identity_seed: bytes, device_id: str) -> None:
        """Record this device's identity once, when the profile is set up; the account id is
        derived from the key (protocol v2)."""
        account_id = session.account_id(session.identity_public_key(identity_seed))
        self._conn().execute(
            "INSERT INTO own (id, account_id, identity_seed, device_id) VALUES (1, ?, ?, ?)",
            (account_id, identity_seed, device_id),
        )

    def has_own_identity(self) -> bool:
        return self._one("SELECT 1 FROM own") is not None

    def own_identity_seed(self) -> bytes:
        """The seed: the same object each time (its one copy; callers keep no other), wiped in
        place by lock(). Core reads it first, before any other thread runs (no lock here)."""
        if self._seed is None:
            self._seed = self._own("identity_seed")
        return self._seed

    def own_account_id(self) -> str:
        account: str = self._own("account_id")
        return account

    def own_device_id(self) -> str:
        device: str = self._own("device_id")
        return device

    def peer_identity(self, peer: str) -> tuple[bytes, TrustState] | None:
        """A contact's key and trust; the own account's own key, verified, for the sessions with
        its other devices (docs/devices.md), which have no contact row."""
        row = self._one("SELECT identity_key, trust FROM contacts WHERE account_id = ?", (peer,))
        if row is not None and row[0] is not None:
            return row[0], TrustState(row[1])
        own = self._one("SELECT 1 FROM own WHERE account_id = ?", (peer,))
        if own is None:
            return None
        return session.identity_public_key(self.own_identity_seed()), TrustState.VERIFIED

    def save_peer_identity(self, peer: str, identity_key: bytes, trust: TrustState) -> None:
        """Never a row for the own account: its key is the profile's own (see peer_identity)."""
        if self._one("SELECT 1 FROM own WHERE account_id = ?", (peer,)) is not None:
            raise StoreError("the own account is not a contact")
        self._conn().execute(
            "INSERT INTO contacts (account_id, identity_key, trust) VALUES (?, ?, ?)"
            " ON CONFLICT (account_id) DO UPDATE"
            " SET identity_key = excluded.identity_key, trust = excluded.trust",
            (peer, identity_key, trust.value),
        )

    # --- prekeys, signed prekeys, sessions -----------------------------------------------------

    def load_prekey(self, prekey_id: int) -> bytes | None:
        return self._blob("SELECT record FROM prekeys WHERE id = ?", prekey_id)

    def store_prekey(self, prekey_id: int, record: bytes) -> None:
        self._conn().execute(
            "INSERT OR REPLACE INTO prekeys (id, record) VALUES (?, ?)", (prekey_id, record)
        )

    def remove_prekey(self, prekey_id: int) -> None:
        self._conn().execute("DELETE FROM prekeys WHERE id = ?", (prekey_id,))

    def next_prekey_id(self) -> int:
        """Hands out increasing u32 ids. The counter has a table of its own (4.1): it used to be
        a column of the own row, and rewriting the row that holds the identity seed for every id
        (141 of them for a top-up) left copies of the seed in memory SQLite had freed. Its first
        value is that column's (a profile, or a restored backup, from before 4.1)."""
        take = "UPDATE prekey_counter SET next_id = next_id + 1 RETURNING next_id - 1"
        row = self._one(take)
        if row is None:
            self._conn().execute("INSERT INTO prekey_counter SELECT 1, next_prekey_id FROM own")
            row = self._one(take)
        if row is None:
            raise NotFound("the profile has no identity yet")
        value: int = row[0]
        if value > 0xFFFFFFFF:
            raise StoreError("prekey ids exhausted")
        return value

    def load_signed_prekey(self, signed_prekey_id: int) -> bytes | None:
        return self._blob("SELECT record FROM signed_prekeys WHERE id = ?", signed_prekey_id)

    def store_signed_prekey(self, signed_prekey_id: int, record: bytes, created_at: float) -> None:
        self._conn().execute(
            "INSERT OR REPLACE INTO signed_prekeys (id, record, created_at) VALUES (?, ?, ?)",
            (signed_prekey_id, record, created_at),
        )

    def remove_signed_prekey(self, signed_prekey_id: int) -> None:
        self._conn().execute("DELETE FROM signed_prekeys WHERE id = ?", (signed_prekey_id,))

    def load_kem_prekey(self, kem_prekey_id: int) -> bytes | None:
        return self._blob("SELECT record FROM kem_prekeys WHERE id = ?", kem_prekey_id)

    def store_kem_prekey(
        self, kem_prekey_id: int, record: bytes, last_resort: bool, created_at: float
    ) -> None:
        self._conn().execute(
            "INSERT OR REPLACE INTO kem_prekeys (id, record, last_resort, created_at)"
            " VALUES (?, ?, ?, ?)",
            (kem_prekey_id, record, last_resort, created_at),
        )

    def remove_kem_prekey(self, kem_prekey_id: int) -> None:
        self._conn().execute("DELETE FROM kem_prekeys WHERE id = ?", (kem_prekey_id,))

    def list_kem_prekeys(self, last_resort: bool) -> list[tuple[int, float]]:
        rows = self._all(
            "SELECT id, created_at FROM kem_prekeys WHERE last_resort = ? ORDER BY created_at, id",
            (last_resort,),
        )
        return [(int(i), float(t)) for i, t in rows]

    def list_signed_prekeys(self) -> list[tuple[int, float]]:
        rows = self._all("SELECT id, created_at FROM signed_prekeys ORDER BY created_at, id")
        return [(row[0], row[1]) for row in rows]

    def load_session(self, peer: str) -> bytes | None:
        return self._blob("SELECT record FROM sessions WHERE peer = ?", peer)

    def store_session(self, peer: str, record: bytes) -> None:
        self._conn().execute(
            "INSERT OR REPLACE INTO sessions (peer, record) VALUES (?, ?)", (peer, record)
        )

    def delete_session(self, peer: str) -> None:
        self._conn().execute("DELETE FROM sessions WHERE peer = ?", (peer,))

    # --- own profile ---------------------------------------------------------------------------

    def own_display_name(self) -> str:
        name: str = self._own("display_name")
        return name

    def set_own_display_name(self, name: str) -> None:
        self._set_own("display_name", name)

    def relay_url(self) -> str:
        url: str = self._own("relay_url")
        return url

    def set_relay_url(self, url: str) -> None:
        self._set_own("relay_url", url)

    # --- the own row ---------------------------------------------------------------------------

    def _own(self, column: str) -> Any:
        row = self._one(f"SELECT {column} FROM own")
        if row is None:
            raise NotFound("the profile has no identity yet")
        return row[0]

    def _set_own(self, column: str, value: str) -> None:
        if self._conn().execute(f"UPDATE own SET {column} = ?", (value,)).rowcount != 1:
            raise NotFound("the profile has no identity yet")
