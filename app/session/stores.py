"""Storage interfaces the session layer needs, as Protocols.

The session layer never touches a database: every orchestration function takes these stores as
arguments. `app.session.memory` has in-memory versions for tests; `app.store` implements them on
SQLCipher. Records cross this boundary as opaque, versioned bytes that the session layer encodes
and decodes, so the store needs no knowledge of the ratchet.

A peer is addressed by its account id: a lowercase hex string derived from its identity key
(protocol v2, app/crypto/identity.py), so one id can never carry two keys; a new key is a new
account unless the old key signed the move. Each account has one device today; device ids travel
in sealed sender so that linked devices can share one account identity later.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol


class TrustState(StrEnum):
    """What the user knows about a peer's identity key."""

    UNVERIFIED = "unverified"  # first seen and accepted silently (trust on first use)
    VERIFIED = "verified"  # the user compared safety numbers
    CHANGED = "changed"  # a different key arrived; sending stops until the user accepts it


class IdentityStore(Protocol):
    """The own identity key pair and the peers' identity keys with their trust state."""

    def own_identity_seed(self) -> bytes:
        """The 32-byte Ed25519 seed of this device's identity key."""
        ...

    def own_device_id(self) -> str:
        """This device's id (32 hex characters); the account id is derived from the key."""
        ...

    def peer_identity(self, peer: str) -> tuple[bytes, TrustState] | None:
        """The Ed25519 public key last accepted for `peer`, with its trust state, or None."""
        ...

    def save_peer_identity(self, peer: str, identity_key: bytes, trust: TrustState) -> None:
        """Record (or replace) the identity key and trust state for `peer`."""
        ...


class PreKeyStore(Protocol):
    """One-time prekeys: private halves kept until the initial message using them decrypts."""

    def load_prekey(self, prekey_id: int) -> bytes | None:
        """The encoded one-time prekey record, or None if unknown or already used."""
        ...

    def store_prekey(self, prekey_id: int, record: bytes) -> None: ...

    def remove_prekey(self, prekey_id: int) -> None: ...

    def next_prekey_id(self) -> int:
        """An id never handed out before by this profile (ids are u32 and increase)."""
        ...


class SignedPreKeyStore(Protocol):
    """Signed prekeys: the current one plus retired ones kept for late initial messages."""

    def load_signed_prekey(self, signed_prekey_id: int) -> bytes | None: ...

    def store_signed_prekey(
        self, signed_prekey_id: int, record: bytes, created_at: float
    ) -> None: ...

    def remove_signed_prekey(self, signed_prekey_id: int) -> None: ...

    def list_signed_prekeys(self) -> list[tuple[int, float]]:
        """(id, created_at) of every stored signed prekey, oldest first."""
        ...


class KemPreKeyStore(Protocol):
    """ML-KEM-768 prekeys (PQXDH): one-time ones, deleted after their first message decrypts, and
    last-resort ones, the current plus retired ones kept for late initial messages."""

    def load_kem_prekey(self, kem_prekey_id: int) -> bytes | None: ...

    def store_kem_prekey(
        self, kem_prekey_id: int, record: bytes, last_resort: bool, created_at: float
    ) -> None: ...

    def remove_kem_prekey(self, kem_prekey_id: int) -> None: ...

    def list_kem_prekeys(self, last_resort: bool) -> list[tuple[int, float]]:
        """(id, created_at) of the stored KEM prekeys of that kind, oldest first."""
        ...


class SessionStore(Protocol):
    """One encoded session record (active + archived sessions) per peer."""

    def load_session(self, peer: str) -> bytes | None: ...

    def store_session(self, peer: str, record: bytes) -> None: ...

    def delete_session(self, peer: str) -> None: ...


class ProtocolStores(
    IdentityStore, PreKeyStore, SignedPreKeyStore, KemPreKeyStore, SessionStore, Protocol
):
    """Everything the session layer needs; the SQLCipher store is one object implementing all."""
