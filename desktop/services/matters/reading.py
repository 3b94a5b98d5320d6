"""Reading the register: one matter with its route, handovers and cases; a person's matters."""

from __future__ import annotations

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.models import Dispute, Matter, MatterHandover, MatterStep, Person, Petition
from desktop.services.errors import NotFound
from desktop.services.matters.dto import CaseRef, MatterDetail, MatterRow, StepInfo
from desktop.services.matters.handover import _info
from desktop.services.permissions import Permission, require


def _steps(uow: UnitOfWork, matter_id: int) -> tuple[StepInfo, ...]:
    rows = uow.session.scalars(select(MatterStep).where(MatterStep.matter_id == matter_id).order_by(MatterStep.id))
    return tuple(StepInfo(s.route, s.name, s.entered_at, s.left_at, s.due_on, s.reason, s.handler) for s in rows)


def _cases(uow: UnitOfWork, matter_id: int) -> tuple[CaseRef, ...]:
    petitions = uow.session.execute(select(Petition.id, Petition.case_no, Petition.status)
                                    .where(Petition.matter_id == matter_id).order_by(Petition.id))
    disputes = uow.session.execute(select(Dispute.id, Dispute.case_no, Dispute.state)
                                   .where(Dispute.matter_id == matter_id).order_by(Dispute.id))
    return (tuple(CaseRef("petition", *r) for r in petitions) + tuple(CaseRef("dispute", *r) for r in disputes))


def detail(uow: UnitOfWork, m: Matter) -> MatterDetail:
    """Inside a transaction: everything the matter's screen, the case file and the kiosk read."""
    now = uow.now()
    handovers = uow.session.scalars(select(MatterHandover).where(MatterHandover.matter_id == m.id)
                                    .order_by(MatterHandover.id))
    person = uow.session.get(Person, m.person_id) if m.person_id else None
    return MatterDetail(m.id, m.code, m.kind, m.service, m.summary, m.outcome, m.state, m.person_id,
                        person.name if person else "", m.ticket_day, m.ticket_number, m.registered_at, m.owner_place,
                        m.closed_at, m.rating, _steps(uow, m.id), tuple(_info(uow, h, m, now) for h in handovers),
                        _cases(uow, m.id), m.version)


def get_matter(uow: UnitOfWork, *, code: str | None = None, matter_id: int | None = None) -> MatterDetail:
    with uow:
        require(uow, Permission.REGISTER_MATTER)
        if code is not None:
            m = uow.session.scalar(select(Matter).where(Matter.code == code.strip().upper()))
        else:
            m = uow.session.get(Matter, matter_id)
        if m is None:
            raise NotFound(entity="matter", key=code or str(matter_id))
        return detail(uow, m)


def matter_of_case(uow: UnitOfWork, *, petition_id: int | None = None, dispute_id: int | None = None
                   ) -> MatterDetail | None:
    """The matter a petition or dispute belongs to (None for a case stored before it had one)."""
    with uow:
        require(uow, Permission.REGISTER_MATTER)
        model, key = (Petition, petition_id) if petition_id is not None else (Dispute, dispute_id)
        matter_id = uow.session.scalar(select(model.matter_id).where(model.id == key))
        return detail(uow, uow.session.get(Matter, matter_id)) if matter_id else None


def person_matters(uow: UnitOfWork, *, person_id: int) -> list[MatterRow]:
    """一人一档: every matter of a person, newest first, with their cases' numbers, the current step and the
    visit (ticket) it was registered at: tickets carry no person, so a person's visits are the ones something
    was registered at."""
    with uow:
        require(uow, Permission.REGISTER_MATTER)
        matters = uow.session.scalars(select(Matter).where(Matter.person_id == person_id)
                                      .order_by(Matter.registered_at.desc(), Matter.id.desc())).all()
        out = []
        for m in matters:
            steps = _steps(uow, m.id)
            out.append(MatterRow(m.id, m.code, m.kind, m.summary, m.state, m.registered_at,
                                 steps[-1].name if steps else "",
                                 "、".join(c.case_no for c in _cases(uow, m.id)),
                                 f"{m.ticket_day:%Y-%m-%d} {m.ticket_number}" if m.ticket_number else ""))
        return out
