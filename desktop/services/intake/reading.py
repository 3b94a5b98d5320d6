"""Opening a work-order file: read it (desktop.services.intake.files) and propose its column mapping."""

from __future__ import annotations

from pathlib import Path

from desktop.services.admin.settings import get_setting
from desktop.services.intake._common import _no_progress, _not_cancelled, _require_import, source_code
from desktop.services.intake.dto import OpenedFile
from desktop.services.intake.files import read_work_order_file
from desktop.services.intake.mapping import _remembered, propose_mapping
from desktop.services.intake.sheet import CancelCheck, Progress


def open_work_order_file(uow, *, source: str, path: str | Path | None = None, data: bytes | None = None,
                         file_name: str | None = None, sheet: str | None = None, header_row: int | None = None,
                         progress: Progress | None = None, cancelled: CancelCheck | None = None) -> OpenedFile:
    """Read a work-order file (from ``path`` or ``data``) and propose the column mapping for ``source``.
    The remembered mapping's headers help find the header row. No transaction stays open while the file
    is read."""
    source = source_code(source)
    with uow:
        _require_import(uow)
        remembered = _remembered(uow, source)
        max_rows = get_setting(uow, "intake_max_rows")
    sheet_data = read_work_order_file(data if data is not None else path, file_name=file_name, sheet=sheet,
                                      header_row=header_row, known_headers=tuple(remembered.values()),
                                      max_rows=max_rows, progress=progress or _no_progress,
                                      cancelled=cancelled or _not_cancelled)
    mapping, origin = propose_mapping(sheet_data, remembered)
    return OpenedFile(sheet_data, mapping, remembered, origin)
