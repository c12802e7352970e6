"""Joining an account as a new device (docs/devices.md, "Linking a device, step by step"): the
step before a `Messenger` exists, like `create_profile`.

`begin_link` makes the link to show (text or QR code); `wait` long-polls the relay's provisioning
channel for the linking device's answer, opens and checks it, and hands back the code and the
account's name for the user to compare. Only `accept` uses the payload: it creates the profile
with the account's identity, the device id it was given and a fresh mailbox seed of its own,
adds the contacts, publishes the device list with this device added, then its prekeys (signed by
the identity key) to its own mailbox. Nothing is written to disk before `accept`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from app import session
from app.net import RelayClient
from app.service import linking
from app.service.errors import (
    DeviceLinkError,
    InvalidContent,
    ProfileExists,
    RelayDown,
    ServiceError,
    service_errors,
)
from app.service.link_payload import LinkPayload, decode_payload
from app.service.messenger import Messenger, check_proxy_url, check_relay_url
from app.session import linking as crypto_link
from app.store import KdfParams, Store
from app.store.profile import PROFILE_FILE

POLL_SECONDS = 30.0


@dataclass(frozen=True)
class ReceivedLink:
    """An answer that opened: the code and account name to show before `accept`."""

    code: str
    account_name: str
    _joining: DeviceJoining = field(repr=False)
    _payload: LinkPayload = field(repr=False)

    @service_errors
    def accept(self) -> Messenger:
        """The user saw the same code on both screens: become a device of the account."""
        return self._joining.join(self._payload)


class DeviceJoining:
    """A new device waiting to be linked; see `begin_link`."""

    def __init__(
        self,
        folder: Path,
        passphrase: str,
        relay_url: str,
        kdf: KdfParams | None,
        proxy: str | None,
    ) -> None:
        self._folder, self._passphrase, self._kdf, self._proxy = folder, passphrase, kdf, proxy
        self._relay_url = relay_url
        self._pending = crypto_link.new_link(relay_url)
        self.link = crypto_link.encode_link(self._pending.request)

    def __repr__(self) -> str:
        return f"<DeviceJoining {self._folder}>"

    @service_errors
    def wait(self, timeout: float) -> ReceivedLink | None:
        """The linking device's answer, within `timeout` seconds (None if none came).
        DeviceLinkError for a message that does not open or parse (tampered with): refuse it."""
        client = RelayClient(self._relay_url, os.urandom(32), proxy=self._proxy or "")
        deadline = time.monotonic() + timeout
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                message = client.wait_provisioning(
                    self._pending.request.channel, min(left, POLL_SECONDS)
                )
                if message is not None:
                    return self._open(message)
        finally:
            client.close()

    def _open(self, message: bytes) -> ReceivedLink:
        try:
            opened = crypto_link.open_provisioning(self._pending, message)
            payload = decode_payload(opened.payload)
            listed = session.verify_device_list(
                payload.device_list, session.identity_public_key(payload.identity_seed)
            )
        except (crypto_link.InvalidMessage, InvalidContent, session.DeviceListError) as exc:
            raise DeviceLinkError(f"the answer to this link is refused: {exc}") from exc
        if listed.find(payload.device_id) is not None:
            raise DeviceLinkError("the answer names a device id the account already has")
        return ReceivedLink(opened.code, payload.display_name, self, payload)

    def join(self, payload: LinkPayload) -> Messenger:
        if (self._folder / PROFILE_FILE).is_file():
            raise ProfileExists(f"{self._folder} holds a profile already")
        now = time.time()
        existed = set(self._folder.iterdir()) if self._folder.is_dir() else set()
        store = Store.create(self._folder, self._passphrase, kdf=self._kdf)
        try:
            with store.transaction():
                store.set_own_identity(payload.identity_seed, payload.device_id.hex())
                store.set_own_display_name(payload.display_name)
                store.set_relay_url(self._relay_url)
                store.set_own_linked(session.new_identity_seed(), now)
                for contact in payload.contacts:
                    account = session.account_id(contact.identity_key)
                    store.add_contact(
                        account,
                        contact.display_name,
                        identity_key=contact.identity_key,
                        relay_url=contact.relay_url,
                        mailbox=contact.identity_key,
                        accepted=contact.accepted,
                    )
                    store.set_trust(account, contact.trust)
                    store.set_blocked(account, contact.blocked)
                session.generate_signed_prekey(store, now)
        except BaseException:
            store.lock()
            _remove_new(self._folder, existed)
            raise
        messenger = Messenger(store, self._folder, proxy=self._proxy)
        try:
            core = messenger._core
            name = payload.device_name
            linking.publish_change(
                core,
                lambda current: [
                    *(() if current is None else current.devices),
                    linking.this_device(core, name),
                ],
                floor=payload.device_list,
            )
            with contextlib.suppress(RelayDown):  # else the first sync that reaches the relay
                messenger.publish_keys()
        except BaseException:
            # not listed, so not a device: leave no profile behind, and the user can try again
            messenger.lock()
            _remove_new(self._folder, existed)
            raise
        with contextlib.suppress(ServiceError):  # listed now: the contacts may hear it later
            messenger._announce_devices(new_device=True)
        return messenger


def _remove_new(folder: Path, existed: set[Path]) -> None:
    """Delete what joining created in `folder` (the profile's files), nothing that was there."""
    for path in set(folder.iterdir()) - existed:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


@service_errors
def begin_link(
    folder: Path,
    passphrase: str,
    relay_url: str,
    *,
    kdf: KdfParams | None = None,
    proxy: str | None = None,
) -> DeviceJoining:
    """Start linking this computer to an existing account on `relay_url`: `.link` to show the
    linking device, then `.wait(timeout)`. `kdf` for tests only; `proxy` as in `create_profile`."""
    relay_url = check_relay_url(relay_url)
    proxy = None if proxy is None else check_proxy_url(proxy)
    if not passphrase:
        raise ServiceError("the passphrase is empty")
    if (folder / PROFILE_FILE).is_file():
        raise ProfileExists(f"{folder} holds a profile already")
    return DeviceJoining(folder, passphrase, relay_url, kdf, proxy)
