"""The names of the roles as people read them (the status bar, the lock screen, the user list)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

__all__ = ["ROLE_NAMES", "role_name"]

ROLE_NAMES = {
    "admin": QT_TRANSLATE_NOOP("Roles", "Administrator"),
    "director": QT_TRANSLATE_NOOP("Roles", "Director"),
    "supervisor": QT_TRANSLATE_NOOP("Roles", "Supervisor"),
    "clerk": QT_TRANSLATE_NOOP("Roles", "Window clerk"),
    "mediator": QT_TRANSLATE_NOOP("Roles", "Mediator"),
    "system": QT_TRANSLATE_NOOP("Roles", "System"),
}


def role_name(role: str) -> str:
    return QCoreApplication.translate("Roles", ROLE_NAMES.get(role, role))
