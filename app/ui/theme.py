"""Light and dark themes: a Fusion palette, a small style sheet, and the colours delegates paint.

"System" follows the platform's colour scheme (QStyleHints.colorScheme) and changes with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


class ThemeChoice(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True)
class Colors:
    window: str
    base: str
    panel: str
    text: str
    muted: str
    accent: str
    accent_text: str
    bubble_out: str
    bubble_out_text: str
    bubble_in: str
    bubble_in_text: str
    border: str
    highlight: str
    warning: str
    danger: str
    read_tick: str


LIGHT = Colors(
    window="#f4f5f7",
    base="#ffffff",
    panel="#eceef2",
    text="#1c1e21",
    muted="#5f6670",
    accent="#2f6fde",
    accent_text="#ffffff",
    bubble_out="#2f6fde",
    bubble_out_text="#ffffff",
    bubble_in="#e9ebef",
    bubble_in_text="#1c1e21",
    border="#d5d9e0",
    highlight="#dce7fb",
    warning="#fff3cd",
    danger="#c62828",
    read_tick="#9ff5d2",
)

DARK = Colors(
    window="#17191c",
    base="#1f2226",
    panel="#25292e",
    text="#e8eaed",
    muted="#9aa1ab",
    accent="#5b8def",
    accent_text="#ffffff",
    bubble_out="#2f5fb8",
    bubble_out_text="#ffffff",
    bubble_in="#2e3338",
    bubble_in_text="#e8eaed",
    border="#3a4047",
    highlight="#2c3a52",
    warning="#4a3f1c",
    danger="#ef6b6b",
    read_tick="#9ff5d2",
)

_current = LIGHT


def colors() -> Colors:
    """The colours of the theme in use; delegates read them at paint time."""
    return _current


def system_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def resolve(choice: ThemeChoice) -> Colors:
    if choice is ThemeChoice.SYSTEM:
        return DARK if system_is_dark() else LIGHT
    return DARK if choice is ThemeChoice.DARK else LIGHT


def apply(app: QApplication, choice: ThemeChoice) -> Colors:
    """Set Fusion, the palette and the style sheet for `choice`; returns the colours in use."""
    global _current
    from app.ui.resources import clear_icon_cache

    _current = resolve(choice)
    clear_icon_cache()
    app.setStyle("Fusion")
    app.setPalette(_palette(_current))
    app.setStyleSheet(_style_sheet(_current))
    return _current


def _palette(c: Colors) -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    for r, value in (
        (role.Window, c.window),
        (role.WindowText, c.text),
        (role.Base, c.base),
        (role.AlternateBase, c.panel),
        (role.Text, c.text),
        (role.Button, c.panel),
        (role.ButtonText, c.text),
        (role.ToolTipBase, c.base),
        (role.ToolTipText, c.text),
        (role.PlaceholderText, c.muted),
        (role.Highlight, c.accent),
        (role.HighlightedText, c.accent_text),
        (role.Link, c.accent),
        (role.Mid, c.border),
        (role.Light, c.base),
        (role.Midlight, c.panel),
        (role.Dark, c.muted),
    ):
        p.setColor(r, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.Text, role.ButtonText, role.WindowText):
        p.setColor(disabled, r, QColor(c.muted))
    return p


def _style_sheet(c: Colors) -> str:
    from app.ui.resources import resources_dir

    check = (resources_dir() / "icons" / "check.svg").as_posix()
    return f"""
QWidget#sidebar, QWidget#chatHeader, QWidget#composer {{ background: {c.panel}; }}
QWidget#chatHeader {{ border-bottom: 1px solid {c.border}; }}
QWidget#composer {{ border-top: 1px solid {c.border}; }}
QSplitter::handle {{ background: {c.border}; }}
QLineEdit, QPlainTextEdit, QTextEdit {{
    background: {c.base}; border: 1px solid {c.border}; border-radius: 8px; padding: 5px 8px;
    selection-background-color: {c.accent}; selection-color: {c.accent_text};
}}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus {{ border: 1px solid {c.accent}; }}
QCheckBox::indicator {{
    width: 14px; height: 14px; border: 1px solid {c.muted}; border-radius: 4px;
    background: {c.base};
}}
QCheckBox::indicator:checked {{
    background: {c.accent}; border-color: {c.accent}; image: url("{check}");
}}
QCheckBox::indicator:focus {{ border: 2px solid {c.accent}; }}
QPushButton {{
    background: {c.base}; border: 1px solid {c.border}; border-radius: 8px; padding: 6px 14px;
}}
QPushButton:hover {{ border-color: {c.accent}; }}
QPushButton:focus {{ border: 2px solid {c.accent}; }}
QPushButton[primary="true"] {{
    background: {c.accent}; color: {c.accent_text}; border: none; font-weight: 600;
}}
QPushButton[primary="true"]:disabled {{ background: {c.border}; color: {c.muted}; }}
QToolButton {{ border: none; border-radius: 8px; padding: 6px; }}
QToolButton:hover, QToolButton:focus {{ background: {c.highlight}; }}
QToolButton::menu-indicator {{ image: none; width: 0px; }}
QToolButton#more {{ font-size: 16pt; padding: 0px 8px 4px 8px; }}
QListView {{ background: {c.base}; border: none; outline: none; }}
QListView#conversations {{ background: {c.panel}; }}
QLabel#muted {{ color: {c.muted}; }}
QLabel#badge {{
    color: {c.accent}; border: 1px solid {c.accent}; border-radius: 8px; padding: 0px 6px;
}}
QPushButton#danger {{ color: {c.danger}; }}
QListView#members::item:selected {{ background: {c.highlight}; color: {c.text}; }}
QListView#devices::item {{ padding: 8px 6px; }}
QListView#devices::item:selected {{ background: {c.highlight}; color: {c.text}; }}
QListView#picker::item {{ padding: 5px 2px; }}
QListView#picker::indicator {{
    width: 14px; height: 14px; border: 1px solid {c.muted}; border-radius: 4px;
    background: {c.base};
}}
QListView#picker::indicator:checked {{
    background: {c.accent}; border-color: {c.accent}; image: url("{check}");
}}
QLabel#title {{ font-size: 15pt; font-weight: 600; }}
QLabel#heading {{ font-size: 12pt; font-weight: 600; }}
QFrame#banner {{ background: {c.warning}; border-bottom: 1px solid {c.border}; }}
QFrame#replyBar {{ background: {c.base}; border-left: 3px solid {c.accent}; border-radius: 4px; }}
QLabel#demo {{
    background: #e8a317; color: #1c1e21; font-weight: 700; padding: 4px; border-radius: 0px;
}}
QLabel#safetyNumber {{ font-family: "DejaVu Sans Mono", monospace; font-size: 14pt; }}
QLabel#backupCode {{
    font-family: "DejaVu Sans Mono", monospace; font-size: 18pt; font-weight: 600;
    background: {c.base}; border: 1px solid {c.border}; border-radius: 8px; padding: 10px;
}}
QLabel#linkCode {{
    background: {c.base}; border: 1px solid {c.border}; border-radius: 8px; padding: 12px;
}}
"""
