"""Backups in the settings dialog: writing one on a worker, and showing a new code, once."""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.service.api import BackupResult, MessengerApi
from app.ui.formatting import format_size
from app.ui.paths import unique_path
from app.ui.restore import BACKUP_SUFFIX
from app.ui.widgets import button_row, primary_button
from app.ui.workers import ProgressRelay, TaskRunner


def default_backup_name(today: datetime.date | None = None) -> str:
    day = today or datetime.date.today()
    return f"bisik-backup-{day.isoformat()}{BACKUP_SUFFIX}"


class BackupGroup(QGroupBox):
    """The buttons "Create backup…" and "New backup code…": a file, then `create_backup` on a
    worker with its progress on a bar; a new code is shown in `BackupCodeDialog`, once."""

    running_changed = Signal(bool)

    def __init__(
        self, messenger: MessengerApi, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Backup"))
        self._messenger = messenger
        self._runner = runner
        self.running = False
        self.code_dialog: BackupCodeDialog | None = None
        self._progress = ProgressRelay(self)
        self._progress.changed.connect(self._show_progress)
        note = QLabel(
            self.tr(
                "One encrypted file with your identity, contacts and messages, to bring them back "
                "on a new computer. It is locked with a backup code, shown once, on the first "
                "backup."
            ),
            self,
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.attachments = QCheckBox(self.tr("Include attachments"), self)
        self.attachments.setChecked(True)
        self.create_button = QPushButton(self.tr("Create backup…"), self)
        self.create_button.clicked.connect(lambda: self.choose_file(new_code=False))
        self.new_code = QPushButton(self.tr("New backup code…"), self)
        self.new_code.setToolTip(
            self.tr("Back up with a new code; older backups keep opening with the old one.")
        )
        self.new_code.clicked.connect(lambda: self.choose_file(new_code=True))
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName(self.tr("Backup progress"))
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        self.bar.hide()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.attachments)
        buttons.addStretch(1)
        buttons.addWidget(self.new_code)
        buttons.addWidget(self.create_button)
        column = QVBoxLayout(self)
        column.addWidget(note)
        column.addLayout(buttons)
        column.addWidget(self.bar)
        column.addWidget(self.status)

    def choose_file(self, *, new_code: bool) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = unique_path(Path(folder or Path.home()) / default_backup_name())
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save backup"),
            str(suggested),
            self.tr("Bisik backups (*.bisikbak)"),
        )
        if name:
            path = Path(name)
            self.start(path if path.suffix else path.with_suffix(BACKUP_SUFFIX), new_code=new_code)

    def start(self, path: Path, *, new_code: bool = False) -> None:
        """Write the backup to `path` on a worker; the bar follows its progress."""
        if self.running:
            return
        messenger, report = self._messenger, self._progress.report
        attachments = self.attachments.isChecked()
        self._set_running(True)
        self.code_dialog = None
        self.status.setText(self.tr("Writing the backup…"))
        self._runner.submit(
            lambda: messenger.create_backup(
                path, include_attachments=attachments, new_code=new_code, progress=report
            ),
            self._done,
            self._failed,
        )

    def _set_running(self, running: bool) -> None:
        self.running = running
        for widget in (self.create_button, self.new_code, self.attachments):
            widget.setEnabled(not running)
        self.bar.setRange(0, 0)  # busy until the first report
        self.bar.setVisible(running)
        self.status.setVisible(True)
        self.running_changed.emit(running)

    def _show_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))

    def _done(self, result: BackupResult) -> None:
        self._set_running(False)
        self.status.setText(
            self.tr("Backup saved: %n message(s), %1.", "", result.messages).replace(
                "%1", format_size(result.size)
            )
        )
        if result.code is not None:
            self.code_dialog = BackupCodeDialog(result.code, self)
            self.code_dialog.open()

    def _failed(self, exc: BaseException) -> None:
        self._set_running(False)
        if isinstance(exc, FileExistsError):
            text = self.tr("That file exists already, and a backup never replaces a file. Choose "
                           "another name.")  # fmt: skip
        elif isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
            text = self.tr("The backup could not be written: %1").replace("%1", reason)
        else:
            text = self.tr("The backup failed: %1").replace("%1", str(exc))
        self.status.setText(text)


class BackupCodeDialog(QDialog):
    """The 30 digits of a new backup code, shown this once; it closes only with the box ticked."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Your backup code"))
        self.setModal(True)
        groups = code.split()
        self._code = " ".join(groups)
        intro = QLabel(
            self.tr(
                "Write this code down and keep it apart from this computer. It is shown only "
                "this once. Without it the backup cannot be read: nobody can recover it."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setMinimumWidth(420)
        self.digits = QLabel("\n".join(" ".join(groups[i : i + 3]) for i in range(0, 6, 3)), self)
        self.digits.setObjectName("backupCode")
        self.digits.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.digits.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.digits.setAccessibleName(self.tr("Backup code"))
        self.copy = QPushButton(self.tr("Copy"), self)
        self.copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self._code))
        self.written = QCheckBox(self.tr("I have written it down"), self)
        self.ok = primary_button(self.tr("OK"), self)
        self.ok.setEnabled(False)
        self.ok.clicked.connect(self.accept)
        self.written.toggled.connect(self.ok.setEnabled)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addSpacing(6)
        column.addWidget(self.digits)
        column.addSpacing(6)
        column.addWidget(self.written)
        column.addLayout(button_row(self.copy, self.ok))

    def done(self, result: int) -> None:
        """Escape, the title bar's close button and OK all end here: not before the tick."""
        if self.written.isChecked():
            super().done(result)
        else:
            self.written.setFocus()
