"""What the report services return: frozen DTOs holding frames."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from desktop.reports import formats
from desktop.reports.figures import BY_ROW


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
