"""First run, "Link to an existing account" (docs/devices.md, "Linking a device, step by step"):
this computer shows a link, the account's other computer answers it, both show a code, and only
when the user says the codes match does this computer become a device of the account.

Everything slow runs on workers: making the link (keys), waiting for the answer (a long poll,
repeated in short steps for up to ten minutes, so that cancelling or closing frees the worker
soon), and accepting it (the profile's Argon2id key, publishing the device list and prekeys).
"""

from __future__ import annotations

import time
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
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

from app.ui.onboarding import DEFAULT_RELAY, PassphrasePair, _centered, _step_page
from app.ui.profiles import JoinError, PendingLink, ProfileGateway, ReceivedLink
from app.ui.widgets import code_label, primary_button, spaced_code
from app.ui.workers import TaskRunner

JOIN_SECONDS = 600.0  # a provisioning channel lives ten minutes on the relay
WAIT_STEP = 5.0  # seconds of one wait() on a worker
RETRY_MS = 3000  # before waiting again after the relay did not answer

FORM, WAITING, COMPARE = range(3)


def _row(*widgets: QWidget, stretch_at: int = 1) -> QHBoxLayout:
    row = QHBoxLayout()
    for i, widget in enumerate(widgets):
        if i == stretch_at:
            row.addStretch(1)
        row.addWidget(widget)
    return row


