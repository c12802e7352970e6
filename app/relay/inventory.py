"""What `bisik-relay inspect` prints, shared by every SQL backend: per table its meaning, its
columns, the query that reads it and how a row is shown. The queries are plain SQL that SQLite
and PostgreSQL both run; byte columns come back as `bytes` from both drivers."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from app.relay.storage import Table

# What each table means, for `bisik-relay inspect`.
MEANINGS = {
    "envelopes": "Encrypted messages waiting for their recipient mailbox to fetch and acknowledge"
    " them. The relay cannot read them and does not know who sent them.",
    "idempotency_keys": "Random keys senders attach so that a retried send is stored only once.",
    "signed_prekeys": "Each mailbox's current public signed prekey, handed to people who start a"
    " conversation with it.",
    "one_time_prekeys": "Public one-time prekeys; each is handed out once and then deleted.",
    "one_time_kem_prekeys": "Public post-quantum (ML-KEM-768) one-time prekeys, signed by the"
    " mailbox's identity key; each is handed out once and then deleted. Shown as a count per"
    " mailbox.",
    "last_resort_kem_prekeys": "Each mailbox's public post-quantum (ML-KEM-768) last-resort"
    " prekey, handed out when its one-time ones have run out. Shown as sizes.",
    "nonces": "Random numbers from recent signed requests, kept two minutes to refuse replays.",
    "blobs": "Encrypted attachments: size, bytes received so far, a hash of the delete token.",
    "blob_chunks": "The encrypted attachment bytes themselves, in pieces (shown as hashes).",
    "device_lists": "Each account's newest list of linked devices: a public statement signed by"
    " the account's identity key, naming each device's id, mailbox key and relay URL (device"
    " names inside are encrypted for the account's own devices). Anyone may fetch it.",
    "provisioning": "Encrypted one-time messages that link a new device to an account, held at"
    " most ten minutes and erased when fetched (shown only as sizes and expiry).",
}


def _when(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


Render = Callable[[Any], tuple[str, ...]]

QUERIES: dict[str, tuple[tuple[str, ...], str, Render]] = {
    "envelopes": (
        ("envelope id", "mailbox", "received", "expires", "size", "encrypted bytes"),
        "SELECT envelope_id, mailbox, received_at, expires_at, envelope FROM envelopes"
        " ORDER BY seq",
        lambda r: (
            r[0],
            bytes(r[1]).hex(),
            _when(r[2]),
            _when(r[3]),
            f"{len(r[4])} bytes",
            base64.b64encode(r[4]).decode(),
        ),
    ),
    "idempotency_keys": (
        ("mailbox", "key", "envelope id", "expires"),
        "SELECT mailbox, key, envelope_id, expires_at FROM idempotency_keys ORDER BY mailbox, key",
        lambda r: (bytes(r[0]).hex(), r[1], r[2], _when(r[3])),
    ),
    "signed_prekeys": (
        ("mailbox", "key id", "public key", "signature", "identity key"),
        "SELECT mailbox, key_id, public_key, signature, identity_key FROM signed_prekeys"
        " ORDER BY mailbox",
        lambda r: (
            bytes(r[0]).hex(),
            str(r[1]),
            bytes(r[2]).hex(),
            bytes(r[3]).hex(),
            "" if r[4] is None else bytes(r[4]).hex(),
        ),
    ),
    "one_time_prekeys": (
        ("mailbox", "key id", "public key"),
        "SELECT mailbox, key_id, public_key FROM one_time_prekeys ORDER BY mailbox, key_id",
        lambda r: (bytes(r[0]).hex(), str(r[1]), bytes(r[2]).hex()),
    ),
    "one_time_kem_prekeys": (
        ("mailbox", "one-time KEM prekeys", "key ids", "size"),
        "SELECT mailbox, count(*), min(key_id), max(key_id),"
        " sum(length(public_key) + length(signature)) FROM one_time_kem_prekeys"
        " GROUP BY mailbox ORDER BY mailbox",
        lambda r: (bytes(r[0]).hex(), str(r[1]), f"{r[2]} to {r[3]}", f"{r[4]} bytes"),
    ),
    "last_resort_kem_prekeys": (
        ("mailbox", "key id", "public key", "signature"),
        "SELECT mailbox, key_id, length(public_key), length(signature)"
        " FROM last_resort_kem_prekeys ORDER BY mailbox",
        lambda r: (bytes(r[0]).hex(), str(r[1]), f"{r[2]} bytes", f"{r[3]} bytes"),
    ),
    "nonces": (
        ("mailbox", "nonce", "expires"),
        "SELECT mailbox, nonce, expires_at FROM nonces ORDER BY mailbox, nonce",
        lambda r: (bytes(r[0]).hex(), r[1], _when(r[2])),
    ),
    "blobs": (
        ("blob id", "size", "received", "delete token hash", "expires"),
        "SELECT blob_id, size, received, token_hash, expires_at FROM blobs ORDER BY blob_id",
        lambda r: (r[0], f"{r[1]} bytes", f"{r[2]} bytes", bytes(r[3]).hex(), _when(r[4])),
    ),
    "blob_chunks": (
        ("blob id", "offset", "length", "sha-256 of the encrypted bytes"),
        'SELECT blob_id, "offset", data FROM blob_chunks ORDER BY blob_id, "offset"',
        lambda r: (r[0], str(r[1]), f"{len(r[2])} bytes", hashlib.sha256(r[2]).hexdigest()),
    ),
    "device_lists": (
        ("account (identity key)", "revision", "published", "size", "signed statement"),
        "SELECT account, revision, published_at, statement FROM device_lists ORDER BY account",
        lambda r: (
            bytes(r[0]).hex(),
            str(r[1]),
            _when(r[2]),
            f"{len(r[3])} bytes",
            bytes(r[3]).hex(),
        ),
    ),
    "provisioning": (
        ("size", "state", "expires"),
        "SELECT size, message IS NULL, expires_at FROM provisioning ORDER BY expires_at",
        lambda r: (
            f"{r[0]} bytes",
            "fetched (erased)" if r[1] else "waiting",
            _when(r[2]),
        ),
    ),
}


def read_inventory(rows_of: Callable[[str], Iterable[Any]]) -> list[Table]:
    """Every table, read with `rows_of(sql)` (the backend runs the query and returns its rows)."""
    return [
        Table(name, MEANINGS[name], columns, tuple(render(row) for row in rows_of(sql)))
        for name, (columns, sql, render) in QUERIES.items()
    ]
