"""The hall on days off: what kind of day it is (working day, make-up day, holiday, weekend) and whether the
hall issues tickets, with its hours and the next day it opens."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.models import CalendarDay, Center
from desktop.services.admin.settings import get_setting
from desktop.services.workdays import WorkCalendar


@dataclass(frozen=True)
class HallDay:
    day: dt.date
    kind: str  # workday / makeup / holiday / weekend
    note: str  # the holiday (春节), or the make-up day's note
    is_open: bool  # tickets are issued (during opening hours)
    staffed: bool  # a day off the center opens anyway (setting hall_open_on_days_off)
    opens_at: dt.time
    closes_at: dt.time
    next_open: dt.date  # the next day the hall opens (``day`` itself when open)


def day_kind(calendar: WorkCalendar, notes: dict[dt.date, str], day: dt.date) -> tuple[str, str]:
    """(kind, note) of a day: workday / makeup / holiday / weekend. A weekend inside a holiday (the Sunday
    that starts the Spring Festival) takes the holiday's name from the stored days around it."""
    weekend = day.weekday() >= 5
    if calendar.is_workday(day):
        return ("makeup" if weekend else "workday"), notes.get(day, "")
    if not weekend or notes.get(day):
        return "holiday", notes.get(day, "")
    for step in (-1, 1):
        other = day + dt.timedelta(days=step)
        while not calendar.is_workday(other):
            if other.weekday() < 5 or notes.get(other):
                return "holiday", notes.get(other, "")
            other += dt.timedelta(days=step)
    return "weekend", ""


def hall_status(uow: UnitOfWork, day: dt.date) -> HallDay:
    """Inside an open unit of work: whether the hall issues tickets on ``day``. A make-up working day opens
    with the hours of a weekday; a day off only when the setting says the holiday is staffed."""
    first, last = day - dt.timedelta(days=14), day + dt.timedelta(days=30)
    rows = uow.session.execute(select(CalendarDay.day, CalendarDay.is_workday, CalendarDay.note).where(
        CalendarDay.day >= first, CalendarDay.day <= last)).all()
    calendar = WorkCalendar({d: w for d, w, _ in rows})
    notes = {d: n for d, _, n in rows if n}
    kind, note = day_kind(calendar, notes, day)
    staffed = kind in ("holiday", "weekend") and bool(get_setting(uow, "hall_open_on_days_off"))
    center = uow.session.execute(select(Center.opens_at, Center.closes_at).limit(1)).first()
    opens, closes = center if center else (dt.time(8, 30), dt.time(17, 30))
    is_open = kind in ("workday", "makeup") or staffed
    next_open = day if is_open else calendar.next_workday(day)
    return HallDay(day, kind, note, is_open, staffed, opens, closes, next_open)


def hall_day(uow: UnitOfWork, *, day: dt.date | None = None) -> HallDay:
    """Whether the hall issues tickets today (or on ``day``), and why not."""
    with uow:
        return hall_status(uow, day or uow.now().date())
