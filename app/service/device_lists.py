"""Device lists (docs/devices.md, "Refreshing"): fetch, verify and keep contacts' lists, and
refresh a list (the own one too) when an envelope names a device it does not.

A list is kept only once it verifies against the contact's identity key and is not older than the
revision already kept (the floor: a relay cannot roll a contact back). Anything else is refused
with InvalidDeviceList and changes nothing. A contact without a list (404) has one device, the
mailbox named by its identity key, as before linked devices existed. device_routes.py turns
the kept lists into the devices a message goes to.
"""

from __future__ import annotations

import logging
import random
import time

from app import session
from app.net import RelayError, RelayUnavailable
from app.service import device_routes
from app.service.core import Core
from app.service.errors import InvalidDeviceList, ServiceError
from app.service.linking import fetch_own
from app.store.records import Contact

log = logging.getLogger(__name__)

REFRESH_AFTER = 24 * 3600.0  # a kept list older than this (jittered down by up to 20%) is refetched
REFRESH_JITTER = 0.2
OWN_REFRESH = 60.0  # seconds between fetches of the own list before a send
RECHECK_AFTER = 60.0  # an account refreshed for an unknown device id is not refetched sooner


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
    before = {t.peer for t in device_routes.device_targets(core, contact)} if held else set()
    kept = core.store.save_contact_device_list(
        contact.account_id, statement, verified.revision, now
    )
    if kept:  # a device that left the list: its sessions go (its queued envelopes as they come)
        after = {t.peer for t in device_routes.device_targets(core, contact)}
        for peer in before - after:
            core.store.delete_session(peer)
    return kept


def refresh_device_list(core: Core, contact: Contact, now: float | None = None) -> None:
    """Fetch the contact's newest list from its relay and keep it if it verifies (see
    accept_device_list); a 404 keeps whatever is held (a list once seen is never forgotten)."""
    if contact.identity_key is None:
        return
    now = time.time() if now is None else now
    statement = core.contact_relay(contact).fetch_devices(contact.identity_key)
    core.lists_checked[contact.account_id] = now
    core.stale_lists.discard(contact.account_id)
    if statement is not None:
        with core.lock, core.store.transaction():
            accept_device_list(core, contact, statement, now)


def refresh_if_due(core: Core, contact: Contact) -> None:
    """`refresh_device_list` when `is_due`; a relay that is away, or a list that does not
    verify, leaves the kept list as it is (sending goes on with it)."""
    now = time.time()
    if not is_due(core, contact, now):
        return
    try:
        refresh_device_list(core, contact, now)
    except (RelayUnavailable, RelayError, InvalidDeviceList) as exc:
        log.info("a contact's device list was not refreshed (%s)", type(exc).__name__)


def refresh_own_if_due(core: Core) -> None:
    """Fetch the account's own list when OWN_REFRESH has passed (the own relay knows the
    account's devices anyway, so asking it often tells it nothing)."""
    now = time.time()
    if now - core.lists_checked.get(core.account_id, 0.0) < OWN_REFRESH:
        return
    core.lists_checked[core.account_id] = now
    try:
        fetch_own(core)
    except (RelayUnavailable, RelayError, session.DeviceListError) as exc:
        log.info("the own device list was not refreshed (%s)", type(exc).__name__)


def _jittered_day() -> float:
    return REFRESH_AFTER * (1 - REFRESH_JITTER * random.random())


def is_due(core: Core, contact: Contact, now: float) -> bool:
    """Whether the contact's list should be fetched before sending: never fetched, or older than
    a day (jittered, so that fetches do not line up into a pattern the relay could read). An
    account without a list (a 404) is asked again a day later too; that is remembered in memory."""
    if contact.account_id in core.stale_lists:
        return True  # the contact told of a newer revision (a profile record's hint)
    held = core.store.contact_device_list(contact.account_id)
    fetched = max(
        0.0 if held is None else held.fetched_at, core.lists_checked.get(contact.account_id, 0.0)
    )
    return now - fetched >= _jittered_day()


def refresh_for_unknown(core: Core, account: str, device: str, identity_key: bytes) -> None:
    """An envelope came from a device the kept list does not name: fetch the account's list
    (a given device of an account at most once a minute). Network only; the caller holds no
    lock."""
    now = time.time()
    if now - core.unknown_devices_checked.get((account, device), 0.0) < RECHECK_AFTER:
        return
    core.unknown_devices_checked[account, device] = now
    try:
        if account == core.account_id:
            fetch_own(core)
            return
        contact = core.store.find_contact(account)
        if contact is not None and contact.identity_key == identity_key:
            refresh_device_list(core, contact, now)
    except (RelayUnavailable, RelayError, InvalidDeviceList, session.DeviceListError) as exc:
        log.info("a device list was not refreshed (%s)", type(exc).__name__)
