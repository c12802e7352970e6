"""Languages: English in the source, Bahasa Indonesia from resources/translations/bisik_id.qm."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from app.ui.resources import resources_dir

LANGUAGES = {
    "en": "English",
    "id": "Bahasa Indonesia",
}  # each in its own language, never translated


def install_language(app: QCoreApplication, code: str) -> QTranslator | None:
    """Swap in `code`'s translator (English needs none) and locale; returns it, or None."""
    QLocale.setDefault(
        QLocale(QLocale.Language.Indonesian if code == "id" else QLocale.Language.English)
    )
    for old in app.findChildren(QTranslator, "bisik"):
        app.removeTranslator(old)
        old.deleteLater()
    if code not in LANGUAGES or code == "en":
        return None
    translator = QTranslator(app)
    translator.setObjectName("bisik")
    if not translator.load(str(resources_dir() / "translations" / f"bisik_{code}.qm")):
        translator.deleteLater()
        return None
    app.installTranslator(translator)
    return translator
