"""Sessions per peer device (docs/devices.md, Sesame): two devices of one account share its
identity key but each has sessions of its own, keyed by `device_peer`; trust stays per account."""

from __future__ import annotations

from app.session import (
    TrustState,
    decrypt,
    device_peer,
    encrypt,
    has_session,
    peer_account,
    peer_device,
    seal,
    start_session,
    unseal,
)
from app.session.peers import device_peers_pattern

from .conftest import new_profile

DEVICE_2 = "d2" * 16


def test_peer_strings_of_first_and_linked_devices() -> None:
    account = "ab" * 16
    assert device_peer(account, None) == account == peer_account(account)
    linked = device_peer(account, DEVICE_2)
    assert linked == f"{account}.{DEVICE_2}"
    assert (peer_account(linked), peer_device(linked), peer_device(account)) == (
        account,
        DEVICE_2,
        None,
    )
    assert device_peers_pattern(account) == f"{account}.%"


def test_each_device_of_an_account_has_its_own_session_and_one_identity() -> None:
    first = new_profile()
    second = new_profile(first.stores.own_identity_seed(), DEVICE_2)  # a linked device: same IK
    budi = new_profile()
    linked = device_peer(first.id, DEVICE_2)
    start_session(budi.stores, first.id, first.bundle())
    start_session(budi.stores, linked, second.bundle())
    assert has_session(budi.stores, first.id) and has_session(budi.stores, linked)
    assert budi.stores.peer_identity(first.id) == (first.key, TrustState.UNVERIFIED)

    for device, peer in ((first, first.id), (second, linked)):
        envelope = seal(
            budi.stores, first.key, encrypt(budi.stores, peer, b"halo " + peer.encode())
        )
        opened = unseal(device.stores, envelope)
        got = decrypt(device.stores, opened.sender, opened.sender_identity_key, opened.message)
        assert got.plaintext == b"halo " + peer.encode()

    reply = seal(second.stores, budi.key, encrypt(second.stores, budi.id, b"dari laptop"))
    opened = unseal(budi.stores, reply)
    assert (opened.sender, opened.sender_device) == (first.id, DEVICE_2)
    got = decrypt(
        budi.stores, device_peer(opened.sender, opened.sender_device), first.key, opened.message
    )
    assert got.plaintext == b"dari laptop" and not got.identity_changed
    assert budi.stores.peer_identity(first.id) == (first.key, TrustState.UNVERIFIED)
    assert budi.stores.peer_identity(linked) is None  # trust is kept per account only
