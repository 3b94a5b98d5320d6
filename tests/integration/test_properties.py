"""Property-based tests (hypothesis) of the queue, the statutory clock and the booking rules, on the real
services. Each property states the rule independently of the code under test (a small model of the queue,
chinese_calendar for working days, plain interval arithmetic for bookings).

The two database properties run on SQLite only: one migrated database per test, reset cheaply between
examples by deleting the rows the example wrote. The same services run on PostgreSQL in test_queue.py and
test_scheduling.py (including their concurrency tests); here the point is the many random sequences, and
SQLite keeps the file well under a minute. The example counts are small for the same reason.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

import chinese_calendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select, text

from desktop.models import Booking, BookingMediator, BookingParty, DisputeParty, Ticket
from desktop.models.queue import CALLED, FINISHED, NO_SHOW, SERVING, TICKET_STATES, WAITING
from desktop.services import mediation as scheduling
from desktop.services import queue as q
from desktop.services.admin import center
from desktop.services.admin.calendar import WorkCalendar, official_exceptions
from desktop.services.deadlines import due_after
from desktop.services.mediation import BookingConflict
from desktop.services.queue import NoShowTooEarly, RecallLimit, RecallTooSoon, WindowBusy
from tests.conftest import NOW
from tests.mediation_support import MONDAY, applicant, at, organisation, register, respondent, setup_mediation

QUEUE_EXAMPLES, QUEUE_STEPS = 15, 25
CLOCK_EXAMPLES = 300
BOOKING_EXAMPLES, BOOKING_ATTEMPTS = 25, 12

sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


# ---------------------------------------------------------------- the statutory clock (no database)

OFFICIAL = WorkCalendar({r.day: r.is_workday for r in official_exceptions()})


@settings(max_examples=CLOCK_EXAMPLES, deadline=None)
@given(start=st.dates(dt.date(2025, 1, 1), dt.date(2026, 11, 10)), days=st.integers(1, 30))
def test_a_working_day_deadline_is_a_working_day_after_exactly_that_many_working_days(start, days):
    due = due_after(OFFICIAL, start, days, working=True)
    assert chinese_calendar.is_workday(due)  # the official calendar, holidays and 调休 included
    counted = sum(chinese_calendar.is_workday(start + dt.timedelta(days=i))
                  for i in range(1, (due - start).days + 1))
    assert counted == days


@settings(max_examples=CLOCK_EXAMPLES, deadline=None)
@given(start=st.dates(dt.date(2025, 1, 1), dt.date(2026, 11, 10)), days=st.integers(1, 45))  # within 2026 (the official data)
def test_a_calendar_day_deadline_moves_to_the_next_working_day_only_when_needed(start, days):
    end = start + dt.timedelta(days=days)
    due = due_after(OFFICIAL, start, days, working=False, ends_on_workday=True)
    assert chinese_calendar.is_workday(due) and due >= end
    assert all(not chinese_calendar.is_workday(end + dt.timedelta(days=i)) for i in range((due - end).days))


# ---------------------------------------------------------------- the queue

@dataclass
class _Ticket:
    id: int
    service: str
    priority: bool
    issued_order: int
    status: str = WAITING
    rank: int = 0
    order: int = 0
    window: int | None = None
    calls: int = 0
    last_called: dt.datetime | None = None
    history: list[str] = field(default_factory=list)


# windows 1 (A) and 2 (B, A) of the seed: they share service A
WINDOWS = {1: {"A"}, 2: {"A", "B"}}
RANK_FRONT, RANK_PRIORITY, RANK_NORMAL = 0, 2, 3


def _ms(at_: dt.datetime) -> int:
    return int((at_ - dt.datetime(2000, 1, 1)).total_seconds() * 1000)


def _reset_queue(ctx, clock) -> None:
    with ctx.db.engine.begin() as conn:
        for table in ("queue_event", "queue_follow_up", "queue_ticket", "queue_counter"):
            conn.execute(text(f"DELETE FROM {table}"))
    clock.at = NOW  # back to Friday 10:00 for every example


class QueueMachine(RuleBasedStateMachine):
    """Issue, call, recall, start, finish, no-show, transfer and re-queue at two windows sharing a service,
    with the clock moving; a model says what each call must return and which refusals are due."""

    ctx = clock = services = None  # set by the test

    def __init__(self):
        super().__init__()
        _reset_queue(self.ctx, self.clock)
        self.tickets: dict[int, _Ticket] = {}

    # the documented rule: transferred "to the front", then appointments, then priority, then the rest; inside
    # a rank by the moment the ticket joined the line, then by id
    def expected_waiting(self, window: int) -> list[int]:
        eligible = [t for t in self.tickets.values() if t.status == WAITING and t.service in WINDOWS[window]]
        return [t.id for t in sorted(eligible, key=lambda t: (t.rank, t.order, t.id))]

    def held(self, window: int) -> _Ticket | None:
        held = [t for t in self.tickets.values() if t.window == window and t.status in (CALLED, SERVING)]
        assert len(held) <= 1
        return held[0] if held else None

    def now(self) -> dt.datetime:
        return self.clock.now()

    @rule(service=st.sampled_from(["A", "B"]), priority=st.booleans())
    def issue(self, service, priority):
        issued = q.issue_ticket(self.ctx.uow(), service_id=self.services[service], priority=priority).ticket
        order = _ms(self.now())
        self.tickets[issued.id] = _Ticket(issued.id, service, priority, order, rank=RANK_PRIORITY if priority
                                          else RANK_NORMAL, order=order)

    @rule(seconds=st.integers(1, 40))
    def wait(self, seconds):
        self.clock.advance(seconds=seconds)

    @rule(window=st.sampled_from(sorted(WINDOWS)))
    def call_next(self, window):
        if self.held(window) is not None:
            with pytest.raises(WindowBusy):
                q.call_next(self.ctx.uow(), window_no=window)
            return
        expected = self.expected_waiting(window)
        called = q.call_next(self.ctx.uow(), window_no=window)
        if not expected:
            assert called is None
            return
        assert called is not None and called.ticket.id == expected[0]
        t = self.tickets[called.ticket.id]
        t.status, t.window, t.calls, t.last_called = CALLED, window, 1, self.now()

    @precondition(lambda self: any(t.status == CALLED for t in self.tickets.values()))
    @rule(data=st.data())
    def recall(self, data):
        t = data.draw(st.sampled_from([t for t in self.tickets.values() if t.status == CALLED]))
        too_soon = (self.now() - t.last_called).total_seconds() < 30
        if t.calls >= 3:
            with pytest.raises(RecallLimit):
                q.recall(self.ctx.uow(), ticket_id=t.id, window_no=t.window)
        elif too_soon:
            with pytest.raises(RecallTooSoon):
                q.recall(self.ctx.uow(), ticket_id=t.id, window_no=t.window)
        else:
            assert q.recall(self.ctx.uow(), ticket_id=t.id, window_no=t.window).call_count == t.calls + 1
            t.calls, t.last_called = t.calls + 1, self.now()

    @precondition(lambda self: any(t.status == CALLED for t in self.tickets.values()))
    @rule(data=st.data())
    def no_show(self, data):
        t = data.draw(st.sampled_from([t for t in self.tickets.values() if t.status == CALLED]))
        if t.calls < 3 or (self.now() - t.last_called).total_seconds() < 30:
            with pytest.raises(NoShowTooEarly):
                q.mark_no_show(self.ctx.uow(), ticket_id=t.id, window_no=t.window)
        else:
            assert q.mark_no_show(self.ctx.uow(), ticket_id=t.id, window_no=t.window).status == NO_SHOW
            t.status = NO_SHOW

    @precondition(lambda self: any(t.status == CALLED for t in self.tickets.values()))
    @rule(data=st.data())
    def start(self, data):
        t = data.draw(st.sampled_from([t for t in self.tickets.values() if t.status == CALLED]))
        assert q.start_service(self.ctx.uow(), ticket_id=t.id, window_no=t.window).status == SERVING
        t.status = SERVING

    @precondition(lambda self: any(t.status in (CALLED, SERVING) for t in self.tickets.values()))
    @rule(data=st.data())
    def finish(self, data):
        t = data.draw(st.sampled_from([t for t in self.tickets.values() if t.status in (CALLED, SERVING)]))
        assert q.finish_service(self.ctx.uow(), ticket_id=t.id, window_no=t.window).status == FINISHED
        t.status = FINISHED

    def _place(self, t: _Ticket, position: str) -> None:
        base = RANK_PRIORITY if t.priority else RANK_NORMAL
        t.rank, t.order = {"front": (RANK_FRONT, _ms(self.now())), "end": (base, _ms(self.now())),
                           "original": (base, t.issued_order)}[position]
        t.status, t.window, t.calls = WAITING, None, 0

    @precondition(lambda self: any(t.status in (CALLED, SERVING) for t in self.tickets.values()))
    @rule(data=st.data(), service=st.sampled_from(["A", "B"]), position=st.sampled_from(q.POSITIONS))
    def transfer(self, data, service, position):
        t = data.draw(st.sampled_from([t for t in self.tickets.values() if t.status in (CALLED, SERVING)]))
        q.transfer(self.ctx.uow(), ticket_id=t.id, service_id=self.services[service], position=position,
                   window_no=t.window)
        t.service = service
        self._place(t, position)

    @precondition(lambda self: any(t.status == NO_SHOW for t in self.tickets.values()))
    @rule(data=st.data(), position=st.sampled_from(q.POSITIONS))
    def requeue(self, data, position):
        t = data.draw(st.sampled_from([t for t in self.tickets.values() if t.status == NO_SHOW]))
        with self.ctx.uow() as uow:
            number = uow.session.get(Ticket, t.id).number
        assert q.requeue(self.ctx.uow(), number=number, position=position).status == WAITING
        self._place(t, position)

    @invariant()
    def each_ticket_is_in_exactly_one_state_and_the_lines_keep_the_rule(self):
        with self.ctx.uow() as uow:
            stored = {t.id: (t.status, t.window_id) for t in uow.session.scalars(select(Ticket))}
            window_ids = {n: uow.session.scalar(text("SELECT id FROM window WHERE number = :n"), {"n": n})
                          for n in WINDOWS}
        assert set(stored) == set(self.tickets)
        by_state = {s: {i for i, (status, _) in stored.items() if status == s} for s in TICKET_STATES}
        assert sum(len(ids) for ids in by_state.values()) == len(stored)  # one state each, a known one
        for ticket_id, (status, window_id) in stored.items():
            model = self.tickets[ticket_id]
            assert status == model.status
            if status in (CALLED, SERVING):
                assert window_id == window_ids[model.window]
        for window in WINDOWS:
            line = [row.id for row in q.list_waiting(self.ctx.uow(), window_no=window)]
            assert line == self.expected_waiting(window)
            assert q.count_waiting(self.ctx.uow(), window_no=window) == len(line)
            held = [i for i, (s, w) in stored.items() if s in (CALLED, SERVING) and w == window_ids[window]]
            assert len(held) <= 1  # a window holds one ticket at most
        waiting_anywhere = set(itertools.chain.from_iterable(self.expected_waiting(w) for w in WINDOWS))
        assert waiting_anywhere == by_state[WAITING]  # every waiting ticket is in some window's line


@sqlite_only
def test_any_sequence_of_queue_operations_keeps_one_state_per_ticket_and_the_calling_order(ctx, clock):
    QueueMachine.ctx, QueueMachine.clock = ctx, clock
    QueueMachine.services = {s.letter: s.id for s in center.list_services(ctx.uow())}
    run_state_machine_as_test(QueueMachine, settings=settings(
        max_examples=QUEUE_EXAMPLES, stateful_step_count=QUEUE_STEPS, deadline=None,
        suppress_health_check=[HealthCheck.too_slow]))


# ---------------------------------------------------------------- bookings

ROOMS = ["人民调解室一", "人民调解室二", "警民联调室"]
MEDIATOR_SETS = [("mediator01",), ("mediator02",), ("王德顺",), ("mediator01", "王德顺"), ("mediator02", "王德顺")]

attempts = st.lists(st.tuples(
    st.sampled_from(["book", "book", "book", "cancel"]),
    st.integers(0, 3),  # dispute
    st.integers(0, len(ROOMS) - 1),
    st.integers(0, len(MEDIATOR_SETS) - 1),
    st.integers(0, 1),  # Monday or Tuesday
    st.integers(0, 12),  # start: 09:00 + k half hours (the last ends at 17:00, inside opening hours)
    st.integers(1, 4),  # length in half hours (touching ends are common)
), min_size=1, max_size=BOOKING_ATTEMPTS)


def _resources(room_id: int, mediator_ids, parties) -> set[str]:
    return {f"room:{room_id}"} | {f"mediator:{m}" for m in mediator_ids} | set(parties)


def _stored_confirmed(ctx) -> list[tuple[int, dt.datetime, dt.datetime, set[str]]]:
    """Every confirmed booking with the room, mediators and parties it occupies, read from the booking tables
    (not from the claims the service checks against)."""
    with ctx.uow() as uow:
        out = []
        for b in uow.session.scalars(select(Booking).where(Booking.state == scheduling.CONFIRMED)):
            mediators = uow.session.scalars(select(BookingMediator.mediator_id)
                                            .where(BookingMediator.booking_id == b.id)).all()
            parties = [_party_key(p) for p in uow.session.scalars(
                select(DisputeParty).join(BookingParty, BookingParty.party_id == DisputeParty.id)
                .where(BookingParty.booking_id == b.id))]
            out.append((b.id, b.start_at, b.end_at, _resources(b.room_id, mediators, parties)))
        return out


def _party_key(p: DisputeParty) -> str:
    return f"person:{p.person_id}" if p.person_id is not None else "org:" + "".join(p.name.split())


@sqlite_only
def test_no_two_confirmed_bookings_conflict_and_touching_times_are_allowed(ctx):
    s = setup_mediation(ctx)
    disputes = [
        register(ctx, s, [applicant("李明", n=1), respondent("赵强", n=2)]),
        register(ctx, s, [applicant("李明", n=1), respondent("王五", n=3)], mediators=("mediator02",)),
        register(ctx, s, [applicant("孙六", n=4), respondent("周七", n=5)], mediators=("王德顺",)),
        register(ctx, s, [applicant("周七", n=5), organisation("虎丘建材有限公司")]),
    ]
    with ctx.uow() as uow:
        parties = {d.id: [_party_key(p) for p in uow.session.scalars(
            select(DisputeParty).where(DisputeParty.dispute_id == d.id))] for d in disputes}
    assert set(parties[disputes[0].id]) & set(parties[disputes[1].id])  # 李明 is a party of both: a shared person
    room_ids = [s.rooms[name] for name in ROOMS]
    counts = {"booked": 0, "refused": 0, "cancelled": 0}

    @settings(max_examples=BOOKING_EXAMPLES, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(attempts)
    def run(steps):
        with ctx.db.engine.begin() as conn:  # a fresh diary for every example
            for table in ("booking_claim", "booking_party", "booking_mediator", "booking"):
                conn.execute(text(f"DELETE FROM {table}"))
        for kind, d, room, mediators, day, slot, length in steps:
            confirmed = _stored_confirmed(ctx)
            if kind == "cancel":
                if confirmed:
                    scheduling.cancel_booking(ctx.uow(), booking_id=confirmed[slot % len(confirmed)][0],
                                              reason="当事人改期")
                    counts["cancelled"] += 1
                continue
            dispute = disputes[d]
            start = at(MONDAY + dt.timedelta(days=day), "09:00") + dt.timedelta(minutes=30 * slot)
            end = start + dt.timedelta(minutes=30 * length)
            mediator_ids = [s.mediators[m] for m in MEDIATOR_SETS[mediators]]
            wanted = _resources(room_ids[room], mediator_ids, parties[dispute.id])
            # the rule: a conflict is a shared room, mediator or party at overlapping times; touching is not
            clash = [b for b in confirmed if b[1] < end and start < b[2] and b[3] & wanted]
            try:
                scheduling.book_room(ctx.uow(), dispute_id=dispute.id, room_id=room_ids[room], start=start,
                                     end=end, mediator_ids=mediator_ids)
            except BookingConflict as exc:
                assert clash, f"refused without a real conflict: {exc.facts}"
                assert {c.booking_id for c in exc.conflicts} <= {b[0] for b in clash}
                counts["refused"] += 1
            else:
                assert not clash, "booked over a confirmed booking"
                counts["booked"] += 1
        booked = _stored_confirmed(ctx)
        for (a, a_start, a_end, a_res), (b, b_start, b_end, b_res) in itertools.combinations(booked, 2):
            if a_start < b_end and b_start < a_end:
                assert not a_res & b_res, f"bookings {a} and {b} overlap on {a_res & b_res}"

    run()
    assert counts["booked"] and counts["refused"]  # both outcomes were exercised
