"""Device preferences kept outside the encrypted profile: nothing here is secret or personal.

Theme and language must be known before the profile is unlocked, so they live in an INI file in the
user's config folder (QSettings); everything about the account lives in the profile itself.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QSettings

from app.ui.theme import ThemeChoice

DEFAULT_IDLE_LOCK_MINUTES = 15


class Notify(StrEnum):
    OFF = "off"
    SENDER = "sender"
    SENDER_AND_TEXT = "sender_text"


class Preferences:
    """Typed accessors over one INI file; values are checked on read (people edit such files)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._qs = QSettings(str(path), QSettings.Format.IniFormat)

    def _get(self, key: str, default: str) -> str:
        value = self._qs.value(key, default)
        return value if isinstance(value, str) else default

    def _set(self, key: str, value: str) -> None:
        self._qs.setValue(key, value)
        self._qs.sync()

    @property
    def theme(self) -> ThemeChoice:
        value = self._get("theme", ThemeChoice.SYSTEM)
        return ThemeChoice(value) if value in ThemeChoice._value2member_map_ else ThemeChoice.SYSTEM

    @theme.setter
    def theme(self, value: ThemeChoice) -> None:
        self._set("theme", value.value)

    @property
    def language(self) -> str:
        value = self._get("language", "en")
        return value if value in ("en", "id") else "en"

    @language.setter
    def language(self, value: str) -> None:
        self._set("language", value)

    @property
    def notify(self) -> Notify:
        value = self._get("notifications", Notify.SENDER)
        return Notify(value) if value in Notify._value2member_map_ else Notify.SENDER

    @notify.setter
    def notify(self, value: Notify) -> None:
        self._set("notifications", value.value)

    @property
    def idle_lock_minutes(self) -> int:
        value = self._get("idle_lock_minutes", str(DEFAULT_IDLE_LOCK_MINUTES))
        return int(value) if value.isdigit() and 0 <= int(value) <= 24 * 60 else 15

    @idle_lock_minutes.setter
    def idle_lock_minutes(self, value: int) -> None:
        self._set("idle_lock_minutes", str(value))

    @property
    def remember(self) -> bool:
        return self._get("remember_on_device", "false") == "true"

    @remember.setter
    def remember(self, value: bool) -> None:
        self._set("remember_on_device", "true" if value else "false")

    @property
    def run_local_relay(self) -> bool:
        """The user chose to run a relay on this computer for a local network."""
        return self._get("run_local_relay", "false") == "true"

    @run_local_relay.setter
    def run_local_relay(self, value: bool) -> None:
        self._set("run_local_relay", "true" if value else "false")
