"""Contacts' device lists in the service (docs/devices.md, "Refreshing"): fetched from the real
relay, verified against the contact's identity key, kept with their revision as the floor, and
turned into one target per device. A forged, rolled-back or garbage list is refused with
InvalidDeviceList and changes nothing; safety numbers do not move."""

from __future__ import annotations

import os
import time

import pytest
from nacl.signing import SigningKey

from app.crypto.devices import Device, DeviceList, seal_device_name, sign_device_list
from app.crypto.keys import IdentityKeyPair
from app.net.client import RelayClient
from app.service.device_lists import accept_device_list, is_due, refresh_device_list
from app.service.device_routes import device_targets
from app.service.errors import InvalidDeviceList
from app.service.messenger import Messenger
from tests.relay_process import RelayProcess

LAPTOP = b"\x22" * 16


def ani_list(seed: bytes, revision: int, *, signer: bytes | None = None) -> tuple[bytes, bytes]:
    """Ani's list naming her first device and a laptop with a fresh mailbox; (statement,
    laptop mailbox). Signed by `signer` instead when given (a forgery)."""
    account = IdentityKeyPair.from_seed(seed)
    laptop = bytes(SigningKey(os.urandom(32)).verify_key)
    devices = (
        Device(
            b"\x11" * 16,
            account.public,
            "http://127.0.0.1:1",
            seal_device_name(account, b"\x11" * 16, "hp"),
        ),
        Device(LAPTOP, laptop, "http://127.0.0.1:2", seal_device_name(account, LAPTOP, "laptop")),
    )
    body = sign_device_list(
        account, DeviceList(account.public, revision, int(time.time() * 1000), devices)
    )
    if signer is not None:
        forged = IdentityKeyPair.from_seed(signer).sign(b"Bisik_DeviceList_v1" + body[:-64])
        body = body[:-64] + forged
    return body, laptop


def test_a_contact_without_a_list_has_its_one_mailbox_then_every_listed_device(
    paired: tuple[RelayProcess, Messenger, Messenger],
) -> None:
    relay, ani, budi = paired
    core = budi._core
    contact = core.store.contact(ani.own_account_id())
    safety = budi.safety_number(ani.own_account_id())
    refresh_device_list(core, contact)  # 404: nothing published
    (only,) = device_targets(core, contact)
    assert (only.peer, only.device_id, only.mailbox) == (
        ani.own_account_id(),
        None,
        ani._core.identity_key,
    )
    # the 404 is remembered (in memory) for a day, like a kept list
    assert not is_due(core, contact, time.time())
    assert is_due(core, contact, time.time() + 86400)

    statement, laptop = ani_list(ani._core.identity_seed, 1)
    RelayClient(relay.url, ani._core.identity_seed).publish_devices(statement)
    refresh_device_list(core, contact)
    first, second = device_targets(core, contact)
    assert (first.peer, first.mailbox) == (ani.own_account_id(), ani._core.identity_key)
    assert second.peer == f"{ani.own_account_id()}.{LAPTOP.hex()}"
    assert (second.mailbox, second.relay_url) == (laptop, "http://127.0.0.1:2")
    assert not is_due(core, contact, time.time())
    assert is_due(core, contact, time.time() + 2 * 24 * 3600)
    assert budi.safety_number(ani.own_account_id()) == safety  # per account: unchanged


@pytest.mark.parametrize("kind", ["forged", "rollback", "garbage", "another account"])
def test_a_bad_list_is_refused_with_a_typed_error_and_changes_nothing(
    paired: tuple[RelayProcess, Messenger, Messenger], kind: str
) -> None:
    _, ani, budi = paired
    core, seed = budi._core, ani._core.identity_seed
    contact = core.store.contact(ani.own_account_id())
    kept, _ = ani_list(seed, 5)
    assert accept_device_list(core, contact, kept, 100.0)
    bad = {
        "forged": lambda: ani_list(seed, 6, signer=os.urandom(32))[0],
        "rollback": lambda: ani_list(seed, 4)[0],
        "garbage": lambda: os.urandom(400),
        "another account": lambda: ani_list(os.urandom(32), 7)[0],
    }[kind]()
    with pytest.raises(InvalidDeviceList):
        accept_device_list(core, contact, bad, 200.0)
    held = core.store.contact_device_list(contact.account_id)
    assert held is not None and (held.statement, held.revision, held.fetched_at) == (kept, 5, 100.0)
    assert len(device_targets(core, contact)) == 2


def test_a_refetch_of_the_same_revision_keeps_the_list_and_another_of_it_is_ignored(
    paired: tuple[RelayProcess, Messenger, Messenger],
) -> None:
    _, ani, budi = paired
    core = budi._core
    contact = core.store.contact(ani.own_account_id())
    kept, _ = ani_list(ani._core.identity_seed, 3)
    assert accept_device_list(core, contact, kept, 1.0)
    assert accept_device_list(core, contact, kept, 2.0)  # the same again: fetched later
    other, _ = ani_list(ani._core.identity_seed, 3)  # a second list with the same revision
    assert not accept_device_list(core, contact, other, 3.0)
    held = core.store.contact_device_list(contact.account_id)
    assert held is not None and (held.statement, held.fetched_at) == (kept, 2.0)
