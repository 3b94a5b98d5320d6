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
    Area("queue", QT_TRANSLATE_NOOP("Areas", "Queue"), (Permission.SERVE_WINDOW, Permission.VIEW_LIVE_QUEUE),
         "desktop.ui.queue.area:QueueArea", "queue.svg"),
    Area("petitions", QT_TRANSLATE_NOOP("Areas", "Petitions"),
         (Permission.REGISTER_PETITION, Permission.HANDLE_PETITION, Permission.SUPERVISE_CASES),
         "desktop.ui.petitions.area:PetitionsArea", "petitions.svg"),
    Area("mediation", QT_TRANSLATE_NOOP("Areas", "Mediation"), (Permission.MANAGE_DISPUTES, Permission.EDIT_AGREEMENTS),
         "desktop.ui.mediation.area:MediationArea", "mediation.svg"),
    Area("schedule", QT_TRANSLATE_NOOP("Areas", "Schedule"), (Permission.BOOK_ROOMS,),
         "desktop.ui.schedule.area:ScheduleArea", "schedule.svg"),
    Area("reports", QT_TRANSLATE_NOOP("Areas", "Reports"), (Permission.VIEW_REPORTS,),
         "desktop.ui.reports.area:ReportsArea", "reports.svg"),
    Area("admin", QT_TRANSLATE_NOOP("Areas", "Administration"),
         (Permission.CONFIGURE_CENTER, Permission.MANAGE_USERS, Permission.VIEW_AUDIT),
         "desktop.ui.admin.area:AdminArea", "admin.svg"),
]


def areas_for(role: str) -> list[Area]:
    return [a for a in AREAS if a.allowed(role)]
