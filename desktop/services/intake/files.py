"""Reading work-order files from the 12345 hotline and the grid platform: .xlsx, .xls and .csv.

The file's kind is recognised from its bytes, never from its name (platforms export HTML as ".xls" and
clerks rename files):

- ``PK``: a zip; a workbook when it holds ``xl/workbook.xml``. Read with openpyxl in read-only mode
  (constant memory for 50,000 rows); merged cells come from the sheet's ``<mergeCells>``.
- ``D0 CF 11 E0``: an OLE compound document. A password-protected .xlsx is such a container with an
  ``EncryptionInfo`` stream (ECMA-376); a password-protected .xls carries a FILEPASS record, which xlrd
  reports. Both are refused with EncryptedWorkbook. Otherwise an Excel 97-2003 workbook, read with xlrd.
- anything else must be text: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), or
  GB18030 (a superset of GBK and GB2312). Strict UTF-8 is tried first: GBK text of any length is almost
  never valid UTF-8. The delimiter (comma, tab, semicolon, bar) is sniffed.

The header row is found by scoring the first rows against the known header names of each field; merged
header cells are filled across their range first, and a two-level header (a merged group such as 来电人信息
over 姓名 / 电话) gives column labels "来电人信息/姓名". Data rows keep the row number the clerk sees in Excel.

Cell values are then normalised per field: dates written as text in many forms or as Excel serial
numbers, phones stored as numbers (the lost leading zero of a landline is restored), numbers that are
really codes (1.0 -> "1").
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from desktop.services.errors import ServiceError
from desktop.services.people import InvalidPhone, normalize_phone

# ---------------------------------------------------------------- our fields and the headers that name them

WORK_ORDER_NO = "work_order_no"
RECEIVED_AT = "received_at"
CALLER_NAME = "caller_name"
PHONE = "phone"
ADDRESS = "address"
VILLAGE = "village"
GRID = "grid"
CATEGORY = "category"
CONTENT = "content"
REQUESTED_DEADLINE = "requested_deadline"
FIELDS = (WORK_ORDER_NO, RECEIVED_AT, CALLER_NAME, PHONE, ADDRESS, VILLAGE, GRID, CATEGORY, CONTENT,
          REQUESTED_DEADLINE)
REQUIRED = (WORK_ORDER_NO, CALLER_NAME, CONTENT)

# Header names used by 12345 platforms and county grid platforms, most specific first. Matching is on the
# normalised text (full-width folded, spaces and punctuation removed): exact first, then containment.
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    WORK_ORDER_NO: ("工单编号", "工单号", "工单流水号", "事件编号", "事项编号", "案件编号", "受理编号", "诉求编号",
                    "流水号", "编号", "单号"),
    RECEIVED_AT: ("受理时间", "来电时间", "登记时间", "上报时间", "接收时间", "派单时间", "交办时间", "反映时间",
                  "创建时间", "立案时间", "发生时间"),
    CALLER_NAME: ("来电人姓名", "来电人", "诉求人姓名", "诉求人", "反映人姓名", "反映人", "上报人", "市民姓名",
                  "当事人", "联系人", "姓名"),
    PHONE: ("联系电话", "来电号码", "来电电话", "联系方式", "手机号码", "手机号", "电话号码", "手机", "电话"),
    ADDRESS: ("详细地址", "事发地址", "事件地址", "发生地址", "事发地点", "发生地点", "问题地址", "地址", "地点"),
    VILLAGE: ("所属村居", "所属村社区", "所属社区", "所属村", "村社区", "村居", "社区", "村"),
    GRID: ("网格编码", "网格编号", "网格代码", "所属网格", "网格名称", "网格"),
    CATEGORY: ("诉求类别", "诉求分类", "事项分类", "事项类别", "事件分类", "事件类型", "事件类别", "问题分类",
               "问题类型", "业务类别", "工单分类", "工单类别", "类别", "分类", "类型"),
    CONTENT: ("诉求内容", "工单内容", "来电内容", "反映内容", "事件描述", "问题描述", "事项内容", "具体内容",
              "事件内容", "描述", "内容"),
    REQUESTED_DEADLINE: ("要求办结时间", "要求办结时限", "办结时限", "办理时限", "处理时限", "办结期限", "截止时间",
                         "到期时间", "要求完成时间", "时限"),
}
HEADER_SCAN_ROWS = 30  # the header must be within the first rows of the sheet
MIN_HEADER_SCORE = 2  # at least two recognised headers make a header row
TEXT_MAX_BYTES = 200 * 1024 * 1024


# ---------------------------------------------------------------- typed failures

class FileError(ServiceError):
    """A file that cannot be imported at all. facts: file (the name), and the facts of the subclass."""


class NotASpreadsheet(FileError):
    """The file is neither a workbook nor delimited text. facts: file, detected ("pdf", "zip", "binary",
    "html", "encoding", "image")."""


class EncryptedWorkbook(FileError):
    """A password-protected workbook: the clerk must save it without a password first. facts: file."""


class UnreadableFile(FileError):
    """A workbook or text file that is damaged or cannot be opened. facts: file, detail."""


class EmptyFile(FileError):
    """No data rows (or no cells at all). facts: file, sheet."""


class NoRecognisableHeaders(FileError):
    """No row among the first rows names our fields. facts: file, sheet, rows_scanned."""


class SheetNotFound(FileError):
    """facts: file, sheet, sheets."""


class HeaderRowOutOfRange(FileError):
    """The header row chosen by hand is not in the sheet. facts: file, header_row, rows."""


class TooManyRows(FileError):
    """facts: file, rows, maximum."""


class Cancelled(ServiceError):
    """The clerk cancelled a long import; nothing was written. facts: stage."""


# ---------------------------------------------------------------- the result of reading a file

@dataclass(frozen=True)
class SheetData:
    """One sheet of a work-order file: its header labels and data rows, with the row numbers Excel shows."""

    file_name: str
    kind: str  # "xlsx" / "xls" / "csv"
    encoding: str  # of a CSV file ("utf-8", "utf-8-sig", "utf-16", "gb18030"); "" for workbooks
    sha256: str
    sheet: str
    sheets: tuple[str, ...]
    header_row: int  # 1-based; the last row of a two-level header
    header_detected: bool  # False when the clerk chose the header row
    headers: tuple[str, ...]  # one label per column ("" when a column has none)
    rows: tuple[tuple[int, tuple], ...]  # (row number, cell values), empty rows left out
    empty_rows: int  # blank rows skipped between the data rows
    date1904: bool = False  # serial numbers count from 1904

    def column(self, header: str) -> int | None:
        try:
            return self.headers.index(header)
        except ValueError:
            return None

    def samples(self, header: str, count: int = 3) -> list[str]:
        """The first few non-empty values of a column, as text (for the mapping step)."""
        i = self.column(header)
        out: list[str] = []
        if i is None:
            return out
        for _, values in self.rows:
            if i < len(values) and not blank(values[i]):
                out.append(display(values[i]))
                if len(out) == count:
                    break
        return out


Progress = Callable[[str, int, int], None]  # (stage, done, total)
CancelCheck = Callable[[], bool]


def _never() -> bool:
    return False


def _quiet(_stage: str, _done: int, _total: int) -> None:
    return None


# ---------------------------------------------------------------- normalising header text

_PUNCT = re.compile(r"[\s\u3000_\-—–:：*＊#№()（）\[\]【】<>《》/\\|、,，.。;；'\"“”‘’?？!！]+")


def norm(text: object) -> str:
    """Header or category text for matching: full-width folded (NFKC), lower case, without spaces and
    punctuation."""
    if text is None:
        return ""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", str(text)).lower())


def header_score(label: str) -> tuple[str, int] | None:
    """The field a header names and how sure that is (100 exact, else the length of the name found in it)."""
    n = norm(label)
    if not n:
        return None
    best: tuple[str, int] | None = None
    for field, names in HEADER_NAMES.items():
        for name in names:
            if n == name:
                return field, 100
            if name in n and (best is None or len(name) > best[1]):
                best = (field, len(name))
    return best


def detect_mapping(headers: Sequence[str]) -> dict[str, str]:
    """Our fields matched to a file's headers by name; each header serves one field, best matches first."""
    scored = []
    for label in headers:
        if not label:
            continue
        for candidate in (label, label.rsplit("/", 1)[-1]):
            hit = header_score(candidate)
            if hit is not None:
                scored.append((hit[1] + (1 if candidate == label else 0), hit[0], label))
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for _score, field, label in sorted(scored, key=lambda t: (-t[0], FIELDS.index(t[1]))):
        if field not in mapping and label not in used:
            mapping[field] = label
            used.add(label)
    return mapping


