"""The steps 转 见 办 结 访, 不予受理, the department's objection and the petitioner's withdrawal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from desktop.db import UnitOfWork
from desktop.models import (
    Department,
    PetitionReply,
    User,
)
from desktop.services import deadlines
from desktop.services.admin.calendar import load_calendar
from desktop.services.deadlines import DUE_CONCLUDE, DUE_FOLLOW_UP
from desktop.services.errors import Invalid, NotFound
from desktop.services.petitions.access import (
    _check_responsible,
    _commit,
    _department_name,
    _get,
    _lapse_pending_extension,
    _open,
    _set_clock,
    _state,
    _step,
    _text,
    _touch,
)
from desktop.services.petitions.dto import (
    CaseState,
    Decision,
)
from desktop.services.petitions.flow import (
    ASSIGNED,
    CLOSED,
    CONCLUDED,
    DISSATISFIED,
    FOLLOW_UP_METHODS,
    HANDLING,
    MET,
    NOT_ACCEPTED,
    OBJECTED,
    PETITION,
    REGISTERED,
    REVIEW,
    SATISFACTION,
    WITHDRAWN,
    DeadlinePassed,
)
from desktop.services.petitions.matter_moves import concluded, followed_up, refused, withdrawn

# ---------------------------------------------------------------- the steps

def assign_petition(uow: UnitOfWork, *, case_id: int, version: int | None, department_id: int, handler_id: int | None = None,
                    note: str = "") -> CaseState:
    """转: accept the matter and hand it to the responsible department (again, after an objection).
    Acceptance starts the conclusion clock; the department has the objection period to refuse it."""
    with uow:
        p = _open(uow, case_id, version, "assign")
        dept = _get(uow, Department, department_id, "department")
        if not dept.active:
            raise Invalid(field="department_id", reason="inactive", value=dept.name)
        if handler_id is not None:
            handler = uow.session.get(User, handler_id)
            if handler is None or not handler.active:
                raise NotFound(entity="user", key=handler_id)
            if handler.department_id is not None and handler.department_id != department_id:
                raise Invalid(field="handler_id", reason="other_department", value=handler.full_name)
        today = uow.now().date()
        calendar = load_calendar(uow)
        from_status = p.status
        late = False
        if from_status == REGISTERED:
            p.accepted_on = today
            late = p.accept_due_on is not None and today > p.accept_due_on
            if p.kind == PETITION:
                p.conclude_due_on = deadlines.due_date(uow, calendar, "conclude", today)
        p.department_id, p.handler_id = dept.id, handler_id
        p.objection_due_on = deadlines.due_date(uow, calendar, "objection", today)
        p.status = ASSIGNED
        _set_clock(p, p.conclude_due_on, DUE_CONCLUDE)
        _touch(uow, p)
        _step(uow, p, "assign", from_status=from_status, note=_text(note, "note", required=False),
              detail={"department_id": dept.id, "department": dept.name, "accepted_late": late,
                      "objection_due_on": p.objection_due_on.isoformat(),
                      "conclude_due_on": p.conclude_due_on.isoformat() if p.conclude_due_on else None})
        _commit(uow, p)
        return _state(p)


def refuse_petition(uow: UnitOfWork, *, case_id: int, version: int | None, reason: str, basis: str = "",
                    advice: str = "") -> CaseState:
    """不予受理: the matter is not accepted; the petitioner gets a written notice with the reason."""
    with uow:
        p = _open(uow, case_id, version, "refuse")
        reason = _text(reason, "reason")
        from_status = p.status
        p.status, p.closed_on = NOT_ACCEPTED, uow.now().date()
        _set_clock(p, None, "")
        _touch(uow, p)
        _step(uow, p, "refuse", from_status=from_status, note=reason,
              detail={"reason": reason, "basis": _text(basis, "basis", required=False),
                      "advice": _text(advice, "advice", required=False)})
        refused(uow, p, reason)
        _commit(uow, p)
        return _state(p)


def object_to_assignment(uow: UnitOfWork, *, case_id: int, version: int | None, reason: str) -> CaseState:
    """The department says the matter is not theirs, within the objection period (5 working days); the
    case goes back to the center to be assigned again. The conclusion deadline keeps running."""
    with uow:
        p = _open(uow, case_id, version, "object")
        _check_responsible(uow, p)
        reason = _text(reason, "reason")
        if p.objection_due_on is None or uow.now().date() > p.objection_due_on:
            raise DeadlinePassed(what="objection", due_on=p.objection_due_on)
        dept = _department_name(uow, p.department_id)
        p.status, p.department_id, p.handler_id, p.objection_due_on = OBJECTED, None, p.registered_by_id, None
        _touch(uow, p)
        _lapse_pending_extension(uow, p)
        _step(uow, p, "object", from_status=ASSIGNED, note=reason, detail={"department": dept})
        _commit(uow, p)
        return _state(p)


def record_meeting(uow: UnitOfWork, *, case_id: int, version: int | None, met_on: dt.date, place: str = "",
                   note: str) -> CaseState:
    """见: the department met the petitioner."""
    with uow:
        p = _open(uow, case_id, version, "meet")
        _check_responsible(uow, p)
        note = _text(note, "note")
        if met_on > uow.now().date():
            raise Invalid(field="met_on", reason="future")
        if p.accepted_on and met_on < p.accepted_on:
            raise Invalid(field="met_on", reason="before_acceptance", value=p.accepted_on)
        p.status = MET
        p.handler_id = p.handler_id or uow.actor.user_id
        _touch(uow, p)
        _step(uow, p, "meet", from_status=ASSIGNED, note=note,
              detail={"met_on": met_on.isoformat(), "place": _text(place, "place", required=False)})
        _commit(uow, p)
        return _state(p)


def record_handling(uow: UnitOfWork, *, case_id: int, version: int | None, note: str) -> CaseState:
    """办: what the department did (may be recorded several times)."""
    with uow:
        p = _open(uow, case_id, version, "handle")
        _check_responsible(uow, p)
        note = _text(note, "note")
        from_status = p.status
        p.status = HANDLING
        p.handler_id = p.handler_id or uow.actor.user_id
        _touch(uow, p)
        _step(uow, p, "handle", from_status=from_status, note=note)
        _commit(uow, p)
        return _state(p)


def conclude_petition(uow: UnitOfWork, *, case_id: int, version: int | None, facts: str, basis: str,
                      decisions: Sequence[Decision], issuing_body: str) -> CaseState:
    """结: the written reply (答复意见书; 复查/复核意见 for a review). It opens the period to request the next
    review (none after 复核) and the follow-up clock."""
    with uow:
        p = _open(uow, case_id, version, "conclude")
        _check_responsible(uow, p)
        facts, basis = _text(facts, "facts"), _text(basis, "basis")
        issuing_body = _text(issuing_body, "issuing_body", maximum=100)
        if not decisions:
            raise Invalid(field="decisions", reason="empty")
        clean = tuple(Decision(_text(d.request, "decisions"), _text(d.decision, "decisions")) for d in decisions)
        today = uow.now().date()
        calendar = load_calendar(uow)
        uow.session.add(PetitionReply(petition_id=p.id, facts=facts, basis=basis,
                                      decisions=[{"request": d.request, "decision": d.decision} for d in clean],
                                      issuing_body=issuing_body, issued_on=today, created_at=uow.now()))
        p.replied_on = today
        remedy = {PETITION: "review_request", REVIEW: "recheck_request"}.get(p.kind)
        p.remedy_due_on = deadlines.due_date(uow, calendar, remedy, today) if remedy else None
        p.follow_up_due_on = deadlines.due_date(uow, calendar, "follow_up", today)
        on_time = p.conclude_due_on is None or today <= p.conclude_due_on
        _lapse_pending_extension(uow, p)
        p.status = CONCLUDED
        _set_clock(p, p.follow_up_due_on, DUE_FOLLOW_UP)
        _touch(uow, p)
        _step(uow, p, "conclude", from_status=HANDLING, note=facts,
              detail={"on_time": on_time, "issuing_body": issuing_body,
                      "remedy_due_on": p.remedy_due_on.isoformat() if p.remedy_due_on else None})
        concluded(uow, p, issuing_body)
        _commit(uow, p)
        return _state(p)


def record_follow_up(uow: UnitOfWork, *, case_id: int, version: int | None, satisfaction: str, method: str = "phone",
                     note: str = "") -> CaseState:
    """访: the follow-up visit and the petitioner's satisfaction (five levels). 不满意 and 非常不满意 flag the
    case on the director's list."""
    with uow:
        p = _open(uow, case_id, version, "follow_up")
        if satisfaction not in SATISFACTION:
            raise Invalid(field="satisfaction", reason="unknown", value=satisfaction)
        if method not in FOLLOW_UP_METHODS:
            raise Invalid(field="method", reason="unknown", value=method)
        p.satisfaction, p.dissatisfied = satisfaction, satisfaction in DISSATISFIED
        p.status, p.closed_on = CLOSED, uow.now().date()
        _set_clock(p, None, "")
        _touch(uow, p)
        _step(uow, p, "follow_up", from_status=CONCLUDED, note=_text(note, "note", required=False),
              detail={"satisfaction": satisfaction, "method": method})
        followed_up(uow, p, satisfaction)
        _commit(uow, p)
        return _state(p)


def withdraw_petition(uow: UnitOfWork, *, case_id: int, version: int | None, reason: str) -> CaseState:
    """The petitioner withdraws the matter."""
    with uow:
        p = _open(uow, case_id, version, "withdraw")
        reason = _text(reason, "reason")
        from_status = p.status
        p.status, p.closed_on = WITHDRAWN, uow.now().date()
        _lapse_pending_extension(uow, p)
        _set_clock(p, None, "")
        _touch(uow, p)
        _step(uow, p, "withdraw", from_status=from_status, note=reason)
        withdrawn(uow, p, reason)
        _commit(uow, p)
        return _state(p)


