"""Injected time: services ask the unit of work's clock, so tests can move it."""

from __future__ import annotations

import datetime as dt


class Clock:
    """Local wall-clock time of the center (naive datetimes, as clerks read them)."""

    def now(self) -> dt.datetime:
        return dt.datetime.now().replace(microsecond=0)

    def today(self) -> dt.date:
        return self.now().date()


class FixedClock(Clock):
    """A clock that stands still until moved; for tests and demo data."""

    def __init__(self, at: dt.datetime):
        self.at = at

    def now(self) -> dt.datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at = self.at + dt.timedelta(**delta)
