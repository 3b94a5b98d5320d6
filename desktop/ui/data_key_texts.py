"""What the personal data key's failures and checks say (the dialogs are in desktop.ui.data_key)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from desktop.services import data_keys, errors
from desktop.ui.message_registry import register
from desktop.ui.text import translator

_t = translator("DataKey")


REASONS = {
    "length": QT_TRANSLATE_NOOP("DataKey", "That is not a whole key: a key has 14 groups of 4 characters."),
    "characters": QT_TRANSLATE_NOOP("DataKey", "A key has only the letters A–Z and the digits 2–7."),
    "checksum": QT_TRANSLATE_NOOP("DataKey", "The key has a typing mistake: its check characters do not match. "
                                             "Compare it group by group with the sheet."),
    "not_encrypted": QT_TRANSLATE_NOOP("DataKey", "This database has no data key yet."),
}

MESSAGES: list = [
    (errors.DataKeyMissing, lambda f: _t(QT_TRANSLATE_NOOP(
        "DataKey", "The ID numbers and phone numbers in this database are encrypted with the data key %1, which "
        "this PC does not have. The administrator types it from the recovery sheet.")).replace(
        "%1", str(f.get("key_id") or ""))),
    (errors.WrongDataKey, lambda f: _t(QT_TRANSLATE_NOOP(
        "DataKey", "This is the data key %1, but the database's key is %2: the sheet belongs to another "
        "database. Nothing was kept.")).replace("%1", str(f.get("given_id") or "")).replace(
        "%2", str(f.get("key_id") or ""))),
    (data_keys.InvalidDataKey, lambda f: _t(REASONS.get(f.get("reason"), REASONS["length"]))),
]

register(MESSAGES)
