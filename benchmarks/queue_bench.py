"""The queue under load, on a SQLite file and on a throwaway PostgreSQL server (tests/pg.py).

- **call next latency** (p50/p95) with 1,000,000 historical tickets (and as many queue events) and 200
  waiting, measured through ``queue.call_next`` as the call panel runs it; beside it the **floor**: a
  minimal single-row UPDATE transaction through the same unit of work on the same database. Target: call
  next within 3× the floor. The two are measured alternately, so machine load hits both alike.
- **17 concurrent windows**: one worker process per window calls and finishes until the queue is empty;
  throughput (tickets served per second), errors, and tickets served twice or lost (target: zero).
- **call → display**: a caller process calls a ticket at a random window now and then; the real hall
  display (offscreen, its normal 400 ms poll) records when the call appears on its board. p50/p95 of the
  delay from the moment the clerk pressed "call" (target: p95 under 1 s).

History is made with one INSERT … SELECT per table (generate_series on PostgreSQL, a recursive CTE on
SQLite), never through the ORM.

    python -m benchmarks queue
    python benchmarks/queue_bench.py --history 100000 --databases sqlite     a quick run
"""

from __future__ import annotations

import argparse
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

from desktop.clock import FixedClock  # noqa: E402

NOW = dt.datetime(2026, 11, 20, 10, 0)  # a Friday inside opening hours
WINDOWS = 17
PER_DAY = 330  # historical tickets per day (11 services × 30)


# ---------------------------------------------------------------- building the database

def _history_sql(kind: str, n: int) -> list[str]:
    """Tickets and events of past days, all finished: ticket g lies on day -(1 + g // PER_DAY)."""
    base = (NOW.date() - dt.timedelta(days=1)).isoformat()
    if kind == "postgresql":
        series = f"SELECT g FROM generate_series(0, {n - 1}) AS g"
        day = f"(DATE '{base}' - (g / {PER_DAY}))"
        at = f"({day} + TIME '09:00' + ((g % {PER_DAY}) * INTERVAL '90 seconds'))"
        letter = "chr(65 + (g % 11))"
        num = f"{letter} || lpad(((g % {PER_DAY}) / 11 + 1)::text, 3, '0')"
        order = f"(EXTRACT(EPOCH FROM {at}) * 1000)::bigint"
        detail = "'{\"call\": 1}'::json"
        prefix = ""
    else:
        series = (f"WITH RECURSIVE s(g) AS (SELECT 0 UNION ALL SELECT g + 1 FROM s WHERE g < {n - 1}) "
                  "SELECT g FROM s")
        day = f"date('{base}', '-' || (g / {PER_DAY}) || ' days')"
        at = f"datetime({day}, '+9 hours', '+' || ((g % {PER_DAY}) * 90) || ' seconds')"
        letter = "char(65 + (g % 11))"
        num = f"{letter} || substr('00' || ((g % {PER_DAY}) / 11 + 1), -3)"
        order = f"CAST(strftime('%s', {at}) AS INTEGER) * 1000"
        detail = "'{\"call\": 1}'"
        prefix = ""
    ticket = (f"{prefix}INSERT INTO queue_ticket (id, day, service_id, issued_service_id, seq, number, priority, "
              "visitor_name, status, rank, queue_order, issued_order, window_id, issued_at, first_called_at, "
              "last_called_at, call_count, started_at, finished_at, record) "
              f"SELECT g + 1, {day}, 1 + g % 11, 1 + g % 11, (g % {PER_DAY}) / 11 + 1, {num}, false, '', "
              f"'finished', 3, {order}, {order}, 1 + g % {WINDOWS}, {at}, {at}, {at}, 1, {at}, {at}, '' "
              f"FROM ({series}) AS q")
    event = (f"{prefix}INSERT INTO queue_event (id, at, day, kind, ticket_id, number, service_id, window_no, detail) "
             f"SELECT g + 1, {at}, {day}, 'called', g + 1, {num}, 1 + g % 11, 1 + g % {WINDOWS}, {detail} "
             f"FROM ({series}) AS q")
    if kind == "sqlite":
        ticket = ticket.replace("false", "0")
    out = [ticket, event]
    if kind == "postgresql":
        out += ["SELECT setval(pg_get_serial_sequence('queue_ticket', 'id'), (SELECT MAX(id) FROM queue_ticket))",
                "SELECT setval(pg_get_serial_sequence('queue_event', 'id'), (SELECT MAX(id) FROM queue_event))",
                "ANALYZE"]
    else:
        out += ["ANALYZE"]
    return out


