"""What the whole mediation package shares: the reader check, a row looked up or NotFound, and LIKE quoting.
Private to the package; its modules import it, it imports none of them."""

from __future__ import annotations

from typing import Any, TypeVar

from desktop.db import UnitOfWork
from desktop.models import Dispute
from desktop.services.errors import NotFound, PermissionDenied
from desktop.services.permissions import Permission, can

Row = TypeVar("Row")


def _get_row(uow: UnitOfWork, model: type[Row], key: Any, entity: str, **options: Any) -> Row:
    """The row of ``model`` with primary key ``key``, or NotFound(entity=entity, key=key)."""
    row = uow.session.get(model, key, **options)
    if row is None:
        raise NotFound(entity=entity, key=key)
    return row


def get_dispute_row(uow: UnitOfWork, dispute_id: int) -> Dispute:
    return _get_row(uow, Dispute, dispute_id, "dispute")


def _require_reader(uow: UnitOfWork) -> None:
    """Disputes are read by those who handle them and by those who book their sessions."""
    role = uow.actor.role
    if role == "system" or can(role, Permission.MANAGE_DISPUTES) or can(role, Permission.BOOK_ROOMS):
        return
    raise PermissionDenied(role=role, permission=Permission.MANAGE_DISPUTES.value)


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
