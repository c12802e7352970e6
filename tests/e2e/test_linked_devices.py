"""Linking a second device to Ani's account through the real flow (docs/devices.md): a real relay
process, real profiles. The new device shows a link, Ani's device answers it on the provisioning
channel, both show the same code, the new device joins with its own mailbox and prekeys; Budi sees
both devices in Ani's list; unlinking takes it out again. Tampered answers are refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.crypto.provisioning import (
    encode_link,
    new_link,
    open_provisioning,
    parse_link,
    seal_provisioning,
)
from app.net.client import RelayClient
from app.service.account import KdfParams
from app.service.device_lists import refresh_device_list
from app.service.device_routes import device_targets
from app.service.errors import DeviceLinkError, DeviceUnlinked, RelayDown, ServiceError
from app.service.joining import begin_link
from app.service.link_payload import decode_payload
from app.service.messenger import Messenger
from app.store.profile import PROFILE_FILE
from tests.e2e.support import PASSPHRASE, link_second
from tests.relay_process import RelayProcess


def test_a_second_device_joins_the_account_and_is_listed_everywhere(
    tmp_path: Path, paired: tuple[RelayProcess, Messenger, Messenger]
) -> None:
    relay, ani, budi = paired
    safety = ani.safety_number(budi.own_account_id())
    laptop, linked = link_second(tmp_path / "a2", relay.url, ani)
    try:
        assert laptop.own_account_id() == ani.own_account_id()
        assert laptop.own_display_name() == "Ani"
        mine = {d.device_id: d for d in ani.devices()}
        assert {d.name for d in mine.values()} == {"first device", "laptop"}
        assert mine[linked.device_id].is_this is False and mine[linked.device_id].is_first is False
        theirs = {d.device_id: d for d in laptop.devices()}
        assert theirs.keys() == mine.keys() and theirs[linked.device_id].is_this
        # the contacts came along, with their trust; safety numbers are per account
        (budi_there,) = laptop.contacts()
        assert budi_there.contact_id == budi.own_account_id()
        assert laptop.safety_number(budi.own_account_id()) == safety
        assert ani.safety_number(budi.own_account_id()) == safety
        # its own mailbox, whose bundle answers the account's identity key
        core = laptop._core
        assert core.is_linked and core.relay().mailbox != core.identity_key
        assert laptop.keys_ready()
        bundle = RelayClient(relay.url, os.urandom(32)).fetch_bundle(core.relay().mailbox)
        assert bundle.identity_key == core.identity_key
        # Budi's client sees both of Ani's devices, each with a session key of its own
        contact = budi._core.store.contact(ani.own_account_id())
        refresh_device_list(budi._core, contact)
        peers = {t.peer for t in device_targets(budi._core, contact)}
        assert peers == {ani.own_account_id(), f"{ani.own_account_id()}.{linked.device_id}"}
    finally:
        laptop.lock()


def test_unlinking_takes_the_device_out_and_it_learns_so(
    tmp_path: Path, paired: tuple[RelayProcess, Messenger, Messenger]
) -> None:
    relay, ani, budi = paired
    laptop, linked = link_second(tmp_path / "a2", relay.url, ani)
    try:
        with pytest.raises(ServiceError):
            ani.unlink_device(ani._core.store.own_device_id())  # not itself
        ani.unlink_device(linked.device_id)
        assert [d.is_this for d in ani.devices()] == [True]
        with pytest.raises(DeviceUnlinked):
            laptop.devices()
        with pytest.raises(ServiceError):
            ani.unlink_device(linked.device_id)  # gone already
        contact = budi._core.store.contact(ani.own_account_id())
        refresh_device_list(budi._core, contact)
        assert [t.peer for t in device_targets(budi._core, contact)] == [ani.own_account_id()]
    finally:
        laptop.lock()


def test_a_link_is_answered_once_and_a_bad_one_is_refused(
    tmp_path: Path, paired: tuple[RelayProcess, Messenger, Messenger]
) -> None:
    relay, ani, budi = paired
    with pytest.raises(DeviceLinkError):
        ani.link_device("bisik-link:AAAA", "laptop")
    joining = begin_link(tmp_path / "a2", PASSPHRASE, relay.url, kdf=KdfParams.interactive())
    ani.link_device(joining.link, "laptop")
    with pytest.raises(DeviceLinkError):
        budi.link_device(joining.link, "mine now")  # the channel holds an answer already


@pytest.mark.parametrize("tamper", ["flipped byte", "garbage payload"])
def test_a_tampered_answer_is_refused_and_nothing_is_created(
    tmp_path: Path, paired: tuple[RelayProcess, Messenger, Messenger], tamper: str
) -> None:
    relay, _, _ = paired
    folder = tmp_path / "a2"
    joining = begin_link(folder, PASSPHRASE, relay.url, kdf=KdfParams.interactive())
    request = parse_link(joining.link)
    if tamper == "flipped byte":
        message = bytearray(seal_provisioning(request, b"\x01{}").message)
        message[40] ^= 1
    else:
        message = bytearray(seal_provisioning(request, b"\x01not json").message)
    RelayClient(relay.url, os.urandom(32)).put_provisioning(request.channel, bytes(message))
    with pytest.raises(DeviceLinkError):
        joining.wait(10)
    assert not (folder / PROFILE_FILE).exists()


def test_the_payload_carries_no_more_than_it_says(
    paired: tuple[RelayProcess, Messenger, Messenger],
) -> None:
    relay, ani, _ = paired
    pending = new_link(relay.url)
    ani.link_device(encode_link(pending.request), "laptop")
    message = RelayClient(relay.url, os.urandom(32)).wait_provisioning(pending.request.channel, 5)
    assert message is not None
    payload = decode_payload(open_provisioning(pending, message).payload)
    assert payload.identity_seed == ani._core.identity_seed and payload.display_name == "Ani"
    assert len(payload.contacts) == 1 and payload.device_name == "laptop"
    assert "identity_seed" not in repr(payload)  # no secret in a repr


def test_a_join_that_cannot_publish_leaves_no_profile_and_can_be_tried_again(
    tmp_path: Path, paired: tuple[RelayProcess, Messenger, Messenger]
) -> None:
    relay, ani, _ = paired
    folder = tmp_path / "a2"
    folder.mkdir()
    (folder / "keep.txt").write_text("the user's")
    joining = begin_link(folder, PASSPHRASE, relay.url, kdf=KdfParams.interactive())
    ani.link_device(joining.link, "laptop")
    received = joining.wait(10)
    assert received is not None
    relay.kill()  # the list cannot be published: the new device is no device
    with pytest.raises(RelayDown):
        received.accept()
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"]
    relay.start()
    laptop, _ = link_second(folder, relay.url, ani)  # a new link works in the same folder
    laptop.lock()
