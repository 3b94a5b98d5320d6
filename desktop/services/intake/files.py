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

The pieces live in modules named after them (headers, cells, workbooks, sheet, errors); this module finds
the header row and reads the data rows, and names them all for callers (``files.SheetData``, ``files.EmptyFile``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from desktop.services.intake.cells import (
    EXCEL_EPOCH,
    EXCEL_EPOCH_1904,
    SERIAL_MAX,
    SERIAL_MIN,
    BadValue,
    blank,
    display,
    from_serial,
    one_line,
    parse_datetime,
    parse_phone,
    text_value,
)
from desktop.services.intake.errors import (
    Cancelled,
    EmptyFile,
    EncryptedWorkbook,
    FileError,
    HeaderRowOutOfRange,
    NoRecognisableHeaders,
    NotASpreadsheet,
    SheetNotFound,
    TooManyRows,
    UnreadableFile,
)
from desktop.services.intake.headers import (
    ADDRESS,
    CALLER_NAME,
    CATEGORY,
    CONTENT,
    FIELDS,
    GRID,
    HEADER_NAMES,
    HEADER_SCAN_ROWS,
    MIN_HEADER_SCORE,
    PHONE,
    RECEIVED_AT,
    REQUESTED_DEADLINE,
    REQUIRED,
    VILLAGE,
    WORK_ORDER_NO,
    detect_mapping,
    header_score,
    norm,
)
from desktop.services.intake.sheet import (
    CancelCheck,
    Progress,
    SheetData,
    _never,
    _quiet,
)
from desktop.services.intake.workbooks import (
    TEXT_MAX_BYTES,
    _encrypted_ole,
    _Grid,
    _read_csv,
    _read_xls,
    _read_xlsx,
    decode_text,
    sniff_kind,
)

__all__ = [
    "WORK_ORDER_NO",
    "RECEIVED_AT",
    "CALLER_NAME",
    "PHONE",
    "ADDRESS",
    "VILLAGE",
    "GRID",
    "CATEGORY",
    "CONTENT",
    "REQUESTED_DEADLINE",
    "FIELDS",
    "REQUIRED",
    "HEADER_NAMES",
    "HEADER_SCAN_ROWS",
    "MIN_HEADER_SCORE",
    "TEXT_MAX_BYTES",
    "FileError",
    "NotASpreadsheet",
    "EncryptedWorkbook",
    "UnreadableFile",
    "EmptyFile",
    "NoRecognisableHeaders",
    "SheetNotFound",
    "HeaderRowOutOfRange",
    "TooManyRows",
    "Cancelled",
    "SheetData",
    "Progress",
    "CancelCheck",
    "norm",
    "header_score",
    "detect_mapping",
    "blank",
    "display",
    "text_value",
    "one_line",
    "EXCEL_EPOCH",
    "EXCEL_EPOCH_1904",
    "SERIAL_MIN",
    "SERIAL_MAX",
    "BadValue",
    "from_serial",
    "parse_datetime",
    "parse_phone",
    "sniff_kind",
    "decode_text",
    "read_work_order_file",
]


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
    grid, kind, encoding = _open_grid(data, sheet)
    digest = hashlib.sha256(data).hexdigest()
    head = _head(grid, kind, known_headers)
    index, detected = _header_index(head, grid, header_row, known_headers)
    header_number = head[index][0]
    headers = tuple(_labels(head, index, grid.merges))
    rows, empty = _data_rows(head[index + 1:], grid.rows, len(headers), max(grid.total - header_number, 0),
                             max_rows, progress, cancelled)
    if not rows:
        raise EmptyFile(sheet=grid.sheet)
    return SheetData(name, kind, encoding, digest, grid.sheet, grid.sheets, header_number, detected, headers,
                     tuple(rows), empty, grid.epoch == EXCEL_EPOCH_1904)


def _open_grid(data: bytes, sheet: str | None) -> tuple[_Grid, str, str]:
    """The sheet as raw rows, the file's kind ("xlsx" / "xls" / "csv") and a CSV file's encoding."""
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
    return grid, kind, encoding


def _head(grid: _Grid, kind: str, known_headers: Sequence[str]) -> list[tuple[int, list]]:
    """The first rows, with merged ranges filled, to find the header in (taken from ``grid.rows``)."""
    head: list[tuple[int, list]] = []
    for number, values in grid.rows:
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
    return head


def _header_index(head: list[tuple[int, list]], grid: _Grid, header_row: int | None,
                  known_headers: Sequence[str]) -> tuple[int, bool]:
    """The index in ``head`` of the header row, and whether it was detected (not chosen by the clerk)."""
    known = {norm(h) for h in known_headers if norm(h)}
    if header_row is not None:
        index = next((i for i, (number, _) in enumerate(head) if number == header_row), None)
        if index is None:
            raise HeaderRowOutOfRange(header_row=header_row, rows=len(head))
        return index, False
    scores = [_row_score(values, known) for _, values in head]
    best = max(scores)
    if best < MIN_HEADER_SCORE:
        raise NoRecognisableHeaders(sheet=grid.sheet, rows_scanned=len(head))
    # of equal rows the later one: a header whose cells are merged over two rows ends on the second
    return max(i for i, s in enumerate(scores) if s == best), True


def _data_rows(after_header: list[tuple[int, list]], rest: Iterator[tuple[int, list]], width: int, total: int,
               max_rows: int, progress: Progress, cancelled: CancelCheck) -> tuple[list[tuple[int, tuple]], int]:
    """The data rows (the scanned rows after the header, then the rest of the sheet), cut or padded to
    ``width``, and the number of blank rows between them."""
    rows: list[tuple[int, tuple]] = []
    empty = pending = 0  # blank rows after the last data row are not "empty rows in the data"

    def take(number: int, values: list) -> None:
        nonlocal empty, pending
        cells = tuple(values[:width]) + (None,) * (width - len(values))
        if all(blank(v) for v in cells):
            pending += 1
            return
        empty, pending = empty + pending, 0
        rows.append((number, cells))

    for number, values in after_header:
        take(number, values)
    for done, (number, values) in enumerate(rest, start=1):
        take(number, values)
        if done % 2000 == 0:
            if cancelled():
                raise Cancelled(stage="read")
            progress("read", done, total)
        if len(rows) > max_rows:
            raise TooManyRows(rows=len(rows), maximum=max_rows)
    progress("read", total, total)
    return rows, empty
