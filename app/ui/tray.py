"""System tray icon with the unread count, and notifications where the platform has them."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from app.ui.resources import app_icon


def badge_icon(count: int) -> QIcon:
    """The app icon with a red count in its corner (nothing when zero)."""
    base = app_icon().pixmap(64, 64)
    if count <= 0:
        return QIcon(base)
    pixmap = QPixmap(base)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#d93025"))
    badge = QRect(28, 0, 36, 36)
    painter.drawEllipse(badge)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(20 if count < 100 else 14)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(count) if count < 100 else "99+")
    painter.end()
    return QIcon(pixmap)


class Tray(QObject):
    """Does nothing (cleanly) where no system tray exists, e.g. offscreen or some desktops."""

    show_requested = Signal()
    lock_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.unread = 0
        self._icon: QSystemTrayIcon | None = None
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        tray = QSystemTrayIcon(badge_icon(0), self)
        menu = QMenu()
        menu.addAction(self.tr("Show Bisik"), self.show_requested.emit)
        menu.addAction(self.tr("Lock now"), self.lock_requested.emit)
        menu.addSeparator()
        menu.addAction(self.tr("Quit"), self.quit_requested.emit)
        tray.setContextMenu(menu)
        self._menu = menu
        tray.activated.connect(self._activated)
        tray.setToolTip("Bisik")
        tray.show()
        self._icon = tray

    @property
    def available(self) -> bool:
        return self._icon is not None

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.show_requested.emit()

    def set_unread(self, count: int) -> None:
        self.unread = count
        if self._icon is not None:
            self._icon.setIcon(badge_icon(count))
            self._icon.setToolTip(self.tr("Bisik: %n unread", "", count) if count else "Bisik")

    def notify(self, title: str, text: str) -> None:
        if self._icon is not None and self._icon.supportsMessages():
            self._icon.showMessage(title, text, badge_icon(self.unread), 5000)

    def hide(self) -> None:
        if self._icon is not None:
            self._icon.hide()
