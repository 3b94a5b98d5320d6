"""The error report: the rejected rows of a preview as an .xlsx workbook the clerk corrects the file from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from desktop import fileperms
from desktop.reports import intake as files_out
from desktop.services.errors import Invalid
from desktop.services.intake._common import REJECTED, SOURCE_LABELS, source_code
from desktop.services.intake.dto import PreviewRow
from desktop.services.intake.sheet import SheetData


def error_report(rows: Sequence[PreviewRow], sheet: SheetData, *, source: str, generated_at: dt.datetime) -> bytes:
    """The rejected rows as an .xlsx workbook: row number, work-order number, reasons, and the row's cells."""
    cells = dict(sheet.rows)
    rejected = [files_out.RejectedRow(r.row_no, r.work_order_no,
                                      tuple((p.field, p.reason, p.value, p.maximum) for p in r.problems),
                                      cells.get(r.row_no, ())) for r in rows if r.status == REJECTED]
    return files_out.error_report(rejected, headers=sheet.headers, file_name=sheet.file_name,
                                  source_label=SOURCE_LABELS[source_code(source)], generated_at=generated_at)


def write_error_report(path: str | Path, rows: Sequence[PreviewRow], sheet: SheetData, *, source: str,
                       generated_at: dt.datetime) -> Path:
    path = Path(path)
    try:
        fileperms.write_private(path, error_report(rows, sheet, source=source, generated_at=generated_at))
    except OSError as exc:
        raise Invalid(field="path", reason="not_writable", value=str(path), detail=exc.strerror or str(exc)) \
            from None
    return path
