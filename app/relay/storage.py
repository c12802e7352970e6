"""The relay's storage interface. Every backend implements `RelayStore` and passes the contract
tests in tests/unit/relay/test_storage_contract.py unchanged.

Methods are synchronous and called from one thread at a time; the server runs them off its event
loop. Times are unix seconds passed in by the caller, so tests can control the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from app.wire import KEM_ONE_TIME_PREKEYS_MAX, KemPreKey, PreKeyBundleData, SignedPreKey


class QuotaExceeded(Exception):
    """The mailbox already holds its quota (of unacked envelopes or of one-time prekeys)."""


class KemQuotaExceeded(QuotaExceeded):
    """A publish would leave the mailbox holding more one-time KEM prekeys than allowed."""


class StaleRevision(Exception):
    """A device list whose revision is not newer than the stored one (or equal with other bytes)."""

    def __init__(self, current: int) -> None:
        super().__init__(f"the relay holds revision {current}")
        self.current = current


class SchemaTooNew(Exception):
    """The database was migrated by a newer relay than this one."""


class BlobConflict(Exception):
    """A chunk did not start where the stored bytes end, or ran past the blob's size."""

    def __init__(self, received: int) -> None:
        super().__init__(f"the blob holds {received} bytes")
        self.received = received


@dataclass(frozen=True)
class StoredEnvelope:
    envelope_id: str
    envelope: bytes
    received_at: float

    def __repr__(self) -> str:
        return f"StoredEnvelope({self.envelope_id!r}, {len(self.envelope)} bytes)"


@dataclass(frozen=True)
class BlobInfo:
    size: int  # the bucket size declared at creation
    received: int  # bytes stored so far; the blob is downloadable once received == size
    token_hash: bytes  # SHA-256 of the delete token
    expires_at: float

    @property
    def complete(self) -> bool:
        return self.received == self.size


@dataclass(frozen=True)
class Table:
    """One table of `RelayStore.inventory()`: what it is, its columns, and every row as text."""

    name: str
    meaning: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Expired:
    envelopes: int
    blobs: int
    nonces: int
    idempotency_keys: int
    provisioning: int = 0


class RelayStore(Protocol):
    # --- envelopes ------------------------------------------------------------------------------
    def put_envelope(
        self,
        mailbox: bytes,
        envelope: bytes,
        idempotency_key: str | None,
        now: float,
        expires_at: float,
        quota: int,
    ) -> str:
        """Store an envelope and return its new id; with a known idempotency key for this mailbox,
        return the earlier id instead. Raises QuotaExceeded when the mailbox is full."""
        ...

    def fetch_envelopes(self, mailbox: bytes, limit: int, now: float) -> list[StoredEnvelope]:
        """Up to `limit` unacked, unexpired envelopes, oldest first."""
        ...

    def ack(self, mailbox: bytes, envelope_ids: list[str]) -> int:
        """Delete these envelopes of this mailbox (others' ids are ignored); return how many."""
        ...

    # --- prekeys --------------------------------------------------------------------------------
    def publish_prekeys(
        self,
        mailbox: bytes,
        signed_prekey: SignedPreKey | None,
        one_time: list[tuple[int, bytes]],
        limit: int,
        identity_key: bytes | None = None,
        kem_prekeys: Sequence[KemPreKey] = (),
        kem_limit: int = KEM_ONE_TIME_PREKEYS_MAX,
    ) -> None:
        """Replace the signed prekey (if given) and add one-time prekeys (same id replaces).
        `identity_key` goes with the signed prekey: the account key that signed it, which
        claim_bundle answers (None: the mailbox key, as for an account's first device).
        KEM prekeys (signatures checked by the caller): a last-resort one replaces the mailbox's
        last-resort one (the last of several wins), one-time ones are added (same id replaces).
        All in one transaction: raises QuotaExceeded if the mailbox would hold more than `limit`
        one-time prekeys, KemQuotaExceeded if more than `kem_limit` one-time KEM prekeys, and
        then changes nothing."""
        ...

    def prekey_count(self, mailbox: bytes) -> int: ...

    def kem_prekey_count(self, mailbox: bytes) -> int:
        """How many one-time KEM prekeys the mailbox holds (the last-resort one not counted)."""
        ...

    def claim_bundle(self, mailbox: bytes) -> PreKeyBundleData | None:
        """The signed prekey plus one one-time prekey and one KEM prekey. The one-time prekey and
        a one-time KEM prekey are removed in the same transaction that reads them, so that no two
        callers ever receive the same one; with none left, the bundle has no one-time prekey, and
        the mailbox's last-resort KEM prekey (kept) instead of a one-time one (no KEM prekey if it
        has published none). None when the mailbox has published no signed prekey."""
        ...

    # --- replay protection ----------------------------------------------------------------------
    def nonce_seen(self, mailbox: bytes, nonce: str, now: float, expires_at: float) -> bool:
        """Record the nonce for the mailbox; True if it was already recorded and unexpired."""
        ...

    # --- blobs ----------------------------------------------------------------------------------
    def create_blob(
        self, blob_id: str, size: int, token_hash: bytes, expires_at: float
    ) -> None: ...

    def blob_info(self, blob_id: str, now: float) -> BlobInfo | None:
        """The unexpired blob's state, or None."""
        ...

    def append_blob(self, blob_id: str, offset: int, data: bytes) -> int:
        """Store `data` at `offset`, which must equal the bytes received so far; return the new
        total. Raises BlobConflict otherwise, or if it would run past the blob's size."""
        ...

    def read_blob(self, blob_id: str, start: int, end: int) -> bytes:
        """Bytes [start, end) of a stored blob."""
        ...

    def delete_blob(self, blob_id: str) -> bool: ...

    # --- device lists (public statements signed by the account's identity key) ------------------
    def publish_device_list(
        self, account: bytes, revision: int, statement: bytes, now: float
    ) -> None:
        """Keep `statement` as the account's list if `revision` is newer than the stored one; the
        stored revision again with the same bytes changes nothing (a retry). Anything else raises
        StaleRevision, changing nothing: only the newest list is ever held."""
        ...

    def device_list(self, account: bytes) -> bytes | None:
        """The newest statement published for the account, or None."""
        ...

    # --- provisioning (one message per channel, for linking a device) --------------------------
    def put_provisioning(
        self, channel: bytes, message: bytes, now: float, expires_at: float
    ) -> bool:
        """Hold the channel's one message; False, changing nothing, if the channel is in use (a
        message was put there and has not expired, whether fetched or not)."""
        ...

    def take_provisioning(self, channel: bytes, now: float) -> bytes | None:
        """The channel's unexpired message, erased in the same transaction, so at most one caller
        ever gets it; the channel stays in use (empty) until it expires. None if nothing waits."""
        ...

    # --- housekeeping ---------------------------------------------------------------------------
    def expire(self, now: float) -> Expired:
        """Remove everything past its expiry time."""
        ...

    def inventory(self) -> list[Table]:
        """Everything the store holds, table by table, as readable text (`bisik-relay inspect`)."""
        ...

    def close(self) -> None: ...
