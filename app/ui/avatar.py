"""Avatars and name colours: a contact is a coloured disc with initials, a group a rounded square
with initials and a small people glyph; colours are fixed by the account or group id."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap

AVATAR_PALETTE = ("#d9534f", "#e8890c", "#2e9d5b", "#1f8a9e", "#2f6fde", "#7a5cd6", "#c2418f")
# Sender names in group bubbles: dark inks on the light theme's incoming bubble (#e9ebef) and
# light inks on the dark theme's (#2e3338), each at a contrast of at least 4.5:1.
NAME_INKS_LIGHT = (
    *("#b3261e", "#8f5200", "#5c6600", "#1d7332", "#006b78"),
    *("#005a96", "#3942c0", "#6a3fb5", "#a0256b", "#8a4220"),
)
NAME_INKS_DARK = (
    *("#ff968b", "#f2b25e", "#cbd65f", "#7fd98f", "#66d3e0"),
    *("#7cc4ff", "#a9b2ff", "#c6a6ff", "#f59acb", "#e8ab8c"),
)


def initials(name: str) -> str:
    parts = [p for p in name.split() if p[:1].isalnum()]
    if not parts:
        return "?"
    letters = parts[0][0] + (parts[1][0] if len(parts) > 1 else "")
    return letters.upper()


def _digest(key: str) -> int:
    return hashlib.sha256(key.encode()).digest()[0]


def avatar_color(key: str) -> QColor:
    return QColor(AVATAR_PALETTE[_digest(key) % len(AVATAR_PALETTE)])


def name_color(account_id: str, dark: bool) -> QColor:
    """A group member's name colour, the same for them in every group and every session."""
    inks = NAME_INKS_DARK if dark else NAME_INKS_LIGHT
    return QColor(inks[_digest(account_id) % len(inks)])


def paint_avatar(painter: QPainter, rect: QRect, name: str, key: str, group: bool = False) -> None:
    """A disc with initials; for a group a rounded square with initials and a people badge."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(avatar_color(key))
    if group:
        radius = rect.width() * 0.28
        painter.drawRoundedRect(QRectF(rect), radius, radius)
    else:
        painter.drawEllipse(rect)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(10, rect.height() * 2 // 5))
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    text_rect = rect.adjusted(0, 0, 0, -rect.height() // 8) if group else rect
    painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, initials(name))
    if group:
        side = rect.width() * 0.46
        badge = QRectF(rect.right() + 1 - side * 0.82, rect.bottom() + 1 - side * 0.82, side, side)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#ffffff"))
        painter.drawEllipse(badge)
        glyph = badge.adjusted(side * 0.14, side * 0.14, -side * 0.14, -side * 0.14)
        paint_people(painter, glyph, avatar_color(key), max(1.2, side / 9))
    painter.restore()


def paint_people(painter: QPainter, rect: QRectF, color: QColor, width: float) -> None:
    """Two head-and-shoulders outlines (the sign for a group), stroked in `color`."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(rect.topLeft())
    painter.scale(rect.width() / 24, rect.height() / 24)
    scale = max(0.01, rect.width() / 24)
    pen = QPen(color, width / scale, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(QPointF(9, 8), 3.6, 3.6)
    front = QPainterPath()
    front.arcMoveTo(QRectF(2, 14.5, 14, 13), 180)
    front.arcTo(QRectF(2, 14.5, 14, 13), 180, -180)
    painter.drawPath(front)
    painter.drawArc(QRectF(13.2, 3.6, 6.4, 6.4), -60 * 16, 240 * 16)
    back = QPainterPath()
    back.arcMoveTo(QRectF(12, 13.5, 10.5, 11), 100)
    back.arcTo(QRectF(12, 13.5, 10.5, 11), 100, -100)
    painter.drawPath(back)
    painter.restore()


def people_icon(color: str, size: int = 20) -> QIcon:
    """The people glyph as an icon for buttons (the SVG icons have no group sign)."""
    result = QIcon()
    for px in (size, size * 2):
        pixmap = QPixmap(px, px)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        paint_people(painter, QRectF(0, 0, px, px), QColor(color), px / 12)
        painter.end()
        result.addPixmap(pixmap)
    return result


def avatar_pixmap(name: str, key: str, size: int, group: bool = False) -> QPixmap:
    ratio = 2
    pixmap = QPixmap(size * ratio, size * ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_avatar(painter, pixmap.rect(), name, key, group)
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap
