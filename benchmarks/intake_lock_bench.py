"""Work-order intake against the queue: a clerk's *call next* on another window while a 50,000-row 12345 file
is imported, on SQLite and on a throwaway PostgreSQL server (tests/pg.py).

A second thread, with its own connection as another window's PC has, does the clerk's *call next* in a loop
(every 100 ms): finish the ticket it called before, call the next. First while nothing else runs ("idle"),
then during the import. It prints call-next p50/p95 idle and during the import, the slowest call and the
calls that failed (SQLite gives up after 30 s waiting for the write lock), and the longest write
transaction of the import (on SQLite: how long it held the database's write lock).

    python -m benchmarks intake_lock                        both databases, 50,000 rows
    python benchmarks/intake_lock_bench.py --rows 10000 --db sqlite
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.common import pcts  # noqa: E402
from benchmarks.intake_bench import NOW, _database, scratch  # noqa: E402
from desktop.clock import FixedClock  # noqa: E402

IDLE_CALLS = 50
PAUSE = 0.1  # seconds between two calls of the window
WAITING = 950  # tickets waiting when the window starts calling (one a call; 999 a day at most)


def _write_holds(engine) -> list[float]:
    """Seconds of every writing transaction on ``engine`` (a reader begins with the read-only option)."""
    from sqlalchemy import event

    holds: list[float] = []

    def begin(conn):
        if not conn.get_execution_options().get("onestop_read_only", False):
            conn.info["bench_began"] = time.perf_counter()

    def end(conn):
        began = conn.info.pop("bench_began", None)
        if began is not None:
            holds.append(time.perf_counter() - began)

    event.listen(engine, "begin", begin)
    event.listen(engine, "commit", end)
    event.listen(engine, "rollback", end)
    return holds


class _Window(threading.Thread):
    """Window 1 calling and finishing tickets on its own connection until ``stop`` is set."""

    def __init__(self, url: str, stop: threading.Event, limit: int | None = None):
        super().__init__(daemon=True)
        self.url, self.stop, self.limit = url, stop, limit
        self.ms: list[float] = []
        self.failed: list[str] = []

    def run(self) -> None:
        from desktop.services import queue
        from desktop.services.context import open_database

        ctx = open_database(self.url, upgrade=False, clock=FixedClock(NOW))
        try:
            held = None
            while not self.stop.is_set() and (self.limit is None or len(self.ms) < self.limit):
                started = time.perf_counter()
                try:
                    if held is not None:
                        queue.finish_service(ctx.uow(), ticket_id=held, window_no=1)
                        held = None
                    called = queue.call_next(ctx.uow(), window_no=1)
                    if called is None:
                        break  # the line ran out (the import took longer than WAITING calls)
                    held = called.ticket.id
                except Exception as exc:  # counted: the figure is how often a clerk would see this
                    self.failed.append(type(exc).__name__)
                self.ms.append((time.perf_counter() - started) * 1000)
                time.sleep(PAUSE)
            if held is not None:
                queue.finish_service(ctx.uow(), ticket_id=held, window_no=1)
        finally:
            ctx.close()


def run_one(kind: str, rows: int, path: Path, tmp: Path, pg) -> dict:
    from desktop.services import intake, queue
    from desktop.services.admin import center
    from desktop.services.context import open_database

    url = _database(kind, tmp, pg)
    ctx = open_database(url, clock=FixedClock(NOW), upgrade=False)
    try:
        center.setup_center(ctx.uow(), name="虎丘镇一站式综合服务中心", case_abbr="虎", admin_username="admin",
                            admin_full_name="系统管理员", admin_password="Hall2026pw")
        opened = intake.open_work_order_file(ctx.uow(), source="12345", path=path)
        for _ in range(WAITING):
            queue.issue_ticket(ctx.uow(), service_id=1)
        idle = _Window(url, threading.Event(), IDLE_CALLS)
        idle.run()
        holds = _write_holds(ctx.db.engine)
        stop = threading.Event()
        window = _Window(url, stop)
        window.start()
        started = time.perf_counter()
        result = intake.import_work_orders(ctx.uow(), source="12345", sheet=opened.sheet, mapping=opened.mapping)
        seconds = time.perf_counter() - started
        stop.set()
        window.join()
        assert result.created + result.repeats == rows
        return {"db": kind, "rows": rows, "import": seconds, "idle": pcts(idle.ms), "during": pcts(window.ms),
                "slowest": max(window.ms), "calls": len(window.ms), "failed": len(window.failed),
                "hold": max(holds), "writes": len(holds)}
    finally:
        ctx.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], action="append")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:] if __name__ == "__main__" else [])
    from tests.fixtures.intake.make_fixtures import big_file

    results = []
    with scratch(args.db or ["sqlite", "postgresql"]) as (kinds, tmp, pg):
        path = big_file(tmp / f"work_orders_{args.rows}.csv", args.rows)
        for kind in kinds:
            results.append(run_one(kind, args.rows, path, tmp, pg))
            print(f"  {kind}: import {results[-1]['import']:.1f} s", flush=True)
    print()
    print("| database   |   rows | import | call next idle p50/p95 | during import p50/p95 | slowest | calls "
          "| failed | longest write transaction | write transactions |")
    print("|------------|-------:|-------:|-----------:|-----------:|--------:|------:|-------:|--------:|------:|")
    for r in results:
        print(f"| {r['db']:<10} | {r['rows']:>6,} | {r['import']:>4.1f} s | {r['idle'][0]:>4.0f} / {r['idle'][1]:>4.0f} ms "
              f"| {r['during'][0]:>4.0f} / {r['during'][1]:>5.0f} ms | {r['slowest']:>5.0f} ms | {r['calls']:>5} "
              f"| {r['failed']:>6} | {r['hold']:>6.2f} s | {r['writes']:>5} |")
    print("\ncall next: finish the ticket called before and call the next on window 1, every 100 ms from a second "
          "connection;\nfailed: calls that raised (SQLite: the write lock not free within 30 s). Longest write "
          "transaction: of the import\n(SQLite: how long it held the database's write lock).")


if __name__ == "__main__":
    main()
