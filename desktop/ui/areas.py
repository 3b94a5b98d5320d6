"""The areas of the main window, in navigation order. Each later issue adds its line here.

An area is shown when the signed-in role holds any of its permissions. The widget is created lazily by
``factory(ctx, parent)``: each factory imports its area's module only when called, so signing in loads none
of them (tests/ui/test_startup_imports.py). Areas that are not built yet are simply not listed — never a
placeholder.

The screens one area opens of another are provided here too (desktop.ui.area_links), imported as lazily.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.services.permissions import Permission, can
from desktop.ui import area_links


@dataclass(frozen=True)
class Area:
    key: str
    title: str  # English source text, translated in context "Areas"
    permissions: tuple[Permission, ...]
    factory: Callable  # (ctx, parent) -> the area's widget
    icon: str  # a file in resources/icons

    def label(self) -> str:
        return QCoreApplication.translate("Areas", self.title)

    def allowed(self, role: str) -> bool:
        return any(can(role, p) for p in self.permissions)


def _queue(ctx, parent):
    from desktop.ui.queue.area import QueueArea

    return QueueArea(ctx, parent)


def _petitions(ctx, parent):
    from desktop.ui.petitions.area import PetitionsArea

    return PetitionsArea(ctx, parent)


def _mediation(ctx, parent):
    from desktop.ui.mediation.area import MediationArea

    return MediationArea(ctx, parent)


def _schedule(ctx, parent):
    from desktop.ui.schedule.area import ScheduleArea

    return ScheduleArea(ctx, parent)


def _reports(ctx, parent):
    from desktop.ui.reports.area import ReportsArea

    return ReportsArea(ctx, parent)


def _admin(ctx, parent):
    from desktop.ui.admin.area import AdminArea

    return AdminArea(ctx, parent)


AREAS: list[Area] = [
    Area("queue", QT_TRANSLATE_NOOP("Areas", "Queue"), (Permission.SERVE_WINDOW, Permission.VIEW_LIVE_QUEUE),
         _queue, "queue.svg"),
    Area("petitions", QT_TRANSLATE_NOOP("Areas", "Petitions"),
         (Permission.REGISTER_PETITION, Permission.HANDLE_PETITION, Permission.SUPERVISE_CASES),
         _petitions, "petitions.svg"),
    Area("mediation", QT_TRANSLATE_NOOP("Areas", "Mediation"), (Permission.MANAGE_DISPUTES, Permission.EDIT_AGREEMENTS),
         _mediation, "mediation.svg"),
    Area("schedule", QT_TRANSLATE_NOOP("Areas", "Schedule"), (Permission.BOOK_ROOMS,),
         _schedule, "schedule.svg"),
    Area("reports", QT_TRANSLATE_NOOP("Areas", "Reports"), (Permission.VIEW_REPORTS,),
         _reports, "reports.svg"),
    Area("admin", QT_TRANSLATE_NOOP("Areas", "Administration"),
         (Permission.CONFIGURE_CENTER, Permission.MANAGE_USERS, Permission.VIEW_AUDIT),
         _admin, "admin.svg"),
]


def areas_for(role: str) -> list[Area]:
    return [a for a in AREAS if a.allowed(role)]


# ------------------------------------------------------------------ the screens one area opens of another
def _booking(ctx, parent, **keywords):
    from desktop.ui.schedule.booking import BookingDialog

    return BookingDialog(ctx, parent, **keywords)


def _session_record(ctx, parent, **keywords):
    from desktop.ui.mediation.session import SessionDialog

    return SessionDialog(ctx, parent, **keywords)


def _petition_registration(ctx, parent, **keywords):
    from desktop.ui.petitions.registration import RegistrationDialog

    return RegistrationDialog(ctx, parent, **keywords)


def _dispute_registration(ctx, parent, **keywords):
    from desktop.ui.mediation.register import RegistrationDialog

    return RegistrationDialog(ctx, parent, **keywords)


def _import_wizard(ctx, parent, **keywords):
    from desktop.ui.petitions_import.wizard import ImportWizard

    return ImportWizard(ctx, parent, **keywords)


def _export_dialog(ctx, parent, **keywords):
    from desktop.ui.petitions_import.export import ExportDialog

    return ExportDialog(ctx, parent, **keywords)


for _name, _provider in ((area_links.BOOKING, _booking), (area_links.SESSION_RECORD, _session_record),
                         (area_links.PETITION_REGISTRATION, _petition_registration),
                         (area_links.DISPUTE_REGISTRATION, _dispute_registration),
                         (area_links.IMPORT_WIZARD, _import_wizard), (area_links.EXPORT_DIALOG, _export_dialog)):
    area_links.provide(_name, _provider)
