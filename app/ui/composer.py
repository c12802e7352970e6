"""The message composer: Enter sends, Shift+Enter breaks a line, pasted or dropped files attach."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.service.api import Message
from app.ui.theme import colors
from app.ui.widgets import icon_button

MAX_LINES = 6
TYPING_IDLE_MS = 4000


def local_files(mime: QMimeData) -> list[Path]:
    """The local files a paste or drop carries (remote URLs are ignored)."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.is_file()]


class MessageEdit(QPlainTextEdit):
    """Grows with its text up to MAX_LINES. Enter submits, Shift+Enter breaks, Esc cancels."""

    submitted = Signal()
    escaped = Signal()
    files_pasted = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.document().contentsChanged.connect(self._fit_height)
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the text (document height counts lines here), 1 to MAX_LINES lines."""
        lines = max(1, min(MAX_LINES, int(self.document().size().height())))
        margins = self.contentsMargins().top() + self.contentsMargins().bottom()
        frame = int(self.document().documentMargin() * 2) + margins
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + frame + 12)

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        self._fit_height()  # wrapping changes with the width

    def keyPressEvent(self, e: QKeyEvent) -> None:
        enter = e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not e.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.submitted.emit()
            return
        if e.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        super().keyPressEvent(e)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return bool(local_files(source)) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        files = local_files(source)
        if files:
            self.files_pasted.emit(files)
        else:
            super().insertPlainText(source.text())


class Composer(QWidget):
    """Text box, attach and send buttons, and the "replying to" bar above them."""

    send_requested = Signal(str, object)  # text, reply_to message id or None
    files_chosen = Signal(list)
    typing = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._reply_to: Message | None = None
        self._typing = False
        self._typing_timer = QTimer(self, singleShot=True, interval=TYPING_IDLE_MS)
        self._typing_timer.timeout.connect(lambda: self._set_typing(False))

        self.reply_bar = QFrame(self)
        self.reply_bar.setObjectName("replyBar")
        self.reply_label = QLabel(self.reply_bar)
        self.reply_label.setTextFormat(Qt.TextFormat.PlainText)
        cancel = icon_button(self.reply_bar, "close", self.tr("Cancel reply"), colors().muted, 16)
        cancel.clicked.connect(self.cancel_reply)
        bar = QHBoxLayout(self.reply_bar)
        bar.setContentsMargins(10, 4, 4, 4)
        bar.addWidget(self.reply_label, 1)
        bar.addWidget(cancel)
        self.reply_bar.hide()

        self.attach_button = icon_button(
            self, "attach", self.tr("Attach a file"), colors().muted, 22
        )
        self.edit = MessageEdit(self)
        self.edit.setPlaceholderText(self.tr("Write a message"))
        self.edit.setAccessibleName(self.tr("Message"))
        self.send_button = icon_button(self, "send", self.tr("Send (Enter)"), colors().accent, 22)
        self.send_button.setAccessibleName(self.tr("Send"))

        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.edit, 1)
        row.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignVCenter)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 8, 10, 10)
        column.setSpacing(6)
        column.addWidget(self.reply_bar)
        column.addLayout(row)

        self.edit.submitted.connect(self.submit)
        self.edit.escaped.connect(self.cancel_reply)
        self.send_button.clicked.connect(self.submit)
        self.edit.files_pasted.connect(self.files_chosen)
        self.edit.textChanged.connect(self._text_changed)

    def submit(self) -> None:
        text = self.edit.toPlainText().strip()
        if not text:
            return
        reply_to = self._reply_to.message_id if self._reply_to else None
        self.edit.clear()
        self.cancel_reply()
        self._set_typing(False)
        self.send_requested.emit(text, reply_to)

    def reply_to(self, message: Message) -> None:
        self._reply_to = message
        quoted = (message.attachment.name if message.attachment else message.body).replace(
            "\n", " "
        )
        quoted = self.reply_label.fontMetrics().elidedText(quoted, Qt.TextElideMode.ElideRight, 420)
        self.reply_label.setText(self.tr("Replying to: %1").replace("%1", quoted))
        self.reply_bar.show()
        self.edit.setFocus()

    def cancel_reply(self) -> None:
        self._reply_to = None
        self.reply_bar.hide()

    @property
    def replying_to(self) -> Message | None:
        return self._reply_to

    def _text_changed(self) -> None:
        if self.edit.toPlainText():
            self._set_typing(True)
            self._typing_timer.start()

    def _set_typing(self, typing: bool) -> None:
        if typing != self._typing:
            self._typing = typing
            self.typing.emit(typing)
