"""Who may see which case file, the case rows, and whether a case is closed."""

from __future__ import annotations

from desktop.db import UnitOfWork
from desktop.models import Dispute, Petition
from desktop.models.case_files import DISPUTE, PETITION
from desktop.models.mediation import CLOSED_STATES
from desktop.services.audit import record_event
from desktop.services.errors import Invalid, NotFound
from desktop.services.permissions import Permission, can, require
from desktop.services.petitions import FINISHED, require_case_access

KINDS = (PETITION, DISPUTE)


def require_kind(uow: UnitOfWork, kind: str) -> None:
    if kind == PETITION:
        require_case_access(uow)
    elif kind == DISPUTE:
        require(uow, Permission.MANAGE_DISPUTES)
        require(uow, Permission.REVEAL_PERSONAL_DATA)
    else:
        raise Invalid(field="case_kind", reason="unknown")


def may_export(role: str) -> bool:
    """For the UI: the batch export is for those who supervise cases (it reveals dispute files in full)."""
    return role == "system" or (can(role, Permission.SUPERVISE_CASES) and can(role, Permission.MANAGE_DISPUTES)
                                and can(role, Permission.REVEAL_PERSONAL_DATA))


def reveal(uow: UnitOfWork, kind: str, case_id: int, action: str) -> None:
    if kind == DISPUTE:
        record_event(uow, action=action, entity="dispute", entity_id=str(case_id), detail={"id_numbers": "full"})


def case_row(uow: UnitOfWork, kind: str, case_id: int):
    row = uow.session.get(Petition if kind == PETITION else Dispute, case_id)
    if row is None:
        raise NotFound(entity=kind, key=case_id)
    return row


def is_closed(kind: str, row) -> bool:
    if kind == PETITION:
        return row.status in FINISHED and row.closed_on is not None
    return row.state in CLOSED_STATES and row.closed_on is not None


def status_of(kind: str, row) -> str:
    return row.status if kind == PETITION else row.state
