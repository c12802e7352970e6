"""Where the resources folder is (source tree or frozen bundle) and SVG icons tinted per theme."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

ICON_SIZES = (16, 20, 24, 32, 48, 64, 96)


@cache
def resources_dir() -> Path:
    """`resources/` beside the package, or inside a PyInstaller bundle (sys._MEIPASS)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def app_icon() -> QIcon:
    """The application icon (its source, shared with the installers, is icons/app/bisik.svg)."""
    return icon("app/bisik")


def icon(name: str, color: str = "") -> QIcon:
    """An SVG icon rendered at several sizes (sharp on high-DPI), `currentColor` set to `color`."""
    return _icon(name, color)


@cache
def _icon(name: str, color: str) -> QIcon:
    svg = (resources_dir() / "icons" / f"{name}.svg").read_bytes()
    if color:
        svg = svg.replace(b"currentColor", color.encode())
    renderer = QSvgRenderer(QByteArray(svg))
    result = QIcon()
    for size in ICON_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(QColor(Qt.GlobalColor.transparent))
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    return result


def clear_icon_cache() -> None:
    """Called when the theme changes, so tinted icons are rendered again."""
    _icon.cache_clear()