def build(url: str, history: int) -> float:
    from desktop.services import center
    from desktop.services.context import open_database

    ctx = open_database(url, clock=FixedClock(NOW))
    center.setup_center(ctx.uow(), name="虎丘镇一站式综合服务中心", case_abbr="虎", admin_username="admin",
                        admin_full_name="管理员", admin_password="admin12345")
    started = time.perf_counter()
    with ctx.db.engine.begin() as conn:
        for sql in _history_sql(ctx.db.kind, history):
            conn.execute(text(sql))
        conn.execute(text("INSERT INTO setting (key, value) VALUES ('bench_floor', '0')"))
    took = time.perf_counter() - started
    ctx.close()
    return took


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
    from desktop.services import center, queue
    from desktop.services.context import open_database

    ctx = open_database(url, upgrade=False, clock=FixedClock(NOW))
    layout = center.list_windows(ctx.uow())
    with ctx.db.engine.begin() as conn:  # the latency run left tickets: start from an empty line
        conn.execute(text("UPDATE queue_ticket SET status = 'finished' WHERE status <> 'finished'"))
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

    from desktop.services import center, queue
    from desktop.services.context import open_database
    from desktop.ui.display import HallDisplay
    from desktop.ui.queue.announcer import Announcer

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


# ---------------------------------------------------------------- the table

def run_database(kind: str, args, tmp: Path) -> dict:
    server = None
    if kind == "sqlite":
        url = f"sqlite:///{tmp / 'queue-bench.db'}"
    else:
        from tests.pg import PgServer, find_bindir

        bindir = find_bindir()
        if bindir is None:
            print("PostgreSQL binaries not found: PostgreSQL column skipped", flush=True)
            return {}
        server = PgServer(bindir).start()
        url = server.url()
    try:
        print(f"[{kind}] building {args.history:,} historical tickets…", flush=True)
        out = {"build": build(url, args.history)}
        print(f"[{kind}] call next against the floor ({args.calls} each)…", flush=True)
        out.update(latency(url, args.calls, args.waiting))
        print(f"[{kind}] {WINDOWS} windows at once ({args.per_window} tickets each)…", flush=True)
        out["windows"] = windows(url, args.per_window)
        print(f"[{kind}] call → display ({args.display_calls} calls)…", flush=True)
        out["display"] = display_latency(url, args.display_calls)
        return out
    finally:
        if server is not None:
            server.stop()


def table(results: dict[str, dict], args) -> str:
    kinds = [k for k in ("sqlite", "postgresql") if results.get(k)]
    names = {"sqlite": "SQLite (file)", "postgresql": "PostgreSQL"}
    rows = [("measure", *[names[k] for k in kinds])]

    def add(label, fn):
        rows.append((label, *[fn(results[k]) for k in kinds]))

    add(f"history built ({args.history:,} tickets + events)", lambda r: f"{r['build']:.1f} s")
    add("call next p50 / p95", lambda r: f"{r['call'][0]:.2f} / {r['call'][1]:.2f} ms")
    add("floor: 1-row UPDATE txn p50 / p95", lambda r: f"{r['floor'][0]:.2f} / {r['floor'][1]:.2f} ms")
    add("call next ÷ floor (p50 / p95; target ≤ 3)",
        lambda r: f"{r['call'][0] / r['floor'][0]:.2f} / {r['call'][1] / r['floor'][1]:.2f}")
    add(f"{WINDOWS} windows: tickets served", lambda r: f"{r['windows']['served']} of {r['windows']['tickets']}")
    add(f"{WINDOWS} windows: throughput", lambda r: f"{r['windows']['served'] / r['windows']['wall']:.0f} tickets/s "
                                                    "(call + finish)")
    add(f"{WINDOWS} windows: errors / duplicates / lost",
        lambda r: f"{r['windows']['errors']} / {r['windows']['duplicates']} / {r['windows']['lost']}")
    add("call → display p50 / p95 (target p95 < 1 s)",
        lambda r: f"{r['display'][0]:.0f} / {r['display'][1]:.0f} ms ({r['display'][2]} calls)")
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history", type=int, default=1_000_000)
    parser.add_argument("--waiting", type=int, default=200)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--per-window", type=int, default=60)
    parser.add_argument("--display-calls", type=int, default=40)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    args = parser.parse_args(argv if argv is not None else [])
    os.environ.setdefault("ONESTOP_HOME", tempfile.mkdtemp(prefix="onestop-bench-home-"))
    mp.get_context("forkserver").set_forkserver_preload(["desktop.services.queue", "desktop.services.context"])
    results = {}
    with tempfile.TemporaryDirectory(prefix="onestop-queue-bench-") as tmp:
        for kind in args.databases:
            results[kind] = run_database(kind, args, Path(tmp))
    print()
    print(table(results, args))
    print(f"\n{os.cpu_count()} CPUs; PostgreSQL as tests/pg.py starts it (fsync off); SQLite in WAL mode with "
          "synchronous=FULL; 200 waiting during the latency runs.")


if __name__ == "__main__":
    main(sys.argv[1:])
