"""The one way the screens' helper modules translate a text outside a QObject: translator(context) gives the
function that looks the text up under that Qt translation context (the context names stay those of the
translation files)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication


def translator(context: str) -> Callable[[str], str]:
    """A function text -> its translation in the given context."""

    def translate(text: str) -> str:
        return QCoreApplication.translate(context, text)

    return translate


def labeller(translate: Callable[[str], str]) -> Callable[[dict[str, str], str | None], str]:
    """label(table, code): the translated label of a stored code, the code itself when the table lacks it,
    "" for no code."""

    def label(table: dict[str, str], code: str | None) -> str:
        if code is None:
            return ""
        return translate(table[code]) if code in table else code

    return label


def fmt_date(d: dt.date | None) -> str:
    """A day as 2026-03-09; "" for no day."""
    return "" if d is None else f"{d.year}-{d.month:02d}-{d.day:02d}"


__all__ = ["fmt_date", "labeller", "translator"]
