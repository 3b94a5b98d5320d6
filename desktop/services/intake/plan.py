"""The plan of an import (inside an open unit of work): what importing a file would do, row by row; and
the preview that shows it without writing."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import select

from desktop.models import PetitionCategory
from desktop.services.intake._common import (
    CHANGED,
    NEW,
    OTHER_CATEGORY,
    REJECTED,
    REPEAT,
    UNCHANGED,
    _no_progress,
    _not_cancelled,
    _require_import,
    source_code,
)
from desktop.services.intake.categories import _load_categories
from desktop.services.intake.cells import EXCEL_EPOCH, EXCEL_EPOCH_1904
from desktop.services.intake.changes import _compare_with_stored
from desktop.services.intake.dto import ImportCounts, ImportPreview, PreviewRow, RowProblem
from desktop.services.intake.errors import Cancelled, NoFallbackCategory
from desktop.services.intake.headers import (
    ADDRESS,
    CALLER_NAME,
    CATEGORY,
    CONTENT,
    GRID,
    PHONE,
    VILLAGE,
    WORK_ORDER_NO,
)
from desktop.services.intake.mapping import check_mapping
from desktop.services.intake.repeats import _detect_repeats
from desktop.services.intake.rows import _normalise, _Row
from desktop.services.intake.sheet import CancelCheck, Progress, SheetData
from desktop.services.people import mask_phone


@dataclass
class _Plan:
    source: str
    sheet: SheetData
    mapping: dict[str, str]
    rows: list[_Row]
    unmatched: dict[str, int]
    people_by_key: dict[tuple[str, str], int]  # (name, phone) -> a stored person to reuse
    counts: ImportCounts = field(default_factory=ImportCounts)


def _plan(uow, *, source: str, sheet: SheetData, mapping: dict[str, str], register_as_new: Collection[int],
          progress: Progress, cancelled: CancelCheck) -> _Plan:
    """Inside an open unit of work: what importing ``sheet`` would do, row by row."""
    columns = check_mapping(sheet, mapping)
    rows = _normalise_all(uow, sheet, columns, progress, cancelled)
    total = len(sheet.rows)
    _mark_duplicates(rows)
    unmatched = _match_categories(uow, rows)
    valid = [r for r in rows if not r.problems]
    fresh = _compare_with_stored(uow, source, valid)  # marks the work orders imported before
    if cancelled():
        raise Cancelled(stage="check")
    reuse = _detect_repeats(uow, fresh, register_as_new=register_as_new, done=len(rows) - len(fresh),
                            total=total, progress=progress, cancelled=cancelled)
    for r in rows:
        if r.problems:
            r.status = REJECTED
    progress("check", total, total)
    return _Plan(source, sheet, mapping, rows, unmatched, reuse, _count(rows, sheet))


def _normalise_all(uow, sheet: SheetData, columns: dict[str, int], progress: Progress,
                   cancelled: CancelCheck) -> list[_Row]:
    now = uow.now()
    epoch = EXCEL_EPOCH_1904 if sheet.date1904 else EXCEL_EPOCH
    total = len(sheet.rows)
    rows: list[_Row] = []
    for i, (row_no, cells) in enumerate(sheet.rows, start=1):
        rows.append(_normalise(row_no, cells, columns, now, epoch))
        if i % 5000 == 0:
            if cancelled():
                raise Cancelled(stage="check")
            progress("check", i, total)
    return rows


def _mark_duplicates(rows: list[_Row]) -> None:
    """The same work-order number twice in the file: a row repeated whole, or two different rows."""
    by_no: dict[str, list[_Row]] = {}
    for r in rows:
        if r.values.get(WORK_ORDER_NO):
            by_no.setdefault(r.values[WORK_ORDER_NO], []).append(r)
    for same in by_no.values():
        if len(same) < 2:
            continue
        first = same[0]
        if all(r.values == first.values for r in same):
            for r in same[1:]:
                r.problems.append(RowProblem(WORK_ORDER_NO, "repeated_row", str(first.row_no)))
        else:
            for r in same:
                others = "、".join(str(o.row_no) for o in same if o is not r)
                r.problems.append(RowProblem(WORK_ORDER_NO, "duplicate_in_file", others))


def _match_categories(uow, rows: list[_Row]) -> dict[str, int]:
    """Each row's category; returns the names that went to 其他, with their rows."""
    categories = _load_categories(uow)
    unmatched: dict[str, int] = {}
    for r in rows:
        text_ = r.values.get(CATEGORY, "")
        r.category_id, r.category_matched = categories.match(text_)
        if not r.category_matched and not r.problems and text_:
            unmatched[text_] = unmatched.get(text_, 0) + 1
    if categories.other_id is None and any(r.category_id is None and not r.problems for r in rows):
        raise NoFallbackCategory(name=OTHER_CATEGORY)
    return unmatched


def _count(rows: list[_Row], sheet: SheetData) -> ImportCounts:
    return ImportCounts(
        total=len(rows), new=sum(r.status == NEW for r in rows), repeat=sum(r.status == REPEAT for r in rows),
        changed=sum(r.status == CHANGED for r in rows), unchanged=sum(r.status == UNCHANGED for r in rows),
        rejected=sum(r.status == REJECTED for r in rows), empty_rows=sheet.empty_rows,
        other_category=sum(1 for r in rows if r.status == NEW and not r.category_matched))


def _preview_row(r: _Row, names: dict[int, str]) -> PreviewRow:
    v = r.values
    return PreviewRow(
        r.row_no, r.status, v.get(WORK_ORDER_NO, ""), r.received_at, v.get(CALLER_NAME, ""),
        mask_phone(v.get(PHONE, "")) if not any(p.field == PHONE for p in r.problems) else v.get(PHONE, ""),
        r.phone_fixed, v.get(ADDRESS, ""), v.get(VILLAGE, ""), v.get(GRID, ""), v.get(CATEGORY, ""),
        names.get(r.category_id, "") if r.category_id else "", r.category_matched, v.get(CONTENT, ""),
        r.requested_due_on, tuple(r.problems), r.case_id, r.case_no, r.repeat_of_row, r.similarity, r.final,
        r.open_cases, r.changes, r.update_blocked, r.registered_as_new)


def _category_names(uow) -> dict[int, str]:
    return dict(uow.session.execute(select(PetitionCategory.id, PetitionCategory.name)).all())


def preview_import(uow, *, source: str, sheet: SheetData, mapping: dict[str, str],
                   register_as_new: Collection[int] = (), progress: Progress | None = None,
                   cancelled: CancelCheck | None = None) -> ImportPreview:
    """What importing ``sheet`` with ``mapping`` would do, row by row; writes nothing.
    ``register_as_new``: row numbers of repeats the clerk wants registered as new cases."""
    source = source_code(source)
    with uow:
        _require_import(uow)
        plan = _plan(uow, source=source, sheet=sheet, mapping=mapping, register_as_new=register_as_new,
                     progress=progress or _no_progress, cancelled=cancelled or _not_cancelled)
        names = _category_names(uow)
        return ImportPreview(source, sheet.file_name, sheet.sheet, sheet.header_row, dict(mapping),
                             tuple(_preview_row(r, names) for r in plan.rows), plan.counts,
                             tuple(sorted(plan.unmatched, key=lambda n: (-plan.unmatched[n], n))))
