"""The messenger's linked-devices part (docs/devices.md): linking a new device, listing and
unlinking the account's devices. The work is in linking.py; a new device joins through
joining.py's `begin_link`, before it has a Messenger."""

from __future__ import annotations

from app.service import linking
from app.service.api import DeviceInfo, LinkedDevice
from app.service.parts import MessengerParts


class DevicesPart(MessengerParts):
    def link_device(self, link: str, name: str) -> LinkedDevice:
        """Answer a new device's link with the account; the code to compare."""
        return linking.link_device(self._core, link, name)

    def devices(self) -> list[DeviceInfo]:
        """The account's devices by its newest list."""
        return linking.devices(self._core)

    def unlink_device(self, device_id: str) -> None:
        """Publish the list without that device."""
        linking.unlink_device(self._core, device_id)
