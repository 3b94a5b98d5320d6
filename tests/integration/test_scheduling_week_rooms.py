"""The week calendar's bookings for some rooms only (the Schedule area asks for the page of rooms it shows),
on both databases: only those rooms, only that week, cancelled sessions left out, by start then room; and on
SQLite the query reads the (room_id, start_at) index rather than every room's week."""

import datetime as dt

import pytest
from sqlalchemy import event

from desktop.services import mediation as scheduling
from tests.mediation_support import MONDAY, at, register, setup_mediation

ROOMS = ("人民调解室一", "人民调解室二", "警民联调室")


@pytest.fixture
def week(ctx):
    s = setup_mediation(ctx)
    d = register(ctx, s)
    made = {}
    for day, room in ((0, ROOMS[0]), (1, ROOMS[1]), (2, ROOMS[2]), (3, ROOMS[0]), (4, ROOMS[1]), (7, ROOMS[0])):
        start = at(MONDAY + dt.timedelta(days=day), "09:00")
        made[day] = scheduling.book_room(ctx.uow(), dispute_id=d.id, room_id=s.rooms[room], start=start,
                                         end=start + dt.timedelta(hours=1))
    scheduling.cancel_booking(ctx.uow(), booking_id=made[4].id, reason="当事人申请改期")
    return s, made


def _list(ctx, room_ids):
    return scheduling.list_bookings(ctx.uow(), first_day=MONDAY, last_day=MONDAY + dt.timedelta(days=4),
                                    room_ids=room_ids)


def test_the_week_of_some_rooms_lists_only_their_bookings(ctx, week):
    s, made = week
    first, third = s.rooms[ROOMS[0]], s.rooms[ROOMS[2]]
    assert [b.id for b in _list(ctx, [first, third])] == [made[0].id, made[2].id, made[3].id]
    assert [b.id for b in _list(ctx, [s.rooms[ROOMS[1]]])] == [made[1].id]  # the cancelled Friday left out
    assert _list(ctx, []) == []
    assert [b.id for b in _list(ctx, None)] == [made[0].id, made[1].id, made[2].id, made[3].id]


def test_the_keyword_is_required(ctx, week):
    with pytest.raises(TypeError):
        scheduling.list_bookings(ctx.uow(), MONDAY, MONDAY, [1])  # type: ignore[misc]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_on_sqlite_the_rooms_week_is_read_through_the_room_start_index(ctx, week):
    s, _made = week
    seen = []

    def grab(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().startswith("SELECT") and "booking.room_id IN" in statement:
            seen.append((statement, parameters))

    engine = ctx.db.engine
    event.listen(engine, "before_cursor_execute", grab)
    try:
        _list(ctx, [s.rooms[ROOMS[0]], s.rooms[ROOMS[2]]])
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    assert len(seen) == 4  # the bookings, their mediators, their parties, their session records
    with engine.connect() as conn:
        cursor = conn.connection.dbapi_connection.cursor()
        for statement, parameters in seen:
            plan = " ".join(row[-1] for row in cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters))
            assert "booking USING INDEX ix_booking_room_start (room_id=? AND start_at>? AND start_at<?)" in plan
