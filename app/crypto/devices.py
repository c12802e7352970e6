"""Linked devices: the account's device list, a statement signed by the identity key
(docs/devices.md).

Contacts send to every device the list names (Sesame: sessions per device), and own devices sync
through it. Its canonical encoding, big-endian throughout:

    statement = body || signature (64)
    body      = u8 version (1) || IK (32) || u64 revision || u64 issued_at (unix ms)
                || u8 count (1..16) || device*count
    device    = device id (16) || mailbox key (32) || u16 length || relay URL (UTF-8, 1..2048 B)
                || sealed name (105)
    signature = Ed25519_sign(IK, "Bisik_DeviceList_v1" || body)

The list is public (the relay serves it to anyone who asks), so a device's name is sealed with a
key only the account's devices hold: `name key = HKDF(IK seed, salt = 0*32,
"Bisik_DeviceName_v1", 32)`, `sealed name = nonce (24) || XChaCha20-Poly1305(name key, nonce,
pad(name, 65), ad = "Bisik_DeviceName_v1" || device id)`, the name at most 64 bytes of UTF-8.
Contacts and the relay see only that a device has some name, never which.

A revision only grows: `verify_device_list(..., known_revision)` refuses one older than a list
already seen, so neither a relay nor anyone else can roll a contact back to a list it has left.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass

from app.crypto import aead
from app.crypto.errors import InvalidMessage, InvalidSignature, ProtocolError
from app.crypto.identity import DEVICE_ID_BYTES, MAX_RELAY_URL_BYTES
from app.crypto.kdf import ZERO_SALT, hkdf
from app.crypto.keys import KEY_LEN, SIGNATURE_LEN, IdentityKeyPair, identity_dh_public, verify
from app.crypto.reader import Reader
from app.crypto.sealed import pad, unpad

DEVICE_LIST_DOMAIN = b"Bisik_DeviceList_v1"
DEVICE_NAME_INFO = b"Bisik_DeviceName_v1"
DEVICE_LIST_VERSION = 1
MAX_DEVICES = 16
MAX_DEVICE_NAME_BYTES = 64
NAME_PADDED = MAX_DEVICE_NAME_BYTES + 1  # the name, its 0x80 marker and zeros
SEALED_NAME_BYTES = aead.NONCE_LEN + NAME_PADDED + aead.TAG_LEN  # 105
U64_MAX = 2**64 - 1
MAX_REVISION = 2**63 - 1  # a u64 field, kept to what the relay's SQL integers hold
_HEADER = struct.Struct(">B32sQQB")  # version, IK, revision, issued_at, count
_DEVICE_MAX = DEVICE_ID_BYTES + KEY_LEN + 2 + MAX_RELAY_URL_BYTES + SEALED_NAME_BYTES
MAX_STATEMENT_BYTES = _HEADER.size + MAX_DEVICES * _DEVICE_MAX + SIGNATURE_LEN


class DeviceListError(ProtocolError):
    """Base of every refusal of a device list."""


class MalformedDeviceList(DeviceListError, InvalidMessage):
    """Bytes that are not a canonical device list: truncated, oversize, garbage, out of bounds."""


class ForgedDeviceList(DeviceListError, InvalidSignature):
    """A well-formed list that is not signed by the identity key it was checked against."""


class StaleDeviceList(DeviceListError):
    """A validly signed list older than one already seen (a rollback, or a relay withholding)."""

    def __init__(self, revision: int, known_revision: int) -> None:
        super().__init__(f"device list revision {revision} is older than {known_revision}")
        self.revision = revision
        self.known_revision = known_revision


@dataclass(frozen=True)
class Device:
    """One device of an account: where it is reached and its (sealed) name."""

    device_id: bytes  # 16 bytes, the id sealed sender carries
    mailbox_key: bytes  # Ed25519 public key (32) whose mailbox the device polls
    relay_url: str
    sealed_name: bytes  # SEALED_NAME_BYTES; open with open_device_name


@dataclass(frozen=True)
class DeviceList:
    """A verified (or about to be signed) list of an account's devices."""

    identity_key: bytes
    revision: int
    issued_at_ms: int
    devices: tuple[Device, ...]

    def find(self, device_id: bytes) -> Device | None:
        return next((d for d in self.devices if d.device_id == device_id), None)


def _check_key(key: bytes, what: str) -> None:
    try:
        identity_dh_public(key)  # decodes the Ed25519 point, or fails
    except InvalidMessage as exc:
        raise MalformedDeviceList(f"the {what} is no Ed25519 public key") from exc