class JoinPage(QWidget):
    """Three steps: the relay and a new passphrase; the link (QR code and text) while waiting;
    the code to compare. Emits `joined(messenger)`, unlocked, or `back_requested`."""

    joined = Signal(object)  # MessengerApi
    back_requested = Signal()

    def __init__(
        self,
        gateway: ProfileGateway,
        runner: TaskRunner,
        lifecycle: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._gateway = gateway
        self._runner = runner  # making the link and waiting
        self._lifecycle = lifecycle  # accepting: it creates and opens the profile
        self._attempt = 0  # bumped on cancel: late answers of an older attempt are dropped
        self._pending: PendingLink | None = None
        self._received: ReceivedLink | None = None
        self._deadline = 0.0
        self._relay_away = False  # the last wait found no relay: said until one answers
        self._clock = QTimer(self, interval=1000)
        self._clock.timeout.connect(self._tick)
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self._wait)
        box = QWidget(self)
        self.steps = QStackedWidget(box)
        self.steps.addWidget(self._form_step())
        self.steps.addWidget(self._waiting_step())
        self.steps.addWidget(self._compare_step())
        QVBoxLayout(box).addWidget(self.steps)
        _centered(self, box)
        self.relay.setFocus()

    # --- the steps -----------------------------------------------------------------------------
    def _form_step(self) -> QWidget:
        self.relay = QLineEdit(DEFAULT_RELAY)
        self.relay.setAccessibleName(self.tr("Relay address"))
        self.pair = PassphrasePair(self)
        form = QFormLayout()
        form.addRow(self.tr("Relay address"), self.relay)
        self.pair.add_rows(form, self.tr("New passphrase"), self.tr("Again"))
        note = QLabel(
            self.tr(
                "Use the relay address the other computer shows in Settings. The passphrase "
                "protects what this computer keeps; it need not be the other computer's."
            )
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.back = QPushButton(self.tr("Back"))
        self.back.clicked.connect(self.back_requested)
        self.start_button = primary_button(self.tr("Show link"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        for edit in (self.relay, self.pair.passphrase, self.pair.again):
            edit.returnPressed.connect(self.start)
        return _step_page(
            self.tr("Link to an existing account"),
            self.tr(
                "Use this computer as one more device of an account you already have on another "
                "computer. Your contacts come along; earlier messages stay where they are."
            ),
            [form, note, self.status, _row(self.back, self.start_button)],
        )

    def _waiting_step(self) -> QWidget:
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setAccessibleName(self.tr("QR code of the device link"))
        self.link = QLineEdit()
        self.link.setReadOnly(True)
        self.link.setAccessibleName(self.tr("Device link"))
        self.copy = QPushButton(self.tr("Copy link"))
        self.copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.link.text()))
        self.left_bar = QProgressBar()
        self.left_bar.setRange(0, int(JOIN_SECONDS))
        self.left_bar.setTextVisible(False)
        self.left_bar.setFixedHeight(6)
        self.left_bar.setAccessibleName(self.tr("Time left"))
        self.waiting = QLabel()
        self.waiting.setObjectName("muted")
        self.waiting.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        link_row = QHBoxLayout()
        link_row.addWidget(self.link, 1)
        link_row.addWidget(self.copy)
        cancel_row = _row(self.cancel_button, stretch_at=0)
        return _step_page(
            self.tr("Link this computer"),
            self.tr(
                "On the computer that has your account, open Settings, Linked devices, “Link a "
                "new device…”, and give it this link: scan the code, or copy the link there in a "
                "way you trust. Whoever answers this link first gets to link this computer."
            ),
            [self.qr, link_row, self.left_bar, self.waiting, cancel_row],
        )

    def _compare_step(self) -> QWidget:
        self.code = code_label(self, self.tr("Code to compare"))
        self.account = QLabel()
        self.account.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.account.setWordWrap(True)
        self.compare_status = QLabel()
        self.compare_status.setWordWrap(True)
        self.differ_button = QPushButton(self.tr("They differ — cancel"))
        self.differ_button.clicked.connect(self.codes_differ)
        self.match_button = primary_button(self.tr("The codes match — link this computer"))
        self.match_button.clicked.connect(self.codes_match)
        choices = QVBoxLayout()  # one above the other: both labels stay whole, in both languages
        choices.addWidget(self.match_button)
        choices.addWidget(self.differ_button)
        return _step_page(
            self.tr("Compare the codes"),
            self.tr(
                "The other computer now shows a code. Link this computer only if it is exactly "
                "the same code."
            ),
            [self.code, self.account, self.compare_status, choices],
        )

    # --- making the link and waiting -----------------------------------------------------------
    def start(self) -> None:
        relay = self.relay.text().strip()
        if "://" not in relay:
            self.status.setText(self.tr("Enter a relay address such as https://relay.example."))
        elif problem := self.pair.problem():
            self.status.setText(problem)
        else:
            self._set_form_busy(True)
            self.status.setText(self.tr("Making a link…"))
            gateway, passphrase = self._gateway, self.pair.passphrase.text()
            self._runner.submit(
                lambda: gateway.begin_link(passphrase, relay),
                partial(self._began, self._attempt),
                partial(self._failed, self._attempt),
            )

    def _set_form_busy(self, busy: bool) -> None:
        for widget in (self.relay, self.pair.passphrase, self.pair.again, self.back):
            widget.setEnabled(not busy)
        self.start_button.setEnabled(not busy)

    def _began(self, attempt: int, pending: PendingLink) -> None:
        if attempt != self._attempt:
            return
        from app.ui.dialogs import qr_pixmap  # the service's modules are loaded by now

        self._pending = pending
        self.link.setText(pending.link)
        self.link.setCursorPosition(0)
        self.qr.setPixmap(qr_pixmap(pending.link, 4))
        self._deadline = time.monotonic() + JOIN_SECONDS
        self._tick()
        self._clock.start()
        self.steps.setCurrentIndex(WAITING)
        self.copy.setFocus()
        self._wait()

    def seconds_left(self) -> float:
        return max(0.0, self._deadline - time.monotonic())

    def _tick(self) -> None:
        left = round(self.seconds_left())
        self.left_bar.setValue(min(left, int(JOIN_SECONDS)))
        text = self.tr("Waiting for the other computer… %1 left").replace(
            "%1", f"{left // 60}:{left % 60:02d}"
        )
        if self._relay_away:
            text += "\n" + self.tr("The relay does not answer; trying again…")
        self.waiting.setText(text)

    def _wait(self) -> None:
        """One short wait on a worker; the answer (or None, and another wait) comes back."""
        pending, left = self._pending, self.seconds_left()
        if pending is None:
            return
        if left <= 0:
            self._back_to_form(
                self.tr("No answer came within ten minutes. Show a new link to try again.")
            )
            return
        step = min(WAIT_STEP, left)
        self._runner.submit(
            lambda: pending.wait(step),
            partial(self._waited, self._attempt),
            partial(self._wait_failed, self._attempt),
        )

    def _waited(self, attempt: int, received: ReceivedLink | None) -> None:
        if attempt != self._attempt:
            return
        if self._relay_away:
            self._relay_away = False
            self._tick()
        if received is None:
            self._wait()
            return
        self._clock.stop()
        self._received = received
        self.code.setText(spaced_code(received.code))
        self.account.setText(self.tr("Account: %1").replace("%1", received.account_name))
        self.compare_status.clear()
        self.match_button.setEnabled(True)
        self.differ_button.setEnabled(True)
        self.steps.setCurrentIndex(COMPARE)
        self.differ_button.setFocus()  # the safe choice first

    def _wait_failed(self, attempt: int, exc: BaseException) -> None:
        if attempt != self._attempt:
            return
        if isinstance(exc, JoinError) and exc.problem == "relay_down":
            self._relay_away = True
            self._tick()
            self._retry.start()
        else:
            self._failed(attempt, exc)

    def _failed(self, attempt: int, exc: BaseException) -> None:
        if attempt == self._attempt:
            self._back_to_form(self.problem_text(exc))

    def problem_text(self, exc: BaseException) -> str:
        problem = exc.problem if isinstance(exc, JoinError) else "other"
        if problem == "relay_down":
            return self.tr(
                "The relay cannot be reached. Check its address and the network, then try again."
            )
        if problem == "refused":
            return self.tr(
                "An answer came that does not open: it was not made for this link, or it was "
                "changed on the way. Nothing was created. Show a new link to try again."
            )
        if problem == "exists":
            return self.tr("A profile exists here already; linking never replaces one.")
        return self.tr("This computer was not linked: %1").replace("%1", str(exc))

    # --- ending --------------------------------------------------------------------------------
    def _back_to_form(self, message: str) -> None:
        """Drop this attempt (its link too: a new one is made each time) and say why."""
        self._attempt += 1
        self._clock.stop()
        self._retry.stop()
        self._pending = self._received = None
        self._relay_away = False
        self._set_form_busy(False)
        self.steps.setCurrentIndex(FORM)
        self.status.setText(message)
        self.start_button.setFocus()

    def cancel(self) -> None:
        self._back_to_form(self.tr("Cancelled. Nothing was created on this computer."))

    def codes_differ(self) -> None:
        self._back_to_form(
            self.tr(
                "Cancelled: nothing was created on this computer. Different codes mean someone "
                "else answered or took the link. On the other computer, choose “The codes "
                "differ” and do what it says."
            )
        )

    def codes_match(self) -> None:
        received = self._received
        if received is None:
            return
        self.match_button.setEnabled(False)
        self.differ_button.setEnabled(False)
        self.compare_status.setText(self.tr("Linking this computer…"))
        self._lifecycle.submit(received.accept, self._accepted, self._accept_failed)

    def _accepted(self, messenger: object) -> None:
        self.joined.emit(messenger)

    def _accept_failed(self, exc: BaseException) -> None:
        self.differ_button.setEnabled(True)
        self.match_button.setEnabled(not isinstance(exc, JoinError) or exc.problem != "exists")
        self.compare_status.setText(self.problem_text(exc))
