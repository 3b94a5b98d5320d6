"""The standard reports as files: built in one read transaction, rendered as pdf or xlsx, written; and the
records behind a figure as a workbook."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from desktop.db import UnitOfWork
from desktop.reports import excel, standard
from desktop.reports.data import Cancelled
from desktop.reports.figures import Col, figure
from desktop.services.errors import Invalid
from desktop.services.permissions import Permission, require
from desktop.services.reports.dto import Records, ReportFile
from desktop.services.reports.errors import ReportCancelled
from desktop.services.reports.output import check_writable, output_path, save
from desktop.services.reports.period_check import period_info, resolve_period
from desktop.services.reports.reading import reading

REPORT_KINDS = standard.REPORT_KINDS
FORMATS = ("pdf", "xlsx")


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
            with reading(uow) as conn:
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
    save(path, content)
    if progress:
        progress(total, total, str(path))
    return ReportFile(path, kind, fmt, report.title,
                      period_info(report.period, report.generated_at, report.previous, report.previous_as_of),
                      report.empty,
                      tuple(s.title for s, _f, _d in report.sections), len(content))


def export_records(records: Records, out: str | os.PathLike) -> Path:
    """The records behind a figure as a one-sheet workbook at ``out``."""
    path = Path(out).expanduser()
    check_writable(path)
    cols = tuple(Col(c.key, c.label, c.kind) for c in records.columns)
    content = excel.records_workbook(records.title[:31], records.period.label, cols, records.frame,
                                     figure(records.figure))
    save(path, content)
    return path
