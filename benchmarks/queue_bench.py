"""The queue under load, on the cached generated databases (benchmarks/generate.py: one year = 500,000
historical tickets, the reference size = 5,000,000, each with its queue events), SQLite and PostgreSQL.

- **call next latency** (p50/p95) with 200 waiting, measured through ``queue.call_next`` as the call panel runs
  it; beside it the **floor**: a minimal single-row UPDATE transaction through the same unit of work on the
  same database. Target: call next within 3× the floor. The two are measured alternately, so machine load
  hits both alike.
- **17 concurrent windows**: one worker process per window calls and finishes until the queue is empty;
  throughput (tickets served per second), errors, and tickets served twice or lost (target: zero).
- **call → display**: a caller process calls a ticket at a random window now and then; the real hall
  display (offscreen, its normal 400 ms poll) records when the call appears on its board. p50/p95 of the
  delay from the moment the clerk pressed "call" (target: p95 under 1 s).

Everything happens on the benchmark's "today" (2026-11-20), which the generated history leaves empty; the
run removes today's tickets and events again at the start and at the end, so the cache stays as generated.

    python -m benchmarks --size year queue
    python -m benchmarks.queue_bench --size reference --db sqlite
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import text, update  # noqa: E402

from benchmarks.common import Figure, main_for  # noqa: E402
from desktop.clock import FixedClock  # noqa: E402

NAME = "queue"
NOW = dt.datetime(2026, 11, 20, 10, 0)  # a Friday inside opening hours
WINDOWS = 17
CALLS, WAITING, PER_WINDOW, DISPLAY_CALLS = 300, 200, 60, 40


def clear_today(url: str) -> None:
    """Remove what the benchmark did on its "today" (tickets, events, follow-ups, counters, window states)."""
    from sqlalchemy import create_engine

    day = NOW.date().isoformat()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM queue_follow_up WHERE ticket_id IN (SELECT id FROM queue_ticket WHERE day >= :d)"),
                     {"d": day})
        conn.execute(text("DELETE FROM queue_event WHERE day >= :d"), {"d": day})
        conn.execute(text("DELETE FROM queue_ticket WHERE day >= :d"), {"d": day})
        conn.execute(text("DELETE FROM queue_counter WHERE day >= :d"), {"d": day})
        conn.execute(text("DELETE FROM queue_window_state"))
        conn.execute(text("DELETE FROM setting WHERE key = 'bench_floor'"))
        conn.execute(text("INSERT INTO setting (key, value) VALUES ('bench_floor', '0')"))
    engine.dispose()


# ---------------------------------------------------------------- call next against the floor

def latency(url: str, calls: int, waiting: int) -> dict:
    from desktop.models import Setting
    from desktop.services import queue
    from desktop.services.context import open_database

    clock = FixedClock(NOW)
    ctx = open_database(url, upgrade=False, clock=clock)
    service_a = 1
    for _ in range(waiting):
        queue.issue_ticket(ctx.uow(), service_id=service_a)
    floor, call = [], []
    for i in range(calls):
        started = time.perf_counter()
        with ctx.uow() as uow:
            uow.session.execute(update(Setting).where(Setting.key == "bench_floor").values(value=str(i)))
            uow.commit()
        floor.append(time.perf_counter() - started)
        started = time.perf_counter()
        called = queue.call_next(ctx.uow(), window_no=1)
        call.append(time.perf_counter() - started)
        queue.finish_service(ctx.uow(), ticket_id=called.ticket.id, window_no=1)
        queue.issue_ticket(ctx.uow(), service_id=service_a)  # keep the line at the same length
        clock.advance(seconds=1)
    ctx.close()
    return {"call": _pcts(call), "floor": _pcts(floor)}


def _pcts(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered) * 1000, ordered[int(0.95 * (len(ordered) - 1))] * 1000


# ---------------------------------------------------------------- 17 windows at once

def _window_worker(url: str, window_no: int, barrier, results) -> None:
    from desktop.services import queue
    from desktop.services.context import open_database

    ctx = open_database(url, upgrade=False, clock=FixedClock(NOW))
    served, errors = [], 0
    barrier.wait()
    started = time.perf_counter()
    while True:
        try:
            called = queue.call_next(ctx.uow(), window_no=window_no)
            if called is None:
                break
            queue.finish_service(ctx.uow(), ticket_id=called.ticket.id, window_no=window_no)
            served.append(called.ticket.id)
        except Exception:  # counted: the target is none
            errors += 1
            if errors > 50:
                break
    results.put((window_no, served, errors, time.perf_counter() - started))
    ctx.close()


def windows(url: str, per_window: int) -> dict:
    from desktop.services import queue
    from desktop.services.admin import center
    from desktop.services.context import open_database

    ctx = open_database(url, upgrade=False, clock=FixedClock(NOW))
    layout = center.list_windows(ctx.uow())
    with ctx.db.engine.begin() as conn:  # the latency run left tickets: start from an empty line
        conn.execute(text("UPDATE queue_ticket SET status = 'finished' WHERE day = :d AND status <> 'finished'"),
                     {"d": NOW.date().isoformat()})
    for w in layout:
        for _ in range(per_window):
            queue.issue_ticket(ctx.uow(), service_id=w.service_ids[0])
    with ctx.db.engine.connect() as conn:
        issued = {r[0] for r in conn.execute(text(
            f"SELECT id FROM queue_ticket WHERE day = '{NOW.date().isoformat()}' AND status = 'waiting'"))}
    mp_ctx = mp.get_context("forkserver")
    barrier = mp_ctx.Barrier(len(layout) + 1)
    results = mp_ctx.Queue()
    procs = [mp_ctx.Process(target=_window_worker, args=(url, w.number, barrier, results)) for w in layout]
    for p in procs:
        p.start()
    barrier.wait()
    started = time.perf_counter()
    out = [results.get(timeout=1200) for _ in procs]
    wall = time.perf_counter() - started
    for p in procs:
        p.join(timeout=60)
    served = [t for _, ids, _, _ in out for t in ids]
    with ctx.db.engine.connect() as conn:
        calls = conn.execute(text(
            f"SELECT ticket_id, COUNT(*) FROM queue_event WHERE kind = 'called' AND day = '{NOW.date().isoformat()}' "
            "GROUP BY ticket_id HAVING COUNT(*) > 1")).all()
    ctx.close()
    return {"tickets": len(issued), "served": len(set(served)), "wall": wall,
            "errors": sum(e for _, _, e, _ in out), "duplicates": len(served) - len(set(served)) + len(calls),
            "lost": len(issued - set(served))}


# ---------------------------------------------------------------- call to display

def _caller(url: str, calls: int, start_event, stamps) -> None:
    from desktop.services import queue
    from desktop.services.context import open_database

    clock = FixedClock(NOW)
    ctx = open_database(url, upgrade=False, clock=clock)
    rng = random.Random(7)
    start_event.wait()
    for _ in range(calls):
        time.sleep(rng.uniform(0.35, 0.9))
        window_no = rng.randint(1, WINDOWS)
        pressed = time.time()
        called = queue.call_next(ctx.uow(), window_no=window_no)
        if called is not None:
            stamps.put((called.ticket.number, window_no, pressed))
            queue.finish_service(ctx.uow(), ticket_id=called.ticket.id, window_no=window_no)
    stamps.put(None)
    ctx.close()


def display_latency(url: str, calls: int) -> tuple[float, float, int]:
    from PySide6.QtCore import QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from desktop.services import queue
    from desktop.services.admin import center
    from desktop.services.context import open_database
    from desktop.ui.announcer import Announcer
    from desktop.ui.display import HallDisplay

    qInstallMessageHandler(lambda *_: None)  # the offscreen platform's chatter is not the benchmark's output
    app = QApplication.instance() or QApplication([])
    ctx = open_database(url, upgrade=False, clock=FixedClock(NOW))
    for w in center.list_windows(ctx.uow()):
        for _ in range(calls // WINDOWS + 3):
            queue.issue_ticket(ctx.uow(), service_id=w.service_ids[0])
    shown: dict[tuple[str, int], float] = {}

    class Timed(HallDisplay):
        def _polled(self, poll):
            super()._polled(poll)
            now = time.time()
            for e in poll.events:
                if e.kind == "called":
                    shown.setdefault((e.number, e.window_no), now)

    display = Timed(ctx, announcer=Announcer(engine="mock", chime=False))
    display.resize(1920, 1080)
    display.show()
    mp_ctx = mp.get_context("forkserver")
    go, stamps = mp_ctx.Event(), mp_ctx.Queue()
    caller = mp_ctx.Process(target=_caller, args=(url, calls, go, stamps))
    caller.start()
    pressed: dict[tuple[str, int], float] = {}
    finished = []

    def collect():
        while not stamps.empty():
            item = stamps.get()
            if item is None:
                finished.append(True)
            else:
                pressed[(item[0], item[1])] = item[2]
        if not display.loaded:
            return
        go.set()
        if finished and all(k in shown for k in pressed):
            app.quit()

    timer = QTimer()
    timer.timeout.connect(collect)
    timer.start(50)
    QTimer.singleShot(600_000, app.quit)
    app.exec()
    caller.join(timeout=30)
    display.close()
    ctx.close()
    delays = sorted(shown[k] - t for k, t in pressed.items() if k in shown)
    return (statistics.median(delays) * 1000, delays[int(0.95 * (len(delays) - 1))] * 1000, len(delays))


# ---------------------------------------------------------------- the figures

def measure(size, kind: str, url: str) -> list[Figure]:
    os.environ.setdefault("ONESTOP_HOME", tempfile.mkdtemp(prefix="onestop-bench-home-"))
    mp.get_context("forkserver").set_forkserver_preload(["desktop.services.queue", "desktop.services.context"])
    clear_today(url)
    try:
        lat = latency(url, CALLS, WAITING)
        win = windows(url, PER_WINDOW)
        shown = display_latency(url, DISPLAY_CALLS)
    finally:
        clear_today(url)
    call, floor = lat["call"], lat["floor"]
    ratio = call[1] / floor[1]
    return [
        Figure("queue: call next p50 / p95", f"{call[0]:.1f} / {call[1]:.1f} ms"),
        Figure("queue: floor (1-row UPDATE transaction) p50 / p95", f"{floor[0]:.1f} / {floor[1]:.1f} ms"),
        Figure("queue: call next ÷ floor, p95", f"{ratio:.2f}", "≤ 3", ratio <= 3),
        Figure(f"queue: {WINDOWS} windows at once: errors / duplicates / lost",
               f"{win['errors']} / {win['duplicates']} / {win['lost']} of {win['tickets']}", "0 / 0 / 0",
               win["errors"] == win["duplicates"] == win["lost"] == 0),
        Figure(f"queue: {WINDOWS} windows at once: throughput", f"{win['served'] / win['wall']:.0f} tickets/s"),
        Figure("queue: call → hall display p50 / p95", f"{shown[0]:.0f} / {shown[1]:.0f} ms", "p95 < 1 s",
               shown[1] < 1000),
    ]


def main(argv: list[str] | None = None) -> None:
    main_for(measure, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    main(sys.argv[1:])