# ---------------------------------------------------------------- cell values

def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def display(value) -> str:
    """A cell as the clerk would read it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != dt.time() else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def text_value(value) -> str:
    """A cell that holds text or a code: numbers lose a spurious ".0", whitespace is trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return display(value)
    return str(value).strip()


def one_line(value) -> str:
    return " ".join(text_value(value).split())


EXCEL_EPOCH = dt.datetime(1899, 12, 30)
EXCEL_EPOCH_1904 = dt.datetime(1904, 1, 1)  # workbooks made on old Macs
SERIAL_MIN, SERIAL_MAX = 20000, 80000  # 1954 .. 2119: a number in this range in a date column is a serial
_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:(?:\s+|T|\s*)(上午|下午|AM|PM|am|pm)?\s*(\d{1,2})\s*[:：时点]\s*(\d{1,2})\s*分?"
    r"(?:\s*[:：]?\s*(\d{1,2})(?:\.\d+)?\s*秒?)?)?\s*(上午|下午|AM|PM|am|pm)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:\s*(\d{2}):?(\d{2})(?::?(\d{2}))?)?")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


class BadValue(ValueError):
    """A cell that does not hold what its column needs. ``reason`` is the code the preview shows."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def from_serial(serial: float, *, epoch: dt.datetime = EXCEL_EPOCH) -> dt.datetime:
    if not SERIAL_MIN <= serial <= SERIAL_MAX:
        raise BadValue("date_format")
    moment = epoch + dt.timedelta(days=serial)
    return moment.replace(microsecond=0) + (dt.timedelta(seconds=1) if moment.microsecond >= 500_000 else
                                            dt.timedelta())


def parse_datetime(value, *, epoch: dt.datetime = EXCEL_EPOCH) -> dt.datetime:
    """A moment from a cell: a real date, an Excel serial number (as number or text), or text such as
    2026/11/3, 2026-11-03 08:05, 2026年11月3日, 2026年11月3日 8时5分, 2026.11.3, 20261103."""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, bool):
        raise BadValue("date_format")
    if isinstance(value, int | float):
        if isinstance(value, int) or float(value).is_integer():
            match = _COMPACT.fullmatch(str(int(value)))
            if match and len(str(int(value))) == 8:
                return _build(match.group(1), match.group(2), match.group(3))
        return from_serial(float(value), epoch=epoch)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        raise BadValue("empty")
    match = _DATE.fullmatch(text)
    if match:
        year, month, day, half, hour, minute, second, half_after = match.groups()
        return _build(year, month, day, hour, minute, second, half or half_after)
    match = _COMPACT.fullmatch(text)
    if match:
        return _build(*match.groups())
    if _NUMBER.fullmatch(text):
        return from_serial(float(text), epoch=epoch)
    raise BadValue("date_format")


def _build(year, month, day, hour=None, minute=None, second=None, half=None) -> dt.datetime:
    h, m, s = int(hour or 0), int(minute or 0), int(second or 0)
    if half in ("下午", "PM", "pm") and h < 12:
        h += 12
    elif half in ("上午", "AM", "am") and h == 12:
        h = 0
    try:
        return dt.datetime(int(year), int(month), int(day), h, m, s)
    except ValueError:
        raise BadValue("date_invalid") from None


def parse_phone(value) -> tuple[str, bool]:
    """A phone from a cell, normalised as desktop.services.people stores it, and whether a leading zero
    that Excel dropped (a landline stored as a number) had to be restored. Of several numbers in one cell
    ("138…/0512-…") the first valid one is taken. "" when the cell is empty."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            raise BadValue("phone")
        candidates = [str(int(value))]
    else:
        text = unicodedata.normalize("NFKC", text_value(value))
        if not text:
            return "", False
        if _NUMBER.fullmatch(text) and ("e" in text.lower() or text.endswith(".0")):
            candidates = [str(int(float(text)))]  # 1.3812345678E+10 from a CSV written by Excel
        else:  # the whole cell ("+86 139 1234 5678"), then each of several numbers, then each word
            candidates = list(dict.fromkeys([text] + [c for c in re.split(r"[/,;、，；]+|或", text) if c.strip()]
                                            + text.split()))
    for candidate in candidates:
        try:
            return normalize_phone(candidate), False
        except InvalidPhone:
            pass
        digits = re.sub(r"\D", "", candidate)
        if digits and not digits.startswith("0"):  # a landline stored as a number: 51265551234, 1012345678
            try:
                return normalize_phone("0" + digits), True
            except InvalidPhone:
                pass
    raise BadValue("phone")


