"""The words for the fields a failure names ("field": "username" -> 用户名). Each area's texts module keeps
its own field names and adds them here when it is imported (desktop/ui/message_registry.register_fields;
desktop/ui/app.py imports them all), so by the time a message is shown FIELDS holds them all."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

FIELDS = {
    "username": QT_TRANSLATE_NOOP("Fields", "User name"),
    "full_name": QT_TRANSLATE_NOOP("Fields", "Full name"),
    "password": QT_TRANSLATE_NOOP("Fields", "Password"),
    "role": QT_TRANSLATE_NOOP("Fields", "Role"),
    "name": QT_TRANSLATE_NOOP("Fields", "Name"),
    "number": QT_TRANSLATE_NOOP("Fields", "Window number"),
    "letter": QT_TRANSLATE_NOOP("Fields", "Ticket letter"),
    "case_abbr": QT_TRANSLATE_NOOP("Fields", "Case number abbreviation"),
    "capacity": QT_TRANSLATE_NOOP("Fields", "Capacity"),
    "closes_at": QT_TRANSLATE_NOOP("Fields", "Closing time"),
    "parent_id": QT_TRANSLATE_NOOP("Fields", "Parent category"),
    "description": QT_TRANSLATE_NOOP("Fields", "Description"),
    "address": QT_TRANSLATE_NOOP("Fields", "Address"),
    "phone": QT_TRANSLATE_NOOP("Fields", "Phone"),
    "contact": QT_TRANSLATE_NOOP("Fields", "Contact person"),
    "kind": QT_TRANSLATE_NOOP("Fields", "Kind"),
    "note": QT_TRANSLATE_NOOP("Fields", "Note"),
    "sort_order": QT_TRANSLATE_NOOP("Fields", "Order"),
    "opens_at": QT_TRANSLATE_NOOP("Fields", "Opening time"),
    "window_no": QT_TRANSLATE_NOOP("Fields", "Window"),
    "department_id": QT_TRANSLATE_NOOP("Fields", "Department"),
}


def field_name(name: str) -> str:
    """The translated words for a field, or the name itself when no area registered it."""
    return QCoreApplication.translate("Fields", FIELDS.get(name, name))
