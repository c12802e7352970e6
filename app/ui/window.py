"""The app window: first run, unlock, and the messenger, with locking, tray and notifications.

It owns the lifecycle of one profile: a MessengerApi exists only between unlock and lock. Locking
drops the messenger, its event bridge and every model holding decrypted messages.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui import theme
from app.ui.i18n import install_language
from app.ui.idle import IdleWatcher
from app.ui.join import JoinPage
from app.ui.onboarding import FirstRunPage, UnlockPage
from app.ui.paths import can_remember_on_device
from app.ui.prefs import Notify, Preferences
from app.ui.profiles import ProfileGateway, WrongPassphraseError
from app.ui.resources import app_icon
from app.ui.restore import RestorePage
from app.ui.tray import Tray
from app.ui.workers import TaskRunner

if TYPE_CHECKING:  # the messenger's modules load after unlock, not before the first window
    from app.service.api import MessageAdded, MessengerApi
    from app.ui.events import EventBridge
    from app.ui.local_relay import LocalRelay
    from app.ui.mainview import MainView


class BisikWindow(QMainWindow):
    """One profile's window. `demo_label` marks throwaway demo profiles in the title and a strip."""

    unlocked = Signal()
    locked = Signal()

    def __init__(
        self,
        gateway: ProfileGateway,
        prefs: Preferences,
        *,
        demo_label: str = "",
        demo_passphrase: str = "",
        local_relay_factory: Callable[[], LocalRelay] | None = None,
        use_tray: bool = True,
    ) -> None:
        super().__init__()
        self.gateway = gateway
        self.prefs = prefs
        self.demo_label = demo_label
        self.demo_passphrase = demo_passphrase
        self._local_relay_factory = local_relay_factory
        self.local_relay: LocalRelay | None = None
        self.runner = TaskRunner(self)
        # Opening, starting and locking a profile run one at a time, in order, on their own
        # thread: a lock must never overtake the start of the sync loop it is meant to stop.
        self.lifecycle = TaskRunner(self, max_threads=1)
        self.messenger: MessengerApi | None = None
        self.bridge: EventBridge | None = None
        self.main_view: MainView | None = None
        self.first_run: FirstRunPage | None = None
        self.unlock_page: UnlockPage | None = None
        self.restore_page: RestorePage | None = None
        self._closing = False
        self._locking = False
        self._title = "Bisik"

        self.setWindowIcon(app_icon())
        self.resize(1040, 700)
        self.setMinimumSize(QSize(640, 460))
        self.stack = QStackedWidget(self)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.demo_strip = QLabel(central)
        self.demo_strip.setObjectName("demo")
        self.demo_strip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.demo_strip.setVisible(bool(demo_label))
        column.addWidget(self.demo_strip)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.idle = IdleWatcher(app, self)
        self.idle.idle.connect(self.lock)
        self.tray = Tray(self) if use_tray else None
        if self.tray is not None:
            self.tray.show_requested.connect(self.bring_to_front)
            self.tray.lock_requested.connect(self.lock)
            self.tray.quit_requested.connect(self.close)
        QShortcut(QKeySequence("Ctrl+L"), self, self.lock)
        QShortcut(QKeySequence("Ctrl+F"), self, self._search)
        QShortcut(QKeySequence("Ctrl+N"), self, self._add_contact)
        QShortcut(QKeySequence("Ctrl+,"), self, self.open_settings)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)
        self.retranslate()
        if prefs.run_local_relay and local_relay_factory is not None:
            # queued first on the lifecycle thread, so it runs before any unlock
            factory = local_relay_factory
            self.lifecycle.submit(
                lambda: self._start_local_relay(factory), None, self._local_relay_failed
            )
        self.show_start()

    # --- pages ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        title = "Bisik"
        if self.demo_label:
            title = self.tr("Bisik — DEMO: %1").replace("%1", self.demo_label)
            self.demo_strip.setText(
                self.tr(
                    "DEMO: %1. A throwaway profile (passphrase: %2), deleted when the demo ends."
                )
                .replace("%1", self.demo_label)
                .replace("%2", self.demo_passphrase)
            )
        self._title = title
        self.setWindowTitle(title)

    def _set_page(self, page: QWidget) -> None:
        old = self.stack.currentWidget()
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()

    def show_start(self) -> None:
        """First run when there is no profile yet, else the unlock screen (or a remembered key)."""
        self.first_run = self.unlock_page = self.restore_page = None
        if not self.gateway.exists():
            self.first_run = FirstRunPage()
            self.first_run.finished.connect(self._create_profile)
            self.first_run.restore_requested.connect(self.show_restore)
            self.first_run.link_requested.connect(self.show_join)
            self._set_page(self.first_run)
            return
        self.unlock_page = UnlockPage()
        self.unlock_page.unlock_requested.connect(self._unlock)
        self._set_page(self.unlock_page)
        self.unlock_page.reset()
        if self._locking:
            self.unlock_page.set_busy(True, self.tr("Locking…"))
        elif self.prefs.remember and can_remember_on_device():
            self.unlock_page.set_busy(True)
            self.lifecycle.submit(
                self.gateway.unlock_remembered, self._remembered, self._unlock_failed
            )

    def _remembered(self, messenger: MessengerApi | None) -> None:
        if messenger is None:
            if self.unlock_page is not None:
                self.unlock_page.set_busy(False)
        else:
            self.open_messenger(messenger)

    def _create_profile(self, name: str, passphrase: str, relay: str, local: bool) -> None:
        gateway, factory = self.gateway, self._local_relay_factory

        def create() -> MessengerApi:
            url = relay
            if local and factory is not None:
                url = self._start_local_relay(factory)
            return gateway.create(name, passphrase, url)

        if local:
            self.prefs.run_local_relay = True

        self.lifecycle.submit(create, self.open_messenger, self._create_failed)

    def show_restore(self) -> None:
        """Restore a backup instead of creating a profile: only where none exists yet."""
        if self.gateway.exists() or self.messenger is not None:
            return
        self.first_run = self.unlock_page = None
        self.restore_page = page = RestorePage()
        page.back_requested.connect(self.show_start)
        page.restore_requested.connect(self._restore)
        self._set_page(page)
        page.file.setFocus()

    def show_join(self) -> None:
        """Link to an existing account instead (app/ui/join.py): only where none exists yet."""
        if self.gateway.exists() or self.messenger is not None:
            return
        self.first_run = self.unlock_page = None
        page = JoinPage(self.gateway, self.runner, self.lifecycle)
        page.back_requested.connect(self.show_start)
        page.joined.connect(self.open_messenger)
        self._set_page(page)

    def _restore(self, backup: str, code: str, passphrase: str) -> None:
        page, gateway = self.restore_page, self.gateway
        assert page is not None  # the request came from it
        report = page.progress.report  # progress and errors go to the page, while it lives
        self.lifecycle.submit(
            lambda: gateway.restore(Path(backup), code, passphrase, report),
            self.open_messenger,
            page.show_error,
        )

    def _start_local_relay(self, factory: Callable[[], LocalRelay]) -> str:
        """Blocking (the relay process starts and reports its address): lifecycle thread only."""
        self.local_relay = factory()
        return self.local_relay.start()

    def _local_relay_failed(self, exc: BaseException) -> None:
        if self.unlock_page is not None:
            self.unlock_page.status.setText(
                self.tr("The relay on this computer did not start: %1").replace("%1", str(exc))
            )

    def _create_failed(self, exc: BaseException) -> None:
        if self.first_run is not None:
            self.first_run.set_busy(False, str(exc))

    def _unlock(self, passphrase: str) -> None:
        self.lifecycle.submit(
            lambda: self.gateway.unlock(passphrase), self.open_messenger, self._unlock_failed
        )

    def _unlock_failed(self, exc: BaseException) -> None:
        if self.unlock_page is None:
            return
        if isinstance(exc, WrongPassphraseError):
            self.unlock_page.set_busy(False, self.tr("Wrong passphrase. Try again."))
        else:
            self.unlock_page.set_busy(False, str(exc))

    def open_messenger(
        self,
        messenger: MessengerApi,
        *,
        start_sync: bool = True,
        conversation_id: int | None = None,
    ) -> None:
        """Show an unlocked profile (from the unlock screen, the demo or the smoke test), with
        `conversation_id` open once the list has loaded."""
        self._show_messenger(messenger, conversation_id)
        self.idle.set_minutes(self.prefs.idle_lock_minutes)
        if start_sync:
            self.lifecycle.submit(messenger.start, None, self._show_error)
        self.unlocked.emit()

    def _show_messenger(self, messenger: MessengerApi, conversation_id: int | None = None) -> None:
        """Bridge the messenger's events and put a fresh MainView on it."""
        from app.ui.events import EventBridge
        from app.ui.mainview import MainView

        self.messenger = messenger
        self.bridge = EventBridge(messenger, self)
        self.main_view = MainView(messenger, self.runner, self.bridge)
        self.bridge.message_added.connect(self._message_added)
        self.main_view.lock_requested.connect(self.lock)
        self.main_view.settings_requested.connect(self.open_settings)
        self.main_view.unread_changed.connect(self._unread_changed)
        if conversation_id is not None:
            self.main_view.open_when_loaded(conversation_id)
        self.first_run = self.unlock_page = self.restore_page = None
        self._set_page(self.main_view)

    def _show_error(self, exc: BaseException) -> None:
        if self.main_view is not None:
            self.main_view.show_error(str(exc))

    def _drop_views(self) -> None:
        """Stop the event bridge and empty the views of everything decrypted."""
        if self.bridge is not None:
            self.bridge.close()
            self.bridge.deleteLater()
        if self.main_view is not None:
            self.main_view.shutdown()
        self.bridge = self.main_view = None

    # --- locking -------------------------------------------------------------------------------
    def lock(self) -> None:
        """Drop the messenger and every decrypted view; show the unlock screen."""
        messenger = self.messenger
        if messenger is None:
            return
        self.idle.pause()
        self._drop_views()
        self.messenger = None
        if self.tray is not None:
            self.tray.set_unread(0)
        QApplication.clipboard().clear()
        self._locking = True
        self.lifecycle.submit(messenger.lock, self._lock_finished, self._lock_finished)
        if not self._closing:
            self.show_start()

    def _lock_finished(self, _: object) -> None:
        """The store is closed; only now may the profile be opened again."""
        self._locking = False
        if self.unlock_page is not None:
            self.unlock_page.set_busy(False)
        self.locked.emit()

    # --- events --------------------------------------------------------------------------------
    def _message_added(self, event: MessageAdded) -> None:
        """Notify of an incoming message, unless its chat is open in the active window."""
        from app.service.api import Direction

        mode = self.prefs.notify
        if event.message.direction is not Direction.INCOMING:
            return
        if self.tray is None or mode is Notify.OFF or self.main_view is None:
            return
        current = self.main_view.chat.conversation
        if (
            self.isActiveWindow()
            and current
            and current.conversation_id == event.message.conversation_id
        ):
            return
        names = self.main_view.model.display_names()
        name = names.get(event.message.conversation_id, "Bisik")
        text = event.message.body if mode is Notify.SENDER_AND_TEXT else self.tr("New message")
        self.tray.notify(name, text)

    def _unread_changed(self, count: int) -> None:
        if self.tray is not None:
            self.tray.set_unread(count)
        self.setWindowTitle(f"{self._title} ({count})" if count else self._title)

    def _search(self) -> None:
        if self.main_view is not None:
            self.main_view.search()

    def _add_contact(self) -> None:
        if self.main_view is not None:
            self.main_view.add_contact()

    def bring_to_front(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    # --- settings ------------------------------------------------------------------------------
    def open_settings(self) -> None:
        if self.messenger is None:
            return
        from app.ui.settings import SettingsDialog

        dialog = SettingsDialog(self.prefs, self.messenger, self.runner, self)
        dialog.applied.connect(self.apply_preferences)
        dialog.remember_changed.connect(self._remember_changed)
        dialog.open()

    def _remember_changed(self, remember: bool) -> None:
        messenger = self.messenger
        if messenger is not None:
            self.runner.submit(
                lambda: self.gateway.set_remembered(messenger, remember), None, self._show_error
            )

    def apply_preferences(self) -> None:
        """Theme, language and idle lock from the preferences; the views are rebuilt in place."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        theme.apply(app, self.prefs.theme)
        language_changed = app.property("bisik_language") != self.prefs.language
        if language_changed:
            install_language(app, self.prefs.language)
            app.setProperty("bisik_language", self.prefs.language)
        self.retranslate()
        if self.messenger is not None:
            self.idle.set_minutes(self.prefs.idle_lock_minutes)
            self._rebuild_main_view()
        else:
            self.show_start()

    def _rebuild_main_view(self) -> None:
        messenger, view = self.messenger, self.main_view
        if messenger is None or view is None:
            return
        current = view.chat.conversation
        self._drop_views()
        self._show_messenger(messenger, current.conversation_id if current else None)

    def _system_scheme_changed(self) -> None:
        if self.prefs.theme is theme.ThemeChoice.SYSTEM:
            self.apply_preferences()

    # --- shutdown ------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        self.lock()
        self.runner.wait_idle()
        self.lifecycle.wait_idle()
        if self.tray is not None:
            self.tray.hide()
        if self.local_relay is not None:
            self.local_relay.stop()
        super().closeEvent(event)
