"""Opening hours and the booking time checks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.models import (
    Booking,
    CalendarDay,
    Center,
)
from desktop.services.admin.settings import get_setting
from desktop.services.audit import record_event
from desktop.services.errors import Invalid, InvalidInput
from desktop.services.mediation.errors import ClosedDay, OutsideOpeningHours
from desktop.services.mediation.schedule_records import MAX_BOOKING, MIN_BOOKING
from desktop.services.permissions import Permission, require

# ---------------------------------------------------------------- checks

def _check_times(uow: UnitOfWork, start: dt.datetime, end: dt.datetime) -> None:
    if end <= start:
        raise Invalid(field="end_at", reason="before_start")
    if end - start < MIN_BOOKING:
        raise Invalid(field="end_at", reason="too_brief", minimum=int(MIN_BOOKING.total_seconds() // 60))
    if end - start > MAX_BOOKING:
        raise Invalid(field="end_at", reason="too_long", maximum=int(MAX_BOOKING.total_seconds() // 3600))
    if end.date() != start.date() and end != dt.datetime.combine(start.date() + dt.timedelta(days=1), dt.time()):
        raise Invalid(field="end_at", reason="other_day")
    if end <= uow.now():
        raise Invalid(field="start_at", reason="in_past")
    days_ahead = get_setting(uow, "booking_max_days_ahead")
    if start.date() > uow.now().date() + dt.timedelta(days=days_ahead):
        raise InvalidInput(field="start_at", reason="too_far_ahead", limit=days_ahead)


def opening_hours(uow: UnitOfWork) -> tuple[dt.time, dt.time]:
    """Inside an open unit of work: the center's opening and closing time."""
    row = uow.session.execute(select(Center.opens_at, Center.closes_at).limit(1)).first()
    return (row[0], row[1]) if row else (dt.time(8, 30), dt.time(17, 30))


def hours_problem(uow: UnitOfWork, start: dt.datetime, end: dt.datetime) -> Exception | None:
    """Inside an open unit of work: why this time lies outside the center's hours, or None. The day's rule
    comes from the working-day calendar (a stored exception, else Monday to Friday)."""
    day = start.date()
    rule = uow.session.execute(select(CalendarDay.is_workday, CalendarDay.note).where(CalendarDay.day == day)).first()
    if not (rule[0] if rule is not None else day.weekday() < 5):
        return ClosedDay(day=day, note=(rule[1] if rule is not None else "") or "")
    opens_at, closes_at = opening_hours(uow)
    if start.time() < opens_at or end.date() != day or end.time() > closes_at:
        return OutsideOpeningHours(day=day, start=start, end=end, opens_at=opens_at, closes_at=closes_at)
    return None


def _apply_hours_rule(uow: UnitOfWork, start: dt.datetime, end: dt.datetime, override: bool) -> str | None:
    """Refuse a time outside opening hours or on a day off, unless an authorised user overrides the rule.
    Returns the rule the booking overrides ("opening_hours" / "closed_day"), or None."""
    problem = hours_problem(uow, start, end)
    if problem is None:
        return None
    if not override:
        raise problem
    require(uow, Permission.OVERRIDE_BOOKING_HOURS)
    return "closed_day" if isinstance(problem, ClosedDay) else "opening_hours"


def _audit_override(uow: UnitOfWork, b: Booking, rule: str | None) -> None:
    """Inside an open unit of work, after the booking is flushed: the override is an audited event of its own."""
    if rule is not None:
        record_event(uow, action="booking.override_hours", entity="booking", entity_id=b.id,
                     detail={"rule": rule, "start": b.start_at.isoformat(), "end": b.end_at.isoformat()})
