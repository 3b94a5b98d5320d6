"""The stored calendar (tables calendar_day and calendar_year), inside an open unit of work unless a function
opens its own: the days and their exceptions, a month for the calendar screen, setting days, and the years
recorded as official (desktop.services.admin.calendar builds its changes on these)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.models import CalendarDay, CalendarYear
from desktop.services.admin.calendar_types import OFFICIAL, Coverage, DayChange, DayRule, YearCoverage
from desktop.services.workdays import WorkCalendar


def load_calendar(uow: UnitOfWork) -> WorkCalendar:
    """Inside an open unit of work: the calendar with every stored exception."""
    rows = uow.session.execute(select(CalendarDay.day, CalendarDay.is_workday))
    return WorkCalendar({d: w for d, w in rows})


def load_coverage(uow: UnitOfWork) -> Coverage:
    """Inside an open unit of work: the official years."""
    return Coverage(frozenset(uow.session.scalars(select(CalendarYear.year).where(CalendarYear.status == OFFICIAL))))


def _actor_name(uow) -> str:
    return (uow.actor.full_name or uow.actor.username)[:40]


def set_official(uow: UnitOfWork, year: int, source: str, detail: str) -> None:
    row = uow.session.get(CalendarYear, year)
    values = {"status": OFFICIAL, "source": source, "source_detail": detail[:200], "imported_at": uow.now(),
              "imported_by": _actor_name(uow)}
    if row is None:
        uow.session.add(CalendarYear(year=year, **values))
    else:
        for key, value in values.items():
            setattr(row, key, value)


def coverage_of(uow: UnitOfWork, year: int, known: frozenset[int]) -> YearCoverage:
    row = uow.session.get(CalendarYear, year)
    if row is None or row.status != OFFICIAL:
        return YearCoverage(year, False, "", "", None, "", year in known)
    return YearCoverage(year, True, row.source, row.source_detail, row.imported_at, row.imported_by, year in known)


def month_days(uow: UnitOfWork, *, year: int, month: int) -> list[DayRule]:
    """Every day of a month with whether it is worked, for the calendar screen."""
    with uow:
        first = dt.date(year, month, 1)
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        return stored_days(uow, first, nxt - dt.timedelta(days=1))


def stored_days(uow: UnitOfWork, first: dt.date, last: dt.date) -> list[DayRule]:
    """Every day from ``first`` to ``last``: its stored exception, else its weekday default."""
    stored = {r.day: r for r in uow.session.scalars(
        select(CalendarDay).where(CalendarDay.day >= first, CalendarDay.day <= last))}
    out, day = [], first
    while day <= last:
        row = stored.get(day)
        out.append(DayRule(day, row.is_workday, row.note) if row else DayRule(day, day.weekday() < 5, ""))
        day += dt.timedelta(days=1)
    return out


def apply_days(uow: UnitOfWork, wanted: dict[dt.date, tuple[bool, str]]) -> list[DayChange]:
    """Inside an open unit of work: set each day; a day back at its weekday default without a note is not
    stored. Returns the days that changed."""
    if not wanted:
        return []
    stored = {r.day: r for r in uow.session.scalars(select(CalendarDay).where(CalendarDay.day.in_(list(wanted))))}
    changed = []
    for day in sorted(wanted):
        is_workday, note = wanted[day]
        note = (note or "").strip()[:60]
        row = stored.get(day)
        default = day.weekday() < 5
        old = (row.is_workday, row.note) if row else (default, "")
        if old == (is_workday, note):
            continue
        if is_workday == default and not note:
            if row is not None:
                uow.session.delete(row)
        elif row is None:
            uow.session.add(CalendarDay(day=day, is_workday=is_workday, note=note))
        else:
            row.is_workday, row.note = is_workday, note
        changed.append(DayChange(day, old[0], old[1], is_workday, note))
    uow.session.flush()
    return changed
