"""The working-day calendar: Monday–Friday, except the stored exceptions (public holidays on weekdays,
make-up working days on weekends). Seeded from the official data in ``chinesecalendar``; editable per
day because each year's dates are published late."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from desktop.models import CalendarDay
from desktop.services.permissions import Permission, require

HOLIDAY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


@dataclass(frozen=True)
class DayRule:
    day: dt.date
    is_workday: bool
    note: str


class WorkCalendar:
    """Answers working-day questions from a loaded set of exceptions (no query per day)."""

    def __init__(self, exceptions: dict[dt.date, bool]):
        self.exceptions = exceptions

    def is_workday(self, day: dt.date) -> bool:
        if day in self.exceptions:
            return self.exceptions[day]
        return day.weekday() < 5

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (``start`` itself is not counted)."""
        day = start
        while n > 0:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                n -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``."""
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_workday(day)
        return count

    def next_workday(self, day: dt.date) -> dt.date:
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day


def load_calendar(uow) -> WorkCalendar:
    """Inside an open unit of work: the calendar with every stored exception."""
    rows = uow.session.execute(select(CalendarDay.day, CalendarDay.is_workday))
    return WorkCalendar({d: w for d, w in rows})


def official_exceptions() -> list[DayRule]:
    """Every official holiday on a weekday and make-up working day known to chinesecalendar."""
    from chinese_calendar.constants import holidays, workdays

    rules = [DayRule(d, False, HOLIDAY_NAMES.get(name, name)) for d, name in holidays.items() if d.weekday() < 5]
    rules += [DayRule(d, True, "调休上班（" + HOLIDAY_NAMES.get(name, name) + "）")
              for d, name in workdays.items()]
    return sorted(rules, key=lambda r: r.day)


def seed_calendar(uow, *, since_year: int) -> int:
    """Inside an open unit of work: store official exceptions from ``since_year`` on; returns how many."""
    existing = set(uow.session.scalars(select(CalendarDay.day)))
    added = 0
    for rule in official_exceptions():
        if rule.day.year >= since_year and rule.day not in existing:
            uow.session.add(CalendarDay(day=rule.day, is_workday=rule.is_workday, note=rule.note))
            added += 1
    return added


def month_days(uow, *, year: int, month: int) -> list[DayRule]:
    """Every day of a month with whether it is worked, for the calendar screen."""
    with uow:
        first = dt.date(year, month, 1)
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        stored = {r.day: r for r in uow.session.scalars(
            select(CalendarDay).where(CalendarDay.day >= first, CalendarDay.day < nxt))}
        out, day = [], first
        while day < nxt:
            row = stored.get(day)
            out.append(DayRule(day, row.is_workday, row.note) if row else DayRule(day, day.weekday() < 5, ""))
            day += dt.timedelta(days=1)
        return out


def set_day(uow, *, day: dt.date, is_workday: bool, note: str = "") -> None:
    """Make ``day`` a working day or a day off. A day set back to its weekday default is not stored."""
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        uow.action = "calendar.set_day"
        row = uow.session.get(CalendarDay, day)
        default = day.weekday() < 5
        if is_workday == default and not note:
            if row is not None:
                uow.session.delete(row)
        elif row is None:
            uow.session.add(CalendarDay(day=day, is_workday=is_workday, note=note))
        else:
            row.is_workday, row.note = is_workday, note
        uow.commit()


def import_official(uow, *, since_year: int) -> int:
    """Add official holidays the calendar does not have yet (a newer chinesecalendar brings a new year)."""
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        uow.action = "calendar.import_official"
        added = seed_calendar(uow, since_year=since_year)
        uow.commit()
        return added
