"""Disputes (矛盾纠纷) for the people's mediation committee, after 《人民调解法》(2010).

A dispute is registered from a queue ticket or directly, with two or more parties on the applicant and
respondent sides (people, or organisations with their representatives), the facts and the disputed matters,
and the mediators assigned to it. It gets a case number （2026）虎调字第012号 (desktop.services.case_numbers)
and a deadline one month later by default (mediation_term_months), on the same clock as petitions
(desktop.services.deadlines: a period whose last day is a day off ends on the next working day).

States: registered → scheduled (a session is booked) → in mediation (a session was held) → one of agreed
(written or oral agreement, agreements and signing), failed, terminated or referred (to the court,
the petition office or another body).

Sessions: the mediator records what happened at each session (调解笔录); the session of a booking marks
the booking held.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.models import (
    Dispute,
    DisputeType,
    User,
)
from desktop.models.mediation import (
    OPEN_STATES,
    REGISTERED,
    SOURCES,
)
from desktop.services import deadlines
from desktop.services.admin.calendar import load_calendar
from desktop.services.admin.settings import get_setting
from desktop.services.case_numbers import MEDIATION, next_case_number
from desktop.services.errors import Conflict, Invalid, NotFound
from desktop.services.mediation._access import _get_row, _require_reader, get_dispute_row
from desktop.services.mediation.bookings import dispute_bookings
from desktop.services.mediation.errors import WrongState
from desktop.services.mediation.mediators import _enrol_staff
from desktop.services.mediation.parties import (
    _check_parties_shape,
    _parties,
    _set_mediators,
    _set_parties,
    mediators_of,
)
from desktop.services.mediation.records import TITLE_MAX, DisputeDetail, PartyInput, RegistrationForm
from desktop.services.mediation.sessions import _sessions
from desktop.services.permissions import Permission, require

# ---------------------------------------------------------------- helpers

def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def _due_on(uow: UnitOfWork, registered: dt.date) -> dt.date:
    """The month's end falls on a working day (the petitions' clock: 民法典 第二百零三条)."""
    end = add_months(registered, int(get_setting(uow, "mediation_term_months")))
    if bool(get_setting(uow, "petition_period_ends_on_workday")):
        end = load_calendar(uow).next_workday(end)
    return end


def dispute_clock(uow: UnitOfWork, d: Dispute) -> deadlines.Clock:
    """Inside an open unit of work: a closed dispute has no running clock."""
    if d.state not in OPEN_STATES:
        return deadlines.Clock(deadlines.CLOCK_NONE, None)
    return deadlines.clock_state(d.due_on, uow.now().date(), int(get_setting(uow, "mediation_due_soon_days")))


# ---------------------------------------------------------------- registration

def _check_text(title: str, facts: str, matters: str) -> tuple[str, str, str]:
    title = " ".join(title.split())
    if not title:
        raise Invalid(field="title", reason="empty")
    if len(title) > TITLE_MAX:
        raise Invalid(field="title", reason="length", maximum=TITLE_MAX)
    if not facts.strip():
        raise Invalid(field="facts", reason="empty")
    if not matters.strip():
        raise Invalid(field="matters", reason="empty")
    return title, facts.strip(), matters.strip()


def _check_type_source(uow: UnitOfWork, type_id: int, source: str, referred_by: str) -> None:
    _get_row(uow, DisputeType, type_id, "dispute_type")
    if source not in SOURCES:
        raise Invalid(field="source", reason="unknown", value=source)
    if source == "referral" and not referred_by.strip():
        raise Invalid(field="referred_by", reason="empty")


def register_dispute(uow: UnitOfWork, *, type_id: int, source: str, title: str, facts: str, matters: str,
                     parties: list[PartyInput], mediator_ids: list[int] = (), referred_by: str = "",
                     ticket_id: int | None = None, matter_id: int | None = None) -> DisputeDetail:
    """Register a dispute, directly or from the queue ticket the visitor came with (``ticket_id``: the
    ticket is linked to the new case). The dispute continues the window matter registered at that ticket, or
    the open matter ``matter_id``, under its code; otherwise it opens a matter of its own. Nothing is stored
    when any of it is refused."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        title, facts, matters = _check_text(title, facts, matters)
        _check_type_source(uow, type_id, source, referred_by)
        _check_parties_shape(parties)
        uow.action = "dispute.register"
        _enrol_staff(uow)
        now = uow.now()
        number = next_case_number(uow, kind=MEDIATION, year=now.year)
        d = Dispute(case_no=number.text, year=number.year, serial=number.seq, type_id=type_id, source=source,
                    referred_by=referred_by.strip()[:100] if source == "referral" else "", ticket_id=ticket_id,
                    title=title, facts=facts, matters=matters, state=REGISTERED, registered_at=now,
                    registered_by=uow.actor.user_id, due_on=_due_on(uow, now.date()), outcome_note="",
                    referred_body="", updated_at=now, party_names="", village="")
        _set_parties(uow, d, list(parties))  # before the dispute joins the session: one insert, no updates
        _set_mediators(uow, d, mediator_ids)
        d.matter_id = _matter(uow, d, ticket_id, matter_id).id
        uow.session.add(d)
        uow.session.flush()
        if ticket_id is not None:
            from desktop.services.queue import link_case

            link_case(uow, ticket_id=ticket_id, case_kind="mediation", case_id=d.id)
        detail = _detail(uow, d)
        uow.commit()
        return detail


