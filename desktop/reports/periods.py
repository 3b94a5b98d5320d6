"""Report periods: a day, a week (Monday to Sunday), a month, a year, or a custom range of days.

A period is a closed range of calendar days ``start``..``end``; in SQL it is the half-open range of
moments ``[start_at, end_at)`` (midnight to midnight), so an event at 23:59:59 on the last day is in and
one at 00:00 the next day is not. ``previous()`` is the period of the same kind just before: yesterday,
last week, last month, last year; a custom range gives the same number of days ending the day before.
(A report compares a day with the previous *working* day of the stored calendar instead:
desktop.reports.data.previous_period.)
Periods cross year boundaries without special cases (the week of 2026-12-28 ends on 2027-01-03).

A period that has begun but not ended (this week, this month) is reported "as of" the moment the report
is made: ``as_of(now)`` is the earlier of now and the end of the period. A period that starts after today
has no data yet; the reports service refuses it (see desktop.services.reports).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

DAY, WEEK, MONTH, YEAR, CUSTOM = "day", "week", "month", "year", "custom"
KINDS = (DAY, WEEK, MONTH, YEAR, CUSTOM)
WEEKDAYS = "一二三四五六日"
# a custom period longer than this is refused: a report over decades is a mistake, not a wish
MAX_CUSTOM_DAYS = 366 * 5


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date  # inclusive

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    # ------------------------------------------------------------ moments
    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time())

    @property
    def end_at(self) -> dt.datetime:
        """The first moment after the period (exclusive bound)."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time())

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def dates(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range(self.days)]

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def as_of(self, now: dt.datetime) -> dt.datetime:
        """The moment the figures stand at: the end of the period, or now while it is still running."""
        return min(now, self.end_at)

    def state(self, now: dt.datetime) -> str:
        """"future" (starts after today), "running" (today is inside it) or "past"."""
        if self.start > now.date():
            return "future"
        if self.end >= now.date():
            return "running"
        return "past"

    # ------------------------------------------------------------ neighbours
    def previous(self) -> Period:
        if self.kind == DAY:
            return day(self.start - dt.timedelta(days=1))
        if self.kind == WEEK:
            return week(self.start - dt.timedelta(days=7))
        if self.kind == MONTH:
            return month(self.start - dt.timedelta(days=1))
        if self.kind == YEAR:
            return year(self.start - dt.timedelta(days=1))
        end = self.start - dt.timedelta(days=1)
        return Period(CUSTOM, end - dt.timedelta(days=self.days - 1), end)

    def next(self) -> Period:
        if self.kind == DAY:
            return day(self.end + dt.timedelta(days=1))
        if self.kind in (WEEK, MONTH, YEAR):
            return of(self.kind, self.end + dt.timedelta(days=1))
        start = self.end + dt.timedelta(days=1)
        return Period(CUSTOM, start, start + dt.timedelta(days=self.days - 1))

    # ------------------------------------------------------------ words (documents are in Chinese)
    def label(self) -> str:
        """How documents name the period: 2026年11月20日（星期五）, 2026年第47周（11月16日—11月22日）, 2026年11月."""
        if self.kind == DAY:
            return f"{_d(self.start)}（星期{WEEKDAYS[self.start.weekday()]}）"
        if self.kind == WEEK:
            iso_year, iso_week, _ = self.start.isocalendar()
            return f"{iso_year}年第{iso_week}周（{_range(self.start, self.end)}）"
        if self.kind == MONTH:
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == YEAR:
            return f"{self.start.year}年"
        return _range(self.start, self.end, full=True)

    def short_label(self) -> str:
        """For column headers and chart legends: 11月20日, 第47周, 2026年11月, 2026年, 11月1日—11月15日."""
        if self.kind == DAY:
            return f"{self.start.month}月{self.start.day}日"
        if self.kind == WEEK:
            return f"第{self.start.isocalendar()[1]}周"
        return self.label()

    def slug(self) -> str:
        """For file names: 2026-11-20, 2026-W47, 2026-11, 2026, 2026-11-01_2026-11-15."""
        if self.kind == DAY:
            return self.start.isoformat()
        if self.kind == WEEK:
            iso_year, iso_week, _ = self.start.isocalendar()
            return f"{iso_year}-W{iso_week:02d}"
        if self.kind == MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == YEAR:
            return str(self.start.year)
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def _d(day_: dt.date) -> str:
    return f"{day_.year}年{day_.month}月{day_.day}日"


def _range(start: dt.date, end: dt.date, *, full: bool = False) -> str:
    if full or start.year != end.year:
        return f"{_d(start)}—{_d(end)}"
    return f"{start.month}月{start.day}日—{end.month}月{end.day}日"


def day(d: dt.date) -> Period:
    return Period(DAY, d, d)


def week(d: dt.date) -> Period:
    """The Monday-to-Sunday week that contains ``d``."""
    start = d - dt.timedelta(days=d.weekday())
    return Period(WEEK, start, start + dt.timedelta(days=6))


def month(d: dt.date) -> Period:
    last = calendar.monthrange(d.year, d.month)[1]
    return Period(MONTH, d.replace(day=1), d.replace(day=last))


def year(d: dt.date) -> Period:
    return Period(YEAR, dt.date(d.year, 1, 1), dt.date(d.year, 12, 31))


def custom(start: dt.date, end: dt.date) -> Period:
    return Period(CUSTOM, start, end)


def of(kind: str, d: dt.date, end: dt.date | None = None) -> Period:
    """The period of ``kind`` containing ``d``; a custom period runs from ``d`` to ``end``."""
    if kind == CUSTOM:
        if end is None:
            raise ValueError("a custom period needs an end")
        return custom(d, end)
    return {DAY: day, WEEK: week, MONTH: month, YEAR: year}[kind](d)


def buckets(period: Period) -> str:
    """The time unit a trend over ``period`` is drawn in: hours of one day, days, or months."""
    if period.days == 1:
        return "hour"
    if period.days <= 62:
        return "day"
    return "month"
