"""A full disk and a read-only database: the action fails with a typed error (StorageFull,
ReadOnlyDatabase) from the unit of work, nothing of it is stored, nothing stored before is lost, and the
same action succeeds once the condition clears.

SQLite's disk-full is the genuine SQLITE_FULL, produced by capping the file with ``PRAGMA max_page_count``
at its current size; read-only is a connection opened with ``mode=ro``. On PostgreSQL the server raises
SQLSTATE 53100 (disk_full) from a statement, and 25006 with ``default_transaction_read_only``.
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event, func, select, text

from desktop.db import Database, UnitOfWork
from desktop.models import Person, Petition, QueueEvent, Ticket
from desktop.services import queue as q
from desktop.services.admin import center
from desktop.services.errors import ReadOnlyDatabase, StorageFull
from tests.integration.test_petition_helpers import petitioner


def cap_sqlite_file(db: Database):
    """Make the file full: compact it (no free pages left), then let every new connection see its current
    size as the maximum (``PRAGMA max_page_count``), so a write that needs a new page gets the genuine
    SQLITE_FULL. Returns the function that frees the space again."""
    db.dispose()
    with sqlite3.connect(db.sqlite_path) as raw:
        raw.execute("VACUUM")

    def cap(dbapi_conn, _record):
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(db.engine, "connect", cap)
    return lambda: (event.remove(db.engine, "connect", cap), db.dispose())


def make_sqlite_read_only(db: Database):
    """Every new connection may only read (``PRAGMA query_only``: writes fail with SQLITE_READONLY, as on
    a file without write permission). Returns the function that makes it writable again."""
    def read_only(dbapi_conn, _record):
        dbapi_conn.execute("PRAGMA query_only = ON")

    event.listen(db.engine, "connect", read_only)
    db.dispose()
    return lambda: (event.remove(db.engine, "connect", read_only), db.dispose())


def _counts(ctx) -> tuple[int, int, int, int]:
    with ctx.uow() as uow:
        s = uow.session
        return (s.scalar(select(func.count()).select_from(Ticket)), s.scalar(select(func.count()).select_from(QueueEvent)),
                s.scalar(select(func.count()).select_from(Petition)), s.scalar(select(func.count()).select_from(Person)))


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_sqlite_disk_full_keeps_everything_stored_and_refuses_cleanly(ctx):
    svc = center.list_services(ctx.uow())[0].id
    category = next(c.id for c in center.list_categories(ctx.uow()) if c.parent_id is not None)
    release = cap_sqlite_file(ctx.db)
    issued = []
    with pytest.raises(StorageFull) as full:
        for _ in range(5000):  # until the file has no room left
            issued.append(q.issue_ticket(ctx.uow(), service_id=svc).ticket.number)
    assert "full" in full.value.facts["detail"]
    assert issued, "the cap left no room at all: the test would not show that stored tickets survive"
    before = _counts(ctx)
    assert before[0] == len(issued)
    with pytest.raises(StorageFull):  # a registration with a long text needs a new page: refused whole
        pt_register(ctx, category, "噪音" * 1500)
    assert _counts(ctx) == before  # no petition, no person, no case number taken
    release()
    case = pt_register(ctx, category, "噪音" * 1500)
    assert case.case_no.endswith("第001号")  # the refused registration gave its number back
    ticket = q.issue_ticket(ctx.uow(), service_id=svc).ticket
    assert ticket.number.endswith(f"{len(issued) + 1:03d}")
    with sqlite3.connect(ctx.db.sqlite_path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def pt_register(ctx, category, content):
    from desktop.services import petitions as pt

    return pt.register_petition(ctx.uow(), source="visit", petitioners=[petitioner()], category_id=category,
                                content=content, requests="要求停工")


def test_read_only_database_refuses_writes_and_keeps_reads(ctx):
    svc = center.list_services(ctx.uow())[0].id
    first = q.issue_ticket(ctx.uow(), service_id=svc).ticket
    if ctx.db.kind == "sqlite":
        ro = Database(f"sqlite:///file:{ctx.db.sqlite_path}?mode=ro&uri=true")
        undo = ro.dispose
    else:
        admin = Database(ctx.db.url.set(database="postgres").render_as_string(hide_password=False))
        name = ctx.db.url.database
        with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text(f"ALTER DATABASE {name} SET default_transaction_read_only = on"))
        ctx.db.dispose()
        ro = ctx.db

        def undo():
            with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(text(f"ALTER DATABASE {name} SET default_transaction_read_only = off"))
            admin.dispose()
            ctx.db.dispose()
    try:
        with pytest.raises(ReadOnlyDatabase) as refused:
            q.issue_ticket(UnitOfWork(ro, clock=ctx.clock), service_id=svc)
        assert refused.value.facts["detail"]
        with UnitOfWork(ro, clock=ctx.clock, read_only=True) as uow:  # reads still work
            assert list(uow.session.scalars(select(Ticket.number))) == [first.number]
    finally:
        undo()
    assert q.issue_ticket(ctx.uow(), service_id=svc).ticket.number.endswith("002")


@pytest.mark.parametrize("db_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_postgresql_disk_full_is_typed(ctx):
    svc = center.list_services(ctx.uow())[0].id
    with pytest.raises(StorageFull) as full, ctx.uow() as uow:
        q.log_event(uow, "paused", window_no=1)
        # the server's own disk_full error (SQLSTATE 53100), as when it cannot extend a file
        uow.session.execute(text("DO $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' "
                                 "USING ERRCODE = 'disk_full'; END $$"))
        uow.commit()
    assert "No space left" in full.value.facts["detail"]
    with ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(QueueEvent)) == 0
    assert q.issue_ticket(ctx.uow(), service_id=svc).ticket.number.endswith("001")
