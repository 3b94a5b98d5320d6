"""Side paths of a case: extension (延期), 复核 hearing, 督办 notes, and the 复查/复核 request.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.models import (
    Department,
    Person,
    Petition,
    PetitionExtension,
    PetitionParty,
    PetitionSupervision,
)
from desktop.services import deadlines
from desktop.services.admin.calendar import load_calendar
from desktop.services.deadlines import DUE_CONCLUDE
from desktop.services.errors import Duplicate, Invalid
from desktop.services.permissions import Permission, require
from desktop.services.petitions.access import (
    _case,
    _check_responsible,
    _check_source,
    _commit,
    _department_name,
    _get,
    _open,
    _set_clock,
    _state,
    _step,
    _text,
    _touch,
    actor_name,
)
from desktop.services.petitions.dto import (
    CaseState,
    ExtensionInfo,
    RegisteredCase,
    SupervisionInfo,
)
from desktop.services.petitions.flow import (
    PETITION,
    RECHECK,
    REVIEW,
    DeadlinePassed,
    ExtensionUsed,
    FinalDecision,
    TransitionNotAllowed,
)
from desktop.services.petitions.registration import (
    _new_case,
    _registered,
)

# ---------------------------------------------------------------- extension, hearing, supervision

def _extension_info(e: PetitionExtension, case_no: str) -> ExtensionInfo:
    return ExtensionInfo(e.id, e.petition_id, case_no, e.days, e.reason, e.status, e.requested_at, e.requested_by_name,
                         e.decided_at, e.decided_by_name, e.decision_note)


def request_extension(uow: UnitOfWork, *, case_id: int, days: int, reason: str) -> ExtensionInfo:
    """Ask to extend the conclusion deadline (at most 30 days, once); the director decides."""
    with uow:
        p = _open(uow, case_id, None, "request_extension")
        _check_responsible(uow, p)
        limit = deadlines.extension_limit(uow)
        if not isinstance(days, int) or not 1 <= days <= limit:
            raise Invalid(field="days", reason="range", minimum=1, maximum=limit)
        reason = _text(reason, "reason")
        used = uow.session.scalar(select(PetitionExtension.status).where(
            PetitionExtension.petition_id == p.id, PetitionExtension.status.in_(("pending", "approved"))))
        if used is not None:
            raise ExtensionUsed(case_no=p.case_no, status=used)
        ext = PetitionExtension(petition_id=p.id, days=days, reason=reason, status="pending", requested_at=uow.now(),
                                requested_by_name=actor_name(uow), decided_by_name="", decision_note="")
        uow.session.add(ext)
        _step(uow, p, "request_extension", from_status=p.status, note=reason, detail={"days": days})
        uow.session.flush()
        info = _extension_info(ext, p.case_no)
        uow.commit()
        return info


def decide_extension(uow: UnitOfWork, *, extension_id: int, approve: bool, note: str = "") -> ExtensionInfo:
    """The director approves (the deadline moves) or refuses (with a reason) an extension request."""
    with uow:
        ext = _get(uow, PetitionExtension, extension_id, "petition_extension")
        p = _open(uow, ext.petition_id, None, "decide_extension")
        if ext.status != "pending":
            raise TransitionNotAllowed(action="decide_extension", status=ext.status, case_no=p.case_no)
        note = _text(note, "note", required=not approve)
        ext.status = "approved" if approve else "refused"
        ext.decided_at, ext.decided_by_name, ext.decision_note = uow.now(), actor_name(uow), note
        detail = {"days": ext.days, "approved": approve}
        if approve:
            p.conclude_due_on = deadlines.extend(uow, load_calendar(uow), p.conclude_due_on, ext.days)
            p.extended_days += ext.days
            if p.due_kind == DUE_CONCLUDE:
                p.due_on = p.conclude_due_on
            _touch(uow, p)
            detail["conclude_due_on"] = p.conclude_due_on.isoformat()
        _step(uow, p, "decide_extension", from_status=p.status, note=note or ext.reason, detail=detail)
        info = _extension_info(ext, p.case_no)
        _commit(uow, p)
        return info


def record_hearing(uow: UnitOfWork, *, case_id: int, version: int | None, start: dt.date, end: dt.date,
                   note: str = "") -> CaseState:
    """A 复核 hearing (听证): its days do not count towards the 30 days for the 复核意见."""
    with uow:
        p = _open(uow, case_id, version, "hearing")
        if p.kind != RECHECK:
            raise TransitionNotAllowed(action="hearing", status=p.status, case_no=p.case_no)
        if end < start:
            raise Invalid(field="end", reason="before_start")
        days = (end - start).days + 1
        p.hearing_days += days
        p.conclude_due_on = deadlines.extend(uow, load_calendar(uow), p.conclude_due_on, days)
        _set_clock(p, p.conclude_due_on, DUE_CONCLUDE)
        _touch(uow, p)
        _step(uow, p, "hearing", from_status=p.status, note=_text(note, "note", required=False),
              detail={"start": start.isoformat(), "end": end.isoformat(), "days": days})
        _commit(uow, p)
        return _state(p)


def _supervision_info(uow, s: PetitionSupervision, today: dt.date) -> SupervisionInfo:
    return SupervisionInfo(s.id, _department_name(uow, s.department_id), s.note, s.due_on, s.created_at,
                           s.created_by_name, s.answer, s.answered_at, s.answered_by_name,
                           s.answered_at is None and s.due_on < today)


def add_supervision(uow: UnitOfWork, *, case_id: int, note: str, due_on: dt.date,
                    department_id: int | None = None) -> SupervisionInfo:
    """督办: the director tells the department what to do by when."""
    with uow:
        p = _open(uow, case_id, None, "supervise")
        note = _text(note, "note")
        today = uow.now().date()
        if due_on < today:
            raise Invalid(field="due_on", reason="past")
        department_id = department_id or p.department_id
        if department_id is not None:
            _get(uow, Department, department_id, "department")
        row = PetitionSupervision(petition_id=p.id, department_id=department_id, note=note, due_on=due_on,
                                  created_at=uow.now(), created_by_name=actor_name(uow), answer="",
                                  answered_by_name="")
        uow.session.add(row)
        _step(uow, p, "supervise", from_status=p.status, note=note,
              detail={"due_on": due_on.isoformat(), "department": _department_name(uow, department_id)})
        uow.session.flush()
        info = _supervision_info(uow, row, today)
        uow.commit()
        return info


def answer_supervision(uow: UnitOfWork, *, supervision_id: int, answer: str) -> SupervisionInfo:
    """The department reports what it did about a 督办 note."""
    with uow:
        require(uow, Permission.HANDLE_PETITION)
        row = _get(uow, PetitionSupervision, supervision_id, "petition_supervision")
        p = _case(uow, row.petition_id)
        if row.answered_at is not None:
            raise TransitionNotAllowed(action="answer_supervision", status="answered", case_no=p.case_no)
        _check_responsible(uow, p)
        uow.action = "petition.answer_supervision"
        row.answer = _text(answer, "answer")
        row.answered_at, row.answered_by_name = uow.now(), actor_name(uow)
        _step(uow, p, "answer_supervision", from_status=p.status, note=row.answer)
        info = _supervision_info(uow, row, uow.now().date())
        uow.commit()
        return info


# ---------------------------------------------------------------- 复查 / 复核

def request_review(uow: UnitOfWork, *, case_id: int, reason: str, source: str = "visit") -> RegisteredCase:
    """The petitioner disagrees with the reply: a linked 复查 case (or 复核 after a 复查), within 30 days
    of the reply. After 复核 the matter is final."""
    with uow:
        p = _open(uow, case_id, None, "request_review")
        if p.kind == RECHECK:
            raise FinalDecision(case_no=p.case_no)
        today = uow.now().date()
        if p.remedy_due_on is None or today > p.remedy_due_on:
            raise DeadlinePassed(what="review_request", due_on=p.remedy_due_on)
        existing = uow.session.scalar(select(Petition.case_no).where(Petition.parent_id == p.id))
        if existing is not None:
            raise Duplicate(entity="petition", field="review", value=existing)
        reason = _text(reason, "reason")
        _check_source(source)
        kind = REVIEW if p.kind == PETITION else RECHECK
        persons = list(uow.session.scalars(select(Person).join(PetitionParty, PetitionParty.person_id == Person.id)
                                           .where(PetitionParty.petition_id == p.id)
                                           .order_by(PetitionParty.position)))
        due = deadlines.due_date(uow, load_calendar(uow), "review_opinion" if kind == REVIEW else "recheck_opinion",
                                 today)
        child = _new_case(uow, kind=kind, parent=p, source=source, category_id=p.category_id, content=reason,
                          requests=p.requests, persons=persons, ticket_id=None, new_case_reason="",
                          accept_due_on=None, conclude_due_on=due)
        _step(uow, child, "register", from_status="", detail={"source": source, "parent": p.case_no, "kind": kind,
                                                               "conclude_due_on": due.isoformat()})
        _touch(uow, p)
        _step(uow, p, "request_review", from_status=p.status, note=reason,
              detail={"case_no": child.case_no, "kind": kind})
        _commit(uow, p)
        return _registered(child)


