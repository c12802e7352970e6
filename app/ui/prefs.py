"""Device preferences kept outside the encrypted profile: nothing here is secret or personal.

Theme and language must be known before the profile is unlocked, so they live in an INI file in the
user's config folder (QSettings); everything about the account lives in the profile itself.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QSettings

from app.ui.i18n import LANGUAGES
from app.ui.theme import ThemeChoice

DEFAULT_IDLE_LOCK_MINUTES = 15
MAX_IDLE_LOCK_MINUTES = 24 * 60

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)


class Notify(StrEnum):
    OFF = "off"
    SENDER = "sender"
    SENDER_AND_TEXT = "sender_text"


class _Setting(Generic[T]):
    """One INI key as a typed attribute. `parse` returns None for a value it does not accept
    (people edit such files), and the default stands in; `text` writes a value back."""

    def __init__(
        self,
        key: str,
        default: T,
        parse: Callable[[str], T | None],
        text: Callable[[T], str] = str,
    ) -> None:
        self.key = key
        self.default = default
        self.parse = parse
        self.text = text

    def __get__(self, prefs: Preferences, owner: object = None) -> T:
        value = prefs._qs.value(self.key)
        parsed = self.parse(value) if isinstance(value, str) else None
        return self.default if parsed is None else parsed

    def __set__(self, prefs: Preferences, value: T) -> None:
        prefs._qs.setValue(self.key, self.text(value))
        prefs._qs.sync()


def _member(choices: type[E]) -> Callable[[str], E | None]:
    return lambda value: choices(value) if value in choices._value2member_map_ else None


def _language(value: str) -> str | None:
    return value if value in LANGUAGES else None


def _minutes(value: str) -> int | None:
    return int(value) if value.isdigit() and int(value) <= MAX_IDLE_LOCK_MINUTES else None


def _flag(key: str) -> _Setting[bool]:
    return _Setting(key, False, lambda value: value == "true", lambda on: "true" if on else "false")


class Preferences:
    """Typed accessors over one INI file; values are checked on read."""

    theme = _Setting("theme", ThemeChoice.SYSTEM, _member(ThemeChoice))
    language = _Setting("language", "en", _language)
    notify = _Setting("notifications", Notify.SENDER, _member(Notify))
    idle_lock_minutes = _Setting("idle_lock_minutes", DEFAULT_IDLE_LOCK_MINUTES, _minutes)
    remember = _flag("remember_on_device")
    run_local_relay = _flag("run_local_relay")  # run a relay on this computer for a local network

    def __init__(self, path: Path) -> None:
        self.path = path
        self._qs = QSettings(str(path), QSettings.Format.IniFormat)
