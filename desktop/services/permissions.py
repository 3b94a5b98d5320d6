"""Roles and the one permission table. Services enforce it; the UI asks it what to offer."""

from __future__ import annotations

from enum import StrEnum

from desktop.db import UnitOfWork
from desktop.services.errors import PermissionDenied


class Role(StrEnum):
    ADMIN = "admin"
    DIRECTOR = "director"
    SUPERVISOR = "supervisor"
    CLERK = "clerk"
    MEDIATOR = "mediator"


class Permission(StrEnum):
    CONFIGURE_CENTER = "configure_center"      # center, windows, services, rooms, departments, categories, calendar
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    SERVE_WINDOW = "serve_window"              # call, recall, finish at a window
    VIEW_LIVE_QUEUE = "view_live_queue"
    ISSUE_TICKET = "issue_ticket"              # the kiosk, or a clerk issuing on behalf of a visitor
    REGISTER_PETITION = "register_petition"
    HANDLE_PETITION = "handle_petition"        # 转 见 办 结 访 steps
    APPROVE_EXTENSION = "approve_extension"
    SUPERVISE_CASES = "supervise_cases"        # 督办 notes, overdue lists
    REVEAL_PERSONAL_DATA = "reveal_personal_data"
    MANAGE_DISPUTES = "manage_disputes"
    BOOK_ROOMS = "book_rooms"
    OVERRIDE_BOOKING_HOURS = "override_booking_hours"  # book outside opening hours or on a day off (audited)
    EDIT_AGREEMENTS = "edit_agreements"
    VIEW_REPORTS = "view_reports"
    IMPORT_WORK_ORDERS = "import_work_orders"
    REGISTER_MATTER = "register_matter"        # the matter register: window matters, handovers, a person's matters


P = Permission
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset({P.CONFIGURE_CENTER, P.MANAGE_USERS, P.VIEW_AUDIT, P.ISSUE_TICKET,
                          P.VIEW_LIVE_QUEUE, P.IMPORT_WORK_ORDERS, P.BOOK_ROOMS, P.OVERRIDE_BOOKING_HOURS}),
    Role.DIRECTOR: frozenset({P.VIEW_AUDIT, P.VIEW_LIVE_QUEUE, P.ISSUE_TICKET, P.REGISTER_PETITION,
                             P.HANDLE_PETITION, P.APPROVE_EXTENSION, P.SUPERVISE_CASES,
                             P.REVEAL_PERSONAL_DATA, P.MANAGE_DISPUTES, P.BOOK_ROOMS, P.VIEW_REPORTS,
                             P.IMPORT_WORK_ORDERS, P.OVERRIDE_BOOKING_HOURS, P.REGISTER_MATTER}),
    Role.SUPERVISOR: frozenset({P.VIEW_LIVE_QUEUE, P.ISSUE_TICKET, P.REGISTER_PETITION, P.HANDLE_PETITION,
                               P.SUPERVISE_CASES, P.REVEAL_PERSONAL_DATA, P.MANAGE_DISPUTES, P.BOOK_ROOMS,
                               P.VIEW_REPORTS, P.IMPORT_WORK_ORDERS, P.REGISTER_MATTER}),
    Role.CLERK: frozenset({P.SERVE_WINDOW, P.ISSUE_TICKET, P.REGISTER_PETITION, P.HANDLE_PETITION,
                          P.MANAGE_DISPUTES, P.BOOK_ROOMS, P.IMPORT_WORK_ORDERS, P.REGISTER_MATTER}),
    Role.MEDIATOR: frozenset({P.SERVE_WINDOW, P.ISSUE_TICKET, P.MANAGE_DISPUTES, P.BOOK_ROOMS,
                             P.EDIT_AGREEMENTS, P.REVEAL_PERSONAL_DATA, P.REGISTER_MATTER}),
}


def can(role: str, permission: Permission) -> bool:
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False  # "system" and unknown roles hold no user permission


def require(uow: UnitOfWork, permission: Permission) -> None:
    """Raise PermissionDenied unless the unit of work's actor holds ``permission``.

    System actors (command line, kiosk process, demo generator) run with full rights: they are started
    by whoever controls the PC, and the command line has no signed-in user.
    """
    actor = uow.actor
    if actor.role == "system":
        return
    if not can(actor.role, permission):
        raise PermissionDenied(role=actor.role, permission=permission.value)
