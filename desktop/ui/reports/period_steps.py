"""The periods of the Reports area's bar: their kinds, the standard report each one offers, and stepping to the
previous or next period of the same kind."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate

KINDS = ("day", "week", "month", "year", "custom")
REPORT_FOR = {"day": "daily", "week": "weekly", "month": "monthly", "year": "yearly", "custom": "monthly"}


def to_date(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def to_qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def shifted(kind: str, day: dt.date, end: dt.date, step: int) -> tuple[dt.date, dt.date]:
    """The same kind of period ``step`` periods later (earlier when negative)."""
    if kind == "day":
        return day + dt.timedelta(days=step), end
    if kind == "week":
        return day + dt.timedelta(days=7 * step), end
    if kind == "month":
        month = day.month - 1 + step
        year = day.year + month // 12
        return dt.date(year, month % 12 + 1, 1), end
    if kind == "year":
        return dt.date(day.year + step, 1, 1), end
    length = (end - day).days + 1
    return day + dt.timedelta(days=length * step), end + dt.timedelta(days=length * step)
