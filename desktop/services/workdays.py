"""Working-day arithmetic over a loaded set of calendar exceptions (pure: no database, no settings).

Kept apart from desktop.services.admin.calendar so the statutory clock (desktop.services.deadlines) can count days
without importing the calendar service, which in turn recomputes deadlines when a day changes."""

from __future__ import annotations

import datetime as dt


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

    def with_days(self, changes: dict[dt.date, bool]) -> WorkCalendar:
        """This calendar with some days set otherwise (a preview of an edit)."""
        return WorkCalendar({**self.exceptions, **changes})
