"""The areas of the main window, in navigation order. Each later issue adds its line here.

An area is shown when the signed-in role holds any of its permissions. The widget is created lazily
from ``factory`` ("module:Class"), called as ``Class(ctx, parent)``. Areas that are not built yet are
simply not listed — never a placeholder.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.services.permissions import Permission, can


@dataclass(frozen=True)
class Area:
    key: str
    title: str  # English source text, translated in context "Areas"
    permissions: tuple[Permission, ...]
    factory: str
    icon: str  # a file in resources/icons

    def label(self) -> str:
        return QCoreApplication.translate("Areas", self.title)

    def allowed(self, role: str) -> bool:
        return any(can(role, p) for p in self.permissions)


AREAS: list[Area] = [
    Area("admin", QT_TRANSLATE_NOOP("Areas", "Administration"),
         (Permission.CONFIGURE_CENTER, Permission.MANAGE_USERS, Permission.VIEW_AUDIT),
         "desktop.ui.admin.area:AdminArea", "admin.svg"),
]


def areas_for(role: str) -> list[Area]:
    return [a for a in AREAS if a.allowed(role)]
