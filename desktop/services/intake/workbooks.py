"""A file's kind recognised from its bytes, and its sheet read as raw rows (before the header is found):
.xlsx with openpyxl in read-only mode, .xls with xlrd, delimited text in the encoding it was written in."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from desktop.services.intake.cells import EXCEL_EPOCH, EXCEL_EPOCH_1904, blank
from desktop.services.intake.errors import (
    EncryptedWorkbook,
    FileError,
    NotASpreadsheet,
    SheetNotFound,
    UnreadableFile,
)

TEXT_MAX_BYTES = 200 * 1024 * 1024


def sniff_kind(data: bytes) -> str:
    """"xlsx", "ole", "text" or the kind of a file that is none of them."""
    if data[:4] == b"PK\x03\x04":
        return "zip"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole"
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:8] == b"\x89PNG\r\n\x1a\n" or data[:3] == b"\xff\xd8\xff" or data[:6] in (b"GIF87a", b"GIF89a"):
        return "image"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:3] == codecs.BOM_UTF8:
        return "text"
    head = data[:4096]
    stripped = head.lstrip().lower()
    if stripped.startswith((b"<html", b"<!doctype html", b"<table")):
        return "html"
    if stripped.startswith(b"<?xml"):
        return "xml"  # e.g. an Excel 2003 XML spreadsheet
    if b"\x00" in head:
        return "binary"
    return "text"


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was written in."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise NotASpreadsheet(detected="encoding") from None


def _encrypted_ole(data: bytes) -> bool:
    """An ECMA-376 encrypted OOXML package: an OLE container with an EncryptionInfo stream."""
    from xlrd.compdoc import CompDoc, CompDocError

    try:
        doc = CompDoc(data, logfile=io.StringIO())
    except (CompDocError, Exception):
        return False
    names = {getattr(d, "name", "") for d in doc.dirlist}
    return "EncryptionInfo" in names or "EncryptedPackage" in names


@dataclass
class _Grid:
    """A sheet as raw rows, before the header is found."""

    sheet: str
    sheets: tuple[str, ...]
    rows: Iterator[tuple[int, list]]  # (row number, values)
    merges: list[tuple[int, int, int, int]]  # (first row, first col, last row, last col), 1-based inclusive
    total: int  # rows in the sheet (an estimate for progress)
    epoch: dt.datetime = EXCEL_EPOCH


def _choose_sheet(names: Sequence[str], wanted: str | None, non_empty: Callable[[str], bool]) -> str:
    if wanted:
        if wanted not in names:
            raise SheetNotFound(sheet=wanted, sheets=tuple(names))
        return wanted
    for name in names:
        if non_empty(name):
            return name
    return names[0]


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.decode():
        n = n * 26 + ord(ch) - 64
    return n


def _xlsx_merges(data: bytes, sheet: str) -> list[tuple[int, int, int, int]]:
    """The merged ranges of one sheet, read from its XML (openpyxl's read-only mode does not give them)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        book = ET.fromstring(z.read("xl/workbook.xml"))
        rid = next((s.get(f"{{{ns['r']}}}id") for s in book.iterfind("m:sheets/m:sheet", ns)
                    if s.get("name") == sheet), None)
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = next((r.get("Target") for r in rels if r.get("Id") == rid), None)
        if target is None:
            return []
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        xml = z.read(path)
    return [(int(r1), _column_number(c1), int(r2), _column_number(c2))
            for c1, r1, c2, r2 in _MERGE.findall(xml)]


def _read_xlsx(data: bytes, wanted: str | None) -> _Grid:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "xl/workbook.xml" not in z.namelist():
                raise NotASpreadsheet(detected="zip")
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except FileError:
        raise
    except Exception as exc:  # a damaged zip or workbook
        raise UnreadableFile(detail=f"{type(exc).__name__}: {exc}") from None
    names = book.sheetnames

    def non_empty(name: str) -> bool:
        ws = book[name]
        return (ws.max_row or 0) > 1 or any(not blank(v) for row in ws.iter_rows(max_row=3, values_only=True)
                                            for v in row)

    sheet = _choose_sheet(names, wanted, non_empty)
    ws = book[sheet]
    epoch = book.epoch if isinstance(getattr(book, "epoch", None), dt.datetime) else EXCEL_EPOCH

    def rows():
        try:
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                yield number, list(values)
        finally:
            book.close()

    try:
        merges = _xlsx_merges(data, sheet)
    except Exception:  # the merged ranges only help with headers; a sheet without them still reads
        merges = []
    return _Grid(sheet, tuple(names), rows(), merges, ws.max_row or 0, epoch)


def _read_xls(data: bytes, wanted: str | None) -> _Grid:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True,
                                  logfile=io.StringIO())
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise EncryptedWorkbook() from None
        raise UnreadableFile(detail=str(exc)) from None
    except Exception as exc:
        raise UnreadableFile(detail=f"{type(exc).__name__}: {exc}") from None
    names = book.sheet_names()
    sheet = _choose_sheet(names, wanted, lambda n: book.sheet_by_name(n).nrows > 0)
    ws = book.sheet_by_name(sheet)

    def value(cell):
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
            except Exception:
                return cell.value
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        if cell.ctype == xlrd.XL_CELL_ERROR:
            return None
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(cell.value)
        return cell.value

    def rows():
        for r in range(ws.nrows):
            yield r + 1, [value(c) for c in ws.row(r)]

    merges = [(r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in ws.merged_cells]
    epoch = EXCEL_EPOCH if book.datemode == 0 else EXCEL_EPOCH_1904
    return _Grid(sheet, tuple(names), rows(), merges, ws.nrows, epoch)


def _read_csv(data: bytes) -> tuple[_Grid, str]:
    text, encoding = decode_text(data)
    sample = text[:65536]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
        delimiter = dialect.delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",\t;|"}
        delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    total = text.count("\n") + 1
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True,
                        skipinitialspace=False, strict=False)

    def rows():
        for number, values in enumerate(reader, start=1):
            yield number, [v if v.strip() else None for v in values]

    return _Grid("", (), rows(), [], total), encoding
