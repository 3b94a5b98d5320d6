"""The standard reports: 一日一快报 (daily brief), 一周一通报 (weekly bulletin), the monthly report and the
yearly report. Each is a list of sections, one figure each (with an optional chart), built for one period
from one :class:`~desktop.reports.data.Dataset`; the Excel and PDF writers lay out the same frames.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy.engine import Connection

from desktop.reports import data, periods
from desktop.reports.data import Dataset
from desktop.reports.figures import Figure, figure, value
from desktop.reports.periods import Period

DAILY, WEEKLY, MONTHLY, YEARLY = "daily", "weekly", "monthly", "yearly"
REPORT_KINDS = (DAILY, WEEKLY, MONTHLY, YEARLY)
PERIOD_OF = {DAILY: periods.DAY, WEEKLY: periods.WEEK, MONTHLY: periods.MONTH, YEARLY: periods.YEAR}


@dataclass(frozen=True)
class Chart:
    kind: str  # "bar" (vertical bars), "hbar" (horizontal bars), "line"
    label: str  # the column giving each bar's label
    series: tuple[str, ...]  # numeric columns drawn
    title: str
    skip_zero: bool = False  # leave out rows whose series are all 0 (long lists such as departments)


@dataclass(frozen=True)
class Section:
    key: str  # the sheet's name in English-free ASCII for tests; the title names it for people
    title: str  # Chinese: the heading in the PDF and the sheet name in Excel (at most 31 characters)
    figure: str
    chart: Chart | None = None
    own_page: bool = False  # printed on its own page (the 督办单)
    skip_zero_rows: bool = False  # the PDF leaves out rows whose numbers are all 0 (the workbook keeps them)
    # the PDF prints only the rows this keeps, and says how many it left out (the workbook has them all)
    pdf_rows: Callable[[pd.DataFrame], pd.Series] | None = None
    pdf_omitted: str = ""  # "{n}" is the number of rows left out


@dataclass(frozen=True)
class ReportSpec:
    kind: str
    title: str
    sections: tuple[Section, ...]

    @property
    def period_kind(self) -> str:
        return PERIOD_OF[self.kind]


S = Section
SUMMARY = S("summary", "主要指标", "summary.compare")
BY_HOUR = S("hours", "分时段排队情况", "queue.by_hour",
            Chart("bar", "hour", ("visitors",), "各时段取号人数"))
WAITS_BY_HOUR = S("hours", "分时段排队情况", "queue.by_hour",
                  Chart("bar", "hour", ("wait_avg_min", "wait_p90_min"), "各时段等候时间（分钟）"))
BY_WINDOW = S("windows", "各窗口接待情况", "queue.by_window",
              Chart("bar", "window_no", ("served",), "各窗口办结人数"))
BY_SERVICE = S("services", "各事项排队情况", "queue.by_service")
DAILY_QUEUE = S("days", "每日排队情况", "queue.daily", Chart("line", "day", ("visitors", "served"), "每日取号与办结人数"))
SATISFACTION = S("satisfaction", "各窗口好差评", "satisfaction.by_window", skip_zero_rows=True)
LEVELS = S("levels", "评价等级分布", "satisfaction.by_level")
BAD = S("bad_ratings", "差评及回访情况", "satisfaction.bad",
        pdf_rows=lambda df: df["follow_up"] != "已回访", pdf_omitted="已回访的{n}条差评从略，详见Excel报表。")
DEPARTMENTS = S("departments", "各责任单位信访办理情况", "petitions.by_department",
                Chart("hbar", "department", ("concluded", "overdue"), "各单位办结与超期件数", skip_zero=True),
                skip_zero_rows=True)
SOURCES = S("sources", "信访来源", "petitions.by_source")
FLOW = S("flow", "案件收结情况", "cases.flow",
         Chart("line", "bucket", ("petitions_received", "petitions_concluded", "disputes_received",
                                  "disputes_concluded"), "信访与纠纷收结"))
DISPUTE_TYPES = S("dispute_types", "矛盾纠纷分类调解情况", "mediation.by_type", skip_zero_rows=True)
ROOMS = S("rooms", "调解室使用情况", "mediation.rooms")
VILLAGES = S("villages", "村（社区）热点", "hotspots.by_village")
GRIDS = S("grids", "网格热点", "hotspots.by_grid")
CATEGORIES = S("categories", "信访热点事项（前十）", "hotspots.top_categories",
               Chart("hbar", "category", ("count", "previous"), "热点事项本期与上期"))
OVERDUE = S("overdue", "超期事项督办单", "petitions.overdue", own_page=True)
OVERDUE_SUMMARY = S("overdue_departments", "各单位超期事项", "petitions.overdue_by_department")
PROVISIONAL = S("provisional", "临时日历期限提示", "calendar.provisional")
MATTERS = S("matters", "一案一码事项概况", "matters.summary")
MATTER_KINDS = S("matter_kinds", "各类事项登记办理情况", "matters.by_kind")
MATTER_ROUTES = S("matter_routes", "事项路线分布", "matters.by_route", skip_zero_rows=True)

SPECS: dict[str, ReportSpec] = {
    DAILY: ReportSpec(DAILY, "一日一快报", (
        SUMMARY, BY_HOUR, BY_WINDOW, BAD, DISPUTE_TYPES, MATTERS, MATTER_KINDS, MATTER_ROUTES, OVERDUE_SUMMARY,
        PROVISIONAL)),
    WEEKLY: ReportSpec(WEEKLY, "一周一通报", (
        SUMMARY, DAILY_QUEUE, BY_WINDOW, BY_SERVICE, SATISFACTION, BAD, DEPARTMENTS, FLOW, DISPUTE_TYPES, ROOMS,
        MATTERS, MATTER_KINDS, MATTER_ROUTES, VILLAGES, CATEGORIES, OVERDUE)),
    MONTHLY: ReportSpec(MONTHLY, "月度工作报告", (
        SUMMARY, DAILY_QUEUE, WAITS_BY_HOUR, BY_WINDOW, BY_SERVICE, SATISFACTION, LEVELS, BAD, DEPARTMENTS, SOURCES,
        FLOW, DISPUTE_TYPES, ROOMS, VILLAGES, GRIDS, CATEGORIES, OVERDUE)),
    YEARLY: ReportSpec(YEARLY, "年度工作报告", (
        SUMMARY, FLOW, WAITS_BY_HOUR, BY_WINDOW, BY_SERVICE, SATISFACTION, LEVELS, BAD, DEPARTMENTS, SOURCES,
        DISPUTE_TYPES, ROOMS, VILLAGES, GRIDS, CATEGORIES, OVERDUE)),
}


@dataclass
class Report:
    spec: ReportSpec
    period: Period
    as_of: dt.datetime
    generated_at: dt.datetime
    center_name: str
    previous: Period | None = None
    previous_as_of: dt.datetime | None = None
    sections: list[tuple[Section, Figure, pd.DataFrame]] = field(default_factory=list)
    empty: bool = False

    @property
    def title(self) -> str:
        return self.spec.title

    def frame(self, key: str) -> pd.DataFrame:
        for section, _fig, df in self.sections:
            if section.key == key:
                return df
        raise KeyError(key)

    def file_name(self, fmt: str) -> str:
        return f"{self.spec.title}-{self.period.slug()}.{fmt}"

    @property
    def previous_text(self) -> str:
        """The period compared with: the whole previous period, or its same span while this one runs (同期)."""
        prev = self.previous
        if self.previous_as_of is None or self.previous_as_of >= prev.end_at:
            return prev.label()
        a = self.previous_as_of
        return f"{prev.label()}同期（截至{a.month}月{a.day}日{a.hour:02d}:{a.minute:02d}）"

    @property
    def as_of_text(self) -> str:
        if self.as_of >= self.period.end_at:
            return f"统计截至{self.period.end.year}年{self.period.end.month}月{self.period.end.day}日"
        a = self.as_of
        return f"统计截至{a.year}年{a.month}月{a.day}日{a.hour:02d}:{a.minute:02d}（本期尚未结束）"


# the key figures whose all being zero means the period had no business at all
_ACTIVITY = (("queue.summary", "visitors"), ("petitions.summary", "received"), ("petitions.summary", "concluded"),
             ("petitions.summary", "open"), ("petitions.summary", "overdue"), ("mediation.summary", "received"),
             ("mediation.summary", "concluded"), ("mediation.summary", "open"), ("mediation.summary", "sessions"),
             ("matters.summary", "registered"), ("matters.summary", "closed"))


def is_empty(ds: Dataset) -> bool:
    return not any(value(ds.figure(f), c) for f, c in _ACTIVITY)


Progress = Callable[[int, int, str], None]


def build_report(conn: Connection, kind: str, day: dt.date, *, now: dt.datetime,
                 progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> Report:
    """The report of ``kind`` for the period containing ``day``, standing at ``now``.

    ``progress(done, total, title)`` is told after each section; ``cancelled()`` is asked before each step
    and stops the work with data.Cancelled. The period must not start after ``now`` (the service checks).
    """
    spec = SPECS[kind]
    period = periods.of(spec.period_kind, day)
    ds = Dataset(conn, period, now=now, cancelled=cancelled)
    report = Report(spec, period, ds.as_of, now, data.center_name(ds), ds.previous_period, ds.previous_as_of)
    total = len(spec.sections) + 1
    if progress:
        progress(0, total, "")
    report.empty = is_empty(ds)
    if progress:
        progress(1, total, "")
    for i, section in enumerate(spec.sections, start=2):
        ds.check()
        fig = figure(section.figure)
        report.sections.append((section, fig, ds.figure(section.figure)))
        if progress:
            progress(i, total, section.title)
    return report
