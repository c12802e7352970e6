"""Linked devices, the account side (docs/devices.md): the account's device list (fetched from the
own relay, verified against the identity key, its revision kept as the floor), changing it, and
linking a new device through a provisioning channel.

The list is published with a client of the identity seed (the relay checks the account's own
signature); a 409 means another device published first, so the change is redone on the newer
list. A device's own mailbox requests go through `Core.relay()`, whose key on a linked device is
its own mailbox seed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from app import session
from app.net import RelayClient, RelayError
from app.service.api_types import DeviceInfo, LinkedDevice
from app.service.core import UNLINKED_SETTING, Core
from app.service.errors import DeviceLinkError, DeviceUnlinked, ServiceError
from app.service.link_payload import LinkedContact, LinkPayload, encode_payload
from app.session import linking

FIRST_DEVICE_NAME = "first device"
PUBLISH_TRIES = 3


def check_device_name(name: str) -> str:
    name = name.strip()
    if not name or len(name.encode("utf-8")) > linking.MAX_DEVICE_NAME_BYTES:
        raise ServiceError(f"a device name has 1 to {linking.MAX_DEVICE_NAME_BYTES} bytes")
    return name


def own_device_id(core: Core) -> bytes:
    device = core.store.own_device_id()
    if len(device) != 32 or not all(ch in "0123456789abcdef" for ch in device):
        raise ServiceError("this profile's device id predates linked devices")
    return bytes.fromhex(device)


def fetch_own(core: Core) -> linking.DeviceList | None:
    """The account's newest list from the own relay, verified and kept; the kept one if the
    relay has none; None if there is none at all (a single-device account)."""
    statement = core.relay().fetch_devices(core.identity_key)  # no lock held over the network
    with core.lock, core.store.transaction():
        held = core.store.own_device_list()
        if statement is None:
            if held is None:
                return None
            statement = held.statement
        floor = 0 if held is None else held.revision
        verified = session.verify_device_list(statement, core.identity_key, floor)
        core.store.save_own_device_list(statement, verified.revision)
    return verified


def publish_change(
    core: Core,
    change: Callable[[linking.DeviceList | None], list[linking.Device]],
    floor: bytes | None = None,
) -> linking.DeviceList:
    """Apply `change` to the newest list and publish it as the next revision (redone on a 409).
    `floor`: a statement known to be at least as new as the relay's (a new device's payload)."""
    if floor is not None:
        verified = session.verify_device_list(floor, core.identity_key)
        core.store.save_own_device_list(floor, verified.revision)
    client = RelayClient(core.relay_url, core.identity_seed, proxy=core.proxy)
    try:
        for attempt in range(PUBLISH_TRIES):
            current = fetch_own(core)
            devices = change(current)
            revision = 1 if current is None else current.revision + 1
            listed = linking.DeviceList(
                core.identity_key, revision, int(time.time() * 1000), tuple(devices)
            )
            statement = linking.sign_devices(core.identity_seed, listed)
            try:
                client.publish_devices(statement)
            except RelayError as exc:
                if exc.status != 409 or attempt == PUBLISH_TRIES - 1:
                    raise
                continue
            core.store.save_own_device_list(statement, revision)
            return listed
    finally:
        client.close()
    raise ServiceError("the device list kept changing; try again")  # pragma: no cover


def this_device(core: Core, name: str) -> linking.Device:
    device_id = own_device_id(core)
    seed = core.store.own_mailbox_seed()
    mailbox = core.identity_key if seed is None else session.identity_public_key(seed)
    sealed = linking.seal_name(core.identity_seed, device_id, name)
    return linking.Device(device_id, mailbox, core.relay_url, sealed)


def devices(core: Core) -> list[DeviceInfo]:
    """The account's devices by its newest list; DeviceUnlinked if this device is not in it."""
    own = own_device_id(core)
    listed = fetch_own(core)
    if listed is None:
        return [DeviceInfo(own.hex(), FIRST_DEVICE_NAME, True, True)]
    if listed.find(own) is None:
        raise DeviceUnlinked("this device was unlinked from its account")
    return [
        DeviceInfo(
            d.device_id.hex(),
            linking.device_name(core.identity_seed, d),
            d.device_id == own,
            d.mailbox_key == core.identity_key,
        )
        for d in listed.devices
    ]


def mark_unlinked(core: Core) -> None:
    """Remember, in the profile, that another device unlinked this one (the caller holds the
    lock): it sends and polls no more, also after the next unlock."""
    core.store.set_setting(UNLINKED_SETTING, "1")
    core.unlinked = True


def unlink_device(core: Core, device_id: str) -> None:
    """Publish the list without `device_id` and drop any session with it. Not this device."""
    if device_id == core.store.own_device_id():
        raise ServiceError("a device cannot unlink itself: unlink it from another device")

    def without(current: linking.DeviceList | None) -> list[linking.Device]:
        kept = (
            []
            if current is None
            else [d for d in current.devices if d.device_id.hex() != device_id]
        )
        if current is None or len(kept) == len(current.devices):
            raise ServiceError(f"no linked device has the id {device_id}")
        return kept

    publish_change(core, without)
    core.store.delete_session(session.device_peer(core.account_id, device_id))


def link_device(core: Core, link: str, name: str) -> LinkedDevice:
    """Answer a new device's link with the provisioning payload; the code to compare."""
    name = check_device_name(name)
    try:
        request = linking.parse_link(link)
    except linking.InvalidLink as exc:
        raise DeviceLinkError(f"not a device link: {exc}") from exc
    if request.relay_url.rstrip("/") != core.relay_url.rstrip("/"):
        raise DeviceLinkError(f"link the new device on this account's relay, {core.relay_url}")
    listed = fetch_own(core)
    if listed is None:  # a single-device account: it lists itself first
        listed = publish_change(core, lambda _: [this_device(core, FIRST_DEVICE_NAME)])
    if len(listed.devices) >= linking.MAX_DEVICES:
        raise ServiceError(f"an account has at most {linking.MAX_DEVICES} devices")
    statement = core.store.own_device_list()
    assert statement is not None  # fetch_own or publish_change kept it
    device_id = os.urandom(16)
    payload = LinkPayload(
        core.identity_seed,
        core.store.own_display_name(),
        core.relay_url,
        statement.statement,
        device_id,
        name,
        tuple(
            LinkedContact(
                c.identity_key, c.display_name, c.trust, c.relay_url, c.accepted, c.blocked
            )
            for c in core.store.contacts()
            if c.identity_key is not None and not c.group_only and c.pending_key is None
        ),
    )
    data = encode_payload(payload)
    if len(data) > linking.MAX_PAYLOAD:
        raise ServiceError("too many contacts to link in one message")
    sealed = linking.seal_provisioning(request, data)
    client = RelayClient(request.relay_url, os.urandom(32), proxy=core.proxy)  # anonymous
    try:
        client.put_provisioning(request.channel, sealed.message)
    except RelayError as exc:
        if exc.status == 409:
            raise DeviceLinkError("this link was answered already, by someone else") from exc
        raise
    finally:
        client.close()
    return LinkedDevice(sealed.code, device_id.hex())
