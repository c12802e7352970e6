"""Request and response bodies of the relay API (the OpenAPI schema is generated from these)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.wire import KEM_PREKEY_BATCH_MAX, KEM_PUBLIC_KEY_LEN, MAILBOX_QUOTA, PREKEY_BATCH_MAX

MAILBOX_PATTERN = r"^[0-9a-f]{64}$"
ENVELOPE_ID_PATTERN = r"^[0-9a-f]{32}$"
BLOB_ID_PATTERN = r"^[A-Za-z0-9_-]{32}$"
TOKEN_PATTERN = r"^[A-Za-z0-9_-]{43}$"

HexKey = Annotated[
    str, Field(pattern=MAILBOX_PATTERN, description="32 bytes as 64 lowercase hex digits")
]
HexSignature = Annotated[
    str, Field(pattern=r"^[0-9a-f]{128}$", description="64 bytes as 128 lowercase hex digits")
]
HexKemKey = Annotated[
    str,
    Field(
        pattern=rf"^[0-9a-f]{{{2 * KEM_PUBLIC_KEY_LEN}}}$",
        description=f"an ML-KEM-768 encapsulation key: {KEM_PUBLIC_KEY_LEN} bytes as"
        f" {2 * KEM_PUBLIC_KEY_LEN} lowercase hex digits",
    ),
]
KeyId = Annotated[int, Field(ge=0, le=2**32 - 1)]
EnvelopeId = Annotated[str, Field(pattern=ENVELOPE_ID_PATTERN)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SignedPreKeyBody(Strict):
    key_id: KeyId
    public_key: HexKey
    signature: HexSignature = Field(
        description="Ed25519 over 0x05 || key by the mailbox key, or by `identity_key` if given"
    )


class OneTimePreKeyBody(Strict):
    key_id: KeyId
    public_key: HexKey


class KemPreKeyBody(Strict):
    key_id: KeyId
    public_key: HexKemKey
    signature: HexSignature = Field(
        description='Ed25519 over "Bisik_KEMPreKey_v1" || key, by the key that signs the'
        " signed prekey: the mailbox key, or `identity_key` if given"
    )
    last_resort: bool = Field(
        description="true: the mailbox's last-resort KEM prekey (replaces the previous one, handed"
        " out when no one-time one is left, and kept); false: a one-time KEM prekey"
    )


class PublishPreKeys(Strict):
    signed_prekey: SignedPreKeyBody | None = None
    identity_key: HexKey | None = Field(
        default=None,
        description="a linked device's account key: it signed the signed prekey and the KEM"
        " prekeys, the account's device list names this mailbox, and bundles answer it"
        " (docs/devices.md, Prekeys)",
    )
    one_time_prekeys: list[OneTimePreKeyBody] = Field(
        default_factory=list, max_length=PREKEY_BATCH_MAX
    )
    kem_prekeys: list[KemPreKeyBody] = Field(
        default_factory=list,
        max_length=KEM_PREKEY_BATCH_MAX,
        description="PQXDH's ML-KEM-768 prekeys, at most one of them last-resort",
    )


class PreKeyCount(Strict):
    count: int = Field(description="one-time prekeys left")
    kem_count: int = Field(description="one-time KEM prekeys left (not the last-resort one)")


class Bundle(Strict):
    identity_key: HexKey
    signed_prekey_id: KeyId
    signed_prekey: HexKey
    signed_prekey_signature: HexSignature
    one_time_prekey_id: KeyId | None
    one_time_prekey: HexKey | None
    kem_prekey: KemPreKeyBody | None = Field(
        description="a one-time KEM prekey (now deleted) while any is left, else the last-resort"
        " one; null if the mailbox has published none"
    )


class EnvelopeCreated(Strict):
    envelope_id: EnvelopeId


class EnvelopeOut(Strict):
    envelope_id: EnvelopeId
    envelope: str = Field(description="the envelope bytes, standard base64")
    received_at: float


class Envelopes(Strict):
    envelopes: list[EnvelopeOut]


class Ack(Strict):
    envelope_ids: list[EnvelopeId] = Field(max_length=MAILBOX_QUOTA)


class Acked(Strict):
    deleted: int


class BlobCreate(Strict):
    size: int = Field(ge=1, description="total size in bytes: one of the blob buckets")


class BlobCreated(Strict):
    blob_id: str
    delete_token: str = Field(description="send as X-Bisik-Blob-Token to upload and delete")


class BlobStatus(Strict):
    size: int
    received: int


class DeviceListOut(Strict):
    revision: int = Field(ge=1, description="the statement's revision")
    statement: str = Field(description="the signed device list statement, standard base64")


class ProvisioningOut(Strict):
    message: str | None = Field(
        description="the channel's message, standard base64; null if none arrived in the wait"
    )


class Health(Strict):
    status: str
