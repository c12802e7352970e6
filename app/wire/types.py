"""Value types that cross the relay API, as both sides see them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SignedPreKey:
    """An X25519 signed prekey: `signature` is Ed25519(identity key, 0x05 || public_key)."""

    key_id: int
    public_key: bytes  # 32 bytes, raw X25519
    signature: bytes  # 64 bytes


@dataclass(frozen=True)
class KemPreKey:
    """An ML-KEM-768 prekey of PQXDH: a one-time one (handed out once) or the mailbox's last-resort
    one (handed out when no one-time one is left, and kept). `signature` is Ed25519 by the identity
    key over `kem_prekey_signing_message(public_key)`."""

    key_id: int
    public_key: bytes  # KEM_PUBLIC_KEY_LEN (1184) bytes: an ML-KEM-768 encapsulation key
    signature: bytes  # 64 bytes
    last_resort: bool

    def __repr__(self) -> str:
        kind = "last resort" if self.last_resort else "one-time"
        return f"KemPreKey({self.key_id}, {kind}, {len(self.public_key)}-byte key)"


@dataclass(frozen=True)
class PreKeyBundleData:
    """What the relay hands out for starting a session with a mailbox (X3DH's prekey bundle)."""

    identity_key: bytes  # 32-byte Ed25519 public key: the mailbox itself
    signed_prekey_id: int
    signed_prekey: bytes
    signed_prekey_signature: bytes
    one_time_prekey_id: int | None
    one_time_prekey: bytes | None
    kem_prekey: KemPreKey | None = None  # PQXDH's: one-time if any is left, else the last resort


@dataclass(frozen=True)
class Delivery:
    """One envelope waiting in the own mailbox."""

    envelope_id: str
    envelope: bytes
    received_at: float  # unix seconds, relay clock

    def __repr__(self) -> str:
        return f"Delivery({self.envelope_id!r}, {len(self.envelope)} bytes, {self.received_at})"


@dataclass(frozen=True)
class BlobRef:
    """An uploaded blob: its unguessable id and the token that deletes it."""

    blob_id: str
    delete_token: str

    def __repr__(self) -> str:
        return f"BlobRef({self.blob_id!r}, delete_token=<hidden>)"
