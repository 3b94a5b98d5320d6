"""The one way the screens' helper modules translate a text outside a QObject: translator(context) gives the
function that looks the text up under that Qt translation context (the context names stay those of the
translation files)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication


def translator(context: str) -> Callable[[str], str]:
    """A function text -> its translation in the given context."""

    def translate(text: str) -> str:
        return QCoreApplication.translate(context, text)

    return translate


__all__ = ["translator"]
