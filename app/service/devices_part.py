"""The messenger's linked-devices part (docs/devices.md): linking a new device, listing and
unlinking the account's devices. The work is in linking.py; a new device joins through
joining.py's `begin_link`, before it has a Messenger."""

from __future__ import annotations

import contextlib
import logging
import secrets

from app import session
from app.net import RelayError, RelayUnavailable
from app.service import content as c
from app.service import device_lists, device_routes, group_receive, linking
from app.service.api import DeviceInfo, LinkedDevice, ThisDeviceUnlinked
from app.service.core import may_notify
from app.service.errors import DeviceUnlinked, ServiceError
from app.service.parts import MessengerParts
from app.service.sync_content import SentTranscript, Unlinked, encode_sync

log = logging.getLogger(__name__)

GROUPS_GIVEN_SETTING = "devices_given_groups"  # own device ids that were sent the groups


class DevicesPart(MessengerParts):
    def link_device(self, link: str, name: str) -> LinkedDevice:
        """Answer a new device's link with the account; the code to compare."""
        linked = linking.link_device(self._core, link, name)
        self._core.lists_checked.pop(self._core.account_id, None)  # the list grows soon
        return linked

    def devices(self) -> list[DeviceInfo]:
        """The account's devices by its newest list."""
        try:
            return linking.devices(self._core)
        except DeviceUnlinked:
            self._mark_unlinked()
            raise

    def unlink_device(self, device_id: str) -> None:
        """Tell the device it is unlinked (a courtesy: it stops), then publish the list
        without it; its queued envelopes are dropped as they come up (device_routes.route)."""
        self._tell_unlinked(device_id)
        linking.unlink_device(self._core, device_id)
        self._announce_devices()

    def is_unlinked(self) -> bool:
        return self._core.unlinked

    def _share_groups(self) -> None:
        """Give each own device not given them yet the current state of every group this account
        is in (a transcript of its signed update): the link carries no groups, and a device
        linked later would otherwise know a group only from its next change. Runs in the sync
        rounds; with no new device it costs a store read (and the own list's fetch, once a
        minute, on an account with several devices)."""
        core = self._core
        if self._store.own_device_list() is None:
            return  # a single-device account
        device_lists.refresh_own_if_due(core)  # at most once a minute: a device linked since
        given = set(filter(None, self._store.setting(GROUPS_GIVEN_SETTING).split(",")))
        new = {t.device_id for t in device_routes.own_targets(core) if t.device_id} - given
        if not new:
            return
        self._ensure_own_sessions()
        with core.lock, self._store.transaction():
            for group in self._store.groups():
                update = group_receive.current(core, group.group_id)
                if group.is_member and update is not None:
                    record = c.Content(c.new_message_id(), c.now_ms(), update, group.group_id)
                    core.seal_sync(SentTranscript(None, "", record), new)
            reached = {d for d in new if self._has_own_session(d)}  # the others: next round
            self._store.set_setting(GROUPS_GIVEN_SETTING, ",".join(sorted(given | reached)))
        self._sync.wake()

    def _has_own_session(self, device_id: str) -> bool:
        return any(
            t.device_id == device_id and session.has_session(self._store, t.peer)
            for t in device_routes.own_targets(self._core)
        )

    def _announce_devices(self, *, new_device: bool = False) -> None:
        """Tell the contacts that the account's device list changed (the revision rides in our
        profile record), so that they fetch it before their next send. A `new_device` first
        makes its sessions with them; a contact whose relay is away hears it later or refreshes
        within a day."""
        contacts = [c for c in self._store.contacts() if may_notify(c)]
        if new_device:
            for contact in contacts:
                with contextlib.suppress(ServiceError):
                    self._ensure_session(contact)
        self._announce_profile(contacts)
        self.flush_outbox()

    def _tell_unlinked(self, device_id: str) -> None:
        """Send "you were unlinked" straight to the device, before the list drops it (the
        outbox would then have nowhere to send it). Best effort: a device that does not hear
        it learns it from the list when it next looks."""
        core = self._core
        with contextlib.suppress(RelayError, RelayUnavailable, session.DeviceListError):
            linking.fetch_own(core)  # the device may be newer than the list kept here
        target = next(
            (t for t in device_routes.own_targets(core) if t.device_id == device_id), None
        )
        if target is None:
            return
        try:
            if not session.has_session(self._store, target.peer):
                self._start_session(target, core.identity_key, "the device")
            with core.lock, self._store.transaction():
                message = session.encrypt(
                    self._store, target.peer, encode_sync(Unlinked(device_id))
                )
                envelope = session.seal(self._store, core.identity_key, message)
            core.relay(target.relay_url).send(target.mailbox, envelope, secrets.token_hex(16))
        except (ServiceError, RelayError, RelayUnavailable, session.SessionError) as exc:
            log.info("the unlinked device was not told (%s)", type(exc).__name__)

    def _mark_unlinked(self) -> None:
        """This device is not in its account's list: it stops sending and polling, for good."""
        core = self._core
        with core.lock:
            if core.unlinked:
                return
            with contextlib.suppress(ServiceError):
                linking.mark_unlinked(core)
        core.events.emit(ThisDeviceUnlinked())