def _matter(uow: UnitOfWork, d: Dispute, ticket_id: int | None, matter_id: int | None):
    """一案一码: the window matter of the visitor's ticket (or the one named) goes on to mediation under its code."""
    from desktop.services import matters

    m = (matters.get_open_matter_by_id(uow, matter_id) if matter_id is not None
         else matters.matter_for_ticket(uow, ticket_id))
    if m is None:
        person_id = next((p.person_id for p in d.parties if p.person_id is not None), None)
        return matters.open_matter(uow, kind="dispute", summary=d.title, person_id=person_id, ticket_id=ticket_id,
                                   route="mediation", step="人民调解", due_on=d.due_on)
    return matters.continue_matter(uow, m, kind="dispute", route="mediation", step="人民调解",
                                   reason="窗口登记为矛盾纠纷", due_on=d.due_on)


def update_dispute(uow: UnitOfWork, *, dispute_id: int, version: int, type_id: int, source: str, title: str, facts: str,
                   matters: str, parties: list[PartyInput], mediator_ids: list[int],
                   referred_by: str = "") -> DisputeDetail:
    """Correct an open dispute's registration. ``version`` is the one the form was filled from."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        d = get_dispute_row(uow, dispute_id)
        if d.version != version:
            raise Conflict(entity="dispute", key=d.case_no)
        if d.state not in OPEN_STATES:
            raise WrongState(entity="dispute", key=d.case_no, state=d.state, action="edit")
        title, facts, matters = _check_text(title, facts, matters)
        _check_type_source(uow, type_id, source, referred_by)
        uow.action = "dispute.update"
        d.type_id, d.source, d.title, d.facts, d.matters = type_id, source, title, facts, matters
        d.referred_by = referred_by.strip()[:100] if source == "referral" else ""
        _set_parties(uow, d, list(parties))
        _set_mediators(uow, d, mediator_ids)
        d.updated_at = uow.now()
        uow.session.flush()
        detail = _detail(uow, d)
        uow.commit()
        return detail


def _detail(uow: UnitOfWork, d: Dispute) -> DisputeDetail:
    clock = dispute_clock(uow, d)
    type_name = uow.session.scalar(select(DisputeType.name).where(DisputeType.id == d.type_id)) or ""
    registered_by = uow.session.scalar(select(User.full_name).where(User.id == d.registered_by)) \
        if d.registered_by else ""
    return DisputeDetail(
        d.id, d.case_no, d.type_id, type_name, d.source, d.referred_by, d.ticket_id, d.title, d.facts, d.matters,
        d.village, d.state, d.registered_at, registered_by or "", d.due_on, clock.state, clock.days_left,
        d.closed_on, d.outcome_note, d.referred_to, d.referred_body, _parties(uow, d), mediators_of(uow, d),
        tuple(dispute_bookings(uow, d.id)), _sessions(uow, d.id), d.version)


def get_dispute(uow: UnitOfWork, *, dispute_id: int) -> DisputeDetail:
    with uow:
        _require_reader(uow)
        return _detail(uow, get_dispute_row(uow, dispute_id))


def find_dispute(uow: UnitOfWork, *, case_no: str) -> DisputeDetail:
    with uow:
        _require_reader(uow)
        d = uow.session.scalar(select(Dispute).where(Dispute.case_no == case_no.strip()))
        if d is None:
            raise NotFound(entity="dispute", key=case_no)
        return _detail(uow, d)


def registration_form(uow: UnitOfWork, *, dispute_id: int) -> RegistrationForm:
    """The data of the dispute registration form (纠纷登记表)."""
    from desktop.models import Center

    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        detail = _detail(uow, get_dispute_row(uow, dispute_id))
        center = uow.session.scalar(select(Center.name).limit(1)) or ""
        return RegistrationForm(center, detail.case_no, detail.type_name, detail.source, detail.referred_by,
                                detail.title, detail.facts, detail.matters, detail.registered_at,
                                detail.registered_by_name, detail.due_on, detail.parties,
                                tuple(m.name for m in detail.mediators))
