"""Installs the OneStop and Qt translations. Simplified Chinese is the default; English is selectable."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop import config

LANGUAGES = {"zh_CN": "简体中文", "en": "English"}
DEFAULT_LANGUAGE = "zh_CN"
_installed: list[QTranslator] = []


def current_language() -> str:
    lang = config.load_settings().get("language", DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def install_translations(app: QCoreApplication, lang: str | None = None) -> str:
    lang = lang or current_language()
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    ours = QTranslator(app)
    if ours.load(str(config.resources_dir() / "i18n" / f"onestop_{lang}.qm")):
        app.installTranslator(ours)
        _installed.append(ours)
    if lang != "en":
        qt = QTranslator(app)
        if qt.load(QLocale(lang), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _installed.append(qt)
    QLocale.setDefault(QLocale(lang))
    return lang
