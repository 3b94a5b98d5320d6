"""Director reports: the dashboard's figures, the records behind a figure, and the standard reports
(一日一快报, 一周一通报, monthly and yearly reports) as Excel or PDF files.

Every entry point needs VIEW_REPORTS, reads in one transaction (a consistent snapshot: REPEATABLE READ on
PostgreSQL, one read transaction on SQLite's WAL) and returns frames inside frozen DTOs. The figures
themselves are defined once in desktop.reports; this package only chooses the period, checks the input and
writes files.

Bad input fails with a typed error before any work: a period that starts after today (PeriodInFuture), a
custom period that ends before it starts or is too long (Invalid field "period"), an output path that can't be
written (OutputNotWritable, checked before the report is built and again when it is saved). A cancelled
report leaves no file behind (ReportCancelled).

Modules, lowest first: errors, dto, period_check (choosing and checking the period), reading (figures, the
dashboard, records), output (file paths and writes), generation (the standard reports as files). Import the
names below from the package.
"""

from desktop.services.reports.dto import ColumnInfo, Dashboard, FigureFrame, PeriodInfo, Records, ReportFile
from desktop.services.reports.errors import WRITE_REASONS, OutputNotWritable, PeriodInFuture, ReportCancelled
from desktop.services.reports.generation import (
    FORMATS,
    REPORT_KINDS,
    build_report,
    export_records,
    generate_report,
    render,
)
from desktop.services.reports.output import check_writable, default_file_name, output_path
from desktop.services.reports.period_check import PERIOD_KINDS, default_period_kind, period_of, resolve_period
from desktop.services.reports.reading import FLOW_DAYS, dashboard, figure_frame, figure_records

__all__ = [
    "FLOW_DAYS", "FORMATS", "PERIOD_KINDS", "REPORT_KINDS", "WRITE_REASONS", "ColumnInfo", "Dashboard", "FigureFrame",
    "OutputNotWritable", "PeriodInFuture", "PeriodInfo", "Records", "ReportCancelled", "ReportFile", "build_report",
    "check_writable", "dashboard", "default_file_name", "default_period_kind", "export_records", "figure_frame",
    "figure_records", "generate_report", "output_path", "period_of", "render", "resolve_period",
]
