"""Two windows can never get the same ticket, and no ticket is lost: 17 worker processes (one per window)
first issue tickets at the same time (race-free numbering), then call and finish until the queue is empty,
on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import multiprocessing as mp
import traceback
from collections import Counter, defaultdict

import pytest
from sqlalchemy import select

from desktop.models import QueueEvent, Ticket, Window
from desktop.services.admin import center
from tests.conftest import NOW

TICKETS_PER_WORKER = 60
WINDOWS = 17


def _worker(url: str, window_no: int, service_id: int, barrier, results) -> None:
    from desktop.clock import FixedClock
    from desktop.services import queue as q
    from desktop.services.context import open_database

    served, errors = [], []
    ctx = open_database(url, upgrade=False, clock=FixedClock(NOW))
    try:
        for _ in range(TICKETS_PER_WORKER):
            q.issue_ticket(ctx.uow(), service_id=service_id)
        barrier.wait(timeout=300)
        while True:
            called = q.call_next(ctx.uow(), window_no=window_no)
            if called is None:
                break
            q.finish_service(ctx.uow(), ticket_id=called.ticket.id, record=f"window {window_no}",
                             window_no=window_no)
            served.append(called.ticket.id)
    except Exception:
        errors.append(traceback.format_exc())
        barrier.abort()
    finally:
        ctx.close()
        results.put((window_no, served, errors))


class _Row:
    def __init__(self, t: Ticket):
        self.id, self.status, self.service_id, self.window_id = t.id, t.status, t.service_id, t.window_id
        self.seq, self.number = t.seq, t.number


@pytest.mark.slow
def test_seventeen_windows_serve_every_ticket_exactly_once(ctx):
    windows = center.list_windows(ctx.uow())
    assert len(windows) == WINDOWS
    # a fresh server process that imported the code once forks the workers: no copied connections,
    # no 17 imports
    mp_ctx = mp.get_context("forkserver")
    mp_ctx.set_forkserver_preload([__name__])
    barrier = mp_ctx.Barrier(WINDOWS)
    results = mp_ctx.Queue()
    url = ctx.db.url.render_as_string(hide_password=False)
    procs = [mp_ctx.Process(target=_worker, args=(url, w.number, w.service_ids[0], barrier, results))
             for w in windows]
    for p in procs:
        p.start()
    outcome = [results.get(timeout=600) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    errors = [e for _, _, errs in outcome for e in errs]
    assert errors == []

    served = [tid for _, ids, _ in outcome for tid in ids]
    with ctx.uow() as uow:
        tickets = [_Row(t) for t in uow.session.scalars(select(Ticket))]
        called = Counter(uow.session.scalars(select(QueueEvent.ticket_id).where(QueueEvent.kind == "called")))
        window_services = {w.id: set(w.service_ids) for w in windows}
        numbers = {w.number: w.id for w in uow.session.scalars(select(Window))}
    total = WINDOWS * TICKETS_PER_WORKER
    assert len(tickets) == total
    assert len(served) == len(set(served)) == total  # nobody served twice
    assert set(served) == {t.id for t in tickets}  # nobody lost
    assert all(t.status == "finished" for t in tickets)
    assert set(called.values()) == {1} and len(called) == total  # one call per ticket, never two windows
    by_window = {w: set(ids) for w, ids, _ in outcome}
    for t in tickets:
        assert t.service_id in window_services[t.window_id]
        assert t.id in by_window[next(n for n, i in numbers.items() if i == t.window_id)]
    # numbering stayed gap-free and unique per service although several windows issued at once
    seqs = defaultdict(list)
    for t in tickets:
        seqs[t.service_id].append(t.seq)
        assert t.number.endswith(f"{t.seq:03d}")
    for service_id, values in seqs.items():
        assert sorted(values) == list(range(1, len(values) + 1)), service_id


@pytest.mark.postgres
def test_event_ids_become_visible_in_commit_order_on_postgresql(pg_server, pg_template, clock):
    """A screen reads ``id > last_seen``: an event that got a lower id but commits later would be skipped
    for ever. The advisory lock makes a second writer wait until the first one's event is committed."""
    import threading

    from desktop.services import queue as q
    from desktop.services import queue as ql
    from desktop.services.context import open_database
    from tests.conftest import fresh_pg_database

    ctx = open_database(fresh_pg_database(pg_server, pg_template), clock=clock)
    try:
        first = ctx.uow()
        first.__enter__()
        q.log_event(first, "paused", window_no=1)  # holds id n, not committed yet
        second_done = threading.Event()

        def second():
            with ctx.uow() as uow:
                q.log_event(uow, "paused", window_no=2)
                uow.commit()
            second_done.set()

        thread = threading.Thread(target=second)
        thread.start()
        assert not second_done.wait(1.0)  # the second writer waits for the first to commit
        assert ql.poll(ctx.uow(), after_id=0).events == ()
        first.commit()
        first.__exit__(None, None, None)
        thread.join(timeout=30)
        assert second_done.is_set()
        seen = ql.poll(ctx.uow(), after_id=0).events
        assert [e.window_no for e in seen] == [1, 2]
        assert seen[0].id < seen[1].id
    finally:
        ctx.close()