def _body(devices: DeviceList) -> bytes:
    """The canonical body; MalformedDeviceList if any field breaks a bound."""
    if not 1 <= len(devices.devices) <= MAX_DEVICES:
        raise MalformedDeviceList(f"a device list names 1 to {MAX_DEVICES} devices")
    if not (1 <= devices.revision <= MAX_REVISION and 0 <= devices.issued_at_ms <= U64_MAX):
        raise MalformedDeviceList("revision or time out of range")
    if len(devices.identity_key) != KEY_LEN:
        raise MalformedDeviceList("the identity key is 32 bytes")
    _check_key(devices.identity_key, "identity key")
    ids = {device.device_id for device in devices.devices}
    mailboxes = {device.mailbox_key for device in devices.devices}
    if len(ids) != len(devices.devices) or len(mailboxes) != len(devices.devices):
        raise MalformedDeviceList("a device id or mailbox key appears twice")
    parts = [
        _HEADER.pack(
            DEVICE_LIST_VERSION,
            devices.identity_key,
            devices.revision,
            devices.issued_at_ms,
            len(devices.devices),
        )
    ]
    for device in devices.devices:
        relay = device.relay_url.encode("utf-8")
        if (
            len(device.device_id) != DEVICE_ID_BYTES
            or len(device.mailbox_key) != KEY_LEN
            or not 1 <= len(relay) <= MAX_RELAY_URL_BYTES
            or len(device.sealed_name) != SEALED_NAME_BYTES
        ):
            raise MalformedDeviceList("a device entry breaks a length bound")
        _check_key(device.mailbox_key, "mailbox key")
        parts += [device.device_id, device.mailbox_key, struct.pack(">H", len(relay)), relay]
        parts.append(device.sealed_name)
    return b"".join(parts)


def sign_device_list(identity: IdentityKeyPair, devices: DeviceList) -> bytes:
    """The signed statement of `devices` (whose identity_key must be `identity`'s)."""
    if devices.identity_key != identity.public:
        raise MalformedDeviceList("a device list is signed by its own identity key")
    body = _body(devices)
    return body + identity.sign(DEVICE_LIST_DOMAIN + body)


def parse_device_list(statement: bytes) -> tuple[DeviceList, bytes, bytes]:
    """(list, body, signature) of a statement, strictly bounded; the signature is NOT checked."""
    if not isinstance(statement, bytes) or len(statement) > MAX_STATEMENT_BYTES:
        raise MalformedDeviceList(f"a device list statement is at most {MAX_STATEMENT_BYTES} B")
    reader = Reader(statement, MalformedDeviceList)
    version, identity_key, revision, issued_at, count = _HEADER.unpack(reader.take(_HEADER.size))
    if version != DEVICE_LIST_VERSION:
        raise MalformedDeviceList(f"unknown device list version {version}")
    devices = []
    for _ in range(count):
        device_id, mailbox = reader.take(DEVICE_ID_BYTES), reader.take(KEY_LEN)
        (length,) = struct.unpack(">H", reader.take(2))
        try:
            relay_url = reader.take(length).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MalformedDeviceList("a relay URL is not UTF-8") from exc
        devices.append(Device(device_id, mailbox, relay_url, reader.take(SEALED_NAME_BYTES)))
    body, signature = statement[:-SIGNATURE_LEN], reader.take(SIGNATURE_LEN)
    reader.expect_end()
    parsed = DeviceList(identity_key, revision, issued_at, tuple(devices))
    if _body(parsed) != body:  # every bound again, and only the canonical encoding
        raise MalformedDeviceList("not the canonical encoding")
    return parsed, body, signature


def verify_device_list(
    statement: bytes, identity_key: bytes, known_revision: int = 0
) -> DeviceList:
    """The device list of `identity_key`'s account, or a typed refusal: MalformedDeviceList,
    ForgedDeviceList (another key signed it, or it names another account), StaleDeviceList
    (older than `known_revision`, the newest revision seen so far; an equal one is accepted)."""
    devices, body, signature = parse_device_list(statement)
    if devices.identity_key != identity_key:
        raise ForgedDeviceList("the device list is another account's")
    try:
        verify(identity_key, DEVICE_LIST_DOMAIN + body, signature)
    except InvalidSignature as exc:
        raise ForgedDeviceList("the device list is not signed by the identity key") from exc
    if devices.revision < known_revision:
        raise StaleDeviceList(devices.revision, known_revision)
    return devices


# --- device names, readable by the account's own devices only ----------------------------------
def _name_key(identity: IdentityKeyPair) -> bytes:
    return hkdf(identity.signing_key[:KEY_LEN], ZERO_SALT, DEVICE_NAME_INFO, 32)


def seal_device_name(
    identity: IdentityKeyPair, device_id: bytes, name: str, nonce: bytes | None = None
) -> bytes:
    """`name` (at most 64 bytes of UTF-8) sealed for the account's devices. `nonce` is for
    known-answer tests only; normally a random one is drawn."""
    encoded = name.encode("utf-8")
    if len(encoded) > MAX_DEVICE_NAME_BYTES or len(device_id) != DEVICE_ID_BYTES:
        raise ValueError(f"a device name is at most {MAX_DEVICE_NAME_BYTES} bytes of UTF-8")
    nonce = os.urandom(aead.NONCE_LEN) if nonce is None else nonce
    ad = DEVICE_NAME_INFO + device_id
    return nonce + aead.encrypt(_name_key(identity), nonce, pad(encoded, NAME_PADDED), ad)


def open_device_name(identity: IdentityKeyPair, device_id: bytes, sealed: bytes) -> str:
    """The name sealed by `seal_device_name` for this device id; InvalidMessage otherwise."""
    if len(sealed) != SEALED_NAME_BYTES:
        raise InvalidMessage("a sealed device name has a fixed length")
    nonce, ciphertext = sealed[: aead.NONCE_LEN], sealed[aead.NONCE_LEN :]
    padded = aead.decrypt(_name_key(identity), nonce, ciphertext, DEVICE_NAME_INFO + device_id)
    try:
        return unpad(padded).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidMessage("a device name is not UTF-8") from exc
