"""Director reports: the dashboard's figures, the records behind a figure, and the standard reports
(一日一快报, 一周一通报, monthly and yearly reports) as Excel or PDF files.

Every entry point needs VIEW_REPORTS, reads in one transaction (a consistent snapshot: REPEATABLE READ on
PostgreSQL, one read transaction on SQLite's WAL) and returns frames inside frozen DTOs. The figures
themselves are defined once in desktop.reports; this module only chooses the period, checks the input and
writes files.

Bad input fails with a typed error before any work: a period that starts after today (PeriodInFuture), a
custom period that ends before it starts or is too long (Invalid field "period"), an output path that can't be
written (OutputNotWritable, checked before the report is built and again when it is saved). A cancelled
report leaves no file behind (ReportCancelled).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from desktop.db import UnitOfWork
from desktop.reports import excel, formats, periods, standard
from desktop.reports.data import Cancelled, Dataset
from desktop.reports.figures import BY_ROW, Col, UnknownRow, figure, records_of
from desktop.reports.periods import Period
from desktop.services.errors import Invalid, ServiceError
from desktop.services.permissions import Permission, require

REPORT_KINDS = standard.REPORT_KINDS
FORMATS = ("pdf", "xlsx")
PERIOD_KINDS = periods.KINDS
period_of = periods.of  # the day, week (Monday to Sunday), month or year containing a day: for period pickers
FLOW_DAYS = 14  # a one-day dashboard draws the case flow over the last two weeks


class PeriodInFuture(ServiceError):
    """The period starts after today: there is nothing to report yet. facts: start, today."""


class OutputNotWritable(ServiceError):
    """The report file can't be written there. facts: path, reason (one of WRITE_REASONS, for the message),
    detail (the system's own words, for the log and the command line)."""


# why a file can't be written: the path is a folder, its folder does not exist (or is a file), the file is
# read-only, no permission, the disk is full, the disk is read-only, the name is too long, anything else
WRITE_REASONS = ("is_directory", "no_directory", "read_only", "no_permission", "disk_full", "read_only_disk",
                 "name_too_long", "system")
_ERRNO_REASONS = {errno.EACCES: "no_permission", errno.EPERM: "no_permission", errno.ENOSPC: "disk_full",
                  getattr(errno, "EDQUOT", errno.ENOSPC): "disk_full", errno.EROFS: "read_only_disk",
                  errno.ENAMETOOLONG: "name_too_long", errno.ENOENT: "no_directory", errno.ENOTDIR: "no_directory",
                  errno.EISDIR: "is_directory"}


def _not_writable(path: Path, exc: OSError) -> OutputNotWritable:
    return OutputNotWritable(path=str(path), reason=_ERRNO_REASONS.get(exc.errno, "system"),
                             detail=exc.strerror or str(exc), errno=exc.errno)


class ReportCancelled(ServiceError):
    """The user stopped the report; no file was written. facts: kind."""


# ---------------------------------------------------------------- DTOs

@dataclass(frozen=True)
class ColumnInfo:
    key: str
    label: str  # Chinese, as documents print it; the UI shows its own translation of ``key``
    kind: str
    hidden: bool = False


@dataclass(frozen=True)
class PeriodInfo:
    kind: str
    start: dt.date
    end: dt.date
    label: str
    short_label: str
    previous_start: dt.date
    previous_end: dt.date
    previous_label: str
    as_of: dt.datetime
    running: bool  # the period has not ended yet
    previous_as_of: dt.datetime  # a running period compares with the same span of the previous one


@dataclass(frozen=True)
class FigureFrame:
    key: str
    title: str
    columns: tuple[ColumnInfo, ...]
    frame: pd.DataFrame
    note: str
    row_key: str | None
    drill_columns: frozenset[str]
    period: PeriodInfo

    def text(self, row: int, column: str) -> str:
        """The cell as every output writes it (desktop.reports.formats)."""
        col = next(c for c in self.columns if c.key == column)
        row_kind = self.frame["kind"].iloc[row] if col.kind == BY_ROW else None
        kind, of = formats.cell_kind(col.kind, col.key, row_kind)
        return formats.text(self.frame[column].iloc[row], kind, of=of)


@dataclass(frozen=True)
class Dashboard:
    period: PeriodInfo
    kpis: FigureFrame  # summary.compare: this period against the previous one
    waits_by_hour: FigureFrame
    windows: FigureFrame
    flow: FigureFrame  # over the period, or the last FLOW_DAYS days for a one-day period
    overdue: FigureFrame  # petitions.overdue_by_department at the period's as-of day
    empty: bool


@dataclass(frozen=True)
class Records:
    figure: str
    title: str
    row: object
    column: str | None
    columns: tuple[ColumnInfo, ...]
    frame: pd.DataFrame
    period: PeriodInfo

    def __len__(self) -> int:
        return len(self.frame)

    def text(self, row: int, column: str) -> str:
        col = next(c for c in self.columns if c.key == column)
        return formats.text(self.frame[column].iloc[row], col.kind)


@dataclass(frozen=True)
class ReportFile:
    path: Path
    kind: str
    fmt: str
    title: str
    period: PeriodInfo
    empty: bool
    sections: tuple[str, ...]
    size: int


# ---------------------------------------------------------------- periods

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


def _period_info(period: Period, now: dt.datetime, prev: Period | None = None,
                 prev_as_of: dt.datetime | None = None) -> PeriodInfo:
    prev = prev or period.previous()
    return PeriodInfo(period.kind, period.start, period.end, period.label(), period.short_label(), prev.start,
                      prev.end, prev.label(), period.as_of(now), period.state(now) == "running",
                      prev_as_of or prev.end_at)


def default_period_kind(report_kind: str) -> str:
    return standard.PERIOD_OF[report_kind]


# ---------------------------------------------------------------- reading

@contextlib.contextmanager
def _reading(uow):
    """One read transaction for the whole report, whatever unit of work the caller passed: on SQLite a
    deferred BEGIN (a writer's BEGIN IMMEDIATE would hold the queue's write lock while the report runs),
    on PostgreSQL REPEATABLE READ (every query of the report sees the same snapshot)."""
    engine = uow.db.read_engine
    if uow.kind == "postgresql":
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with engine.connect() as conn, conn.begin():
        yield conn


def _columns(cols: tuple[Col, ...]) -> tuple[ColumnInfo, ...]:
    return tuple(ColumnInfo(c.key, c.label, c.kind, c.hidden) for c in cols)


def _figure_frame(ds: Dataset, key: str, info: PeriodInfo) -> FigureFrame:
    f = figure(key)
    return FigureFrame(key, f.title, _columns(f.columns), ds.figure(key), f.note, f.row_key, f.drill_columns, info)


def _open(uow, conn, kind: str, day: dt.date, end: dt.date | None, cancelled=None) -> tuple[Dataset, PeriodInfo]:
    now = uow.now()
    period = resolve_period(kind, day, end, today=now.date())
    ds = Dataset(conn, period, now=now, cancelled=cancelled)
    return ds, _period_info(period, now, ds.previous_period, ds.previous_as_of)


def figure_frame(uow: UnitOfWork, *, key: str, kind: str, day: dt.date, end: dt.date | None = None) -> FigureFrame:
    """One figure for one period."""
    with uow:
        require(uow, Permission.VIEW_REPORTS)
        _known(key)
        with _reading(uow) as conn:
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
        with _reading(uow) as conn:
            return _dashboard(uow, conn, kind, day, end, cancelled)


def _dashboard(uow, conn, kind, day, end, cancelled) -> Dashboard:
    ds, info = _open(uow, conn, kind, day, end, cancelled)
    try:
        if ds.period.days == 1:
            flow_ds = Dataset(ds.conn, periods.custom(ds.period.end - dt.timedelta(days=FLOW_DAYS - 1),
                                                      ds.period.end), now=ds.now, cancelled=cancelled)
            flow = _figure_frame(flow_ds, "cases.flow", _period_info(flow_ds.period, ds.now))
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
        with _reading(uow) as conn:
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
        target = _period_info(ds.previous_period, ds.previous_as_of)
    return Records(key, f.title, row, column, _columns(rl.columns), rl.frame, target)


# ---------------------------------------------------------------- files

def default_file_name(kind: str, day: dt.date, fmt: str) -> str:
    spec = standard.SPECS[kind]
    return f"{spec.title}-{periods.of(spec.period_kind, day).slug()}.{fmt}"


def output_path(out: str | os.PathLike, kind: str, day: dt.date, fmt: str) -> Path:
    """Where the file goes: ``out`` itself, or the default file name inside ``out`` when it is a directory."""
    path = Path(out).expanduser()
    if path.is_dir():
        path = path / default_file_name(kind, day, fmt)
    return path


def check_writable(path: Path) -> None:
    """Raise OutputNotWritable unless a file can be created at ``path`` (tried for real, then removed)."""
    parent = path.parent
    if path.is_dir():
        raise OutputNotWritable(path=str(path), reason="is_directory", detail="is a directory")
    if not parent.is_dir():
        raise OutputNotWritable(path=str(path), reason="no_directory", detail="no such directory")
    try:
        fd, probe = tempfile.mkstemp(prefix=".onestop-", suffix=".tmp", dir=parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise _not_writable(path, exc) from exc
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputNotWritable(path=str(path), reason="read_only", detail="read-only file")


def _save(path: Path, content: bytes) -> None:
    """Write through a temporary file in the same directory, so a failure never leaves half a file."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".onestop-", suffix=path.suffix, dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise _not_writable(path, exc) from exc
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def build_report(uow: UnitOfWork, *, kind: str, day: dt.date, progress: standard.Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> standard.Report:
    """The standard report of ``kind`` for the period containing ``day``, without writing it."""
    if kind not in REPORT_KINDS:
        raise Invalid(field="report_kind", reason="unknown", value=kind)
    with uow:
        require(uow, Permission.VIEW_REPORTS)
        now = uow.now()
        resolve_period(standard.PERIOD_OF[kind], day, today=now.date())
        try:
            with _reading(uow) as conn:
                return standard.build_report(conn, kind, day, now=now, progress=progress, cancelled=cancelled)
        except Cancelled:
            raise ReportCancelled(kind=kind) from None


def render(report: standard.Report, fmt: str) -> bytes:
    if fmt == "xlsx":
        return excel.xlsx_bytes(report)
    from desktop.reports import pdf

    return pdf.pdf_bytes(report)


def generate_report(uow: UnitOfWork, *, kind: str, day: dt.date, fmt: str, out: str | os.PathLike,
                    progress: Callable[[int, int, str], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> ReportFile:
    """Build the standard report of ``kind`` for the period containing ``day`` and write it as ``fmt``
    (pdf or xlsx) to ``out`` (a file, or a directory for the default name). ``progress(done, total, what)``
    is told along the way (the last step is writing the file); ``cancelled()`` is asked between steps."""
    if fmt not in FORMATS:
        raise Invalid(field="format", reason="unknown", value=fmt)
    if kind not in REPORT_KINDS:
        raise Invalid(field="report_kind", reason="unknown", value=kind)
    path = output_path(out, kind, day, fmt)
    check_writable(path)

    def step(done: int, total: int, what: str) -> None:
        if progress:
            progress(done, total + 1, what)

    report = build_report(uow, kind=kind, day=day, progress=step, cancelled=cancelled)
    if cancelled is not None and cancelled():
        raise ReportCancelled(kind=kind)
    total = len(report.spec.sections) + 2
    content = render(report, fmt)
    if cancelled is not None and cancelled():
        raise ReportCancelled(kind=kind)
    _save(path, content)
    if progress:
        progress(total, total, str(path))
    return ReportFile(path, kind, fmt, report.title,
                      _period_info(report.period, report.generated_at, report.previous, report.previous_as_of),
                      report.empty,
                      tuple(s.title for s, _f, _d in report.sections), len(content))


def export_records(records: Records, out: str | os.PathLike) -> Path:
    """The records behind a figure as a one-sheet workbook at ``out``."""
    path = Path(out).expanduser()
    check_writable(path)
    cols = tuple(Col(c.key, c.label, c.kind) for c in records.columns)
    content = excel.records_workbook(records.title[:31], records.period.label, cols, records.frame,
                                     figure(records.figure))
    _save(path, content)
    return path
