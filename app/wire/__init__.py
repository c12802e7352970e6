"""Byte formats and limits shared by the client (`app.net`) and the relay (`app.relay`).

Nothing here does I/O or imports a third-party library: it is the vocabulary both sides agree on.
"""

from app.wire.limits import (
    BLOB_BUCKETS,
    BLOB_CHUNK_MAX,
    CLOCK_SKEW_SECONDS,
    ENVELOPE_BUCKETS,
    IDEMPOTENCY_KEY_MAX,
    MAILBOX_QUOTA,
    MAX_POLL_LIMIT,
    MAX_POLL_WAIT,
    NONCE_WINDOW_SECONDS,
    ONE_TIME_PREKEYS_MAX,
    PREKEY_BATCH_MAX,
    blob_bucket,
    envelope_bucket,
)
from app.wire.signing import SignedHeaders, body_digest, prekey_signing_message, signing_message
from app.wire.types import BlobRef, Delivery, PreKeyBundleData, SignedPreKey

__all__ = [
    "BLOB_BUCKETS",
    "BLOB_CHUNK_MAX",
    "CLOCK_SKEW_SECONDS",
    "ENVELOPE_BUCKETS",
    "IDEMPOTENCY_KEY_MAX",
    "MAILBOX_QUOTA",
    "MAX_POLL_LIMIT",
    "MAX_POLL_WAIT",
    "NONCE_WINDOW_SECONDS",
    "ONE_TIME_PREKEYS_MAX",
    "PREKEY_BATCH_MAX",
    "BlobRef",
    "Delivery",
    "PreKeyBundleData",
    "SignedHeaders",
    "SignedPreKey",
    "blob_bucket",
    "body_digest",
    "envelope_bucket",
    "prekey_signing_message",
    "signing_message",
]
