"""How a figure's value is written: one rule per column kind, shared by the screen, the PDF and (as Excel
number formats) the workbook, so a number reads the same everywhere."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from desktop.reports.figures import CHANGE, DATE, DATETIME, INT, MINUTES, NUMBER, RATE, TEXT

MISSING = "—"  # no value: a rate of nothing, a wait nobody had

# Excel number formats of each kind (a change takes the format of the kind it is a change of)
EXCEL = {INT: "#,##0", MINUTES: "0.0", NUMBER: "0.0", RATE: "0.0%", DATE: "yyyy-mm-dd",
         DATETIME: "yyyy-mm-dd hh:mm", TEXT: "@"}
EXCEL_CHANGE = {INT: "+#,##0;-#,##0;0", MINUTES: "+0.0;-0.0;0.0", NUMBER: "+0.0;-0.0;0.0",
                RATE: "+0.0%;-0.0%;0.0%"}  # the third section: a zero change has no sign


def missing(v) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v))


def text(v, kind: str, *, of: str | None = None) -> str:
    """``v`` as shown. ``of`` is the kind a CHANGE value is a change of (INT when not given)."""
    if missing(v):
        return MISSING
    if kind == CHANGE:
        base = of or INT
        if float(v) == 0:
            return text(0, base)
        if base == RATE:
            return f"{float(v) * 100:+.1f}%"
        if base in (MINUTES, NUMBER):
            return f"{float(v):+.1f}"
        return f"{int(round(float(v))):+,d}"
    if kind == INT:
        return f"{int(v):,d}"
    if kind in (MINUTES, NUMBER):
        return f"{float(v):.1f}"
    if kind == RATE:
        return f"{float(v) * 100:.1f}%"
    if kind == DATE:
        return v.isoformat() if isinstance(v, dt.date) else str(v)[:10]
    if kind == DATETIME:
        ts = pd.Timestamp(v)
        return ts.strftime("%Y-%m-%d %H:%M")
    return str(v)


def excel_format(kind: str, *, of: str | None = None) -> str:
    if kind == CHANGE:
        return EXCEL_CHANGE.get(of or INT, EXCEL_CHANGE[INT])
    return EXCEL.get(kind, "General")


def numeric(kind: str) -> bool:
    return kind in (INT, MINUTES, NUMBER, RATE, CHANGE)


def cell_kind(column_kind: str, column_key: str, row_kind: str | None) -> tuple[str, str | None]:
    """The kind a cell is written in, and for a change the kind it is a change of. A BY_ROW column takes the
    kind its row names (a summary table mixes counts, minutes and rates); its "change" column is a change."""
    from desktop.reports.figures import BY_ROW

    if column_kind == BY_ROW:
        kind = row_kind or TEXT
        if column_key == "change":
            return (TEXT, None) if kind == TEXT else (CHANGE, kind)
        return kind, None
    if column_kind == CHANGE:
        return CHANGE, INT
    return column_kind, None
