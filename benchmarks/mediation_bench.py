"""Room scheduling on the cached generated databases (benchmarks/generate.py: one year = 100,000 bookings,
the reference size = 1,000,000, in the mediation rooms the generator sets up so that they never conflict; the
coming week, 2026-11-23 to 27, fully booked), on SQLite and PostgreSQL: the conflict check (what a drag asks on
every quarter hour), a refused booking (locks, check, rollback), "find a slot" for one room and for any room,
and the week calendar (the service asked for one page of rooms, as the week view asks, and for all rooms to
compare; the Schedule area reloading and painting it offscreen).
Target: p95 under 50 ms.

    python -m benchmarks --size year mediation
    python -m benchmarks.mediation_bench --size reference --db sqlite
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import select, text  # noqa: E402

from benchmarks.common import Figure, main_for  # noqa: E402
from benchmarks.generate import COMING_WEEK as WEEK  # noqa: E402
from benchmarks.generate import SLOTS  # noqa: E402
from desktop.clock import FixedClock  # noqa: E402

NAME = "mediation"
NOW = dt.datetime(2026, 11, 20, 10, 0)
REPEAT = 200
SEED = 5
AREA_SIZE = (1180, 680)  # the Schedule area beside the navigation in a 1366x768 window


def timed(fn, args_list) -> tuple[float, float]:
    ts = []
    for args in args_list:
        t0 = time.perf_counter()
        fn(*args)
        ts.append((time.perf_counter() - t0) * 1000)
    ts.sort()
    return statistics.median(ts), ts[min(len(ts) - 1, max(0, round(0.95 * len(ts)) - 1))]


def _measure(ctx, repeat: int, seed: int):
    from desktop.services import mediation as scheduling
    from desktop.services.admin.center import list_rooms
    from desktop.services.mediation import BookingConflict

    rng = random.Random(seed)
    rooms = [r.id for r in list_rooms(ctx.uow()) if r.kind == "mediation"]
    with ctx.uow() as uow:
        from desktop.models import Booking

        week = [(b.id, b.dispute_id) for b in uow.session.scalars(select(Booking).where(
            Booking.start_at >= dt.datetime.combine(WEEK[0], dt.time()),
            Booking.start_at < dt.datetime.combine(WEEK[-1] + dt.timedelta(days=1), dt.time())))]
        total = uow.session.scalar(text("SELECT count(*) FROM booking"))
        claims = uow.session.scalar(text("SELECT count(*) FROM booking_claim"))
    out = [("(data)", 0.0, 0.0, f"{total:,} bookings, {claims:,} claims, {len(rooms)} rooms; week of {WEEK[0]}: {len(week)} bookings")]

    def when():  # inside the booked sessions of the week (not the lunch break)
        t0, _t1 = rng.choice(SLOTS)
        start = dt.datetime.combine(rng.choice(WEEK), t0) + dt.timedelta(minutes=15 * rng.randrange(4))
        end = start + dt.timedelta(minutes=rng.choice((30, 60, 90)))
        return start, min(end, dt.datetime.combine(start.date(), dt.time(17, 30)))

    cases = []
    for _ in range(repeat):
        booking_id, dispute_id = rng.choice(week)
        start, end = when()
        cases.append((booking_id, dispute_id, rng.choice(rooms), start, end))
    sample = scheduling.check_booking(ctx.uow(), dispute_id=cases[0][1], room_id=cases[0][2], start=cases[0][3],
                                      end=cases[0][4], exclude_booking_id=cases[0][0])
    out.append(("conflict check (drag over a full week)",
                *timed(lambda b, d, r, s, e: scheduling.check_booking(
                    ctx.uow(), dispute_id=d, room_id=r, start=s, end=e, exclude_booking_id=b), cases),
                f"e.g. {len(sample.conflicts)} conflicts named"))

    def refused(b, d, r, s, e):
        try:
            scheduling.book_room(ctx.uow(), dispute_id=d, room_id=r, start=s, end=e)
        except BookingConflict:
            return
        raise AssertionError("a full week accepted a booking")

    out.append(("booking refused (locks + check + rollback)", *timed(refused, cases), "every attempt conflicts"))
    with ctx.db.engine.connect() as conn:
        mediator_ids = list(conn.execute(text("SELECT id FROM mediator")).scalars())
    mediators = [[rng.choice(mediator_ids)] for _ in range(repeat)]
    slot_cases = [(d, m) for (_, d, *_), m in zip(cases, mediators, strict=True)]
    one_room = [(d, m, rng.choice(rooms)) for d, m in slot_cases]
    result = scheduling.find_slots(ctx.uow(), duration=dt.timedelta(hours=1), mediator_ids=one_room[0][1],
                                   dispute_id=one_room[0][0], room_id=one_room[0][2], days=5)
    out.append(("find a slot: one room, 5 working days",
                *timed(lambda d, m, r: scheduling.find_slots(ctx.uow(), duration=dt.timedelta(hours=1),
                                                              mediator_ids=m, dispute_id=d, room_id=r, days=5),
                       one_room),
                f"first: {result[0].start:%m-%d %H:%M}" if result else "none free"))
    result = scheduling.find_slots(ctx.uow(), duration=dt.timedelta(hours=1), mediator_ids=slot_cases[0][1],
                                   dispute_id=slot_cases[0][0], days=5)
    out.append(("find a slot: any room, 5 working days",
                *timed(lambda d, m: scheduling.find_slots(ctx.uow(), duration=dt.timedelta(hours=1), mediator_ids=m,
                                                           dispute_id=d, days=5), slot_cases),
                f"first: {result[0].start:%m-%d %H:%M}" if result else "none free"))
    return out + _week_rows(ctx, rooms, repeat)


def _area(ctx):
    from desktop.ui.schedule.area import ScheduleArea

    area = ScheduleArea(ctx)
    area.resize(*AREA_SIZE)
    area.grab()  # lays it out: the week then pages the rooms by the calendar's real width
    return area


def _week_pages(ctx) -> list[list[int]]:
    """The room ids of each page the Schedule area's week view shows at AREA_SIZE, first to last."""
    area = _area(ctx)
    area.day = WEEK[0]
    area.set_week(True)
    pages = [[r.id for r in area.view.rooms]]
    while area.pager.next_button.isEnabled():
        area.pager.turn(1)
        pages.append([r.id for r in area.view.rooms])
    area.deleteLater()
    return pages