# ---------------------------------------------------------------- recognising and reading files

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


def _fill_merges(head: list[tuple[int, list]], merges: list[tuple[int, int, int, int]]) -> None:
    """Copy each merged range's value (held by its top-left cell) into every cell of the range."""
    by_number = {number: values for number, values in head}
    for r1, c1, r2, c2 in merges:
        top = by_number.get(r1)
        if top is None or c1 - 1 >= len(top):
            continue
        value = top[c1 - 1]
        for r in range(r1, r2 + 1):
            row = by_number.get(r)
            if row is None:
                continue
            if len(row) < c2:
                row.extend([None] * (c2 - len(row)))
            for c in range(c1, c2 + 1):
                if blank(row[c - 1]):
                    row[c - 1] = value


def _row_score(values: list, known: set[str]) -> int:
    seen = set()
    for v in values:
        if blank(v) or not isinstance(v, str):
            continue
        n = norm(v)
        if n in known:
            seen.add(("known", n))
            continue
        hit = header_score(v)
        if hit is not None:
            seen.add(hit[0])
    return len(seen)


def _labels(head: list[tuple[int, list]], index: int, merges) -> list[str]:
    """Column labels of the header row at ``index``; a group header merged across columns in the row above
    becomes a prefix ("来电人信息/姓名")."""
    number, values = head[index]
    above = head[index - 1][1] if index > 0 and head[index - 1][0] == number - 1 else None
    group_columns = set()
    width = sum(1 for v in values if not blank(v))
    for r1, c1, r2, c2 in merges:
        # a group spans some of the columns; a range over (nearly) all of them is the sheet's title
        if r1 == r2 == number - 1 and c2 > c1 and c2 - c1 + 1 < width:
            group_columns.update(range(c1, c2 + 1))
    labels = []
    for c, v in enumerate(values, start=1):
        label = one_line(v)
        if above is not None and c in group_columns and c - 1 < len(above):
            group = one_line(above[c - 1])
            if group and label and group != label:
                label = f"{group}/{label}"
        labels.append(label)
    # the same label twice (two 电话 columns) stays apart: 电话, 电话(2)
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        if label:
            seen[label] = seen.get(label, 0) + 1
            if seen[label] > 1:
                label = f"{label}({seen[label]})"
        out.append(label)
    while out and not out[-1]:
        out.pop()
    return out


