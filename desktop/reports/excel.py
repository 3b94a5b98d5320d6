"""The Excel workbook of a standard report (openpyxl): a first sheet that says what the report covers and
how each figure is defined, then one sheet per section.

Each section sheet has the title in row 1, the period and the as-of moment in row 2, the column headers in
row 3 (bold, shaded, wrapped; repeated on every printed page) and the rows from row 4, with the panes frozen
under the headers. Numbers are written as numbers with the number format of their kind (counts, minutes
with one decimal, rates as percentages), dates as dates; a value that does not exist (the rate of nothing)
is written "—". Column widths follow the longest text of each column. Every cell goes through
desktop.exports, so text (a center's name, a village, a reply) is never a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import math

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop import exports
from desktop.reports import formats
from desktop.reports.figures import DATE, DATETIME, INT, TEXT, Col, Figure
from desktop.reports.standard import Report

HEADER_ROW = 3
FONT = "宋体"
TITLE_FONT = Font(name=FONT, size=14, bold=True)
INFO_FONT = Font(name=FONT, size=10, color="555555")
HEADER_FONT = Font(name=FONT, size=11, bold=True)
BODY_FONT = Font(name=FONT, size=11)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
THIN = Side(style="thin", color="9AA5B1")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center")
RIGHT = Alignment(horizontal="right", vertical="center")
CENTER = Alignment(horizontal="center", vertical="center")
MAX_WIDTH = 48
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def sheet_name(title: str, used: set[str]) -> str:
    base = title.translate(_BAD_SHEET_CHARS)[:31]
    name, n = base, 2
    while name in used:
        suffix = f"({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _width(text: str) -> int:
    """Display width in Excel character units: CJK characters count two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _cell_value(v, kind: str):
    if formats.missing(v):
        return formats.MISSING
    if kind == INT:
        return int(v)
    if formats.numeric(kind):
        return float(v)
    if kind == DATETIME:
        return pd.Timestamp(v).to_pydatetime()
    if kind == DATE:
        return v if isinstance(v, dt.date) else pd.Timestamp(v).date()
    return str(v)


WIDTH_ROWS = 500  # column widths follow the first rows of long lists


def _style(wb: Workbook, kind: str, of: str | None = None) -> str:
    """The name of the workbook's named style for a header, a missing value or a value of ``kind``."""
    name = f"onestop-{kind}" + (f"-{of}" if of else "")
    if name not in wb.named_styles:
        style = NamedStyle(name=name, font=BODY_FONT, border=BORDER)
        if kind == "header":
            style.font, style.fill, style.alignment = HEADER_FONT, HEADER_FILL, WRAP_CENTER
        elif kind == "missing":
            style.alignment = CENTER
        elif kind == TEXT:
            style.alignment, style.number_format = LEFT, "@"
        else:
            style.alignment, style.number_format = RIGHT, formats.excel_format(kind, of=of)
        wb.add_named_style(style)
    return name


def write_frame(ws: Worksheet, fig: Figure, df: pd.DataFrame, *, title: str, info: str,
                columns: tuple[Col, ...] | None = None) -> None:
    """One table on its own sheet (also used for the records behind a figure)."""
    cols = columns if columns is not None else fig.shown
    exports.put(ws, 1, 1, title).font = TITLE_FONT
    exports.put(ws, 2, 1, info).font = INFO_FONT
    widths = [max(_width(c.label) + 2, c.width or 0, 8) for c in cols]
    for j, c in enumerate(cols, start=1):
        exports.put(ws, HEADER_ROW, j, c.label).style = _style(ws.parent, "header")
    row_kinds = df["kind"].tolist() if "kind" in df.columns else [None] * len(df)
    for i, (values, row_kind) in enumerate(zip(df.to_dict("records"), row_kinds, strict=True)):
        r = HEADER_ROW + 1 + i
        for j, c in enumerate(cols, start=1):
            kind, of = formats.cell_kind(c.kind, c.key, row_kind)
            v = _cell_value(values.get(c.key), kind)
            cell = exports.put(ws, r, j, v)
            # one named style per kind: a workbook of thousands of rows styles each cell with one assignment
            if v == formats.MISSING:
                cell.style = _style(ws.parent, "missing")
                shown = v
            else:
                cell.style = _style(ws.parent, kind, of)
                shown = formats.text(v, kind, of=of)
            if i < WIDTH_ROWS:
                widths[j - 1] = max(widths[j - 1], min(MAX_WIDTH, _width(shown) + 2))
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.row_dimensions[HEADER_ROW].height = 30
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sum(widths) > 100 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"


def _cover(ws: Worksheet, report: Report) -> None:
    rows = [
        ("报告", report.title), ("单位", report.center_name), ("统计期间", report.period.label()),
        ("对比期间", report.previous_text), ("统计截至", report.as_of_text.removeprefix("统计截至")),
        ("生成时间", report.generated_at.strftime("%Y-%m-%d %H:%M")),
    ]
    exports.put(ws, 1, 1, f"{report.center_name}{report.title}").font = TITLE_FONT
    for i, (k, v) in enumerate(rows, start=3):
        exports.put(ws, i, 1, k).font = HEADER_FONT
        exports.put(ws, i, 2, v).font = BODY_FONT
    r = 3 + len(rows) + 1
    if report.empty:
        exports.put(ws, r, 1, "说明").font = HEADER_FONT
        exports.put(ws, r, 2, empty_statement(report)).font = BODY_FONT
        r += 2
    exports.put(ws, r, 1, "口径说明").font = HEADER_FONT
    r += 1
    seen = set()
    for section, fig, _df in report.sections:
        if not fig.note or fig.key in seen:
            continue
        seen.add(fig.key)
        exports.put(ws, r, 1, section.title).font = BODY_FONT
        note = exports.put(ws, r, 2, fig.note)
        note.font, note.alignment = BODY_FONT, Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = 15 * max(1, math.ceil(_width(fig.note) / 100))
        r += 1
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 100


def empty_statement(report: Report) -> str:
    return f"{report.period.label()}没有排队取号、信访和矛盾纠纷调解业务数据，各项指标均为零或无值。"


def workbook(report: Report) -> Workbook:
    wb = Workbook()
    cover = wb.active
    cover.title = "说明"
    _cover(cover, report)
    used = {"说明"}
    info = f"{report.period.label()}　{report.as_of_text}"
    for section, fig, df in report.sections:
        ws = wb.create_sheet(sheet_name(section.title, used))
        write_frame(ws, fig, df, title=section.title, info=info + ("　本期无数据" if df.empty else ""))
    stamp = report.generated_at.replace(microsecond=0)
    wb.properties.creator = "OneStop"
    wb.properties.title = f"{report.center_name}{report.title}（{report.period.label()}）"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    return wb


def xlsx_bytes(report: Report) -> bytes:
    buf = io.BytesIO()
    workbook(report).save(buf)
    return buf.getvalue()


def records_workbook(title: str, info: str, columns: tuple[Col, ...], df: pd.DataFrame, fig: Figure) -> bytes:
    """The records behind a figure as a one-sheet workbook (the dashboard's "export" of a list)."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name(title, set())
    write_frame(ws, fig, df, title=title, info=info, columns=columns)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
