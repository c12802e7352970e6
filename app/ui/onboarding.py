"""Before a profile is open: the first-run steps and the unlock screen."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.resources import app_icon
from app.ui.widgets import primary_button

DEFAULT_RELAY = "https://relay.bisik.chat"


def passphrase_strength(passphrase: str) -> int:
    """0 (too short) .. 3 (strong): a rough guess from length and variety, shown as a hint."""
    if len(passphrase) < 8:
        return 0
    classes = sum(
        bool(re.search(p, passphrase)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")
    )
    words = len(passphrase.split())
    score = 1 + (len(passphrase) >= 14) + (classes >= 3 or words >= 4)
    return min(3, score)


def _logo(parent: QWidget, size: int = 72) -> QLabel:
    label = QLabel(parent)
    label.setPixmap(app_icon().pixmap(QSize(size, size)))
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def _centered(page: QWidget, content: QWidget) -> None:
    """Put `content` in the middle of `page` with a readable width."""
    content.setMaximumWidth(460)
    row = QHBoxLayout(page)
    row.addStretch(1)
    row.addWidget(content, 4)
    row.addStretch(1)


def _step_page(
    title: str, text: str, body: Sequence[QWidget | QLayout], *, centered: bool = False
) -> QWidget:
    """A page of the first run or the unlock screen: a title and a paragraph above `body`,
    vertically centred; `centered` adds the logo and centres the text under it."""
    page = QWidget()
    heading = QLabel(title, page)
    heading.setObjectName("title")
    paragraph = QLabel(text, page)
    paragraph.setWordWrap(True)
    column = QVBoxLayout(page)
    column.addStretch(1)
    if centered:
        column.addWidget(_logo(page))
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        paragraph.setAlignment(Qt.AlignmentFlag.AlignCenter)
    column.addWidget(heading)
    column.addWidget(paragraph)
    column.addSpacing(10)
    for part in body:
        if isinstance(part, QLayout):
            column.addLayout(part)
        else:
            column.addWidget(part)
    column.addStretch(2)
    return page


class PassphrasePair(QObject):
    """A new passphrase typed twice, with a strength meter and a hint: the first run's
    passphrase step and the restore page both use it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.passphrase = QLineEdit(parent)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.again = QLineEdit(parent)
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName(self.tr("Passphrase again"))
        self.strength = QProgressBar(parent)
        self.strength.setRange(0, 3)
        self.strength.setTextVisible(False)
        self.strength.setFixedHeight(6)
        self.strength.setAccessibleName(self.tr("Passphrase strength"))
        self.hint = QLabel(parent)
        self.hint.setObjectName("muted")
        self.passphrase.textChanged.connect(self._update_strength)
        self.again.textChanged.connect(self._update_strength)

    def add_rows(self, form: QFormLayout, first: str, second: str) -> None:
        form.addRow(first, self.passphrase)
        form.addRow(second, self.again)
        form.addRow("", self.strength)
        form.addRow("", self.hint)

    def problem(self) -> str:
        """What keeps the passphrase from being taken, or "" when it is fine."""
        if passphrase_strength(self.passphrase.text()) == 0:
            return self.tr("Use at least 8 characters.")
        if self.passphrase.text() != self.again.text():
            return self.tr("The two passphrases do not match.")
        return ""

    def _update_strength(self) -> None:
        score = passphrase_strength(self.passphrase.text())
        self.strength.setValue(score)
        self.hint.setText(
            (
                self.tr("Too short: use at least 8 characters."),
                self.tr("Weak: add more words."),
                self.tr("Fair."),
                self.tr("Strong."),
            )[score]
        )


