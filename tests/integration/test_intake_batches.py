"""An import commits in batches of rows, all or nothing for the clerk through its record: a batch that fails
takes back what was written, an import whose process died is taken over by importing the same file again
(no duplicates, numbers without gaps), and a window's *call next* is served while a file is imported. Imports
stored before the batches came are complete after the upgrade."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from alembic import command
from sqlalchemy import func, select, text, update

from desktop import db as db_module
from desktop import migrations
from desktop.models import ImportBatch, ImportedWorkOrder, Person, Petition, PetitionStep
from desktop.services import intake
from desktop.services import queue as q
from desktop.services.context import open_database
from desktop.services.intake import importing
from tests.fixtures.intake.make_fixtures import big_file
from tests.integration.test_intake import count, opened

ROWS = 4500


def _failing_after(monkeypatch, batches: int) -> list[int]:
    """Make the batch after ``batches`` written ones raise; returns the rows of every batch written."""
    real = importing._write_chunk
    sizes: list[int] = []

    def write(w, chunk):
        if len(sizes) == batches:
            raise RuntimeError("the disk went away")
        real(w, chunk)
        sizes.append(len(chunk))

    monkeypatch.setattr(importing, "_write_chunk", write)
    return sizes


def _import(ctx, o, **kw) -> intake.ImportResult:
    return intake.import_work_orders(ctx.uow(), source="12345", sheet=o.sheet, mapping=o.mapping, **kw)


def _numbers_without_gaps(ctx, created: int) -> bool:
    with ctx.uow(read_only=True) as uow:
        seqs = list(uow.session.scalars(select(Petition.case_seq).order_by(Petition.case_seq)))
    return seqs == list(range(1, created + 1))


def test_a_failing_batch_leaves_no_partial_import_and_importing_again_completes(ctx, tmp_path, monkeypatch):
    o = opened(ctx, big_file(tmp_path / "work_orders.csv", ROWS))
    _failing_after(monkeypatch, 2)
    with pytest.raises(RuntimeError):
        _import(ctx, o)
    assert all(count(ctx, m) == 0 for m in (Petition, Person, ImportedWorkOrder, PetitionStep))
    assert [b.state for b in intake.list_batches(ctx.uow())] == [intake.FAILED]
    monkeypatch.undo()
    result = _import(ctx, o)
    assert result.created + result.repeats == ROWS and count(ctx, ImportedWorkOrder) == ROWS
    assert count(ctx, Petition) == result.created and _numbers_without_gaps(ctx, result.created)
    assert [b.state for b in intake.list_batches(ctx.uow())] == [intake.COMPLETE, intake.FAILED]


def test_an_import_whose_process_died_is_taken_over_without_duplicates(ctx, tmp_path, monkeypatch):
    o = opened(ctx, big_file(tmp_path / "work_orders.csv", ROWS))
    whole = intake.preview_import(ctx.uow(), source="12345", sheet=o.sheet, mapping=o.mapping).counts
    _failing_after(monkeypatch, 2)
    monkeypatch.setattr(importing, "_discard", lambda uow, **kw: False)  # the process died: nobody cleans up
    with pytest.raises(RuntimeError):
        _import(ctx, o)
    [batch] = intake.list_batches(ctx.uow())
    assert (batch.state, batch.rows_done) == (intake.RUNNING, 2 * intake.WRITE_BATCH)
    with ctx.uow(read_only=True) as uow:  # its work orders are not listed on their cases
        case_id = uow.session.scalar(select(func.min(Petition.id)))
    assert intake.work_orders_of_case(ctx.uow(), case_id=case_id) == []
    monkeypatch.undo()
    with ctx.uow() as uow:  # a minute later, no heartbeat
        uow.session.execute(update(ImportBatch).values(heartbeat_at=dt.datetime(2000, 1, 1)))
        uow.commit()
    sizes = _failing_after(monkeypatch, 99)
    result = _import(ctx, o)
    assert result.batch_id == batch.id and result.resumed and sum(sizes) < ROWS  # only the rows not reached
    assert (result.created, result.repeats) == (whole.new, whole.repeat)
    assert count(ctx, ImportedWorkOrder) == ROWS and count(ctx, Petition) == result.created
    assert _numbers_without_gaps(ctx, result.created)
    [done] = intake.list_batches(ctx.uow())
    assert (done.state, done.rows_done, done.created) == (intake.COMPLETE, ROWS, whole.new)
    assert len(intake.work_orders_of_case(ctx.uow(), case_id=case_id)) >= 1


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_call_next_is_served_while_a_file_is_imported(ctx, db_url, tmp_path, monkeypatch):
    o = opened(ctx, big_file(tmp_path / "work_orders.csv", 10_000))
    for _ in range(200):
        q.issue_ticket(ctx.uow(), service_id=1)
    monkeypatch.setattr(db_module, "SQLITE_BUSY_TIMEOUT_S", 3)  # the window gives up after 3 s, not 30
    window = open_database(db_url, upgrade=False, clock=ctx.clock)
    stage, out = ["check"], {}

    def run():
        try:
            out["result"] = _import(ctx, o, progress=lambda s, done, total: stage.__setitem__(0, s))
        except Exception as exc:  # reported by the assertion below
            out["error"] = exc

    importer = threading.Thread(target=run)
    importer.start()
    calls_while_writing = 0
    try:
        while importer.is_alive():
            called = q.call_next(window.uow(), window_no=1)
            calls_while_writing += stage[0] == "write" and importer.is_alive()
            q.finish_service(window.uow(), ticket_id=called.ticket.id, window_no=1)
            time.sleep(0.05)
    finally:
        importer.join()
        window.close()
    assert "error" not in out and out["result"].created + out["result"].repeats == 10_000
    assert calls_while_writing >= 3


def test_imports_stored_before_are_complete_after_the_upgrade(tmp_path):
    db = db_module.Database(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        with db.engine.begin() as conn:
            command.upgrade(migrations._config(conn), "0013_booking_whole_minutes")
            conn.execute(text(
                "INSERT INTO import_batch (source, file_name, file_sha256, sheet, header_row, mapping, strict, "
                "imported_at, actor_name, rows_total, created, repeats, updated, unchanged, rejected, empty_rows, "
                "other_category, unmatched_categories) VALUES ('hotline', 'a.xlsx', 'x', '', 1, '{}', 0, "
                "'2026-11-01 09:00:00', '王芳', 12, 8, 3, 0, 0, 1, 0, 0, '[]')"))
        migrations.upgrade(db)
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT file_name, state, rows_done FROM import_batch")).all() == [
                ("a.xlsx", "complete", 11)]
    finally:
        db.dispose()
