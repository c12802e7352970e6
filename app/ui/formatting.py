"""Times, days, sizes and timer choices as the chat list and the bubbles show them."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale


def disappearing_choices() -> list[tuple[int, str]]:
    """Timer values offered for disappearing messages, with their labels."""

    return [
        (0, QCoreApplication.translate("Disappearing", "Off")),
        (300, QCoreApplication.translate("Disappearing", "5 minutes")),
        (3600, QCoreApplication.translate("Disappearing", "1 hour")),
        (86400, QCoreApplication.translate("Disappearing", "1 day")),
        (604800, QCoreApplication.translate("Disappearing", "1 week")),
    ]


def short_time(at: float | None, now: float | None = None) -> str:
    """ "14:05" today, a weekday this week, else a short date — as chat lists show it."""
    if at is None:
        return ""
    moment = QDateTime.fromSecsSinceEpoch(int(at))
    today = QDateTime.fromSecsSinceEpoch(int(now or time.time())).date()
    locale = QLocale()
    if moment.date() == today:
        return locale.toString(moment.time(), "HH:mm")
    if moment.date().daysTo(today) < 7:
        return locale.toString(moment.date(), "ddd")
    return locale.toString(moment.date(), QLocale.FormatType.ShortFormat)


def day_label(day: QDate, today: QDate) -> str:
    if day == today:
        return QCoreApplication.translate("Chat", "Today")
    if day.daysTo(today) == 1:
        return QCoreApplication.translate("Chat", "Yesterday")
    return QLocale().toString(day, "d MMMM yyyy")


def local_day(at: float) -> QDate:
    return QDateTime.fromSecsSinceEpoch(int(at)).date()


def format_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"
