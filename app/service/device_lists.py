"""Contacts' device lists (docs/devices.md, "Refreshing"): fetch, verify, keep, and turn into the
devices a message to the contact goes to.

A list is kept only once it verifies against the contact's identity key and is not older than the
revision already kept (the floor: a relay cannot roll a contact back). Anything else is refused
with InvalidDeviceList and changes nothing. A contact without a list (404) has one device, the
mailbox named by its identity key, as before linked devices existed. A device's session key is
`session.device_peer`: the bare account id for the device whose mailbox is the identity key (so
existing sessions stay), `account.device` for the others.

This is the fetch-and-cache half of the fan-out; sending and receiving do not call it yet (see
docs/devices.md, "What is built").
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from app import session
from app.service.core import Core
from app.service.errors import InvalidDeviceList, ServiceError
from app.store.records import Contact

REFRESH_AFTER = 24 * 3600.0  # a kept list older than this (jittered down by up to 20%) is refetched
REFRESH_JITTER = 0.2


@dataclass(frozen=True)
class DeviceTarget:
    """One device of a contact: the session key, the mailbox and the relay to send to."""

    peer: str  # session.device_peer(account, device) for the session layer
    device_id: str | None  # hex; None for a contact without a list (its one device)
    mailbox: bytes
    relay_url: str


def accept_device_list(core: Core, contact: Contact, statement: bytes, now: float) -> bool:
    """Verify `statement` as `contact`'s list and keep it; whether the kept list is now this one.
    InvalidDeviceList (nothing changed) for garbage, another key's list, or a rollback."""
    if contact.identity_key is None:
        raise ServiceError("no identity key is known for this contact")
    held = core.store.contact_device_list(contact.account_id)
    floor = 0 if held is None else held.revision
    try:
        verified = session.verify_device_list(statement, contact.identity_key, floor)
    except session.DeviceListError as exc:
        raise InvalidDeviceList(f"the contact's device list is refused: {exc}") from exc
    if held is not None and verified.revision == floor and held.statement != statement:
        # two lists of one revision: keep the one we have (docs/devices.md, "Revisions only grow")
        return False
    return core.store.save_contact_device_list(
        contact.account_id, statement, verified.revision, now
    )


def refresh_device_list(core: Core, contact: Contact, now: float | None = None) -> None:
    """Fetch the contact's newest list from its relay and keep it if it verifies (see
    accept_device_list); a 404 keeps whatever is held (a list once seen is never forgotten)."""
    if contact.identity_key is None:
        return
    now = time.time() if now is None else now
    statement = core.contact_relay(contact).fetch_devices(contact.identity_key)
    if statement is not None:
        accept_device_list(core, contact, statement, now)


def is_due(core: Core, contact: Contact, now: float) -> bool:
    """Whether the contact's list should be fetched before sending: never fetched, or older than
    a day (jittered, so that fetches do not line up into a pattern the relay could read)."""
    held = core.store.contact_device_list(contact.account_id)
    if held is None:
        return True
    age = REFRESH_AFTER * (1 - REFRESH_JITTER * random.random())
    return now - held.fetched_at >= age


def device_targets(core: Core, contact: Contact) -> list[DeviceTarget]:
    """Every device of the contact by the kept list; its one mailbox if no list is kept."""
    if contact.identity_key is None:
        raise ServiceError("no identity key is known for this contact")
    relay_url = core.contact_relay_url(contact)
    held = core.store.contact_device_list(contact.account_id)
    if held is None:
        mailbox = contact.mailbox or contact.identity_key
        return [DeviceTarget(contact.account_id, None, mailbox, relay_url)]
    listed = session.verify_device_list(held.statement, contact.identity_key, held.revision)
    targets = []
    for device in listed.devices:
        first = device.mailbox_key == contact.identity_key
        device_id = device.device_id.hex()
        peer = session.device_peer(contact.account_id, None if first else device_id)
        targets.append(DeviceTarget(peer, device_id, device.mailbox_key, device.relay_url))
    return targets
