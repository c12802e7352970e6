"""Byte formats and limits shared by the client (`app.net`) and the relay (`app.relay`).

Nothing here does I/O or imports a third-party library: it is the vocabulary both sides agree on.
"""

from app.wire.devices import BadStatement, StatementHeader, statement_header, statement_mailboxes
from app.wire.limits import (
    BLOB_BUCKETS,
    BLOB_CHUNK_MAX,
    CLOCK_SKEW_SECONDS,
    DEVICE_LIST_MAX,
    ENVELOPE_BUCKETS,
    IDEMPOTENCY_KEY_MAX,
    KEM_ONE_TIME_PREKEYS_MAX,
    KEM_PREKEY_BATCH_MAX,
    KEM_PUBLIC_KEY_LEN,
    MAILBOX_QUOTA,
    MAX_DEVICES,
    MAX_POLL_LIMIT,
    MAX_POLL_WAIT,
    NONCE_WINDOW_SECONDS,
    ONE_TIME_PREKEYS_MAX,
    PREKEY_BATCH_MAX,
    PROVISIONING_BUCKETS,
    PROVISIONING_TTL_SECONDS,
    blob_bucket,
    envelope_bucket,
)
from app.wire.signing import (
    SignedHeaders,
    body_digest,
    kem_prekey_signing_message,
    prekey_signing_message,
    signing_message,
)
from app.wire.types import BlobRef, Delivery, KemPreKey, PreKeyBundleData, SignedPreKey

__all__ = [
    "BLOB_BUCKETS",
    "BLOB_CHUNK_MAX",
    "CLOCK_SKEW_SECONDS",
    "DEVICE_LIST_MAX",
    "ENVELOPE_BUCKETS",
    "IDEMPOTENCY_KEY_MAX",
    "KEM_ONE_TIME_PREKEYS_MAX",
    "KEM_PREKEY_BATCH_MAX",
    "KEM_PUBLIC_KEY_LEN",
    "MAILBOX_QUOTA",
    "MAX_DEVICES",
    "MAX_POLL_LIMIT",
    "MAX_POLL_WAIT",
    "NONCE_WINDOW_SECONDS",
    "ONE_TIME_PREKEYS_MAX",
    "PREKEY_BATCH_MAX",
    "PROVISIONING_BUCKETS",
    "PROVISIONING_TTL_SECONDS",
    "BadStatement",
    "BlobRef",
    "Delivery",
    "KemPreKey",
    "PreKeyBundleData",
    "SignedHeaders",
    "SignedPreKey",
    "StatementHeader",
    "blob_bucket",
    "body_digest",
    "envelope_bucket",
    "kem_prekey_signing_message",
    "prekey_signing_message",
    "signing_message",
    "statement_header",
    "statement_mailboxes",
]