def _week_rows(ctx, rooms: list[int], repeat: int):
    """The week calendar: the service asked for one page of rooms (what the week view asks, each page in turn)
    and, for comparison, for every room; then the Schedule area opening and switching to the week."""
    from PySide6.QtWidgets import QApplication

    from desktop.services import mediation as scheduling

    app = QApplication.instance() or QApplication([])
    pages = _week_pages(ctx)
    out = [("week calendar: list the bookings, one page of rooms (the week view)",
            *timed(lambda ids: scheduling.list_bookings(ctx.uow(), first_day=WEEK[0], last_day=WEEK[-1],
                                                        room_ids=ids), [(pages[i % len(pages)],) for i in range(repeat)]),
            f"{len(pages[0])} rooms x 5 days a page ({len(pages)} pages at {AREA_SIZE[0]}x{AREA_SIZE[1]})"),
           ("week calendar: list the bookings, all rooms (for comparison)",
            *timed(lambda: scheduling.list_bookings(ctx.uow(), first_day=WEEK[0], last_day=WEEK[-1]),
                   [()] * repeat), f"{len(rooms)} mediation rooms x 5 days")]
    # the Schedule area: opening it (today's day view), and switching it to the week; load, lay out, paint
    ui_runs = max(5, repeat // 10)
    areas = []

    def show_week(area):
        area.day = WEEK[0]
        area.set_week(True)
        area.grab()
        area.deleteLater()
        app.processEvents()

    out.append(("Schedule area: open (day view, load + paint)", *timed(lambda: areas.append(_area(ctx)),
                                                                       [()] * ui_runs), f"{ui_runs} runs, offscreen"))
    out.append((f"Schedule area: week view, a page of {len(pages[0])} rooms x 5 days full (load + paint)",
                *timed(show_week, [(a,) for a in areas]), f"{ui_runs} runs, offscreen"))
    return out


def measure(size, kind: str, url: str) -> list[Figure]:
    from desktop.services.context import open_database

    ctx = open_database(url, upgrade=False, clock=FixedClock(NOW))
    try:
        rows = _measure(ctx, REPEAT, SEED)
    finally:
        ctx.close()
    out = []
    for label, p50, p95, note in rows:
        if label == "(data)":
            out.append(Figure("mediation: data", note.split(";")[0]))
            continue
        targeted = not label.startswith("Schedule area") and not label.endswith("(for comparison)")
        out.append(Figure(f"mediation: {label} p50 / p95", f"{p50:.1f} / {p95:.1f} ms",
                          "p95 < 50 ms" if targeted else "", p95 < 50 if targeted else None))
    return out


def main(argv: list[str] | None = None) -> None:
    main_for(measure, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    main(sys.argv[1:])
