"""Restoring a backup where no profile exists yet: the file, its code and a new passphrase."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from app.ui.onboarding import PassphrasePair, _centered, _step_page
from app.ui.profiles import RestoreError
from app.ui.widgets import primary_button
from app.ui.workers import ProgressRelay

BACKUP_SUFFIX = ".bisikbak"


def code_digits(code: str) -> str:
    """The digits of a typed code once spaces and dashes are gone (the service's own rule)."""
    return re.sub(r"[\s-]", "", code)


class RestorePage(QWidget):
    """Emits `restore_requested(file, code, passphrase)` once the three look right; the window
    runs the restore on a worker, feeds `progress` and calls `show_error` if it fails."""

    restore_requested = Signal(str, str, str)
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = ProgressRelay(self)  # the worker's callback: report(done, total)
        self.progress.changed.connect(self._show_progress)
        self.file = QLineEdit(self)
        self.file.setAccessibleName(self.tr("Backup file"))
        self.file.setPlaceholderText(self.tr("A file ending in .bisikbak"))
        self.choose = QPushButton(self.tr("Choose…"), self)
        self.choose.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(self.choose)
        self.code = QLineEdit(self)
        self.code.setAccessibleName(self.tr("Backup code"))
        self.code.setPlaceholderText("12345 67890 12345 67890 12345 67890")
        self.pair = PassphrasePair(self)
        form = QFormLayout()
        form.addRow(self.tr("Backup file"), file_row)
        form.addRow(self.tr("Backup code"), self.code)
        self.pair.add_rows(form, self.tr("New passphrase"), self.tr("Again"))
        note = QLabel(
            self.tr(
                "The code only opens the backup. The new passphrase protects the profile on this "
                "computer from now on; it need not be the one you used before."
            ),
            self,
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName(self.tr("Restore progress"))
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        self.bar.hide()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.back = QPushButton(self.tr("Back"), self)
        self.back.clicked.connect(self.back_requested)
        self.button = primary_button(self.tr("Restore"), self)
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        for edit in (self.file, self.code, self.pair.passphrase, self.pair.again):
            edit.returnPressed.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch(1)
        buttons.addWidget(self.button)
        box = _step_page(
            self.tr("Restore from a backup"),
            self.tr(
                "Bring back your profile, contacts and messages from a backup file. You need the "
                "backup code that was shown when the first backup was made."
            ),
            [form, note, self.bar, self.status, buttons],
        )
        _centered(self, box)

    def choose_file(self) -> None:
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a backup"),
            start,
            self.tr("Bisik backups (*.bisikbak);;All files (*)"),
        )
        if name:
            self.file.setText(name)
            self.code.setFocus()

    def submit(self) -> None:
        path = self.file.text().strip()
        digits = code_digits(self.code.text())
        if not path or not Path(path).is_file():
            self.status.setText(self.tr("Choose the backup file first."))
        elif not (digits.isascii() and digits.isdigit() and len(digits) == 30):
            self.status.setText(self._code_form())
            self.code.setFocus()
        elif problem := self.pair.problem():
            self.status.setText(problem)
            self.pair.passphrase.setFocus()
        else:
            self.set_busy(True)
            self.restore_requested.emit(path, self.code.text(), self.pair.passphrase.text())

    def _code_form(self) -> str:
        return self.tr("A backup code has 30 digits; spaces and dashes between them are fine.")

    def set_busy(self, busy: bool, message: str = "") -> None:
        for widget in (self.file, self.choose, self.code, self.back, self.button):
            widget.setEnabled(not busy)
        self.pair.passphrase.setEnabled(not busy)
        self.pair.again.setEnabled(not busy)
        self.bar.setVisible(busy)
        self.bar.setRange(0, 0)  # busy until the first report: the code's key is derived first
        self.status.setText(self.tr("Restoring… this can take a while.") if busy else message)

    def _show_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))

    def show_error(self, exc: BaseException) -> None:
        """The restore failed: say why in the user's words; everything stays to try again."""
        problem = exc.problem if isinstance(exc, RestoreError) else "other"
        messages = {
            "code_form": self._code_form(),
            "wrong_code": self.tr(
                "This code does not open the backup. Check the digits and try again."
            ),
            "damaged": self.tr(
                "This file is not a whole Bisik backup: it may be damaged, cut short or another "
                "kind of file."
            ),
            "newer": self.tr(
                "This backup was made by a newer version of Bisik. Update Bisik, then restore it."
            ),
            "exists": self.tr("A profile exists here already; a restore never replaces one."),
            "unreadable": self.tr("The backup file could not be read: %1").replace("%1", str(exc)),
        }
        default = self.tr("The backup was not restored: %1").replace("%1", str(exc))
        self.set_busy(False, messages.get(problem, default))
        if problem in ("code_form", "wrong_code"):
            self.code.setFocus()
            self.code.selectAll()
