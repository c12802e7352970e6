"""Before a profile is open: the first-run steps and the unlock screen."""

from __future__ import annotations

import re

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.resources import app_icon

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


class FirstRunPage(QWidget):
    """Three short steps: name, passphrase, relay; then `finished(name, pass, relay, local)`."""

    finished = Signal(str, str, str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QWidget(self)
        self.steps = QStackedWidget(box)

        # step 1: who you are
        step = QWidget()
        title = QLabel(self.tr("Welcome to Bisik"), step)
        title.setObjectName("title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        intro = QLabel(
            self.tr(
                "Messages are encrypted on this computer and can only be read by the person you "
                "send them to. The relay that carries them sees neither what you say nor to whom."
            ),
            step,
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(step)
        self.name.setPlaceholderText(self.tr("Your name, as your contacts will see it"))
        self.name.setAccessibleName(self.tr("Display name"))
        column = QVBoxLayout(step)
        column.addStretch(1)
        column.addWidget(_logo(step))
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(12)
        column.addWidget(QLabel(self.tr("Display name"), step))
        column.addWidget(self.name)
        column.addStretch(2)
        self.steps.addWidget(step)

        # step 2: the passphrase
        step = QWidget()
        title = QLabel(self.tr("Choose a passphrase"), step)
        title.setObjectName("title")
        explain = QLabel(
            self.tr(
                "Everything Bisik keeps on this computer is encrypted with this passphrase. "
                "A few unrelated words are easy to remember and hard to guess."
            ),
            step,
        )
        explain.setWordWrap(True)
        self.passphrase = QLineEdit(step)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.again = QLineEdit(step)
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName(self.tr("Passphrase again"))
        self.strength = QProgressBar(step)
        self.strength.setRange(0, 3)
        self.strength.setTextVisible(False)
        self.strength.setFixedHeight(6)
        self.strength.setAccessibleName(self.tr("Passphrase strength"))
        self.hint = QLabel(step)
        self.hint.setObjectName("muted")
        warning = QLabel(
            self.tr(
                "There is no way to recover a forgotten passphrase: not by us, not by anyone. "
                "Without it, your messages cannot be opened."
            ),
            step,
        )
        warning.setWordWrap(True)
        warning.setObjectName("banner")
        warning.setContentsMargins(10, 8, 10, 8)
        form = QFormLayout()
        form.addRow(self.tr("Passphrase"), self.passphrase)
        form.addRow(self.tr("Again"), self.again)
        form.addRow("", self.strength)
        form.addRow("", self.hint)
        column = QVBoxLayout(step)
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(explain)
        column.addLayout(form)
        column.addWidget(warning)
        column.addStretch(2)
        self.steps.addWidget(step)
        self.passphrase.textChanged.connect(self._update_strength)
        self.again.textChanged.connect(self._update_strength)

        # step 3: the relay
        step = QWidget()
        title = QLabel(self.tr("Choose a relay"), step)
        title.setObjectName("title")
        explain = QLabel(
            self.tr(
                "The relay holds encrypted envelopes until your contacts collect them. "
                "Use the address your group shares, or run one on this computer for a local "
                "network."
            ),
            step,
        )
        explain.setWordWrap(True)
        self.relay = QLineEdit(DEFAULT_RELAY, step)
        self.relay.setAccessibleName(self.tr("Relay address"))
        self.local = QCheckBox(self.tr("Run a relay on this computer (local network)"), step)
        self.local.toggled.connect(lambda on: self.relay.setEnabled(not on))
        column = QVBoxLayout(step)
        column.addStretch(1)
        column.addWidget(title)
        column.addWidget(explain)
        column.addSpacing(8)
        column.addWidget(QLabel(self.tr("Relay address"), step))
        column.addWidget(self.relay)
        column.addWidget(self.local)
        column.addStretch(2)
        self.steps.addWidget(step)

        self.status = QLabel(box)
        self.status.setWordWrap(True)
        self.back = QPushButton(self.tr("Back"), box)
        self.next = QPushButton(self.tr("Next"), box)
        self.next.setProperty("primary", True)
        self.next.setDefault(True)
        self.back.clicked.connect(lambda: self._go(self.steps.currentIndex() - 1))
        self.next.clicked.connect(self._advance)
        for edit in (self.name, self.passphrase, self.again, self.relay):
            edit.returnPressed.connect(self._advance)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch(1)
        buttons.addWidget(self.next)
        outer = QVBoxLayout(box)
        outer.addWidget(self.steps, 1)
        outer.addWidget(self.status)
        outer.addLayout(buttons)
        _centered(self, box)
        self._go(0)

    def _go(self, step: int) -> None:
        step = max(0, min(2, step))
        self.steps.setCurrentIndex(step)
        self.back.setVisible(step > 0)
        self.next.setText(self.tr("Create profile") if step == 2 else self.tr("Next"))
        self.status.clear()
        (self.name, self.passphrase, self.relay)[step].setFocus()

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

    def _advance(self) -> None:
        step = self.steps.currentIndex()
        if step == 0 and not self.name.text().strip():
            self.status.setText(self.tr("Please enter a name."))
        elif step == 1 and passphrase_strength(self.passphrase.text()) == 0:
            self.status.setText(self.tr("Use at least 8 characters."))
        elif step == 1 and self.passphrase.text() != self.again.text():
            self.status.setText(self.tr("The two passphrases do not match."))
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
        self.status.setText(self.tr("Creating your keys…") if busy else message)


class UnlockPage(QWidget):
    """The passphrase prompt shown at start and after locking."""

    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QWidget(self)
        title = QLabel(self.tr("Bisik is locked"), box)
        title.setObjectName("title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        explain = QLabel(self.tr("Enter your passphrase to open your messages."), box)
        explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        explain.setWordWrap(True)
        self.passphrase = QLineEdit(box)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.passphrase.setAccessibleName(self.tr("Passphrase"))
        self.button = QPushButton(self.tr("Unlock"), box)
        self.button.setProperty("primary", True)
        self.button.setDefault(True)
        self.status = QLabel(box)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setWordWrap(True)
        self.passphrase.returnPressed.connect(self._submit)
        self.button.clicked.connect(self._submit)
        column = QVBoxLayout(box)
        column.addStretch(1)
        column.addWidget(_logo(box))
        column.addWidget(title)
        column.addWidget(explain)
        column.addSpacing(10)
        column.addWidget(self.passphrase)
        column.addWidget(self.button)
        column.addWidget(self.status)
        column.addStretch(2)
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
