"""RelayClient's linked-device calls against a real relay process: publishing and fetching device
lists, and provisioning channels (the one message that links a new device)."""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from nacl.signing import SigningKey

from app.crypto.devices import (
    Device,
    DeviceList,
    StaleDeviceList,
    open_device_name,
    seal_device_name,
    sign_device_list,
    verify_device_list,
)
from app.crypto.keys import IdentityKeyPair
from app.crypto.provisioning import (
    encode_link,
    new_link,
    open_provisioning,
    parse_link,
    seal_provisioning,
)
from app.net import RelayClient, RelayError
from tests.relay_process import RelayProcess


def device_list(identity: IdentityKeyPair, revision: int, relay_url: str) -> DeviceList:
    second = bytes(SigningKey(os.urandom(32)).verify_key)
    return DeviceList(
        identity.public,
        revision,
        int(time.time() * 1000),
        (
            Device(
                b"\x01" * 16,
                identity.public,
                relay_url,
                seal_device_name(identity, b"\x01" * 16, "Laptop"),
            ),
            Device(
                b"\x02" * 16, second, relay_url, seal_device_name(identity, b"\x02" * 16, "Kantor")
            ),
        ),
    )


def test_a_published_list_is_fetched_and_verifies(relay: RelayProcess) -> None:
    seed = os.urandom(32)
    identity = IdentityKeyPair.from_seed(seed)
    owner, stranger = RelayClient(relay.url, seed), RelayClient(relay.url, os.urandom(32))
    assert stranger.fetch_devices(identity.public) is None
    owner.publish_devices(sign_device_list(identity, device_list(identity, 1, relay.url)))
    newer = sign_device_list(identity, device_list(identity, 2, relay.url))
    owner.publish_devices(newer)
    fetched = stranger.fetch_devices(identity.public)
    assert fetched == newer
    devices = verify_device_list(fetched, identity.public, known_revision=1)
    assert [open_device_name(identity, d.device_id, d.sealed_name) for d in devices.devices] == [
        "Laptop",
        "Kantor",
    ]
    with pytest.raises(StaleDeviceList):
        verify_device_list(fetched, identity.public, known_revision=3)


def test_an_older_list_is_a_409(relay: RelayProcess) -> None:
    seed = os.urandom(32)
    identity = IdentityKeyPair.from_seed(seed)
    owner = RelayClient(relay.url, seed)
    owner.publish_devices(sign_device_list(identity, device_list(identity, 4, relay.url)))
    with pytest.raises(RelayError) as refused:
        owner.publish_devices(sign_device_list(identity, device_list(identity, 3, relay.url)))
    assert (refused.value.status, refused.value.error) == (409, "conflict")


def test_only_a_client_of_the_identity_key_publishes_its_list(relay: RelayProcess) -> None:
    identity = IdentityKeyPair.from_seed(os.urandom(32))
    statement = sign_device_list(identity, device_list(identity, 1, relay.url))
    device_client = RelayClient(relay.url, os.urandom(32))  # a linked device's own mailbox key
    with pytest.raises(ValueError, match="account"):
        device_client.publish_devices(statement)
    with pytest.raises(ValueError):
        device_client.publish_devices(b"garbage")
    assert device_client.fetch_devices(identity.public) is None


def test_a_device_is_provisioned_through_a_channel(relay: RelayProcess) -> None:
    """The whole exchange: the new device shows a link and waits; the linking device parses the
    link, seals the payload and puts it; both show the same code."""
    pending = new_link(relay.url)
    link = encode_link(pending.request)
    new_device = RelayClient(relay.url, os.urandom(32))
    linking_device = RelayClient(relay.url, os.urandom(32))
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(new_device.wait_provisioning, pending.request.channel, 20.0)
        time.sleep(0.3)
        request = parse_link(link)
        sealed = seal_provisioning(request, b"identity seed and the rest")
        started = time.monotonic()
        linking_device.put_provisioning(request.channel, sealed.message)
        message = waiting.result(timeout=10)
    assert time.monotonic() - started < 5
    assert message is not None
    opened = open_provisioning(pending, message)
    assert (opened.payload, opened.code) == (b"identity seed and the rest", sealed.code)
    assert new_device.wait_provisioning(pending.request.channel) is None  # handed out once
    with pytest.raises(RelayError) as used:
        linking_device.put_provisioning(request.channel, sealed.message)
    assert used.value.status == 409


def test_waiting_on_an_empty_channel_ends_with_none(relay: RelayProcess) -> None:
    client = RelayClient(relay.url, os.urandom(32))
    started = time.monotonic()
    assert client.wait_provisioning(os.urandom(32), wait=0.3) is None
    assert 0.3 <= time.monotonic() - started < 5
    assert client.wait_provisioning(os.urandom(32), wait=-5) is None  # clamped


def test_bad_arguments_are_refused_before_any_request(relay: RelayProcess) -> None:
    client = RelayClient(relay.url, os.urandom(32))
    with pytest.raises(ValueError):
        client.put_provisioning(b"short", bytes(1024))
    with pytest.raises(ValueError):
        client.wait_provisioning(b"short")
    with pytest.raises(RelayError) as refused:
        client.put_provisioning(os.urandom(32), b"not a bucket")
    assert refused.value.status == 400
