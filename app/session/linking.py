"""Linked devices for the service layer, which may not import app.crypto (DESIGN.md): signing the
account's device list and sealing device names with the identity seed, and the provisioning
channel's link and message (app/crypto/devices.py, app/crypto/provisioning.py)."""

from __future__ import annotations

from app.crypto.devices import (
    MAX_DEVICE_NAME_BYTES,
    MAX_DEVICES,
    Device,
    DeviceList,
    open_device_name,
    seal_device_name,
    sign_device_list,
)
from app.crypto.errors import InvalidMessage
from app.crypto.keys import IdentityKeyPair
from app.crypto.provisioning import (
    MAX_PAYLOAD,
    InvalidLink,
    LinkRequest,
    PendingLink,
    Provisioning,
    encode_link,
    new_link,
    open_provisioning,
    parse_link,
    seal_provisioning,
)

__all__ = [
    "MAX_DEVICES",
    "MAX_DEVICE_NAME_BYTES",
    "MAX_PAYLOAD",
    "Device",
    "DeviceList",
    "InvalidLink",
    "InvalidMessage",
    "LinkRequest",
    "PendingLink",
    "Provisioning",
    "device_name",
    "encode_link",
    "new_link",
    "open_provisioning",
    "parse_link",
    "seal_name",
    "seal_provisioning",
    "sign_devices",
]


def sign_devices(identity_seed: bytes, devices: DeviceList) -> bytes:
    """The statement of `devices`, signed by the account's identity key."""
    return sign_device_list(IdentityKeyPair.from_seed(identity_seed), devices)


def seal_name(identity_seed: bytes, device_id: bytes, name: str) -> bytes:
    """A device name sealed for the account's own devices (ValueError above 64 bytes)."""
    return seal_device_name(IdentityKeyPair.from_seed(identity_seed), device_id, name)


def device_name(identity_seed: bytes, device: Device) -> str:
    """A listed device's name; "" if it does not open (another account's, or damaged)."""
    try:
        return open_device_name(
            IdentityKeyPair.from_seed(identity_seed), device.device_id, device.sealed_name
        )
    except InvalidMessage:
        return ""
