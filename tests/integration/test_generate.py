"""The scale generator (benchmarks/generate.py) writes data the services read as their own: a small size on
each database, checked through the services and with SQL (counts, timelines, bookings that never conflict)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from benchmarks import generate
from desktop.clock import FixedClock
from desktop.db import Actor
from desktop.services import mediation
from desktop.services import mediation as scheduling
from desktop.services import petitions as pt
from desktop.services.context import open_database
from desktop.services.petitions import lists as pl

SIZES = dict(tickets=1500, petitions=150, disputes=50, bookings=160)


@pytest.fixture
def generated(db_url):
    generate.setup_center(db_url, rooms=4, mediators=6, officers=2, clerks=False)
    stats = generate.fill([db_url], first=dt.date(2026, 10, 8), last=dt.date(2026, 11, 19), seed=3,
                          log=lambda _m: None, **SIZES)
    ctx = open_database(db_url, upgrade=False, clock=FixedClock(generate.NOW))
    yield ctx, stats
    ctx.close()


def _scalar(ctx, sql: str):
    with ctx.db.engine.connect() as conn:
        return conn.execute(text(sql)).scalar_one()


def test_generated_data_is_consistent_through_the_services(generated):
    ctx, stats = generated
    rows = stats["rows"]
    director = ctx.as_user(Actor(user_id=None, username="director", role="director", full_name="主任"))

    # the sizes asked for, and the queue as the services write it: every called ticket has its events
    assert rows["queue_ticket"] == _scalar(ctx, "SELECT count(*) FROM queue_ticket") == SIZES["tickets"]
    assert rows["petition"] == SIZES["petitions"] and rows["dispute"] == SIZES["disputes"]
    assert rows["booking"] >= SIZES["bookings"]
    assert _scalar(ctx, "SELECT count(*) FROM queue_ticket t WHERE t.status = 'finished' AND NOT EXISTS ("
                        "SELECT 1 FROM queue_event e WHERE e.ticket_id = t.id AND e.kind = 'finished')") == 0
    assert _scalar(ctx, "SELECT max(day) FROM queue_ticket") in (dt.date(2026, 11, 19), "2026-11-19")

    # petitions: the lists and the search find them; every case has its timeline from 接 on
    assert pl.count_petitions(director.uow(), view="all") == SIZES["petitions"]
    assert _scalar(ctx, "SELECT count(*) FROM petition p WHERE NOT EXISTS (SELECT 1 FROM petition_step s "
                        "WHERE s.petition_id = p.id AND s.action = 'register')") == 0
    page = pl.list_petitions(director.uow(), view="all", offset=0, limit=20)
    assert len(page) == 20
    case = pt.get_case(director.uow(), case_id=page[0].id)
    assert case.steps[0].action == "register" and case.people
    detail = case.content[case.content.index("：") + 1:case.content.index("。")]
    found = pl.list_petitions(director.uow(), view="all", filters=pl.PetitionFilter(text=detail[:4]), limit=200)
    assert case.id in {r.id for r in found}

    # mediation: no two claims on one resource overlap; the service sees an existing booking as free
    # for itself and as a room conflict for any other dispute
    assert mediation.count_disputes(director.uow()) == SIZES["disputes"]
    assert _scalar(ctx, "SELECT count(*) FROM booking_claim a JOIN booking_claim b ON a.resource = b.resource "
                        "AND a.id < b.id AND a.start_at < b.end_at AND b.start_at < a.end_at") == 0
    assert _scalar(ctx, "SELECT count(*) FROM booking b WHERE b.state IN ('held', 'confirmed') AND NOT EXISTS "
                        "(SELECT 1 FROM booking_claim c WHERE c.booking_id = b.id AND c.resource = "
                        "'room:' || b.room_id)") == 0
    with ctx.db.engine.connect() as conn:
        bid, did, room, start, end = conn.execute(text(
            "SELECT id, dispute_id, room_id, start_at, end_at FROM booking WHERE state = 'confirmed' "
            "ORDER BY start_at LIMIT 1")).one()
        other = conn.execute(text("SELECT id FROM dispute WHERE state IN ('registered', 'scheduled', "
                                  "'in_mediation') AND id <> :d LIMIT 1"), {"d": did}).scalar_one()
        mediators = list(conn.execute(text("SELECT mediator_id FROM booking_mediator WHERE booking_id = :b"),
                                      {"b": bid}).scalars())
    if isinstance(start, str):
        start, end = dt.datetime.fromisoformat(start), dt.datetime.fromisoformat(end)
    mine = scheduling.check_booking(director.uow(), dispute_id=did, room_id=room, start=start, end=end,
                                    mediator_ids=mediators, exclude_booking_id=bid)
    assert mine.conflicts == ()
    theirs = scheduling.check_booking(director.uow(), dispute_id=other, room_id=room, start=start, end=end)
    assert any(b.kind == "room" and b.booking_id == bid for b in theirs.conflicts)


@pytest.mark.parametrize("old_open, low, high", [(generate.Size.old_open, 0.0, 0.015), (0.05, 0.03, 0.07)])
def test_old_petitions_are_closed_the_way_a_center_closes_them(db_url, old_open, low, high):
    """The realistic sizes leave about 0.5 % of petitions older than 120 days open; the stress size ten times
    that (the old generator's 5 %, kept as its own size)."""
    generate.setup_center(db_url, rooms=2, mediators=3, officers=2, clerks=False)
    generate.fill([db_url], first=dt.date(2025, 6, 2), last=dt.date(2026, 6, 30), seed=5, log=lambda _m: None,
                  tickets=300, petitions=4000, disputes=10, bookings=20, old_open=old_open)
    ctx = open_database(db_url, upgrade=False)
    try:
        old = _scalar(ctx, "SELECT count(*) FROM petition WHERE received_at < '2026-07-23'")  # 120 days before NOW
        still_open = _scalar(ctx, "SELECT count(*) FROM petition WHERE received_at < '2026-07-23' "
                                  "AND status IN ('handling', 'concluded')")
    finally:
        ctx.close()
    assert old > 3000 and low <= still_open / old <= high
