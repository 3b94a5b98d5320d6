"""Reading figures in one transaction: one figure, the dashboard's figures, the records behind a value."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable

from desktop.db import UnitOfWork
from desktop.reports import periods, standard
from desktop.reports.data import Cancelled, Dataset
from desktop.reports.figures import Col, UnknownRow, figure, records_of
from desktop.services.errors import Invalid
from desktop.services.permissions import Permission, require
from desktop.services.reports.dto import ColumnInfo, Dashboard, FigureFrame, PeriodInfo, Records
from desktop.services.reports.errors import ReportCancelled
from desktop.services.reports.period_check import period_info, resolve_period

FLOW_DAYS = 14  # a one-day dashboard draws the case flow over the last two weeks


@contextlib.contextmanager
def reading(uow):
    """One read transaction for the whole report, whatever unit of work the caller passed: on SQLite a
    deferred BEGIN (a writer's BEGIN IMMEDIATE would hold the queue's write lock while the report runs),
    on PostgreSQL REPEATABLE READ (every query of the report sees the same snapshot)."""
    engine = uow.db.read_engine
    if uow.kind == "postgresql":
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with engine.connect() as conn, conn.begin():
        yield conn


def columns_of(cols: tuple[Col, ...]) -> tuple[ColumnInfo, ...]:
    return tuple(ColumnInfo(c.key, c.label, c.kind, c.hidden) for c in cols)


def _figure_frame(ds: Dataset, key: str, info: PeriodInfo) -> FigureFrame:
    f = figure(key)
    return FigureFrame(key, f.title, columns_of(f.columns), ds.figure(key), f.note, f.row_key, f.drill_columns, info)


def _open(uow, conn, kind: str, day: dt.date, end: dt.date | None, cancelled=None) -> tuple[Dataset, PeriodInfo]:
    now = uow.now()
    period = resolve_period(kind, day, end, today=now.date())
    ds = Dataset(conn, period, now=now, cancelled=cancelled)
    return ds, period_info(period, now, ds.previous_period, ds.previous_as_of)


def figure_frame(uow: UnitOfWork, *, key: str, kind: str, day: dt.date, end: dt.date | None = None) -> FigureFrame:
    """One figure for one period."""
    with uow:
        require(uow, Permission.VIEW_REPORTS)
        _known(key)
        with reading(uow) as conn:
            ds, info = _open(uow, conn, kind, day, end)
            return _figure_frame(ds, key, info)


def _known(key: str) -> None:
    try:
        figure(key)
    except KeyError:
        raise Invalid(field="figure", reason="unknown", value=key) from None


def dashboard(uow: UnitOfWork, *, kind: str, day: dt.date, end: dt.date | None = None,
              cancelled: Callable[[], bool] | None = None) -> Dashboard:
    """The Reports area's figures for one period, compared with the previous period."""
    with uow:
        require(uow, Permission.VIEW_REPORTS)
        with reading(uow) as conn:
            return _dashboard(uow, conn, kind, day, end, cancelled)


def _dashboard(uow, conn, kind, day, end, cancelled) -> Dashboard:
    ds, info = _open(uow, conn, kind, day, end, cancelled)
    try:
        if ds.period.days == 1:
            flow_ds = Dataset(ds.conn, periods.custom(ds.period.end - dt.timedelta(days=FLOW_DAYS - 1),
                                                      ds.period.end), now=ds.now, cancelled=cancelled)
            flow = _figure_frame(flow_ds, "cases.flow", period_info(flow_ds.period, ds.now))
        else:
            flow = _figure_frame(ds, "cases.flow", info)
        return Dashboard(info, _figure_frame(ds, "summary.compare", info),
                         _figure_frame(ds, "queue.by_hour", info), _figure_frame(ds, "queue.by_window", info),
                         flow, _figure_frame(ds, "petitions.overdue_by_department", info),
                         standard.is_empty(ds))
    except Cancelled:
        raise ReportCancelled(kind="dashboard") from None


def figure_records(uow: UnitOfWork, *, key: str, kind: str, day: dt.date, end: dt.date | None = None, row=None,
                   column: str | None = None) -> Records:
    """The records behind one value of a figure (``row`` is the value of the figure's row key, ``column``
    the figure column; both None: every record of the figure). Their number is the value, for counts."""
    with uow:
        require(uow, Permission.VIEW_REPORTS)
        _known(key)
        with reading(uow) as conn:
            return _records(uow, conn, key, kind, day, end, row, column)


def _records(uow, conn, key, kind, day, end, row, column) -> Records:
    ds, info = _open(uow, conn, kind, day, end)
    f = figure(key)
    if f.records is None:
        raise Invalid(field="figure", reason="no_records", value=key)
    if column is not None and column not in f.drill_columns:
        raise Invalid(field="column", reason="no_records", value=column)
    try:
        rl = records_of(f, ds, row, column)
    except UnknownRow as exc:
        raise Invalid(field="row", reason="unknown", value=row) from exc
    target = info
    if column == "previous" and key in ("summary.compare", "mediation.by_type", "hotspots.by_village",
                                        "hotspots.by_grid", "hotspots.top_categories"):
        target = period_info(ds.previous_period, ds.previous_as_of)
    return Records(key, f.title, row, column, columns_of(rl.columns), rl.frame, target)
