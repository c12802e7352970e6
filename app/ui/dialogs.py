"""Dialogs: add a contact, one's own invite link, safety numbers, search, passphrase change."""

from __future__ import annotations

import io
import re
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.service.api import Contact, MessengerApi, SearchHit, TrustState
from app.ui.onboarding import passphrase_strength
from app.ui.widgets import button_row, primary_button
from app.ui.workers import TaskRunner

QR_MODULE_PX = 5


def qr_pixmap(data: str | bytes, scale: int = QR_MODULE_PX) -> QPixmap:
    """A QR code drawn by segno (imported only when a QR code is first shown)."""
    import segno

    buffer = io.BytesIO()
    segno.make(data, error="m", micro=False).save(buffer, kind="png", scale=scale, border=3)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


class AddContactDialog(QDialog):
    """Paste a friend's invite link; the service checks its signature and starts a session."""

    added = Signal(object)  # Contact

    def __init__(self, messenger: MessengerApi, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._messenger = messenger
        self._runner = runner
        self.setWindowTitle(self.tr("Add contact"))
        self.setMinimumWidth(460)
        intro = QLabel(self.tr("Paste the invite link your contact sent you."), self)
        intro.setWordWrap(True)
        self.link = QPlainTextEdit(self)
        self.link.setAccessibleName(self.tr("Invite link"))
        self.link.setPlaceholderText("bisik:…")
        self.link.setFixedHeight(84)
        self.link.setTabChangesFocus(True)
        self.status = QLabel(self)
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.add_button = primary_button(self.tr("Add"), self)
        self.add_button.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.clicked.connect(self.reject)
        self.add_button.clicked.connect(self.submit)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(self.link)
        column.addWidget(self.status)
        column.addLayout(button_row(cancel, self.add_button))

    def submit(self) -> None:
        link = self.link.toPlainText().strip()
        if not link:
            self.status.setText(self.tr("Paste a link first."))
            return
        self.add_button.setEnabled(False)
        self.status.setText(self.tr("Adding…"))
        self._runner.submit(lambda: self._messenger.add_contact(link), self._done, self._failed)

    def _done(self, contact: Contact) -> None:
        self.added.emit(contact)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.add_button.setEnabled(True)
        self.status.setText(self.tr("This link did not work: %1").replace("%1", str(exc)))


class InviteDialog(QDialog):
    """One's own invite link as text and as a QR code, with a copy button."""

    def __init__(self, link: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Your invite link"))
        intro = QLabel(
            self.tr(
                "Send this link to someone you want to talk to, or let them scan the code. "
                "It holds your public key and relay address, nothing secret."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setMinimumWidth(380)
        self.qr = QLabel(self)
        self.qr.setPixmap(qr_pixmap(link, 4))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setAccessibleName(self.tr("QR code of your invite link"))
        self.link = QLineEdit(link, self)
        self.link.setReadOnly(True)
        self.link.setAccessibleName(self.tr("Invite link"))
        copy = QPushButton(self.tr("Copy link"), self)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(link))
        close = primary_button(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(self.qr)
        column.addWidget(self.link)
        column.addLayout(button_row(copy, close))


class SafetyNumberDialog(QDialog):
    """60 digits and a QR code both sides compare; "Mark as verified" records the check."""

    verified = Signal(str)

    def __init__(
        self,
        messenger: MessengerApi,
        runner: TaskRunner,
        contact: Contact,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._messenger = messenger
        self._runner = runner
        self._contact = contact
        self.setWindowTitle(self.tr("Safety number"))
        intro = QLabel(
            self.tr(
                "Compare these numbers with %1, in person or on a call you trust. If they match, "
                "nobody is in the middle of your conversation."
            ).replace("%1", contact.display_name),
            self,
        )
        intro.setWordWrap(True)
        intro.setMinimumWidth(420)
        self.qr = QLabel(self)
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setAccessibleName(self.tr("QR code of the safety number"))
        self.digits = QLabel(self)
        self.digits.setObjectName("safetyNumber")
        self.digits.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.digits.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.digits.setAccessibleName(self.tr("Safety number digits"))
        self.state = QLabel(self)
        self.state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verify_button = primary_button(self.tr("Mark as verified"), self)
        self.verify_button.clicked.connect(self.mark_verified)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(self.qr)
        column.addWidget(self.digits)
        column.addWidget(self.state)
        column.addLayout(button_row(close, self.verify_button))
        self._show_trust(contact.trust)
        contact_id = contact.contact_id
        runner.submit(
            lambda: (messenger.safety_number(contact_id), messenger.safety_qr_payload(contact_id)),
            self._loaded,
            self._show_error,
        )

    def _show_error(self, exc: BaseException) -> None:
        self.state.setText(str(exc))

    def _loaded(self, result: tuple[str, bytes]) -> None:
        number, payload = result
        groups = number.split()
        rows = [" ".join(groups[i : i + 4]) for i in range(0, len(groups), 4)]
        self.digits.setText("\n".join(rows))
        self.qr.setPixmap(qr_pixmap(payload, 4))

    def _show_trust(self, trust: TrustState) -> None:
        verified = trust is TrustState.VERIFIED
        self.state.setText(
            self.tr("You have verified this contact.") if verified else self.tr("Not verified yet.")
        )
        self.verify_button.setEnabled(not verified)

    def mark_verified(self) -> None:
        contact_id = self._contact.contact_id
        self._runner.submit(
            lambda: self._messenger.mark_verified(contact_id), self._verified, self._show_error
        )

    def _verified(self, _: object) -> None:
        self._show_trust(TrustState.VERIFIED)
        self.verified.emit(self._contact.contact_id)


def snippet_html(snippet: str) -> str:
    """The store marks matches with [ and ]; show them bold, everything else escaped."""
    escaped = snippet.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"\[([^\]]*)\]", r"<b>\1</b>", escaped)


class SearchDialog(QDialog):
    """Full-text search over every conversation; choosing a hit jumps to the message."""

    jump = Signal(int, int)  # conversation id, message id

    def __init__(
        self,
        messenger: MessengerApi,
        runner: TaskRunner,
        names: dict[int, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._messenger = messenger
        self._runner = runner
        self._names = names
        self._query_seq = 0
        self.setWindowTitle(self.tr("Search messages"))
        self.resize(520, 460)
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(self.tr("Search all messages"))
        self.query.setAccessibleName(self.tr("Search all messages"))
        self.query.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("muted")
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.run_query)
        self.query.textChanged.connect(lambda _: self._debounce.start())
        self.query.returnPressed.connect(self._activate_first)
        self.results.itemActivated.connect(self._activate)
        column = QVBoxLayout(self)
        column.addWidget(self.query)
        column.addWidget(self.results, 1)
        column.addWidget(self.status)

    def run_query(self) -> None:
        text = self.query.text().strip()
        self._query_seq += 1
        seq = self._query_seq
        if not text:
            self.results.clear()
            self.status.setText("")
            return
        self._runner.submit(
            lambda: self._messenger.search(text),
            partial(self._show, seq),
            self._show_error,
        )

    def _show_error(self, exc: BaseException) -> None:
        self.status.setText(str(exc))

    def _show(self, seq: int, hits: list[SearchHit]) -> None:
        if seq != self._query_seq:
            return  # an older query answered late
        self.results.clear()
        for hit in hits:
            name = self._names.get(hit.conversation_id, "")
            item = QListWidgetItem(self.results)
            label = QLabel(f"<b>{snippet_html(name)}</b><br>{snippet_html(hit.snippet)}")
            label.setContentsMargins(8, 6, 8, 6)
            label.setWordWrap(True)
            item.setData(Qt.ItemDataRole.UserRole, (hit.conversation_id, hit.message_id))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{name}: {hit.snippet}")
            item.setSizeHint(label.sizeHint())
            self.results.setItemWidget(item, label)
        self.status.setText(
            self.tr("%n result(s)", "", len(hits)) if hits else self.tr("No messages found.")
        )

    def _activate_first(self) -> None:
        if self.results.count():
            self._activate(self.results.item(0))

    def _activate(self, item: QListWidgetItem) -> None:
        conversation_id, message_id = item.data(Qt.ItemDataRole.UserRole)
        self.jump.emit(conversation_id, message_id)
        self.accept()


class ChangePassphraseDialog(QDialog):
    """Old passphrase, new one twice; the store re-keys in one step."""

    def __init__(self, messenger: MessengerApi, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._messenger = messenger
        self._runner = runner
        self.setWindowTitle(self.tr("Change passphrase"))
        self.old = QLineEdit(self)
        self.new = QLineEdit(self)
        self.again = QLineEdit(self)
        grid = QGridLayout()
        for row, (label, edit) in enumerate(
            (
                (self.tr("Current passphrase"), self.old),
                (self.tr("New passphrase"), self.new),
                (self.tr("New passphrase again"), self.again),
            )
        ):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(label)
            grid.addWidget(QLabel(label, self), row, 0)
            grid.addWidget(edit, row, 1)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.ok = primary_button(self.tr("Change"), self)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.clicked.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(grid)
        column.addWidget(self.status)
        column.addLayout(button_row(cancel, self.ok))

    def submit(self) -> None:
        old, new = self.old.text(), self.new.text()
        if new != self.again.text():
            self.status.setText(self.tr("The new passphrases do not match."))
            return
        if passphrase_strength(new) == 0:
            self.status.setText(self.tr("Use at least 8 characters."))
            return
        self.ok.setEnabled(False)
        self.status.setText(self.tr("Changing…"))
        self._runner.submit(
            lambda: self._messenger.change_passphrase(old, new), self._changed, self._failed
        )

    def _changed(self, _: object) -> None:
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.status.setText(self.tr("Could not change the passphrase: %1").replace("%1", str(exc)))