class FirstRunPage(QWidget):
    """Three short steps: name, passphrase, relay; then `finished(name, pass, relay, local)`."""

    finished = Signal(str, str, str, bool)
    restore_requested = Signal()
    link_requested = Signal()  # "Link to an existing account" instead (app/ui/join.py)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QWidget(self)
        self.steps = QStackedWidget(box)
        self.steps.addWidget(self._name_step())
        self.steps.addWidget(self._passphrase_step())
        self.steps.addWidget(self._relay_step())

        self.status = QLabel(box)
        self.status.setWordWrap(True)
        self.back = QPushButton(self.tr("Back"), box)
        self.next = primary_button(self.tr("Next"), box)
        self.next.setDefault(True)
        self.restore = QPushButton(self.tr("Restore from a backup…"), box)
        self.restore.setToolTip(self.tr("Bring back a profile from a backup file"))
        self.link_existing = QPushButton(self.tr("Link to an existing account…"), box)
        self.link_existing.setToolTip(
            self.tr("Use this computer as another device of an account you already have")
        )
        self.link_existing.clicked.connect(self.link_requested)
        self.back.clicked.connect(lambda: self._go(self.steps.currentIndex() - 1))
        self.restore.clicked.connect(self.restore_requested)
        self.next.clicked.connect(self._advance)
        for edit in (self.name, self.passphrase, self.again, self.relay):
            edit.returnPressed.connect(self._advance)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addWidget(self.restore)
        buttons.addStretch(1)
        buttons.addWidget(self.next)
        other_ways = QHBoxLayout()  # besides a new profile; only on the first step
        other_ways.addWidget(self.link_existing)
        other_ways.addStretch(1)
        outer = QVBoxLayout(box)
        outer.addWidget(self.steps, 1)
        outer.addWidget(self.status)
        outer.addLayout(buttons)
        outer.addLayout(other_ways)
        _centered(self, box)
        self._go(0)

    def _name_step(self) -> QWidget:
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Your name, as your contacts will see it"))
        self.name.setAccessibleName(self.tr("Display name"))
        return _step_page(
            self.tr("Welcome to Bisik"),
            self.tr(
                "Messages are encrypted on this computer and can only be read by the person you "
                "send them to. The relay that carries them sees neither what you say nor to whom."
            ),
            [QLabel(self.tr("Display name")), self.name],
            centered=True,
        )

    def _passphrase_step(self) -> QWidget:
        self.pair = PassphrasePair(self)
        self.passphrase, self.again = self.pair.passphrase, self.pair.again
        self.strength, self.hint = self.pair.strength, self.pair.hint
        warning = QLabel(
            self.tr(
                "There is no way to recover a forgotten passphrase: not by us, not by anyone. "
                "Without it, your messages cannot be opened."
            )
        )
        warning.setWordWrap(True)
        warning.setObjectName("banner")
        warning.setContentsMargins(10, 8, 10, 8)
        form = QFormLayout()
        self.pair.add_rows(form, self.tr("Passphrase"), self.tr("Again"))
        return _step_page(
            self.tr("Choose a passphrase"),
            self.tr(
                "Everything Bisik keeps on this computer is encrypted with this passphrase. "
                "A few unrelated words are easy to remember and hard to guess."
            ),
            [form, warning],
        )

    def _relay_step(self) -> QWidget:
        self.relay = QLineEdit(DEFAULT_RELAY)
        self.relay.setAccessibleName(self.tr("Relay address"))
        self.local = QCheckBox(self.tr("Run a relay on this computer (local network)"))
        self.local.toggled.connect(lambda on: self.relay.setEnabled(not on))
        return _step_page(
            self.tr("Choose a relay"),
            self.tr(
                "The relay holds encrypted envelopes until your contacts collect them. "
                "Use the address your group shares, or run one on this computer for a local "
                "network."
            ),
            [QLabel(self.tr("Relay address")), self.relay, self.local],
        )

    def _go(self, step: int) -> None:
        step = max(0, min(2, step))
        self.steps.setCurrentIndex(step)
        self.back.setVisible(step > 0)
        self.restore.setVisible(step == 0)
        self.link_existing.setVisible(step == 0)
        self.next.setText(self.tr("Create profile") if step == 2 else self.tr("Next"))
        self.status.clear()
        (self.name, self.passphrase, self.relay)[step].setFocus()

    def _advance(self) -> None:
        step = self.steps.currentIndex()
        if step == 0 and not self.name.text().strip():
            self.status.setText(self.tr("Please enter a name."))
        elif step == 1 and self.pair.problem():
            self.status.setText(self.pair.problem())
        elif step == 2 and not self.local.isChecked() and "://" not in self.relay.text():
            self.status.setText(self.tr("Enter a relay address such as https://relay.example."))
        elif step < 2:
            self._go(step + 1)
        else:
            self.set_busy(True)
            self.finished.emit(
                self.name.text().strip(),
                self.passphrase.text(),
                self.relay.text().strip(),
                self.local.isChecked(),
            )

    def set_busy(self, busy: bool, message: str = "") -> None:
        self.next.setEnabled(not busy)
        self.back.setEnabled(not busy)
        self.restore.setEnabled(not busy)
        self.link_existing.setEnabled(not busy)
        self.status.setText(self.tr("Creating your keys…") if busy else message)


class UnlockPage(QWidget):
    """The passphrase prompt shown at start and after locking."""

    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.button = primary_button(self.tr("Unlock"))
        self.button.setDefault(True)
        self.status = QLabel()
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setWordWrap(True)
        self.passphrase.returnPressed.connect(self._submit)
        self.button.clicked.connect(self._submit)
        box = _step_page(
            self.tr("Bisik is locked"),
            self.tr("Enter your passphrase to open your messages."),
            [self.passphrase, self.button, self.status],
            centered=True,
        )
        _centered(self, box)

    def _submit(self) -> None:
        if self.passphrase.text():
            self.set_busy(True)
            self.unlock_requested.emit(self.passphrase.text())

    def set_busy(self, busy: bool, message: str = "") -> None:
        """Busy: inputs off and `message` (default "Unlocking…"); idle: `message` as the result."""
        self.passphrase.setEnabled(not busy)
        self.button.setEnabled(not busy)
        self.status.setText((message or self.tr("Unlocking…")) if busy else message)
        if not busy:
            self.passphrase.selectAll()
            self.passphrase.setFocus()

    def reset(self) -> None:
        self.passphrase.clear()
        self.set_busy(False)
        self.passphrase.setFocus()