def read_work_order_file(source: str | Path | bytes, *, file_name: str | None = None, sheet: str | None = None,
                         header_row: int | None = None, known_headers: Sequence[str] = (),
                         max_rows: int = 200_000, progress: Progress = _quiet,
                         cancelled: CancelCheck = _never) -> SheetData:
    """Read a work-order file into header labels and data rows.

    ``header_row`` (1-based) overrides the detection; ``known_headers`` (the labels of the mapping
    remembered for this source) count as recognised header names. Raises a FileError subclass for a
    file that cannot be imported at all, and Cancelled when ``cancelled()`` turns true.
    """
    if isinstance(source, bytes):
        data, name = source, file_name or ""
    else:
        path = Path(source)
        name = file_name or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UnreadableFile(file=name, detail=exc.strerror or str(exc)) from None
    try:
        return _read(data, name, sheet, header_row, known_headers, max_rows, progress, cancelled)
    except FileError as exc:
        exc.facts.setdefault("file", name)
        raise


def _read(data, name, sheet, header_row, known_headers, max_rows, progress, cancelled) -> SheetData:
    if not data:
        raise EmptyFile(sheet="")
    if len(data) > TEXT_MAX_BYTES:
        raise TooManyRows(rows=None, maximum=max_rows)
    kind = sniff_kind(data)
    encoding = ""
    if kind == "zip":
        grid, kind = _read_xlsx(data, sheet), "xlsx"
    elif kind == "ole":
        if _encrypted_ole(data):
            raise EncryptedWorkbook()
        grid, kind = _read_xls(data, sheet), "xls"
    elif kind == "text":
        grid, encoding = _read_csv(data)
        kind = "csv"
    else:
        raise NotASpreadsheet(detected=kind)
    digest = hashlib.sha256(data).hexdigest()

    # the first rows, with merged ranges filled, to find the header
    head: list[tuple[int, list]] = []
    rows_iter = grid.rows
    for number, values in rows_iter:
        head.append((number, list(values)))
        if len(head) >= HEADER_SCAN_ROWS:
            break
    if not any(not blank(v) for _, values in head for v in values):
        raise EmptyFile(sheet=grid.sheet)
    if kind == "csv" and all(len(values) <= 1 for _, values in head) and not known_headers:
        # one column of text is not a table: a README or a log file renamed .csv
        if not any(header_score(v or "") for _, values in head for v in values):
            raise NotASpreadsheet(detected="text")
    _fill_merges(head, grid.merges)
    known = {norm(h) for h in known_headers if norm(h)}
    if header_row is not None:
        index = next((i for i, (number, _) in enumerate(head) if number == header_row), None)
        if index is None:
            raise HeaderRowOutOfRange(header_row=header_row, rows=len(head))
        detected = False
    else:
        scores = [_row_score(values, known) for _, values in head]
        best = max(scores)
        if best < MIN_HEADER_SCORE:
            raise NoRecognisableHeaders(sheet=grid.sheet, rows_scanned=len(head))
        # of equal rows the later one: a header whose cells are merged over two rows ends on the second
        index = max(i for i, s in enumerate(scores) if s == best)
        detected = True
    header_number = head[index][0]
    headers = tuple(_labels(head, index, grid.merges))
    width = len(headers)

    rows: list[tuple[int, tuple]] = []
    empty = pending = 0  # blank rows after the last data row are not "empty rows in the data"
    total = max(grid.total - header_number, 0)

    def take(number: int, values: list) -> None:
        nonlocal empty, pending
        cells = tuple(values[:width]) + (None,) * (width - len(values))
        if all(blank(v) for v in cells):
            pending += 1
            return
        empty, pending = empty + pending, 0
        rows.append((number, cells))

    for number, values in head[index + 1:]:
        take(number, values)
    for done, (number, values) in enumerate(rows_iter, start=1):
        take(number, values)
        if done % 2000 == 0:
            if cancelled():
                raise Cancelled(stage="read")
            progress("read", done, total)
        if len(rows) > max_rows:
            raise TooManyRows(rows=len(rows), maximum=max_rows)
    progress("read", total, total)
    if not rows:
        raise EmptyFile(sheet=grid.sheet)
    return SheetData(name, kind, encoding, digest, grid.sheet, grid.sheets, header_number, detected, headers,
                     tuple(rows), empty, grid.epoch == EXCEL_EPOCH_1904)
