"""Concurrent booking on both databases, with real worker processes that open their own Database(url):
when several people book at the same moment, no two confirmed bookings of the same room, mediator or party
ever overlap."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import random
import traceback

import pytest

from desktop.services import mediation
from desktop.services import mediation as scheduling
from tests.conftest import NOW
from tests.mediation_support import MONDAY, applicant, at, register, respondent, setup_mediation

WORKERS = 4


def worker(url: str, worker_no: int, rounds: list[list[dict]], barrier, results) -> None:
    """One booking clerk: for each round, wait until every worker is ready, then book its attempts."""
    from desktop.clock import FixedClock
    from desktop.db import Database
    from desktop.services.context import AppContext
    from desktop.services.mediation import BookingConflict

    db = Database(url)
    ctx = AppContext(db=db, clock=FixedClock(NOW))
    try:
        for round_no, attempts in enumerate(rounds):
            barrier.wait(timeout=120)
            for attempt in attempts:
                try:
                    b = scheduling.book_room(ctx.uow(), **attempt)
                    results.put((round_no, worker_no, "ok", b.id))
                except BookingConflict as exc:
                    results.put((round_no, worker_no, "conflict", [(c.kind, c.name) for c in exc.conflicts]))
                except Exception:  # reported to the test, which fails with it
                    results.put((round_no, worker_no, "error", traceback.format_exc()))
    finally:
        db.dispose()


def run_workers(url: str, plans: list[list[list[dict]]]) -> list[tuple]:
    mp = multiprocessing.get_context("spawn")
    barrier = mp.Barrier(len(plans))
    results = mp.Queue()
    procs = [mp.Process(target=worker, args=(url, i, plan, barrier, results)) for i, plan in enumerate(plans)]
    for p in procs:
        p.start()
    expected = sum(len(attempts) for plan in plans for attempts in plan)
    out = [results.get(timeout=180) for _ in range(expected)]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    errors = [r[3] for r in out if r[2] == "error"]
    assert not errors, errors[0]
    return out


def assert_no_overlaps(ctx) -> int:
    """No two confirmed bookings share a room, a mediator or a person at overlapping times."""
    bookings = scheduling.list_bookings(ctx.uow(), first_day=MONDAY, last_day=MONDAY)
    people: dict[int, int] = {}
    for d in {b.dispute_id for b in bookings}:
        for p in mediation.get_dispute(ctx.uow(), dispute_id=d).parties:
            people[p.id] = p.person_id
    confirmed = [b for b in bookings if b.state == "confirmed"]
    for i, a in enumerate(confirmed):
        for b in confirmed[i + 1:]:
            if a.start < b.end and b.start < a.end:
                assert a.room_id != b.room_id, (a, b)
                assert not set(a.mediator_ids) & set(b.mediator_ids), (a, b)
                assert not {people[p] for p in a.party_ids} & {people[p] for p in b.party_ids}, (a, b)
    return len(confirmed)


@pytest.fixture
def world(ctx):
    s = setup_mediation(ctx)
    # four disputes with four different pairs of parties, each with its own mediator
    names = [("甲一", "乙一"), ("甲二", "乙二"), ("甲三", "乙三"), ("甲四", "乙四")]
    mediators = ["mediator01", "mediator02", "王德顺", None]
    disputes = []
    for i, (a, b) in enumerate(names):
        disputes.append(register(ctx, s, [applicant(a, n=10 + 2 * i), respondent(b, n=11 + 2 * i)],
                                 mediators=(mediators[i],) if mediators[i] else ()))
    extra = mediation.save_mediator(ctx.uow(), kind="volunteer", name="邵华", organisation="虎丘司法所")
    s.mediators["邵华"] = extra.id
    return s, disputes


def test_simultaneous_bookings_of_one_room_one_mediator_or_one_party_let_exactly_one_through(ctx, world):
    s, disputes = world
    mids = [s.mediators[m] for m in ("mediator01", "mediator02", "王德顺", "邵华")]
    rooms = list(s.rooms.values())
    start, end = at(MONDAY, "09:00"), at(MONDAY, "10:00")
    # round 0: the same room, each worker with its own case, mediator and parties
    same_room = [dict(dispute_id=d.id, room_id=rooms[0], start=start, end=end, mediator_ids=[mids[i]])
                 for i, d in enumerate(disputes)]
    # round 1 (10:00-11:00): different rooms and cases, one mediator
    same_mediator = [dict(dispute_id=d.id, room_id=rooms[i], start=start + dt.timedelta(hours=1),
                          end=end + dt.timedelta(hours=1), mediator_ids=[mids[0]]) for i, d in enumerate(disputes)]
    # round 2 (13:00-14:00): different rooms and mediators, and cases that all have 甲一 (the same ID number)
    # as a party
    party_cases = [disputes[0]] + [register(ctx, s, [applicant("甲一", n=10), respondent(f"丁{i}", n=40 + i)],
                                            mediators=()) for i in range(1, WORKERS)]
    assert len({c.parties[0].person_id for c in party_cases}) == 1
    same_party = [dict(dispute_id=c.id, room_id=rooms[i], start=at(MONDAY, "13:00"), end=at(MONDAY, "14:00"),
                       mediator_ids=[mids[i]]) for i, c in enumerate(party_cases)]
    plans = [[[same_room[i]], [same_mediator[i]], [same_party[i]]] for i in range(WORKERS)]
    results = run_workers(ctx.db.url.render_as_string(hide_password=False), plans)
    for round_no, kind in enumerate(("room", "mediator", "party")):
        outcomes = [r for r in results if r[0] == round_no]
        assert sorted(r[2] for r in outcomes) == ["conflict"] * (WORKERS - 1) + ["ok"], (kind, outcomes)
        for r in outcomes:
            if r[2] == "conflict":
                assert kind in {k for k, _ in r[3]}, (kind, r)
    assert assert_no_overlaps(ctx) == 3


def test_random_concurrent_bookings_never_overlap(ctx, world):
    s, disputes = world
    rng = random.Random(7)
    mids = [s.mediators[m] for m in ("mediator01", "mediator02", "王德顺", "邵华")]
    rooms = [s.rooms["人民调解室一"], s.rooms["人民调解室二"]]
    plans = []
    for _ in range(WORKERS):
        attempts = []
        for _ in range(15):
            start = at(MONDAY, "08:30") + dt.timedelta(minutes=30 * rng.randrange(15))
            attempts.append(dict(dispute_id=rng.choice(disputes).id, room_id=rng.choice(rooms), start=start,
                                 end=start + dt.timedelta(minutes=rng.choice((30, 60, 90))),
                                 mediator_ids=[rng.choice(mids)]))
        plans.append([attempts])
    results = run_workers(ctx.db.url.render_as_string(hide_password=False), plans)
    ok = sum(1 for r in results if r[2] == "ok")
    conflicts = sum(1 for r in results if r[2] == "conflict")
    assert ok > 0 and conflicts > 0 and ok + conflicts == WORKERS * 15
    assert assert_no_overlaps(ctx) == ok
