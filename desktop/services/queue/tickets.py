"""Issuing tickets (取号): the next number of a service today, or an appointment's check-in. The kiosk's
refusals for services nobody serves are in ``kiosk``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, insert, select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.db import UnitOfWork
from desktop.models import Appointment, Center, QueueService, Ticket, TicketCounter
from desktop.models.queue import RANK_APPOINTMENT, RANK_NORMAL, RANK_PRIORITY, WAITING
from desktop.services.admin.calendar_hall import hall_status
from desktop.services.admin.settings import get_setting
from desktop.services.errors import Invalid
from desktop.services.people import mask_name
from desktop.services.permissions import Permission, require
from desktop.services.queue._common import _T, MAX_SEQ, _info, _service, log_event, queue_order
from desktop.services.queue.dto import IssuedTicket
from desktop.services.queue.errors import (
    AppointmentUnknown,
    AppointmentUsed,
    DailyNumbersExhausted,
    HallClosed,
    OutsideOpeningHours,
)


def _check_open(uow, now: dt.datetime) -> None:
    if get_setting(uow, "queue_issue_outside_hours"):
        return
    center = uow.session.execute(select(Center.opens_at, Center.closes_at).limit(1)).first()
    hall = hall_status(uow, now.date())  # a make-up working day opens like a weekday; a day off says why
    opens, closes = hall.opens_at, hall.closes_at
    if not hall.is_open:
        raise HallClosed(opens_at=opens, closes_at=closes, workday=False, day=hall.day, kind=hall.kind,
                         note=hall.note, next_open=hall.next_open)
    if center is None or not (opens <= now.time() < closes):
        raise OutsideOpeningHours(opens_at=opens, closes_at=closes, workday=hall.kind in ("workday", "makeup"))


def _next_seq(uow, day: dt.date, service_id: int) -> int:
    ins = pg_insert if uow.kind == "postgresql" else sqlite_insert
    c = TicketCounter.__table__.c
    stmt = ins(TicketCounter.__table__).values(day=day, service_id=service_id, last_seq=1)
    stmt = stmt.on_conflict_do_update(index_elements=[c.day, c.service_id],
                                      set_={"last_seq": c.last_seq + 1}).returning(c.last_seq)
    return uow.session.execute(stmt).scalar_one()


def _new_ticket(uow, service: QueueService, *, priority: bool, appointment: Appointment | None) -> dict:
    now = uow.now()
    _check_open(uow, now)
    if not service.active:
        raise Invalid(field="service_id", reason="inactive")
    seq = _next_seq(uow, now.date(), service.id)
    if seq > MAX_SEQ:
        raise DailyNumbersExhausted(letter=service.letter)
    order = queue_order(now)
    rank = RANK_APPOINTMENT if appointment else RANK_PRIORITY if priority else RANK_NORMAL
    values = dict(day=now.date(), service_id=service.id, issued_service_id=service.id, seq=seq,
                  number=f"{service.letter}{seq:03d}", priority=priority,
                  appointment_id=appointment.id if appointment else None,
                  visitor_name=appointment.visitor_name if appointment else "", status=WAITING, rank=rank,
                  queue_order=order, issued_order=order, target_window_id=None, window_id=None, clerk_id=None,
                  issued_at=now, first_called_at=None, last_called_at=None, call_count=0, started_at=None,
                  finished_at=None, record="", case_kind=None, case_id=None, rating=None, rated_at=None)
    ticket_id = uow.session.execute(insert(_T).values(**values).returning(_T.c.id)).scalar_one()
    return {**values, "id": ticket_id, "service_letter": service.letter, "service_name": service.name}


def _waiting_ahead(uow, t: dict) -> int:
    c = _T.c
    return uow.session.scalar(select(func.count()).where(
        c.day == t["day"], c.status == WAITING, c.service_id == t["service_id"],
        tuple_(c.rank, c.queue_order, c.id) < tuple_(t["rank"], t["queue_order"], t["id"]))) or 0


# ---------------------------------------------------------------- issuing

def issue_ticket(uow: UnitOfWork, *, service_id: int, priority: bool = False) -> IssuedTicket:
    """The kiosk (or a clerk for a visitor): the next number of ``service_id`` today."""
    with uow:
        require(uow, Permission.ISSUE_TICKET)
        t = _new_ticket(uow, _service(uow, service_id), priority=priority, appointment=None)
        ahead = _waiting_ahead(uow, t)
        log_event(uow, "issued", ticket=t, detail={"priority": priority, "ahead": ahead})
        info = _info(uow, t)
        uow.commit()
        return IssuedTicket(info, ahead)


def check_in_appointment(uow: UnitOfWork, *, code: str) -> IssuedTicket:
    """A visitor with an appointment today checks in with its code and joins the front of the service."""
    code = (code or "").strip()
    with uow:
        require(uow, Permission.ISSUE_TICKET)
        today = uow.now().date()
        appointment = uow.session.scalar(select(Appointment).where(
            Appointment.day == today, Appointment.code == code).with_for_update())
        if appointment is None or appointment.status == "cancelled":
            raise AppointmentUnknown(code=code)
        if appointment.status == "checked_in":
            number = uow.session.scalar(select(Ticket.number).where(Ticket.appointment_id == appointment.id))
            raise AppointmentUsed(code=code, number=number or "")
        uow.action = "appointment.check_in"
        t = _new_ticket(uow, _service(uow, appointment.service_id), priority=False, appointment=appointment)
        appointment.status = "checked_in"
        ahead = _waiting_ahead(uow, t)
        log_event(uow, "issued", ticket=t, detail={"appointment": True, "ahead": ahead,
                                                   "name": mask_name(appointment.visitor_name)})
        info = _info(uow, t)
        uow.commit()
        return IssuedTicket(info, ahead)
