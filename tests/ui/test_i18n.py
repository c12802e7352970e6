"""Both languages and both themes render; in Bahasa Indonesia no English string is left."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.ui import theme
from app.ui.backup import BackupCodeDialog
from app.ui.dialogs import (
    AddContactDialog,
    ChangePassphraseDialog,
    InviteDialog,
    SafetyNumberDialog,
    SearchDialog,
)
from app.ui.group_dialogs import AddMembersDialog, NewGroupDialog
from app.ui.i18n import install_language
from app.ui.prefs import Preferences
from app.ui.profiles import RestoreError
from app.ui.resources import resources_dir
from app.ui.settings import SettingsDialog
from app.ui.theme import ThemeChoice
from tests.ui.conftest import FakeGateway, open_window, unlock
from tests.ui.fake_messenger import FakeMessenger

TS_FILE = resources_dir() / "translations" / "bisik_id.ts"


def english_patterns() -> list[re.Pattern[str]]:
    """Every source string whose translation differs, as a regex (%1 and %n match anything)."""
    patterns = []
    for message in ET.parse(TS_FILE).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        text = translation.text or "".join(n.text or "" for n in translation.iter("numerusform"))
        if text == source:
            continue
        parts = re.split(r"%[1n]", source)
        patterns.append(re.compile(".+".join(re.escape(p) for p in parts) + r"\Z", re.S))
    return patterns


def visible_texts(root: QWidget) -> Iterator[str]:
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        yield from (w.windowTitle(), w.toolTip(), w.accessibleName())
        if isinstance(w, QLabel | QAbstractButton):
            yield w.text()
        if isinstance(w, QLineEdit | QPlainTextEdit):
            yield w.placeholderText()
        if isinstance(w, QComboBox):
            yield from (w.itemText(i) for i in range(w.count()))
        if isinstance(w, QGroupBox):
            yield w.title()
        if isinstance(w, QSpinBox):
            yield from (w.suffix(), w.specialValueText())
        for action in w.actions():
            yield action.text()
            menu = action.menu()
            if isinstance(menu, QMenu):
                yield from (a.text() for a in menu.actions())


def untranslated(root: QWidget, patterns: list[re.Pattern[str]]) -> list[str]:
    return sorted(
        {t for t in visible_texts(root) if t.strip() and any(p.match(t) for p in patterns)}
    )


@pytest.fixture
def indonesian(qapp: QApplication) -> Iterator[None]:
    assert install_language(qapp, "id") is not None
    yield
    install_language(qapp, "en")


def test_translation_file_is_complete() -> None:
    root = ET.parse(TS_FILE).getroot()
    unfinished = [
        m.findtext("source")
        for m in root.iter("message")
        if (m.find("translation") is not None and m.find("translation").get("type"))  # type: ignore[union-attr]
    ]
    assert unfinished == []
    assert (TS_FILE.with_suffix(".qm")).stat().st_size > 1000


def test_no_english_left_in_bahasa_indonesia(
    qtbot: QtBot, indonesian: None, prefs: Preferences, tmp_path: Path
) -> None:
    patterns = english_patterns()
    assert QCoreApplication.translate("Chat", "Today") == "Hari ini"
    seen: list[str] = []

    def check(widget: QWidget) -> None:
        seen.extend(visible_texts(widget))
        assert untranslated(widget, patterns) == []

    first = open_window(qtbot, FakeGateway(FakeMessenger(), exists=False), prefs)
    assert first.first_run is not None
    for step in range(3):
        first.first_run.steps.setCurrentIndex(step)
        check(first)
    first.first_run.restore.click()
    assert first.restore_page is not None
    check(first)
    first.restore_page.show_error(RestoreError("wrong", "wrong_code"))
    check(first)

    fake = FakeMessenger("Rani")
    ayu = fake.add_peer("Ayu")
    fake.receive(ayu, "Halo")
    stranger = fake.add_peer("Citra", accepted=False)
    fake.receive(stranger, "Hai")
    window = open_window(qtbot, FakeGateway(fake), prefs)
    window.show()
    assert window.unlock_page is not None
    check(window)
    unlock(qtbot, window)
    view = window.main_view
    assert view is not None
    check(window)
    view.open_conversation(stranger)
    fake.change_identity(ayu)
    view.open_conversation(ayu)
    check(window)
    budi = fake.add_peer("Budi")
    budi_id = fake.conversation(budi).contact.contact_id
    group = fake.create_group("Keluarga", [budi_id]).conversation_id
    fake.receive(group, "Halo semua", sender=budi_id)
    fake.receive_timer(group, 86400, sender=budi_id)
    qtbot.waitUntil(lambda: view.model.row_of(group) >= 0, timeout=5000)
    view.open_conversation(group)
    qtbot.waitUntil(lambda: view.groups.members(group) is not None, timeout=5000)
    check(window)
    assert "anggota" in view.chat.header.subtitle.text()
    panel = view.chat.group.open_members()
    assert panel is not None
    qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=5000)
    check(panel)
    panel.rename()
    panel.confirm_leave()
    assert panel.rename_dialog is not None and panel.leave_box is not None
    check(panel.rename_dialog)
    check(panel.leave_box)
    panel.add_members()
    assert panel.add_dialog is not None
    qtbot.waitUntil(lambda: panel.add_dialog is not None and panel.add_dialog.picker.count() > 0)
    check(panel.add_dialog)
    new_group = NewGroupDialog(fake, window.runner, window)
    qtbot.waitUntil(lambda: new_group.picker.count() > 0, timeout=5000)
    new_group.picker.check("Budi")
    check(new_group)
    assert new_group.status.text() == "1 kontak dipilih"
    assert isinstance(panel.add_dialog, AddMembersDialog)

    runner = window.runner
    contact = fake.conversation(ayu).contact
    settings = SettingsDialog(prefs, fake, runner, window)
    safety = SafetyNumberDialog(fake, runner, contact, window)
    for dialog in (
        settings,
        safety,
        AddContactDialog(fake, runner, window),
        InviteDialog(fake.invite_link(), window),
        SearchDialog(fake, runner, {}, window),
        ChangePassphraseDialog(fake, runner, window),
        BackupCodeDialog("12345 " * 6, window),
    ):
        check(dialog)
    qtbot.waitUntil(lambda: safety.digits.text() != "", timeout=5000)
    check(safety)
    settings.backup.start(tmp_path / "b.bisikbak")
    qtbot.waitUntil(lambda: settings.backup.code_dialog is not None, timeout=5000)
    check(settings)
    assert "Obrolan" in seen and "Frasa sandi" in seen


@pytest.mark.parametrize("choice", [ThemeChoice.LIGHT, ThemeChoice.DARK])
def test_both_themes_render(
    qtbot: QtBot, qapp: QApplication, choice: ThemeChoice, prefs: Preferences, english: None
) -> None:
    colors = theme.apply(qapp, choice)
    try:
        fake = FakeMessenger()
        cid = fake.add_peer("Ayu")
        fake.receive(cid, "Halo")
        window = open_window(qtbot, FakeGateway(fake), prefs)
        unlock(qtbot, window)
        assert window.main_view is not None
        window.main_view.open_conversation(cid)
        qtbot.waitUntil(
            lambda: (
                window.main_view is not None
                and window.main_view.chat.model is not None
                and window.main_view.chat.model.rowCount() == 1
            ),
            timeout=5000,
        )
        image = window.grab().toImage()
        assert not image.isNull()
        corner = image.pixelColor(image.width() - 5, image.height() // 2).name()
        assert corner == colors.base, "the chat background follows the theme"
        assert qapp.palette().window().color().name() == colors.window
    finally:
        theme.apply(qapp, ThemeChoice.LIGHT)
