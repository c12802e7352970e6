"""Prekey lifecycle: create and store signed and one-time prekeys, and retire old signed ones.

Records (v1): one-time = 0x01 || private (32) || public (32);
signed = 0x01 || private (32) || public (32) || signature (64);
KEM (ML-KEM-768, PQXDH) = 0x01 || seed (64) || public (1184) || signature (64), one-time or
last-resort (the store keeps which). The signature covers kem.signing_message(public).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from itertools import pairwise

from app.crypto import kem
from app.crypto.keys import KEY_LEN, SIGNATURE_LEN, IdentityKeyPair, KeyPair, encode_public
from app.crypto.reader import Reader
from app.session.errors import CorruptState
from app.session.stores import PreKeyStore, ProtocolStores, SignedPreKeyStore

VERSION = b"\x01"
SIGNED_PREKEY_KEEP_SECONDS = 14 * 86400


def new_identity_seed() -> bytes:
    """32 random bytes: the Ed25519 seed of a new device identity."""
    return os.urandom(KEY_LEN)


def identity_public_key(seed: bytes) -> bytes:
    """The Ed25519 public identity key of a seed."""
    return IdentityKeyPair.from_seed(seed).public


def sign_as_identity(seed: bytes, message: bytes) -> bytes:
    """The identity key's Ed25519 signature of `message`, through the cached key pair that
    `forget_cached_keys` wipes (a throwaway SigningKey would leave its copy of the seed behind)."""
    return IdentityKeyPair.from_seed(seed).sign(message)


def own_identity(stores: ProtocolStores) -> IdentityKeyPair:
    return IdentityKeyPair.from_seed(stores.own_identity_seed())


def _decode_pair(record: bytes, extra: int) -> tuple[KeyPair, bytes]:
    r = Reader(record, CorruptState)
    if r.take(1) != VERSION:
        raise CorruptState("unknown prekey record version")
    pair = KeyPair(private=r.take(KEY_LEN), public=r.take(KEY_LEN))
    tail = r.take(extra)
    r.expect_end()
    return pair, tail


def generate_signed_prekey(stores: ProtocolStores, now: float) -> tuple[int, bytes, bytes]:
    """Create, sign and store a new signed prekey; returns (id, public, signature) to publish."""
    ids = [prekey_id for prekey_id, _ in stores.list_signed_prekeys()]
    prekey_id = max(ids, default=0) + 1
    pair = KeyPair.generate()
    signature = own_identity(stores).sign(encode_public(pair.public))
    stores.store_signed_prekey(prekey_id, VERSION + pair.private + pair.public + signature, now)
    return prekey_id, pair.public, signature


def current_signed_prekey(stores: ProtocolStores) -> tuple[int, bytes, bytes] | None:
    """The newest signed prekey as (id, public, signature), e.g. to publish it again."""
    listed = stores.list_signed_prekeys()
    if not listed:
        return None
    prekey_id = listed[-1][0]
    loaded = load_signed_prekey(stores, prekey_id)
    if loaded is None:
        raise CorruptState(f"signed prekey {prekey_id} is listed but missing")
    return prekey_id, loaded[0].public, loaded[1]


def load_signed_prekey(stores: SignedPreKeyStore, prekey_id: int) -> tuple[KeyPair, bytes] | None:
    """(key pair, signature), or None if unknown or pruned."""
    record = stores.load_signed_prekey(prekey_id)
    return None if record is None else _decode_pair(record, SIGNATURE_LEN)


def generate_one_time_prekeys(stores: ProtocolStores, count: int) -> list[tuple[int, bytes]]:
    """Create and store `count` one-time prekeys; returns (id, public) pairs to publish."""
    published = []
    for _ in range(count):
        prekey_id = stores.next_prekey_id()
        pair = KeyPair.generate()
        stores.store_prekey(prekey_id, VERSION + pair.private + pair.public)
        published.append((prekey_id, pair.public))
    return published


def load_one_time_prekey(stores: PreKeyStore, prekey_id: int) -> KeyPair | None:
    record = stores.load_prekey(prekey_id)
    return None if record is None else _decode_pair(record, 0)[0]


def prune_signed_prekeys(
    stores: ProtocolStores, now: float, keep_seconds: float = SIGNED_PREKEY_KEEP_SECONDS
) -> None:
    """Remove signed prekeys retired (replaced by a newer one) more than `keep_seconds` ago.

    A retired key stays for late initial messages; the newest is never removed.
    """
    _prune(stores.list_signed_prekeys(), stores.remove_signed_prekey, now, keep_seconds)


def _prune(
    listed: list[tuple[int, float]], remove: Callable[[int], None], now: float, keep: float
) -> None:
    """Remove each key whose successor (the next in `listed`, oldest first) is older than `keep`."""
    for (prekey_id, _), (_, retired_at) in pairwise(listed):
        if now - retired_at > keep:
            remove(prekey_id)


def generate_kem_prekeys(
    stores: ProtocolStores, count: int, *, last_resort: bool, now: float
) -> list[tuple[int, bytes, bytes]]:
    """Create, sign and store `count` KEM prekeys; returns (id, public, signature) to publish."""
    identity = own_identity(stores)
    published = []
    for _ in range(count):
        prekey_id = stores.next_prekey_id()
        pair = kem.KemKeyPair.generate()
        signature = identity.sign(kem.signing_message(pair.public))
        record = VERSION + pair.seed + pair.public + signature
        stores.store_kem_prekey(prekey_id, record, last_resort, now)
        published.append((prekey_id, pair.public, signature))
    return published


def load_kem_prekey(stores: ProtocolStores, prekey_id: int) -> tuple[kem.KemKeyPair, bytes] | None:
    """(key pair, signature) of a stored KEM prekey, or None if unknown or used."""
    record = stores.load_kem_prekey(prekey_id)
    if record is None:
        return None
    r = Reader(record, CorruptState)
    if r.take(1) != VERSION:
        raise CorruptState("unknown KEM prekey record version")
    pair = kem.KemKeyPair(r.take(kem.SEED_LEN), r.take(kem.PUBLIC_KEY_LEN))
    signature = r.take(SIGNATURE_LEN)
    r.expect_end()
    return pair, signature


def current_kem_last_resort(stores: ProtocolStores) -> tuple[int, bytes, bytes] | None:
    """The newest last-resort KEM prekey as (id, public, signature), to publish it."""
    listed = stores.list_kem_prekeys(last_resort=True)
    if not listed:
        return None
    prekey_id = listed[-1][0]
    loaded = load_kem_prekey(stores, prekey_id)
    if loaded is None:
        raise CorruptState(f"KEM prekey {prekey_id} is listed but missing")
    return prekey_id, loaded[0].public, loaded[1]


def prune_kem_last_resort(
    stores: ProtocolStores, now: float, keep_seconds: float = SIGNED_PREKEY_KEEP_SECONDS
) -> None:
    """Remove last-resort KEM prekeys replaced more than `keep_seconds` ago (as signed ones)."""
    _prune(stores.list_kem_prekeys(last_resort=True), stores.remove_kem_prekey, now, keep_seconds)
