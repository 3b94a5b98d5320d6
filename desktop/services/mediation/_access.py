"""_access"""

from __future__ import annotations

from desktop.models import (
    Dispute,
)
from desktop.services.errors import NotFound, PermissionDenied
from desktop.services.permissions import Permission, can


def get_dispute_row(uow, dispute_id: int) -> Dispute:
    d = uow.session.get(Dispute, dispute_id)
    if d is None:
        raise NotFound(entity="dispute", key=dispute_id)
    return d


def _require_reader(uow) -> None:
    """Disputes are read by those who handle them and by those who book their sessions."""
    role = uow.actor.role
    if role == "system" or can(role, Permission.MANAGE_DISPUTES) or can(role, Permission.BOOK_ROOMS):
        return
    raise PermissionDenied(role=role, permission=Permission.MANAGE_DISPUTES.value)


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
