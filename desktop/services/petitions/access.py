"""Who may read and change a case, and the small steps every petition service shares (inside an open unit
of work): the NotFound lookup, the permission / version / status check of an action, the timeline row, the
save that turns a lost race into Conflict.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from desktop.db import UnitOfWork
from desktop.models import (
    Department,
    Petition,
    PetitionCategory,
    PetitionExtension,
    PetitionStep,
)
from desktop.services.errors import Conflict, Invalid, NotFound, PermissionDenied
from desktop.services.permissions import Permission, can, require
from desktop.services.petitions.dto import (
    CaseState,
)
from desktop.services.petitions.flow import (
    SOURCES,
    TRANSITIONS,
    NotResponsible,
    TransitionNotAllowed,
)
from desktop.validation import clean_text

TEXT_MAX = 20000


# ---------------------------------------------------------------- helpers (inside an open unit of work)
T = TypeVar("T")


def actor_name(uow: UnitOfWork) -> str:
    return uow.actor.full_name or uow.actor.username


def require_case_access(uow: UnitOfWork) -> None:
    """Reading cases is for those who register, handle or supervise them."""
    if uow.actor.role == "system":
        return
    wanted = (Permission.REGISTER_PETITION, Permission.HANDLE_PETITION, Permission.SUPERVISE_CASES)
    if not any(can(uow.actor.role, p) for p in wanted):
        raise PermissionDenied(role=uow.actor.role, permission=Permission.HANDLE_PETITION.value)


def _may(uow, permission: Permission) -> bool:
    return uow.actor.role == "system" or can(uow.actor.role, permission)


def _text(value: str | None, field: str, *, required: bool = True, maximum: int = TEXT_MAX) -> str:
    return clean_text(value, field, required=required, maximum=maximum)


def _check_source(source: str) -> None:
    if source not in SOURCES:
        raise Invalid(field="source", reason="unknown", value=source)


def _check_category(uow, category_id: int | None) -> PetitionCategory:
    if category_id is None:
        raise Invalid(field="category_id", reason="empty")
    category = _get(uow, PetitionCategory, category_id, "petition_category")
    if category.parent_id is None:
        raise Invalid(field="category_id", reason="level_two")
    return category



def _step(uow, p: Petition, action: str, *, from_status: str, note: str = "", detail: dict | None = None) -> None:
    uow.session.add(PetitionStep(petition_id=p.id, action=action, at=uow.now(), actor_id=uow.actor.user_id,
                                 actor_name=actor_name(uow), from_status=from_status, to_status=p.status,
                                 note=note, detail=detail))


def _get(uow, model: type[T], key, entity: str) -> T:
    """The row of ``model`` with primary key ``key``, or NotFound(entity, key)."""
    row = uow.session.get(model, key)
    if row is None:
        raise NotFound(entity=entity, key=key)
    return row


def _case(uow, case_id: int) -> Petition:
    return _get(uow, Petition, case_id, "petition")


def _open(uow, case_id: int, version: int | None, action: str) -> Petition:
    """The case, after checking the actor's permission, the version the form was read at, and that
    ``action`` follows from its status."""
    transition = TRANSITIONS[action]
    require(uow, transition.permission)
    p = _case(uow, case_id)
    if version is not None and version != p.version:
        raise Conflict(entity="petition", key=p.case_no)
    if p.status not in transition.from_statuses:
        raise TransitionNotAllowed(action=action, status=p.status, case_no=p.case_no)
    uow.action = f"petition.{action}"
    uow.session.autoflush = False  # one UPDATE (one version step, one audit entry) per action, in _commit
    return p


def _department_name(uow, department_id: int | None) -> str:
    if department_id is None:
        return ""
    return uow.session.scalar(select(Department.name).where(Department.id == department_id)) or ""


def _check_responsible(uow, p: Petition) -> None:
    """A department's staff act on their own department's cases; the center (staff without a
    department) and supervisors act on any."""
    mine = uow.actor.department_id
    if mine is not None and p.department_id is not None and mine != p.department_id \
            and not _may(uow, Permission.SUPERVISE_CASES):
        raise NotResponsible(case_no=p.case_no, department=_department_name(uow, p.department_id))


def _commit(uow, p: Petition) -> None:
    case_no = p.case_no  # the failed flush leaves the object unreadable
    try:
        uow.session.flush()
    except StaleDataError:  # another transaction saved the case between our read and our write
        raise Conflict(entity="petition", key=case_no) from None
    uow.commit()


def _state(p: Petition) -> CaseState:
    return CaseState(p.id, p.case_no, p.status, p.due_on, p.due_kind, p.version)


def _set_clock(p: Petition, due_on: dt.date | None, kind: str) -> None:
    p.due_on, p.due_kind = due_on, kind if due_on else ""


def _touch(uow, p: Petition) -> None:
    p.updated_at = uow.now()


def _lapse_pending_extension(uow, p: Petition) -> None:
    """A request nobody decided before the case left the department's hands is void."""
    for ext in uow.session.scalars(select(PetitionExtension).where(
            PetitionExtension.petition_id == p.id, PetitionExtension.status == "pending")):
        ext.status, ext.decided_at = "lapsed", uow.now()

