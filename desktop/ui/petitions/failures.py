"""The sentence for a failure on the petition screens: desktop.ui.messages.describe, with the petition
forms' field names (desktop.ui.petitions.texts.FIELDS) and the number of the petitioner a field belongs to."""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.services import errors
from desktop.services.people import InvalidIdNumber, InvalidPhone
from desktop.ui import messages
from desktop.ui.petitions.texts import FIELDS, INVALID_REASONS
from desktop.ui.text import translator

_t = translator("PetitionMessages")

_PETITIONER = re.compile(r"petitioners\[(\d+)\]\.(\w+)")


def describe(exc: Exception) -> str:
    """Like desktop.ui.messages.describe, with the petition forms' field names and the petitioner's number."""
    if not isinstance(exc, errors.Invalid | errors.Duplicate):
        return messages.describe(exc)
    facts = dict(exc.facts)
    field = str(facts.get("field", ""))
    prefix = ""
    match = _PETITIONER.fullmatch(field)
    if match:
        prefix = _t(QT_TRANSLATE_NOOP("PetitionMessages", "Petitioner %1: ")).replace("%1", str(int(match[1]) + 1))
        field = match[2]
    key = f"petitions.{field}"
    label = QCoreApplication.translate("Fields", FIELDS[key]) if key in FIELDS else field
    reason = facts.get("reason")
    if isinstance(exc, errors.Invalid) and not isinstance(exc, InvalidIdNumber | InvalidPhone) \
            and reason in INVALID_REASONS:
        return prefix + _t(INVALID_REASONS[reason]).replace("%file", str(facts.get("file", ""))).replace(
            "%max", str(facts.get("maximum", ""))).replace("%f", label).replace("%v", str(facts.get("value", "")))
    if key in FIELDS:
        facts["field"] = key
    return prefix + messages.describe(type(exc)(**facts))
