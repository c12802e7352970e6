"""Linked devices in the store (schema 4.0, docs/devices.md): this device's mailbox seed, the
account's device list and contacts' lists, whose revisions never go back; device sessions go with
their contact; a backup carries all of it (it restores the device it was taken on)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from app.session import TrustState, device_peer, identity_public_key
from app.store import KdfParams, Store
from app.store.errors import StoreError
from app.store.schema import CURRENT, UserVersion

from .conftest import OWN_SEED, PASSPHRASE, PEER

DEVICE = "e" * 32


def test_the_schema_is_4_1(store: Store) -> None:
    assert UserVersion(4, 1) == CURRENT  # 4.1: KEM prekeys (PQXDH), additive


def test_a_first_device_has_no_mailbox_seed_and_a_linked_one_keeps_it(store: Store) -> None:
    assert store.own_mailbox_seed() is None and store.own_linked_at() is None
    store.set_own_linked(b"\x07" * 32, 1234.5)
    assert store.own_mailbox_seed() == b"\x07" * 32 and store.own_linked_at() == 1234.5
    with pytest.raises(StoreError):  # once only
        store.set_own_linked(b"\x08" * 32, 1.0)
    assert store.own_mailbox_seed() == b"\x07" * 32


def test_the_own_device_list_only_moves_forward(store: Store) -> None:
    assert store.own_device_list() is None
    assert store.save_own_device_list(b"rev2", 2)
    assert not store.save_own_device_list(b"rev1", 1)  # a rollback changes nothing
    assert not store.save_own_device_list(b"other", 2)  # nor another list of the same revision
    assert store.save_own_device_list(b"rev3", 3)
    listed = store.own_device_list()
    assert listed is not None and (listed.statement, listed.revision) == (b"rev3", 3)


def test_a_contacts_device_list_only_moves_forward(store: Store) -> None:
    store.add_contact(PEER, "Budi", identity_key=b"\x02" * 32)
    assert store.contact_device_list(PEER) is None
    assert store.save_contact_device_list(PEER, b"rev2", 2, 10.0)
    assert not store.save_contact_device_list(PEER, b"rev1", 1, 20.0)
    held = store.contact_device_list(PEER)
    assert held is not None and (held.statement, held.revision, held.fetched_at) == (
        b"rev2",
        2,
        10.0,
    )
    assert store.save_contact_device_list(PEER, b"rev2", 2, 30.0)  # a refetch: newer time
    held = store.contact_device_list(PEER)
    assert held is not None and held.fetched_at == 30.0


def test_deleting_a_contact_takes_its_device_list_and_every_device_session(store: Store) -> None:
    store.add_contact(PEER, "Budi", identity_key=b"\x02" * 32)
    store.save_contact_device_list(PEER, b"rev1", 1, 1.0)
    for peer in (PEER, device_peer(PEER, DEVICE)):
        store.store_session(peer, b"record")
    other = device_peer("c" * 64, DEVICE)
    store.store_session(other, b"kept")
    store.delete_contact(PEER)
    assert store.contact_device_list(PEER) is None
    assert store.load_session(PEER) is None
    assert store.load_session(device_peer(PEER, DEVICE)) is None
    assert store.load_session(other) == b"kept"


def test_a_key_change_drops_the_old_keys_device_list(store: Store) -> None:
    store.add_contact(PEER, "Budi", identity_key=b"\x02" * 32)
    store.save_contact_device_list(PEER, b"rev1", 1, 1.0)
    store.store_session(device_peer(PEER, DEVICE), b"record")
    moved = store.move_contact(PEER, identity_public_key(b"\x09" * 32), "http://relay")
    assert store.contact_device_list(PEER) is None
    assert store.contact_device_list(moved.account_id) is None
    assert store.load_session(device_peer(PEER, DEVICE)) is None


def test_a_backup_restores_the_device_and_the_device_lists(store: Store, tmp_path: Path) -> None:
    store.set_own_linked(b"\x07" * 32, 99.0)
    store.save_own_device_list(b"own", 4)
    store.add_contact(PEER, "Budi", identity_key=b"\x02" * 32)
    store.save_contact_device_list(PEER, b"theirs", 6, 5.0)
    out = io.BytesIO()
    store.export_backup(out.write)
    target = Store.create(tmp_path / "restored", PASSPHRASE, kdf=KdfParams.interactive())
    try:
        target.import_backup(io.BytesIO(out.getvalue()).read)
        assert target.own_identity_seed() == OWN_SEED
        assert target.own_mailbox_seed() == b"\x07" * 32
        own = target.own_device_list()
        assert own is not None and own.revision == 4
        theirs = target.contact_device_list(PEER)
        assert theirs is not None and (theirs.statement, theirs.revision) == (b"theirs", 6)
    finally:
        target.lock()


def test_the_own_account_is_the_peer_of_its_other_devices_sessions_and_no_contact(
    store: Store,
) -> None:
    own = store.own_account_id()
    # the sessions with the own other devices trust the profile's own key, verified
    assert store.peer_identity(own) == (identity_public_key(OWN_SEED), TrustState.VERIFIED)
    assert store.peer_identity(PEER) is None
    with pytest.raises(StoreError):
        store.save_peer_identity(own, b"\x09" * 32, TrustState.UNVERIFIED)
    assert store.find_contact(own) is None and store.contacts() == []
