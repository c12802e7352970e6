"""Prekey lifecycle: signed prekeys verify, ids grow, retired keys are pruned after their grace."""

from __future__ import annotations

import pytest

from app.crypto.keys import KeyPair, encode_public, verify
from app.session import (
    CorruptState,
    current_signed_prekey,
    generate_one_time_prekeys,
    generate_signed_prekey,
    identity_public_key,
    new_device_id,
    new_identity_seed,
    prune_signed_prekeys,
)
from app.session.memory import MemoryStores
from app.session.prekeys import load_one_time_prekey, load_signed_prekey

DAY = 86400.0


def stores() -> MemoryStores:
    return MemoryStores(new_identity_seed(), new_device_id())


def test_identity_helpers() -> None:
    seed = new_identity_seed()
    assert len(seed) == 32 and seed != new_identity_seed()
    account = new_device_id()
    assert len(account) == 32 and int(account, 16) >= 0
    assert len(identity_public_key(seed)) == 32
    assert identity_public_key(seed) == identity_public_key(bytes(seed))


def test_signed_prekey_is_signed_by_the_identity_and_stored() -> None:
    s = stores()
    prekey_id, public, signature = generate_signed_prekey(s, 100.0)
    verify(identity_public_key(s.own_identity_seed()), encode_public(public), signature)
    loaded = load_signed_prekey(s, prekey_id)
    assert loaded is not None
    pair, stored_signature = loaded
    assert pair == KeyPair.from_private(pair.private) and pair.public == public
    assert stored_signature == signature
    assert current_signed_prekey(s) == (prekey_id, public, signature)
    assert generate_signed_prekey(s, 200.0)[0] == prekey_id + 1


def test_no_current_signed_prekey_in_a_new_profile() -> None:
    assert current_signed_prekey(stores()) is None


def test_one_time_prekeys_have_unique_ids_and_stored_private_halves() -> None:
    s = stores()
    published = generate_one_time_prekeys(s, 5) + generate_one_time_prekeys(s, 5)
    assert len({prekey_id for prekey_id, _ in published}) == 10
    for prekey_id, public in published:
        pair = load_one_time_prekey(s, prekey_id)
        assert pair is not None and pair.public == public
    assert load_one_time_prekey(s, 999) is None


def test_prune_keeps_newest_and_recently_retired() -> None:
    s = stores()
    first = generate_signed_prekey(s, 0.0)[0]
    second = generate_signed_prekey(s, 7 * DAY)[0]  # retires the first at day 7
    third = generate_signed_prekey(s, 14 * DAY)[0]  # retires the second at day 14
    prune_signed_prekeys(s, now=20 * DAY)
    assert [i for i, _ in s.list_signed_prekeys()] == [first, second, third]
    prune_signed_prekeys(s, now=22 * DAY)
    assert [i for i, _ in s.list_signed_prekeys()] == [second, third]
    prune_signed_prekeys(s, now=1000 * DAY)
    assert [i for i, _ in s.list_signed_prekeys()] == [third]


def test_damaged_prekey_records_are_corrupt_state() -> None:
    s = stores()
    s.store_prekey(1, b"\x02" + bytes(64))
    s.store_signed_prekey(1, b"\x01" + bytes(10), 0.0)
    with pytest.raises(CorruptState):
        load_one_time_prekey(s, 1)
    with pytest.raises(CorruptState):
        load_signed_prekey(s, 1)


def test_memory_stores_repr_hides_the_seed() -> None:
    seed = new_identity_seed()
    shown = repr(MemoryStores(seed, "ab"))
    assert seed.hex() not in shown and repr(seed) not in shown
