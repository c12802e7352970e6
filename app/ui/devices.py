"""Linked devices (docs/devices.md), opened from Settings: the account's devices, linking a new
computer and unlinking one. Every service call runs on the runner: each fetches or publishes the
signed device list on the relay, and linking seals the account's identity key for the new device.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.service.api import DeviceInfo, LinkedDevice, MessengerApi
from app.service.errors import DeviceLinkError, DeviceUnlinked, InvalidDeviceList, RelayDown
from app.ui.widgets import button_row, code_label, primary_button, spaced_code
from app.ui.workers import TaskRunner

MAX_NAME_BYTES = 64  # the service's limit for a device name (UTF-8)


def _muted(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label


class DeviceErrors(QObject):
    """The service's device errors in the user's words (its own text is English)."""

    def text(self, exc: BaseException) -> str:
        if isinstance(exc, DeviceUnlinked):
            return self.tr(
                "This computer was unlinked from the account: it can no longer see or change "
                "the account's devices."
            )
        if isinstance(exc, RelayDown):
            return self.tr("The relay cannot be reached now. Try again later.")
        if isinstance(exc, InvalidDeviceList):
            return self.tr(
                "The device list on the relay does not verify, so nothing was changed: %1"
            ).replace("%1", str(exc))
        if isinstance(exc, DeviceLinkError):
            return self.tr("This link did not work: %1").replace("%1", str(exc))
        return str(exc)


class LinkedDevicesDialog(QDialog):
    """The list (loaded on open and after each change), "Link a new device…" and "Unlink…"."""

    def __init__(
        self, messenger: MessengerApi, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._messenger = messenger
        self._runner = runner
        self._errors = DeviceErrors(self)
        self.link_dialog: LinkDeviceDialog | None = None
        self.unlink_box: QMessageBox | None = None
        self.setWindowTitle(self.tr("Linked devices"))
        self.resize(480, 400)
        intro = QLabel(
            self.tr(
                "Every computer linked here holds your account's key: it reads and writes as "
                "you. Unlink one you no longer use. What it already has stays on it."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("devices")
        self.list.setAccessibleName(self.tr("Devices of this account"))
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.status = _muted("", self)
        self.link_button = QPushButton(self.tr("Link a new device…"), self)
        self.link_button.clicked.connect(self.open_link_dialog)
        self.unlink_button = QPushButton(self.tr("Unlink…"), self)
        self.unlink_button.setObjectName("danger")
        self.unlink_button.clicked.connect(self.confirm_unlink)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.reload)
        close = primary_button(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        tools = QHBoxLayout()
        tools.addWidget(self.link_button)
        tools.addWidget(self.unlink_button)
        tools.addStretch(1)
        tools.addWidget(self.refresh_button)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(self.list, 1)
        column.addWidget(self.status)
        column.addLayout(tools)
        column.addLayout(button_row(close))
        self.reload()

    # --- the list ------------------------------------------------------------------------------
    def reload(self) -> None:
        """Fetch the newest list (network: on the runner); the old rows stay until it comes."""
        self.status.setText(self.tr("Loading the devices…"))
        self.refresh_button.setEnabled(False)
        self._runner.submit(self._messenger.devices, self._loaded, self._failed)

    def _loaded(self, devices: list[DeviceInfo]) -> None:
        self.refresh_button.setEnabled(True)
        self.list.clear()
        for device in devices:
            item = QListWidgetItem(self.device_text(device), self.list)
            item.setData(Qt.ItemDataRole.UserRole, device)
            item.setToolTip(self.tr("Device id: %1").replace("%1", device.device_id))
        self.status.setText(self.tr("Devices in this account: %1").replace("%1", str(len(devices))))
        self._update_buttons()

    def device_text(self, device: DeviceInfo) -> str:
        marks = []
        if device.is_this:
            marks.append(self.tr("this device"))
        if device.is_first:
            marks.append(self.tr("first device"))
        name = device.name or self.tr("(no name)")
        return f"{name}  ·  {', '.join(marks)}" if marks else name

    def _failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.status.setText(self._errors.text(exc))
        self._update_buttons()

    def selected(self) -> DeviceInfo | None:
        item = self.list.currentItem()
        device = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        return device if isinstance(device, DeviceInfo) else None

    def _update_buttons(self) -> None:
        """Only another device can be unlinked: this one is unlinked from one of the others."""
        device = self.selected()
        self.unlink_button.setEnabled(device is not None and not device.is_this)

    # --- linking -------------------------------------------------------------------------------
    def open_link_dialog(self) -> LinkDeviceDialog:
        self.link_dialog = LinkDeviceDialog(self._messenger, self._runner, self)
        self.link_dialog.finished.connect(lambda _: self.reload())
        self.link_dialog.open()
        return self.link_dialog

    # --- unlinking -----------------------------------------------------------------------------
    def confirm_unlink(self) -> None:
        device = self.selected()
        if device is None or device.is_this:
            return
        box = self.unlink_box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Unlink device"))
        box.setText(self.tr("Unlink %1?").replace("%1", device.name or self.tr("(no name)")))
        box.setInformativeText(
            self.tr(
                "It gets nothing new once your contacts have the new device list. It keeps what "
                "it already has, the account's key included: if it was lost or stolen, also move "
                "your account to a new key."
            )
        )
        unlink = box.addButton(self.tr("Unlink"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        device_id = device.device_id
        box.finished.connect(
            lambda _: self._unlink(device_id) if box.clickedButton() is unlink else None
        )
        box.open()

    def _unlink(self, device_id: str) -> None:
        self.status.setText(self.tr("Unlinking…"))
        self.unlink_button.setEnabled(False)
        messenger = self._messenger
        self._runner.submit(
            lambda: messenger.unlink_device(device_id), self._unlinked, self._failed
        )

    def _unlinked(self, _: object) -> None:
        self.reload()


class LinkDeviceDialog(QDialog):
    """Paste the new computer's link and name it; `link_device` runs on the runner, then the code
    both screens must show, with what to do when they differ (docs/devices.md, "What the code
    does and does not do": a swapped link is caught, not prevented)."""

    linked = Signal(object)  # LinkedDevice

    def __init__(
        self, messenger: MessengerApi, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._messenger = messenger
        self._runner = runner
        self._errors = DeviceErrors(self)
        self.setWindowTitle(self.tr("Link a new device"))
        self.setMinimumWidth(500)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._form_page())
        self.pages.addWidget(self._code_page())
        column = QVBoxLayout(self)
        column.addWidget(self.pages)

    def _form_page(self) -> QWidget:
        page = QWidget(self)
        intro = QLabel(
            self.tr(
                "On the new computer, choose “Link to an existing account” when Bisik starts, "
                "then paste the link it shows here."
            ),
            page,
        )
        intro.setWordWrap(True)
        self.link = QPlainTextEdit(page)
        self.link.setAccessibleName(self.tr("Device link"))
        self.link.setPlaceholderText("bisik-link:…")
        self.link.setFixedHeight(84)
        self.link.setTabChangesFocus(True)
        self.name = QLineEdit(page)
        self.name.setAccessibleName(self.tr("Name of the new device"))
        self.name.setPlaceholderText(self.tr("For example: Office laptop"))
        self.name.setMaxLength(MAX_NAME_BYTES)
        self.name.returnPressed.connect(self.submit)
        form = QFormLayout()
        form.addRow(self.tr("Link"), self.link)
        form.addRow(self.tr("Name"), self.name)
        note = _muted(
            self.tr(
                "The new device gets your account's key, name and contacts. Use only a link you "
                "took from the new computer's screen yourself."
            ),
            page,
        )
        self.status = QLabel(page)
        self.status.setWordWrap(True)
        self.link_button = primary_button(self.tr("Link"), page)
        self.link_button.setDefault(True)
        self.link_button.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("Cancel"), page)
        cancel.clicked.connect(self.reject)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(note)
        column.addWidget(self.status)
        column.addLayout(button_row(cancel, self.link_button))
        return page

    def _code_page(self) -> QWidget:
        page = QWidget(self)
        heading = QLabel(self.tr("Compare the codes"), page)
        heading.setObjectName("heading")
        self.instruction = QLabel(
            self.tr(
                "The new computer now shows a code too. Check that it is exactly this one, "
                "then confirm it there."
            ),
            page,
        )
        self.instruction.setWordWrap(True)
        self.code = code_label(page, self.tr("Code to compare"))
        self.warning = QLabel(
            self.tr(
                "If the codes differ, do not confirm on the new computer, and treat your account "
                "as compromised: someone else took the link and may now hold your account's key."
            ),
            page,
        )
        self.warning.setObjectName("banner")
        self.warning.setWordWrap(True)
        self.warning.setContentsMargins(10, 8, 10, 8)
        self.differ_button = QPushButton(self.tr("The codes differ"), page)
        self.differ_button.setObjectName("danger")
        self.differ_button.clicked.connect(self.codes_differ)
        self.done_button = primary_button(self.tr("Done"), page)
        self.done_button.clicked.connect(self.accept)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(heading)
        column.addWidget(self.instruction)
        column.addSpacing(6)
        column.addWidget(self.code)
        column.addSpacing(6)
        column.addWidget(self.warning)
        column.addStretch(1)
        column.addLayout(button_row(self.differ_button, self.done_button))
        return page

    def submit(self) -> None:
        link, name = self.link.toPlainText().strip(), self.name.text().strip()
        if not link:
            self.status.setText(self.tr("Paste the new computer's link first."))
            self.link.setFocus()
            return
        if not name:
            self.status.setText(self.tr("Give the new device a name."))
            self.name.setFocus()
            return
        if len(name.encode()) > MAX_NAME_BYTES:
            self.status.setText(self.tr("This name is too long: use a shorter one."))
            return
        self.link_button.setEnabled(False)
        self.status.setText(self.tr("Linking…"))
        messenger = self._messenger
        self._runner.submit(lambda: messenger.link_device(link, name), self._linked, self._failed)

    def _linked(self, linked: LinkedDevice) -> None:
        self.code.setText(spaced_code(linked.code))
        self.pages.setCurrentIndex(1)
        self.done_button.setFocus()
        self.linked.emit(linked)

    def _failed(self, exc: BaseException) -> None:
        self.link_button.setEnabled(True)
        self.status.setText(self._errors.text(exc))

    def codes_differ(self) -> None:
        """Say what a differing code means and what to do; there is nothing to take back here:
        the account's key has gone to whoever answered the link."""
        self.instruction.setText(
            self.tr(
                "Do not confirm on the new computer. Different codes mean someone else took the "
                "link, and the account's key has gone to them."
            )
        )
        self.warning.setText(
            self.tr(
                "Treat your account as compromised. Move it to a new key: make a new profile, "
                "announce the move to your contacts from this one (bisik-cli move-to), then link "
                "your own devices to the new profile again."
            )
        )
        self.differ_button.hide()
