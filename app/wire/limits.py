"""Sizes and limits both sides of the relay API enforce."""

from __future__ import annotations

KIB = 1024
MIB = 1024 * KIB

# An envelope is exactly one of these lengths; the relay refuses any other (DESIGN.md, Padding).
ENVELOPE_BUCKETS: tuple[int, ...] = (1 * KIB, 4 * KIB, 16 * KIB, 64 * KIB)

# A blob's stored size is one of these: powers of two from 64 KiB to 64 MiB, then the 100 MiB cap.
# The uploader pads the encrypted bytes with zeros up to the bucket, so the relay learns only the
# bucket, never the exact length (which travels inside the encrypted message that points to it).
BLOB_BUCKETS: tuple[int, ...] = (*(64 * KIB << i for i in range(11)), 100 * MIB)

# Largest body of one blob upload request (a chunk); the client sends chunks of exactly this size.
BLOB_CHUNK_MAX = 1 * MIB

PREKEY_BATCH_MAX = 100  # one-time prekeys per publish request
ONE_TIME_PREKEYS_MAX = 1000  # one-time prekeys a mailbox may hold on the relay

# PQXDH's ML-KEM-768 prekeys (docs/relay-api.md, "KEM prekeys"). One KEM prekey is about 2.6 KB
# of JSON (its key as 2368 hex digits, its signature as 128): 20 of them with the largest key ids
# make a 51,479-byte body of their own (51,641 with json.dumps' default separators), a fifth under
# the relay's 65,536-byte limit; together with a full batch of one-time prekeys and a signed prekey
# 61,961. The client sends them in requests of their own (app.net.RelayClient.publish_prekeys).
KEM_PUBLIC_KEY_LEN = 1184  # an ML-KEM-768 encapsulation key
KEM_PREKEY_BATCH_MAX = 20  # KEM prekeys per publish request
KEM_ONE_TIME_PREKEYS_MAX = 200  # one-time KEM prekeys a mailbox may hold on the relay
MAX_POLL_WAIT = 30.0  # seconds a long-poll may wait
MAX_POLL_LIMIT = 100  # envelopes per poll answer
MAILBOX_QUOTA = 1000  # unacked envelopes a mailbox may hold
IDEMPOTENCY_KEY_MAX = 64  # characters

CLOCK_SKEW_SECONDS = 60  # a signed request's timestamp may be this far from the relay's clock
NONCE_WINDOW_SECONDS = 120  # a nonce is refused if seen this recently


def envelope_bucket(length: int) -> int | None:
    """The smallest envelope bucket that holds `length` bytes, or None if none does."""
    return next((bucket for bucket in ENVELOPE_BUCKETS if bucket >= length), None)


def blob_bucket(length: int) -> int | None:
    """The smallest blob bucket that holds `length` bytes, or None if it exceeds the cap."""
    return next((bucket for bucket in BLOB_BUCKETS if bucket >= length), None)


# Linked devices (docs/devices.md). A device list statement is at most this long (16 devices with
# the longest relay URLs); app.crypto.devices.MAX_STATEMENT_BYTES is the same, a test checks it.
MAX_DEVICES = 16
DEVICE_LIST_MAX = 35_362
# A provisioning message (linking a new device) is exactly one of these lengths, held this long.
PROVISIONING_BUCKETS: tuple[int, ...] = ENVELOPE_BUCKETS
PROVISIONING_TTL_SECONDS = 600.0
