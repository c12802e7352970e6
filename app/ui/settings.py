"""The settings dialog: appearance and language, privacy, the account, network and backups."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.service.api import MessengerApi
from app.ui.backup import BackupGroup
from app.ui.devices import LinkedDevicesDialog
from app.ui.dialogs import ChangePassphraseDialog
from app.ui.formatting import disappearing_choices
from app.ui.i18n import LANGUAGES
from app.ui.paths import can_remember_on_device
from app.ui.prefs import MAX_IDLE_LOCK_MINUTES, Notify, Preferences
from app.ui.theme import ThemeChoice
from app.ui.widgets import button_row, primary_button
from app.ui.workers import TaskRunner

DISAPPEARING_DEFAULT_KEY = "disappearing_default"


def _combo(parent: QWidget, name: str, items: list[tuple[str, str]], current: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setAccessibleName(name)
    for value, label in items:
        combo.addItem(label, value)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class SettingsDialog(QDialog):
    """Device preferences save to `Preferences`; account settings go to the service on a worker."""

    applied = Signal()
    remember_changed = Signal(bool)

    def __init__(
        self,
        prefs: Preferences,
        messenger: MessengerApi,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._prefs = prefs
        self._messenger = messenger
        self._runner = runner
        self._loaded: tuple[str, str, str] = ("", "", "0")
        self._loaded_proxy: str | None = None  # None until the worker read it: nothing to save
        self.devices_dialog: LinkedDevicesDialog | None = None
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(880)

        look = self._appearance_group(prefs)
        privacy = self._privacy_group(prefs)
        account = self._account_group()
        network = self._network_group()
        self.backup = BackupGroup(messenger, runner, self)

        self.save = primary_button(self.tr("Save"), self)
        self.save.setDefault(True)
        self.save.clicked.connect(self.apply)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.clicked.connect(self.reject)
        self.status = QLabel(self)
        self.status.setObjectName("muted")
        left, right = QVBoxLayout(), QVBoxLayout()  # two columns: one would outgrow a laptop
        for layout, groups in ((left, (look, privacy, account)), (right, (network, self.backup))):
            for group in groups:
                layout.addWidget(group)
            layout.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        column = QVBoxLayout(self)
        column.addLayout(columns)
        column.addWidget(self.status)
        column.addLayout(button_row(cancel, self.save))

        self.save.setEnabled(False)
        runner.submit(
            lambda: (
                messenger.own_display_name(),
                messenger.relay_url(),
                messenger.setting(DISAPPEARING_DEFAULT_KEY, "0"),
            ),
            self._account_loaded,
            self._show_error,
        )
        runner.submit(messenger.proxy_url, self._proxy_loaded, self._show_error)

    def _appearance_group(self, prefs: Preferences) -> QGroupBox:
        self.theme = _combo(self, self.tr("Theme"), [
            (ThemeChoice.SYSTEM, self.tr("Same as the system")),
            (ThemeChoice.LIGHT, self.tr("Light")),
            (ThemeChoice.DARK, self.tr("Dark")),
        ], prefs.theme)  # fmt: skip
        self.language = _combo(self, self.tr("Language"), list(LANGUAGES.items()), prefs.language)
        group = QGroupBox(self.tr("Appearance"), self)
        form = QFormLayout(group)
        form.addRow(self.tr("Theme"), self.theme)
        form.addRow(self.tr("Language"), self.language)
        return group

    def _privacy_group(self, prefs: Preferences) -> QGroupBox:
        self.notify = _combo(self, self.tr("Notifications"), [
            (Notify.OFF, self.tr("Off")),
            (Notify.SENDER, self.tr("Sender only")),
            (Notify.SENDER_AND_TEXT, self.tr("Sender and message")),
        ], prefs.notify)  # fmt: skip
        self.idle_lock = QSpinBox(self)
        self.idle_lock.setAccessibleName(self.tr("Lock after idle minutes"))
        self.idle_lock.setRange(0, MAX_IDLE_LOCK_MINUTES)
        self.idle_lock.setSuffix(self.tr(" min"))
        self.idle_lock.setSpecialValueText(self.tr("Never"))
        self.idle_lock.setValue(prefs.idle_lock_minutes)
        self.disappearing = _combo(
            self,
            self.tr("Disappearing messages for new chats"),
            [(str(seconds), label) for seconds, label in disappearing_choices()],
            "0",
        )
        self.remember = QCheckBox(self.tr("Remember on this device (no passphrase at start)"), self)
        self.remember.setChecked(prefs.remember)
        note = QLabel(self.tr("Anyone who can use this computer account can then open Bisik."))
        note.setObjectName("muted")
        note.setWordWrap(True)
        if not can_remember_on_device():
            note.setText(
                self.tr(
                    "Not available in a portable copy: the key would stay in this computer's "
                    "keyring."
                )
            )
            self.remember.setChecked(False)
            self.remember.setEnabled(False)
            self.remember.setToolTip(note.text())
        group = QGroupBox(self.tr("Privacy"), self)
        form = QFormLayout(group)
        form.addRow(self.tr("Notifications"), self.notify)
        form.addRow(self.tr("Lock after idle"), self.idle_lock)
        form.addRow(self.tr("Disappearing messages"), self.disappearing)
        form.addRow(self.remember)
        form.addRow(note)
        return group

    def _account_group(self) -> QGroupBox:
        self.display_name = QLineEdit(self)
        self.display_name.setAccessibleName(self.tr("Display name"))
        self.relay = QLineEdit(self)
        self.relay.setAccessibleName(self.tr("Relay address"))
        self.passphrase = QPushButton(self.tr("Change passphrase…"), self)
        self.passphrase.clicked.connect(self._change_passphrase)
        self.devices_button = QPushButton(self.tr("Linked devices…"), self)
        self.devices_button.setToolTip(self.tr("The computers of this account; link a new one"))
        self.devices_button.clicked.connect(self.open_devices)
        buttons = QHBoxLayout()
        buttons.addWidget(self.passphrase)
        buttons.addWidget(self.devices_button)
        buttons.addStretch(1)
        group = QGroupBox(self.tr("Account"), self)
        form = QFormLayout(group)
        form.addRow(self.tr("Display name"), self.display_name)
        form.addRow(self.tr("Relay address"), self.relay)
        form.addRow(buttons)
        return group

    def _network_group(self) -> QGroupBox:
        self.proxy = QLineEdit(self)
        self.proxy.setAccessibleName(self.tr("SOCKS5 proxy"))
        self.proxy.setPlaceholderText("socks5h://127.0.0.1:9050")
        note = QLabel(
            self.tr(
                "Every connection to a relay goes through this proxy, never around it; empty "
                "connects directly. For Tor: socks5h://127.0.0.1:9050 (Tor Browser: port 9150). "
                "Only socks5h:// is taken: with it the proxy also looks up the relay's name, so "
                "no DNS query leaves this computer."
            ),
            self,
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        group = QGroupBox(self.tr("Network"), self)
        form = QFormLayout(group)
        form.addRow(self.tr("SOCKS5 proxy"), self.proxy)
        form.addRow(note)
        return group

    def _proxy_loaded(self, proxy: str) -> None:
        self._loaded_proxy = proxy
        self.proxy.setText(proxy)

    def _show_error(self, exc: BaseException) -> None:
        self.status.setText(str(exc))

    def _account_loaded(self, values: tuple[str, str, str]) -> None:
        self._loaded = values
        name, relay, disappearing = values
        self.display_name.setText(name)
        self.relay.setText(relay)
        self.disappearing.setCurrentIndex(max(0, self.disappearing.findData(disappearing)))
        self.save.setEnabled(True)

    def done(self, result: int) -> None:
        """Not while a backup is being written: its code, if new, is shown only when it ends."""
        if self.backup.running:
            self.status.setText(self.tr("Wait until the backup is written."))
        else:
            super().done(result)

    def apply(self) -> None:
        """Device preferences at once; the account's on a worker, and the dialog closes only once
        the service took them (a refused proxy or relay address stays here, with the reason)."""
        if self.backup.running:
            self.status.setText(self.tr("Wait until the backup is written."))
            return
        prefs = self._prefs
        prefs.theme = ThemeChoice(self.theme.currentData())
        prefs.language = str(self.language.currentData())
        prefs.notify = Notify(self.notify.currentData())
        prefs.idle_lock_minutes = self.idle_lock.value()
        if self.remember.isEnabled() and self.remember.isChecked() != prefs.remember:
            prefs.remember = self.remember.isChecked()
            self.remember_changed.emit(prefs.remember)
        name, relay = self.display_name.text().strip(), self.relay.text().strip()
        disappearing = str(self.disappearing.currentData())
        old_name, old_relay, old_disappearing = self._loaded
        proxy, old_proxy = self.proxy.text().strip(), self._loaded_proxy
        messenger = self._messenger

        def save_account() -> None:
            if old_proxy is not None and proxy != old_proxy:  # first: later calls go through it
                messenger.set_proxy_url(proxy)
            if name and name != old_name:
                messenger.set_display_name(name)
            if relay and relay != old_relay:
                messenger.set_relay_url(relay)
            if disappearing != old_disappearing:
                messenger.set_setting(DISAPPEARING_DEFAULT_KEY, disappearing)

        self.save.setEnabled(False)
        self.status.setText(self.tr("Saving…"))
        self._runner.submit(save_account, self._saved, self._save_failed)
        self.applied.emit()

    def _saved(self, _: object) -> None:
        self.status.clear()
        self.save.setEnabled(True)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self.save.setEnabled(True)
        self.status.setText(self.tr("Not saved: %1").replace("%1", str(exc)))

    def _change_passphrase(self) -> None:
        ChangePassphraseDialog(self._messenger, self._runner, self).exec()

    def open_devices(self) -> LinkedDevicesDialog:
        self.devices_dialog = LinkedDevicesDialog(self._messenger, self._runner, self)
        self.devices_dialog.open()
        return self.devices_dialog
