"""The calendar's figure for the daily brief (一日一快报): open petitions whose running deadline falls in a year
whose holidays are not official yet (``calendar_year``), so the date is counted with weekends only and may move
when the State Council's notice is imported. Counted as the calendar and the cases stand when the report is made
(a provisional year is a fact of today, not of the period)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import and_, or_, select

from desktop.models import CalendarYear, Department, Petition
from desktop.reports.data import Dataset, loader
from desktop.reports.figures import DATE, INT, TEXT, Col, Figure, frame, register

OPEN_STATUSES = ("registered", "assigned", "objected", "met", "handling")  # not yet concluded


@loader("calendar_years")
def load_official_years(ds: Dataset) -> pd.DataFrame:
    y = CalendarYear.__table__.c
    return ds.rows(select(y.year).where(y.status == "official"), ["year"])


def provisional_years(ds: Dataset) -> list[int]:
    """This year and next (and last) whose holidays are not official; years before the calendar's first
    official year are not counted (as desktop.services.admin.calendar.Coverage)."""
    official = {int(v) for v in ds.table("calendar_years")["year"]}
    today = ds.today
    return [y for y in range(today.year - 1, today.year + 2)
            if y not in official and (not official or y > min(official))]


def _cases(ds: Dataset) -> pd.DataFrame:
    years = provisional_years(ds)
    cols = ["case_no", "department", "due_on"]
    if not years:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    p = Petition.__table__.c
    d = Department.__table__.c
    in_years = or_(*[and_(p.due_on >= dt.date(y, 1, 1), p.due_on < dt.date(y + 1, 1, 1)) for y in years])
    df = ds.rows(select(p.case_no, d.name, p.due_on).select_from(Petition.__table__.outerjoin(
        Department.__table__, d.id == p.department_id)).where(p.status.in_(OPEN_STATUSES), in_years)
        .order_by(p.due_on, p.id), cols, dates=("due_on",))
    df["department"] = df["department"].fillna("中心（未交办）")
    return df


def _provisional(ds: Dataset) -> pd.DataFrame:
    """The provisional years that matter today: this year if it is one, and each year an open deadline falls in
    (next year is always provisional until its notice, but says nothing before a deadline reaches it)."""
    cases = _cases(ds)
    years = sorted({y for y in provisional_years(ds) if y <= ds.today.year} | {d.year for d in cases["due_on"]})
    return frame([{"years": "、".join(f"{y}年" for y in years) if years else "无（均为正式日历）",
                   "deadlines": len(cases)}], PROVISIONAL)


def _records(ds: Dataset, _row, _column) -> pd.DataFrame:
    return _cases(ds)


PROVISIONAL = register(Figure(
    "calendar.provisional", "calendar", "临时日历期限提示",
    (Col("years", "临时日历年份", TEXT, 16), Col("deadlines", "期限待定的在办信访事项", INT)),
    _provisional, scalar=True, records=_records,
    record_columns=(Col("case_no", "案号", TEXT, 22), Col("department", "责任单位", TEXT, 14),
                    Col("due_on", "当前期限", DATE)),
    drill_columns=frozenset({"deadlines"}),
    note="临时日历年份尚未导入国务院办公厅节假日安排通知，只按周末计算工作日；这些期限在导入通知后重新计算，日期"
         "可能变动。按出具报告时的日历和案件状态统计。",
))
