"""Appointments (预约): booked for a day and a time, checked in at the kiosk with their six-digit code."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.facts import InvalidInput
from desktop.models import Appointment, Center
from desktop.services.admin.calendar import load_calendar
from desktop.services.errors import Invalid
from desktop.services.people import mask_phone
from desktop.services.permissions import Permission, require
from desktop.services.queue._common import _service
from desktop.services.queue._lookup import _get
from desktop.services.queue.dto import AppointmentInfo
from desktop.validation import check_date, check_text


def _appointment_info(uow, a: Appointment) -> AppointmentInfo:
    return AppointmentInfo(a.id, a.day, a.slot, a.code, a.service_id, _service(uow, a.service_id).name,
                           a.visitor_name, mask_phone(a.phone), a.status)


def book_appointment(uow: UnitOfWork, *, service_id: int, day: dt.date, slot: dt.time, visitor_name: str,
                     phone: str = "") -> AppointmentInfo:
    """Book a visit; the visitor gets a six-digit code to check in with at the kiosk on that day."""
    check_date("appointment_day", day)
    if isinstance(day, dt.datetime):  # a datetime passes as a date, but cannot be compared with one below
        raise InvalidInput(field="appointment_day", reason="type", expected="date")
    check_date("appointment_slot", slot, kind=dt.time)
    check_text("visitor_name", visitor_name)
    check_text("phone", phone)
    visitor_name, phone = visitor_name.strip(), phone.strip()
    with uow:
        require(uow, Permission.ISSUE_TICKET)
        service = _service(uow, service_id)
        if not service.active:
            raise Invalid(field="service_id", reason="inactive")
        if not visitor_name:
            raise Invalid(field="visitor_name", reason="empty")
        if len(visitor_name) > 40:
            raise Invalid(field="visitor_name", reason="length", maximum=40)
        if phone and (not phone.isdigit() or not 7 <= len(phone) <= 20):
            raise Invalid(field="phone", reason="format")
        now = uow.now()
        if day < now.date() or (day == now.date() and slot < now.time().replace(second=0)):
            raise Invalid(field="appointment_day", reason="past")
        if not load_calendar(uow).is_workday(day):
            raise Invalid(field="appointment_day", reason="day_off")
        center = uow.session.scalar(select(Center).limit(1))
        if center and not (center.opens_at <= slot < center.closes_at):
            raise Invalid(field="appointment_slot", reason="outside_hours")
        taken = set(uow.session.scalars(select(Appointment.code).where(Appointment.day == day)))
        code = f"{secrets.randbelow(1_000_000):06d}"
        while code in taken:
            code = f"{secrets.randbelow(1_000_000):06d}"
        uow.action = "appointment.book"
        a = Appointment(day=day, slot=slot, code=code, service_id=service.id, visitor_name=visitor_name,
                        phone=phone, status="booked", created_by=uow.actor.user_id, created_at=now)
        uow.session.add(a)
        uow.session.flush()
        info = _appointment_info(uow, a)
        uow.commit()
        return info


def cancel_appointment(uow: UnitOfWork, *, appointment_id: int) -> AppointmentInfo:
    with uow:
        require(uow, Permission.ISSUE_TICKET)
        a = _get(uow, Appointment, appointment_id, entity="appointment")
        if a.status != "booked":
            raise Invalid(field="appointment", reason=a.status)
        uow.action = "appointment.cancel"
        a.status = "cancelled"
        info = _appointment_info(uow, a)
        uow.commit()
        return info


def list_appointments(uow: UnitOfWork, *, day: dt.date) -> list[AppointmentInfo]:
    with uow:
        require(uow, Permission.ISSUE_TICKET)
        rows = uow.session.scalars(select(Appointment).where(Appointment.day == day)
                                   .order_by(Appointment.slot, Appointment.id))
        return [_appointment_info(uow, a) for a in rows]
