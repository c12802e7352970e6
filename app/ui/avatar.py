"""Contact avatars: a coloured disc with the name's initials, the colour fixed by the contact id."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap

AVATAR_PALETTE = ("#d9534f", "#e8890c", "#2e9d5b", "#1f8a9e", "#2f6fde", "#7a5cd6", "#c2418f")


def initials(name: str) -> str:
    parts = [p for p in name.split() if p[:1].isalnum()]
    if not parts:
        return "?"
    letters = parts[0][0] + (parts[1][0] if len(parts) > 1 else "")
    return letters.upper()


def avatar_color(key: str) -> QColor:
    digest = hashlib.sha256(key.encode()).digest()
    return QColor(AVATAR_PALETTE[digest[0] % len(AVATAR_PALETTE)])


def paint_avatar(painter: QPainter, rect: QRect, name: str, key: str) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(avatar_color(key))
    painter.drawEllipse(rect)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(10, rect.height() * 2 // 5))
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, initials(name))
    painter.restore()


def avatar_pixmap(name: str, key: str, size: int) -> QPixmap:
    ratio = 2
    pixmap = QPixmap(size * ratio, size * ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_avatar(painter, pixmap.rect(), name, key)
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap
