"""Importing a file: the plan made on a reading transaction, then the rows written in batches of
``WRITE_BATCH`` rows, each its own short writing transaction (other windows never wait more than about a
second for the database), the progress kept in the import's record (desktop.services.intake.batches).
The last batch writes the repeat visits and marks the import complete. All or nothing for the clerk: an
import that stops is taken back (desktop.services.intake.discard), or, when its process died, taken over
by importing the same file again, which writes only the rows it had not reached."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Collection

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.models import ImportBatch, ImportedWorkOrder, Petition
from desktop.services import deadlines
from desktop.services.admin.calendar import load_calendar
from desktop.services.intake._common import (
    CHANGED,
    CHUNK,
    NEW,
    REJECTED,
    REPEAT,
    UNCHANGED,
    _chunks,
    _no_progress,
    _not_cancelled,
    _require_import,
    source_code,
)
from desktop.services.intake.batches import (
    COMPLETE,
    _interrupted,
    _live_import,
    _lock_source,
    _mark,
    _new_batch,
    _snapshot,
)
from desktop.services.intake.discard import _discard
from desktop.services.intake.dto import ImportResult
from desktop.services.intake.errors import Cancelled, StrictImportRefused
from desktop.services.intake.mapping import _remember
from desktop.services.intake.plan import _category_names, _Plan, _plan, _preview_row
from desktop.services.intake.sheet import CancelCheck, Progress, SheetData
from desktop.services.intake.updates import _apply_update, _record_repeats
from desktop.services.intake.writing import _write_chunk, _Writing

# rows per writing transaction: measured (benchmarks/intake_lock_bench.py) to hold SQLite's write lock
# well under a second; the progress and cancel are checked between them
WRITE_BATCH = 1000
UPDATE_BATCH = 200  # changed work orders applied per transaction
WAIT = 0.5  # seconds between two looks at another import of the source that is writing
# SQLite: a pause after each batch's commit. A window waiting for the write lock sleeps up to 100 ms
# between its tries; without the pause the next batch takes the lock first, again and again
SQLITE_YIELD = 0.1


def import_work_orders(uow, *, source: str, sheet: SheetData, mapping: dict[str, str], strict: bool = False,
                       apply_updates: bool = False, register_as_new: Collection[int] = (),
                       remember_mapping: bool = True, progress: Progress | None = None,
                       cancelled: CancelCheck | None = None) -> ImportResult:
    """Import the rows of ``sheet`` (see the package docstring) in batches. In strict mode any invalid row
    refuses the whole file (StrictImportRefused, nothing written). ``apply_updates`` writes the changes of
    work orders imported before. Cancelled (raised when ``cancelled()`` turns true) takes back what was
    written."""
    source = source_code(source)
    progress = progress or _no_progress
    cancelled = cancelled or _not_cancelled
    reader = UnitOfWork(uow.db, actor=uow.actor, clock=uow.clock, read_only=True)

    def plan_now() -> tuple[_Plan, tuple]:
        with reader:
            _require_import(reader)
            seen = _snapshot(reader, source)
            plan = _plan(reader, source=source, sheet=sheet, mapping=mapping, register_as_new=register_as_new,
                         progress=progress, cancelled=cancelled)
        if strict and plan.counts.rejected:
            raise StrictImportRefused(rejected=plan.counts.rejected, total=plan.counts.total)
        return plan, seen

    plan, w = _claim(uow, plan_now, strict, cancelled)
    try:
        work = [r for r in plan.rows if r.status == NEW]
        changed = [r for r in plan.rows if r.status == CHANGED and not r.update_blocked] if apply_updates else []
        total = len(work) + len(changed)
        _write_new_rows(w, work, total, progress, cancelled)
        updated = _apply_updates(w, changed, len(work), total, progress, cancelled)
        result = _finish(w, plan, updated, remember_mapping)
    except BaseException:
        _discard(uow, batch_id=w.batch_id, source=source)
        raise
    progress("done", total, total)
    return result


def _claim(uow, plan_now: Callable[[], tuple[_Plan, tuple]], strict: bool,
           cancelled: CancelCheck) -> tuple[_Plan, _Writing]:
    """The plan and the import's record, made (or an interrupted import of the file taken over) once no
    other import of the source is writing; the plan is made again after waiting for one, or when another
    import wrote since it was made."""
    plan, seen = plan_now()
    while True:
        with uow:
            _lock_source(uow, plan.source)
            live = _live_import(uow, plan.source)
            if live is None and _snapshot(uow, plan.source) == seen:
                return plan, _start(uow, plan, strict)
        if live is not None:
            time.sleep(WAIT)
        if cancelled():
            raise Cancelled(stage="check")
        plan, seen = plan_now()


def _start(uow, plan: _Plan, strict: bool) -> _Writing:
    """Inside the claiming transaction: the record made running (or taken over), committed."""
    uow.action = "intake.import"
    now = uow.now()
    taken_over = _interrupted(uow, plan)
    batch = taken_over or _new_batch(uow, plan, strict, now)
    _mark(uow, batch.id)
    accept_due = deadlines.due_date(uow, load_calendar(uow), "accept_notice", now.date())
    w = _Writing(uow, plan.source, batch.imported_at, batch.id, accept_due, dict(plan.people_by_key),
                 {"source": plan.source, "batch_id": batch.id}, resumed=taken_over is not None)
    uow.commit()
    return w


def _write_new_rows(w: _Writing, work: list, total: int, progress: Progress, cancelled: CancelCheck) -> None:
    """The new rows, WRITE_BATCH per transaction."""
    uow, written = w.uow, 0
    for chunk in _chunks(work, WRITE_BATCH):
        if cancelled():
            raise Cancelled(stage="write")
        with uow:
            _lock_source(uow, w.source)
            uow.action = "intake.import"
            _write_chunk(w, chunk)
            _mark(uow, w.batch_id, rows_done=ImportBatch.rows_done + len(chunk))
            uow.commit()
        _let_others_write(uow)
        written += len(chunk)
        progress("write", written, total)


def _let_others_write(uow) -> None:
    if uow.kind == "sqlite":
        time.sleep(SQLITE_YIELD)


def _apply_updates(w: _Writing, changed: list, written: int, total: int, progress: Progress,
                   cancelled: CancelCheck) -> int:
    """The changes of work orders imported before applied to their cases, UPDATE_BATCH per transaction (a
    change applied is a whole, audited edit of its case; importing the file again finds it unchanged)."""
    uow = w.uow
    for i, chunk in enumerate(_chunks(changed, UPDATE_BATCH)):
        if cancelled():
            raise Cancelled(stage="write")
        with uow:
            _lock_source(uow, w.source)
            uow.action = "intake.import"
            batch = uow.session.get(ImportBatch, w.batch_id)
            for r in chunk:
                _apply_update(uow, r, uow.session.get(ImportedWorkOrder, r.existing.id), batch)
            _mark(uow, w.batch_id)
            uow.commit()
        _let_others_write(uow)
        progress("write", written + min((i + 1) * UPDATE_BATCH, len(changed)), total)
    return len(changed)


def _finish(w: _Writing, plan: _Plan, updated: int, remember_mapping: bool) -> ImportResult:
    """The last transaction: the repeat visits (their keys and timeline entries, the counts on their cases),
    the mapping remembered, the record complete with the counts of the whole import."""
    uow = w.uow
    repeats = [r for r in plan.rows if r.status == REPEAT]
    # rows an interrupted run of this import wrote: found unchanged now, they count as created
    earlier = sum(1 for r in plan.rows if r.status == UNCHANGED and r.existing.batch_id == w.batch_id)
    c = plan.counts
    counts = dataclasses.replace(c, new=c.new + earlier, unchanged=c.unchanged - earlier)
    with uow:
        _lock_source(uow, w.source)
        uow.action = "intake.import"
        for chunk in _chunks(repeats, CHUNK):
            _write_chunk(w, chunk)
        if w.repeat_counts:
            _record_repeats(uow, repeats, w.repeat_counts, w.step_base)
        if remember_mapping:
            _remember(uow, plan.source, plan.mapping)
        _mark(uow, w.batch_id, state=COMPLETE, rows_done=counts.new + counts.repeat, created=counts.new,
              repeats=counts.repeat, updated=updated, unchanged=counts.unchanged)
        first, last = _case_span(uow, w.batch_id)
        names = _category_names(uow)
        rejected = tuple(_preview_row(r, names) for r in plan.rows if r.status == REJECTED)
        uow.commit()
    return ImportResult(w.batch_id, plan.source, counts, counts.new, counts.repeat, updated, rejected, first, last,
                        w.resumed)


def _case_span(uow, batch_id: int) -> tuple[str, str]:
    """The first and the last case number the import created ("" when none)."""
    k = ImportedWorkOrder
    q = (select(Petition.case_no).join(k, k.petition_id == Petition.id)
         .where(k.batch_id == batch_id, k.linked_as == "new").limit(1))
    first = uow.session.scalar(q.order_by(Petition.id))
    last = uow.session.scalar(q.order_by(Petition.id.desc()))
    return first or "", last or ""
