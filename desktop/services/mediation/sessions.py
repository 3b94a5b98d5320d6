"""Mediation sessions (调解笔录): record, correct and read them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.models import (
    Booking,
    BookingMediator,
    MediationSession,
    Mediator,
    Room,
)
from desktop.models.mediation import (
    IN_MEDIATION,
    OPEN_STATES,
    REGISTERED,
    SCHEDULED,
)
from desktop.services.errors import Invalid, NotFound
from desktop.services.mediation._access import _get_row, _require_reader, get_dispute_row
from desktop.services.mediation.booking_changes import mark_held
from desktop.services.mediation.errors import WrongState
from desktop.services.mediation.parties import mediators_of
from desktop.services.mediation.records import SessionInfo
from desktop.services.permissions import Permission, require

# ---------------------------------------------------------------- reading

def _sessions(uow: UnitOfWork, dispute_id: int) -> tuple[SessionInfo, ...]:
    rows = uow.session.scalars(select(MediationSession).where(MediationSession.dispute_id == dispute_id)
                               .order_by(MediationSession.started_at, MediationSession.id))
    return tuple(_session_info(s) for s in rows)


def _session_info(s: MediationSession) -> SessionInfo:
    return SessionInfo(s.id, s.dispute_id, s.booking_id, s.started_at, s.ended_at, s.place, s.mediator_names,
                       s.attendees, s.recorder, s.content, s.created_at, s.updated_at)


# ---------------------------------------------------------------- sessions and records

def _check_session(uow: UnitOfWork, started_at: dt.datetime, ended_at: dt.datetime, attendees: str, recorder: str,
                   content: str) -> None:
    if ended_at <= started_at:
        raise Invalid(field="ended_at", reason="before_start")
    if started_at > uow.now():
        raise Invalid(field="started_at", reason="in_future")
    if not attendees.strip():
        raise Invalid(field="attendees", reason="empty")
    if not recorder.strip():
        raise Invalid(field="recorder", reason="empty")
    if not content.strip():
        raise Invalid(field="content", reason="empty")


def record_session(uow: UnitOfWork, *, dispute_id: int, started_at: dt.datetime, ended_at: dt.datetime, attendees: str,
                   recorder: str, content: str, booking_id: int | None = None, place: str = "",
                   mediator_names: str = "") -> SessionInfo:
    """The record (调解笔录) of a session that took place. With ``booking_id`` the booking becomes held;
    place and mediators default to the booking's. The dispute is then in mediation."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        d = get_dispute_row(uow, dispute_id)
        if d.state not in OPEN_STATES:
            raise WrongState(entity="dispute", key=d.case_no, state=d.state, action="record_session")
        _check_session(uow, started_at, ended_at, attendees, recorder, content)
        uow.action = "session.record"
        if booking_id is not None:
            b = uow.session.get(Booking, booking_id)
            if b is None or b.dispute_id != d.id:
                raise NotFound(entity="booking", key=booking_id)
            if uow.session.scalar(select(MediationSession.id).where(MediationSession.booking_id == b.id)):
                raise WrongState(entity="booking", key=b.id, state="recorded", action="record_session")
            mark_held(uow, b)
            place = place.strip() or uow.session.scalar(select(Room.name).where(Room.id == b.room_id))
            if not mediator_names.strip():
                mediator_names = "、".join(uow.session.scalars(
                    select(Mediator.name).join(BookingMediator, BookingMediator.mediator_id == Mediator.id)
                    .where(BookingMediator.booking_id == b.id).order_by(Mediator.name)))
        if not place.strip():
            raise Invalid(field="place", reason="empty")
        if not mediator_names.strip():
            mediator_names = "、".join(m.name for m in mediators_of(uow, d))
        now = uow.now()
        s = MediationSession(dispute_id=d.id, booking_id=booking_id, started_at=started_at, ended_at=ended_at,
                             place=place.strip()[:100], mediator_names=mediator_names.strip()[:200],
                             attendees=attendees.strip(), recorder=recorder.strip()[:40], content=content.strip(),
                             created_by=uow.actor.user_id, created_at=now, updated_at=now)
        uow.session.add(s)
        if d.state in (REGISTERED, SCHEDULED):
            d.state, d.updated_at = IN_MEDIATION, now
        uow.session.flush()
        info = _session_info(s)
        uow.commit()
        return info


def update_session(uow: UnitOfWork, *, session_id: int, started_at: dt.datetime, ended_at: dt.datetime, place: str,
                   mediator_names: str, attendees: str, recorder: str, content: str) -> SessionInfo:
    """Correct a session record while its dispute is open (the audit log keeps what it said before)."""
    with uow:
        require(uow, Permission.MANAGE_DISPUTES)
        s = _get_row(uow, MediationSession, session_id, "mediation_session")
        d = get_dispute_row(uow, s.dispute_id)
        if d.state not in OPEN_STATES:
            raise WrongState(entity="dispute", key=d.case_no, state=d.state, action="record_session")
        _check_session(uow, started_at, ended_at, attendees, recorder, content)
        if not place.strip():
            raise Invalid(field="place", reason="empty")
        uow.action = "session.update"
        s.started_at, s.ended_at, s.place = started_at, ended_at, place.strip()[:100]
        s.mediator_names, s.attendees = mediator_names.strip()[:200], attendees.strip()
        s.recorder, s.content, s.updated_at = recorder.strip()[:40], content.strip(), uow.now()
        info = _session_info(s)
        uow.commit()
        return info


def get_session(uow: UnitOfWork, *, session_id: int) -> SessionInfo:
    with uow:
        _require_reader(uow)
        s = _get_row(uow, MediationSession, session_id, "mediation_session")
        return _session_info(s)
