"""The one writer of spreadsheet cells and csv fields: user text is written as text, never as a formula.

Every workbook and csv file OneStop writes (the reports' workbooks and record lists, the 12345 and grid
export, the import error report, the case-file manifest) puts its values through this module.

Formula injection (OWASP "CSV Injection"): a spreadsheet program runs a cell whose text starts with
``=``, ``+``, ``-`` or ``@`` (and, in some programs, after a leading tab or carriage return) as a
formula — ``=HYPERLINK("http://evil.example/x","点我")`` or a DDE call like ``=cmd|' /C calc'!A0``. Such
text is neutralised the way OWASP recommends: a single quote is put in front (the text is then shown as
it was, with the quote), and csv fields are quoted. The full-width forms (＝ ＋ － ＠) that a Chinese input
method types are treated the same. Numbers stay numbers: an int or float (a negative one too) is written
as a number, and text that is only a number (``-3``, ``+1.5``) cannot be a formula and is left alone.

openpyxl makes a cell whose text starts with ``=`` a formula cell; after neutralising, every text is a
string cell. Control characters a workbook cannot hold (openpyxl would refuse the whole file) are dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import re
from collections.abc import Iterable

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_PASS_THROUGH = (bool, int, float, decimal.Decimal, dt.datetime, dt.date, dt.time, dt.timedelta)


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet shows it without running it: a quote in front when it could start a
    formula, else unchanged."""
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def dangerous(text: str) -> bool:
    """Would a spreadsheet program treat ``text`` (one cell, as written) as a formula?"""
    return isinstance(text, str) and text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text)


def cell_value(value):
    """The value to put in a workbook cell: numbers, dates, times and None as they are; text (and anything
    else, as its text) neutralised and without the control characters a workbook cannot hold."""
    if value is None or isinstance(value, _PASS_THROUGH):
        return value
    text = value if isinstance(value, str) else str(value)
    return ILLEGAL_CHARACTERS_RE.sub("", neutralise(text))


def put(ws, row: int, column: int, value):
    """Write ``value`` into ``ws`` (a normal worksheet) at (row, column) and return the cell."""
    cell = ws.cell(row, column)
    cell.value = cell_value(value)
    if isinstance(cell.value, str):
        cell.data_type = "s"  # never a formula, whatever openpyxl guessed
    return cell


def write_only_cell(ws, value) -> WriteOnlyCell:
    """A cell for a write-only worksheet (``Workbook(write_only=True)``)."""
    cell = WriteOnlyCell(ws, value=cell_value(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def csv_field(value):
    """The value to give the csv writer: numbers as numbers, None as empty text, the rest neutralised text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | decimal.Decimal):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return neutralise(str(value))


class CsvWriter:
    """csv.writer over a text file that neutralises every field and quotes every text field (numbers are
    written bare, so they stay numbers)."""

    def __init__(self, f, *, lineterminator: str = "\r\n"):
        self._writer = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC, lineterminator=lineterminator)

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow([csv_field(v) for v in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)
