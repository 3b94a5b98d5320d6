"""The record of one import as it goes (``ImportBatch.state``): made ``running`` before the first batch of
rows, its progress and heartbeat moved on with every batch, ``complete`` with the last one. An import
whose process died stays ``running`` with an old heartbeat: importing the same file again takes it over
and writes only the rows it had not reached. Another import of the source that is alive is waited for, and
the plan is made again when another import wrote since it was made."""

from __future__ import annotations

import datetime as dt
import zlib

from sqlalchemy import func, select, text, update

from desktop.models import ImportBatch
from desktop.services.intake.plan import _Plan
from desktop.services.petitions import actor_name

RUNNING, COMPLETE, FAILED = "running", "complete", "failed"
BATCH_STATES = (RUNNING, COMPLETE, FAILED)
# an import writes a batch of rows every second or so; a heartbeat this old means its process is gone
STALE = dt.timedelta(minutes=1)


def _wall_now() -> dt.datetime:
    """The real time in UTC (not the app's clock, which tests fix): the heartbeat is only about liveness."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _lock_source(uow, source: str) -> None:
    """Two imports' transactions of one source wait for each other (SQLite writers already do: BEGIN
    IMMEDIATE)."""
    if uow.kind == "postgresql":
        key = zlib.crc32(f"onestop.intake.{source}".encode())
        uow.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def _of_complete_imports(key_batch_id):
    """The condition on work-order keys that shows only those of complete imports."""
    return key_batch_id.in_(select(ImportBatch.id).where(ImportBatch.state == COMPLETE))


def _snapshot(uow, source: str) -> tuple:
    """Inside a transaction: the imports of ``source`` as they stand (the newest record, those running and
    how far each got). A plan made after this is stale when it changed: another import wrote meanwhile."""
    newest = uow.session.scalar(select(func.max(ImportBatch.id)).where(ImportBatch.source == source))
    running = uow.session.execute(select(ImportBatch.id, ImportBatch.rows_done).where(
        ImportBatch.source == source, ImportBatch.state == RUNNING).order_by(ImportBatch.id)).all()
    return newest, tuple(tuple(r) for r in running)


def _live_import(uow, source: str) -> int | None:
    """Inside a transaction: the id of another import of ``source`` that is writing now."""
    return uow.session.scalar(select(ImportBatch.id).where(
        ImportBatch.source == source, ImportBatch.state == RUNNING,
        ImportBatch.heartbeat_at >= _wall_now() - STALE).limit(1))


def _interrupted(uow, plan: _Plan) -> ImportBatch | None:
    """Inside a transaction: an import of the same file and mapping whose process died before it was
    complete (its heartbeat is old), to be taken over."""
    sheet = plan.sheet
    for batch in uow.session.scalars(select(ImportBatch).where(
            ImportBatch.source == plan.source, ImportBatch.file_sha256 == sheet.sha256,
            ImportBatch.sheet == sheet.sheet[:100], ImportBatch.state == RUNNING).order_by(ImportBatch.id.desc())):
        if batch.mapping == dict(plan.mapping):
            return batch
    return None


def _new_batch(uow, plan: _Plan, strict: bool, now: dt.datetime) -> ImportBatch:
    sheet, counts = plan.sheet, plan.counts
    batch = ImportBatch(source=plan.source, file_name=sheet.file_name[:200], file_sha256=sheet.sha256,
                        sheet=sheet.sheet[:100], header_row=sheet.header_row, mapping=dict(plan.mapping),
                        strict=strict, imported_at=now, actor_id=uow.actor.user_id,
                        actor_name=actor_name(uow)[:40], rows_total=counts.total, created=counts.new,
                        repeats=counts.repeat, updated=0, unchanged=counts.unchanged, rejected=counts.rejected,
                        empty_rows=counts.empty_rows, other_category=counts.other_category,
                        unmatched_categories=sorted(plan.unmatched), state=RUNNING, rows_done=0,
                        heartbeat_at=_wall_now())
    uow.session.add(batch)
    uow.session.flush()
    return batch


def _mark(uow, batch_id: int, **values) -> None:
    """Inside a transaction: the batch's progress (and the heartbeat) moved on. Bookkeeping of the import,
    not audited: the rows it counts are."""
    uow.session.execute(update(ImportBatch).where(ImportBatch.id == batch_id)
                        .values(heartbeat_at=_wall_now(), **values).execution_options(synchronize_session=False))
