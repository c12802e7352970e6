"""The provisioning payload (docs/devices.md, "Linking a device"): what the linking device hands a
new device of the account, inside the sealed provisioning message.

    payload = u8 version (1) || compact JSON (sorted keys), as content records are

It carries the identity seed, the account's display name and relay, the device list statement the
new device builds on, the device id and name the linking device assigned to it, and the contacts
(identity key, name, trust, relay, accepted, blocked). Not carried (yet): groups, conversations'
settings and history (the snapshot blob of docs/devices.md). Each device keeps its own passphrase:
no store key travels. Parsing is strict; every failure is InvalidContent.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Any

from app import session
from app.service.errors import InvalidContent
from app.service.fields import Reader, is_relay_url

PAYLOAD_VERSION = 1
MAX_CONTACTS = 200  # the message is at most 64 KiB; more waits for the snapshot blob
_MAX_URL = 2048
_MAX_NAME = 64
_TRUST = {state.value: state for state in session.TrustState}


@dataclass(frozen=True)
class LinkedContact:
    identity_key: bytes
    display_name: str
    trust: session.TrustState
    relay_url: str
    accepted: bool
    blocked: bool


@dataclass(frozen=True)
class LinkPayload:
    identity_seed: bytes = field(repr=False)
    display_name: str
    relay_url: str
    device_list: bytes  # the signed statement the new device adds itself to
    device_id: bytes  # 16 bytes: the new device's id, chosen by the linking device
    device_name: str
    contacts: tuple[LinkedContact, ...]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(reader: Reader, key: str, length: int | None, max_chars: int) -> bytes:
    try:
        value = base64.b64decode(reader.text(key, max_chars), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidContent(f"payload field {key!r} is not base64") from None
    if length is not None and len(value) != length:
        raise InvalidContent(f"payload field {key!r} has the wrong length")
    return value


def encode_payload(payload: LinkPayload) -> bytes:
    fields: dict[str, Any] = {
        "seed": _b64(payload.identity_seed),
        "name": payload.display_name,
        "relay": payload.relay_url,
        "list": _b64(payload.device_list),
        "device": _b64(payload.device_id),
        "device_name": payload.device_name,
        "contacts": [
            {
                "key": _b64(c.identity_key),
                "name": c.display_name,
                "trust": c.trust.value,
                "relay": c.relay_url,
                "accepted": c.accepted,
                "blocked": c.blocked,
            }
            for c in payload.contacts
        ],
    }
    encoded = json.dumps(fields, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return bytes([PAYLOAD_VERSION]) + encoded.encode()


def decode_payload(data: bytes) -> LinkPayload:
    if not data or data[0] != PAYLOAD_VERSION:
        raise InvalidContent("unknown provisioning payload version")
    try:
        fields = json.loads(data[1:].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InvalidContent("the provisioning payload is not JSON") from None
    if not isinstance(fields, dict):
        raise InvalidContent("the provisioning payload is not an object")
    r = Reader(fields)
    contacts = []
    for item in r.items("contacts", MAX_CONTACTS):
        if not isinstance(item, dict):
            raise InvalidContent("a contact is not an object")
        c = Reader(item)
        trust = _TRUST.get(c.text("trust", 16))
        relay = c.text("relay", _MAX_URL)
        if trust is None or (relay and not is_relay_url(relay)):
            raise InvalidContent("a contact's trust or relay is invalid")
        contacts.append(
            LinkedContact(
                _unb64(c, "key", 32, 64),
                c.text("name", _MAX_NAME),
                trust,
                relay,
                c.boolean("accepted"),
                c.boolean("blocked"),
            )
        )
    relay_url = r.text("relay", _MAX_URL)
    if not is_relay_url(relay_url):
        raise InvalidContent("the account's relay is not a relay URL")
    return LinkPayload(
        _unb64(r, "seed", 32, 64),
        r.text("name", _MAX_NAME),
        relay_url,
        _unb64(r, "list", None, 48_000),
        _unb64(r, "device", 16, 32),
        r.text("device_name", _MAX_NAME),
        tuple(contacts),
    )
