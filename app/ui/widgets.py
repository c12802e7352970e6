"""Small widget helpers shared by the pages and dialogs, so each look is made in one place."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from app.ui.resources import icon


def icon_button(parent: QWidget, name: str, tip: str, color: str, size: int = 20) -> QToolButton:
    """A flat button showing icon `name`; `tip` is its tooltip and its accessible name."""
    button = QToolButton(parent)
    button.setIcon(icon(name, color))
    button.setIconSize(QSize(size, size))
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    return button


def primary_button(text: str, parent: QWidget | None = None) -> QPushButton:
    """The one filled, accent-coloured button of a page or dialog (see theme.py)."""
    button = QPushButton(text, parent)
    button.setProperty("primary", True)
    return button


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    """Buttons at the right, in the given order."""
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row


def spaced_code(code: str) -> str:
    """A device link's six digits as two groups of three, easier to compare: "123 456"."""
    return f"{code[:3]} {code[3:]}" if len(code) == 6 else code


def code_label(parent: QWidget, name: str) -> QLabel:
    """A code to compare between two screens: large, monospaced and selectable (its frame is in
    theme.py: QLabel#linkCode); `name` is its accessible name."""
    label = QLabel(parent)
    label.setObjectName("linkCode")
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(28)
    font.setBold(True)
    label.setFont(font)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    return label


class ElidedLabel(QLabel):
    """One line of plain text that ends in "…" when the label is narrower than the text, so a
    narrow window shortens it instead of cutting it off (the full text stays in `text()`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter = QPainter(self)
        self.style().drawItemText(
            painter, rect, self.alignment(), self.palette(), self.isEnabled(), shown,
            self.foregroundRole(),
        )  # fmt: skip


class Banner(QFrame):
    """A strip above the messages with a sentence and up to two buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.primary = primary_button("", self)
        self.secondary = QPushButton(self)
        self._row = row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 14, 8)
        row.addWidget(self.text, 1)
        row.addWidget(self.secondary)
        row.addWidget(self.primary)
        self.hide()

    def add_button(self, text: str) -> QPushButton:
        """One more button, before the other two (a message request's Delete)."""
        button = QPushButton(text, self)
        self._row.insertWidget(1, button)
        return button
