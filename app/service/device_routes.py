"""Where the fan-out sends (docs/devices.md, "Sending to every device"), by the device lists the
store keeps: a contact's devices (`device_targets`), the own other devices (`own_targets`), the
device a queued envelope's session key names (`route`), and the session an arriving envelope
belongs to (`sender_peer`). No network here: device_lists.py fetches and keeps the lists.

A device's session key is `session.device_peer`: the bare account id for the device whose mailbox
is the identity key (so sessions made before linked devices keep working), `account.device` for
the others.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app import session
from app.service.errors import ServiceError
from app.store.records import Contact

if TYPE_CHECKING:
    from app.service.core import Core


@dataclass(frozen=True)
class DeviceTarget:
    """One device of a contact: the session key, the mailbox and the relay to send to."""

    peer: str  # session.device_peer(account, device) for the session layer
    device_id: str | None  # hex; None for a contact without a list (its one device)
    mailbox: bytes
    relay_url: str


def device_targets(core: Core, contact: Contact) -> list[DeviceTarget]:
    """Every device of the contact by the kept list; its one mailbox if no list is kept."""
    if contact.identity_key is None:
        raise ServiceError("no identity key is known for this contact")
    held = core.store.contact_device_list(contact.account_id)
    if held is None:
        relay_url = core.contact_relay_url(contact)
        return [DeviceTarget(contact.account_id, None, contact.identity_key, relay_url)]
    listed = _listed(held.statement, contact.identity_key)
    return [_target(contact.account_id, contact.identity_key, d) for d in listed.devices]


def own_targets(core: Core) -> list[DeviceTarget]:
    """The account's other devices by its kept list (where sync records go); none without one."""
    held = core.store.own_device_list()
    if held is None:
        return []
    own = core.store.own_device_id()
    listed = _listed(held.statement, core.identity_key)
    return [
        _target(core.account_id, core.identity_key, d)
        for d in listed.devices
        if d.device_id.hex() != own
    ]


def route(core: Core, peer: str, contact: Contact | None) -> DeviceTarget | None:
    """Where a queued envelope for the session `peer` goes (`contact`: the peer's account's row,
    None for the own account's devices); None if the account's kept list no longer names that
    device (it was unlinked: the envelope is dropped)."""
    if session.peer_account(peer) == core.account_id:
        candidates = own_targets(core)
    elif contact is None or contact.identity_key is None:
        return None
    else:
        candidates = device_targets(core, contact)
    return next((t for t in candidates if t.peer == peer), None)


def sender_peer(core: Core, account: str, identity_key: bytes, device: str) -> str | None:
    """The session key of the device an envelope came from, by the account's kept list: None if
    a kept list does not name it (refresh, then refuse); the bare account if no list is kept (an
    account of one device)."""
    if account == core.account_id:
        held = core.store.own_device_list()
    else:
        held = core.store.contact_device_list(account)
    if held is None:
        return None if account == core.account_id else account
    found = _listed(held.statement, identity_key).find(bytes.fromhex(device))
    return None if found is None else _target(account, identity_key, found).peer


def needs_list(core: Core, account: str, peer: str | None) -> bool:
    """Whether an envelope from `account`, whose device `sender_peer` made `peer` of, calls for
    fetching the account's list first: the kept list does not name the device (None), or a
    contact has no list kept and none was asked for since this profile was unlocked (it may
    have linked a device since our last send)."""
    if peer is None:
        return True
    return (
        account != core.account_id
        and account not in core.lists_checked
        and core.store.contact_device_list(account) is None
        and core.store.find_contact(account) is not None
    )


def _target(account: str, identity_key: bytes, device: session.Device) -> DeviceTarget:
    first = device.mailbox_key == identity_key
    device_id = device.device_id.hex()
    peer = session.device_peer(account, None if first else device_id)
    return DeviceTarget(peer, device_id, device.mailbox_key, device.relay_url)


@functools.lru_cache(maxsize=256)
def _listed(statement: bytes, identity_key: bytes) -> session.DeviceList:
    """A kept statement parsed (it verified when it was kept; parsing it again on every
    envelope would cost a signature check each)."""
    return session.verify_device_list(statement, identity_key)
