"""The period of a report: the one of a kind containing a day, refused when malformed or in the future, and
described for the screens."""

from __future__ import annotations

import datetime as dt

from desktop.reports import periods, standard
from desktop.reports.periods import Period
from desktop.services.errors import Invalid
from desktop.services.reports.dto import PeriodInfo
from desktop.services.reports.errors import PeriodInFuture

PERIOD_KINDS = periods.KINDS
period_of = periods.of  # the day, week (Monday to Sunday), month or year containing a day: for period pickers


def resolve_period(kind: str, day: dt.date, end: dt.date | None = None, *, today: dt.date) -> Period:
    """The period of ``kind`` containing ``day`` (custom: ``day``..``end``), refused when it starts after
    ``today`` or is malformed."""
    if kind not in PERIOD_KINDS:
        raise Invalid(field="period", reason="unknown", value=kind)
    if kind == periods.CUSTOM:
        if end is None:
            raise Invalid(field="period", reason="empty")
        if end < day:
            raise Invalid(field="period", reason="order", start=day, end=end)
        if (end - day).days + 1 > periods.MAX_CUSTOM_DAYS:
            raise Invalid(field="period", reason="too_long", maximum=periods.MAX_CUSTOM_DAYS)
    period = periods.of(kind, day, end)
    if period.start > today:
        raise PeriodInFuture(start=period.start, today=today)
    return period


def period_info(period: Period, now: dt.datetime, prev: Period | None = None,
                 prev_as_of: dt.datetime | None = None) -> PeriodInfo:
    prev = prev or period.previous()
    return PeriodInfo(period.kind, period.start, period.end, period.label(), period.short_label(), prev.start,
                      prev.end, prev.label(), period.as_of(now), period.state(now) == "running",
                      prev_as_of or prev.end_at)


def default_period_kind(report_kind: str) -> str:
    return standard.PERIOD_OF[report_kind]
