"""The visitor queue on both databases: numbering, calling order, recall and no-show rules, transfers,
window state, service records, ratings and their follow-ups, and the event log screens rebuild from."""

import datetime as dt

import pytest
from sqlalchemy import insert, select

from desktop.models import QueueEvent, Ticket, TicketCounter
from desktop.services import queue as q
from desktop.services import queue as ql
from desktop.services.admin import accounts, center, settings
from desktop.services.errors import Invalid, PermissionDenied
from desktop.services.queue import (
    AlreadyRated,
    AppointmentUnknown,
    AppointmentUsed,
    DailyNumbersExhausted,
    NoShowTooEarly,
    NoWindow,
    OutsideOpeningHours,
    RecallLimit,
    RecallTooSoon,
    TicketHeldElsewhere,
    WindowBusy,
    WindowNotServing,
    WindowPaused,
    WrongTicketState,
)
from tests.conftest import sign_in


@pytest.fixture
def svc(ctx):
    return {s.letter: s.id for s in center.list_services(ctx.uow())}


def issue(ctx, svc, letter, **kw):
    return q.issue_ticket(ctx.uow(), service_id=svc[letter], **kw).ticket


def clerk(admin_ctx, username, window_no, role="clerk"):
    accounts.add_user(admin_ctx.uow(), username=username, full_name=f"员工{username}", role=role,
                      password="pass1234", window_no=window_no)
    return sign_in(admin_ctx, username, "pass1234")


def serve(ctx, window_no):
    """Call the next ticket at a window and finish it; returns its number (None when nobody waits)."""
    called = q.call_next(ctx.uow(), window_no=window_no)
    if called is None:
        return None
    q.finish_service(ctx.uow(), ticket_id=called.ticket.id, window_no=window_no)
    return called.ticket.number


def events(ctx, kind=None):
    with ctx.uow() as uow:
        rows = uow.session.scalars(select(QueueEvent).order_by(QueueEvent.id)).all()
        return [(e.kind, e.number, e.window_no) for e in rows if kind is None or e.kind == kind]


def test_numbers_are_letter_and_three_digits_per_service_and_restart_each_day(ctx, svc, clock):
    numbers = [issue(ctx, svc, "A").number for _ in range(3)] + [issue(ctx, svc, "C").number]
    assert numbers == ["A001", "A002", "A003", "C001"]
    clock.advance(days=3)  # Monday
    assert issue(ctx, svc, "A").number == "A001"
    assert issue(ctx, svc, "C").number == "C001"


def test_daily_numbers_run_out_at_999_and_the_failed_issue_leaves_no_trace(ctx, svc, clock):
    with ctx.uow() as uow:
        uow.session.execute(insert(TicketCounter.__table__).values(day=clock.now().date(), service_id=svc["D"],
                                                                   last_seq=999))
        uow.commit()
    with pytest.raises(DailyNumbersExhausted) as err:
        issue(ctx, svc, "D")
    assert err.value.letter == "D"
    with ctx.uow() as uow:
        assert uow.session.get(TicketCounter, (clock.now().date(), svc["D"])).last_seq == 999
        assert uow.session.scalar(select(Ticket.id).where(Ticket.service_id == svc["D"])) is None


def test_appointment_first_then_priority_then_issue_order(ctx, svc, clock):
    a1 = issue(ctx, svc, "A")
    clock.advance(seconds=5)
    a2 = issue(ctx, svc, "A")
    clock.advance(seconds=5)
    p1 = issue(ctx, svc, "A", priority=True)
    booked = q.book_appointment(ctx.uow(), service_id=svc["A"], day=clock.now().date(), slot=dt.time(11, 0),
                                visitor_name="张三丰")
    clock.advance(seconds=5)
    issued = q.check_in_appointment(ctx.uow(), code=booked.code)
    assert issued.waiting_ahead == 0
    assert issued.ticket.appointment and issued.ticket.visitor_name == "张三丰"
    order = [q.call_next(ctx.uow(), window_no=1).ticket.number for _ in range(1)]
    for _ in range(3):
        q.finish_service(ctx.uow(), ticket_id=q.window_status(ctx.uow(), window_no=1).ticket.id, window_no=1)
        order.append(q.call_next(ctx.uow(), window_no=1).ticket.number)
    assert order == [issued.ticket.number, p1.number, a1.number, a2.number]


def test_a_window_calls_the_longest_waiting_ticket_among_its_services(ctx, svc, clock):
    b1 = issue(ctx, svc, "B")  # window 2 serves B and A
    clock.advance(seconds=10)
    a1 = issue(ctx, svc, "A")
    clock.advance(seconds=10)
    issue(ctx, svc, "C")  # not a service of window 2
    assert serve(ctx, 2) == b1.number
    assert serve(ctx, 2) == a1.number
    assert serve(ctx, 2) is None


def test_waiting_ahead_is_who_will_be_called_first_in_the_same_service(ctx, svc):
    assert q.issue_ticket(ctx.uow(), service_id=svc["G"]).waiting_ahead == 0
    assert q.issue_ticket(ctx.uow(), service_id=svc["G"]).waiting_ahead == 1
    assert q.issue_ticket(ctx.uow(), service_id=svc["G"], priority=True).waiting_ahead == 0
    assert q.issue_ticket(ctx.uow(), service_id=svc["H"]).waiting_ahead == 0
    assert q.issue_ticket(ctx.uow(), service_id=svc["G"]).waiting_ahead == 3


def test_recall_limit_and_gap_then_no_show_and_late_arrival_requeued(ctx, svc, clock):
    t = issue(ctx, svc, "E")
    issue(ctx, svc, "E")
    called = q.call_next(ctx.uow(), window_no=9)
    assert (called.ticket.number, called.call_count) == (t.number, 1)
    assert q.window_status(ctx.uow(), window_no=9).max_calls == 3
    with pytest.raises(RecallTooSoon) as err:
        q.recall(ctx.uow(), ticket_id=t.id, window_no=9)
    assert err.value.wait_seconds == 30
    with pytest.raises(NoShowTooEarly) as early:
        q.mark_no_show(ctx.uow(), ticket_id=t.id, window_no=9)
    assert early.value.calls_left == 2
    clock.advance(seconds=30)
    assert q.recall(ctx.uow(), ticket_id=t.id, window_no=9).call_count == 2
    clock.advance(seconds=31)
    assert q.recall(ctx.uow(), ticket_id=t.id, window_no=9).call_count == 3
    clock.advance(seconds=31)
    with pytest.raises(RecallLimit) as limit:
        q.recall(ctx.uow(), ticket_id=t.id, window_no=9)
    assert limit.value.max_calls == 3
    assert q.mark_no_show(ctx.uow(), ticket_id=t.id, window_no=9).status == "no_show"
    assert q.window_status(ctx.uow(), window_no=9).state == "closed"  # nobody signed in, no ticket held
    assert [n.number for n in q.list_no_shows(ctx.uow())] == [t.number]
    # the late visitor comes back: re-queued at the end, behind E002
    clock.advance(minutes=5)
    again = q.requeue(ctx.uow(), number=t.number.lower())
    assert (again.status, again.call_count) == ("waiting", 0)
    assert serve(ctx, 9) == "E002"
    assert serve(ctx, 9) == t.number
    with pytest.raises(WrongTicketState):
        q.requeue(ctx.uow(), number=t.number)
    kinds = [k for k, n, _ in events(ctx) if n == t.number]
    assert kinds == ["issued", "called", "recalled", "recalled", "no_show", "requeued", "called", "started",
                     "finished"]


def test_recall_settings_are_configurable(admin_ctx, svc, clock):
    settings.update_settings(admin_ctx.uow(), values={"queue_recall_max_calls": 1, "queue_recall_min_gap_seconds": 0})
    t = issue(admin_ctx, svc, "F")
    q.call_next(admin_ctx.uow().__class__(admin_ctx.db, clock=clock), window_no=10)
    with pytest.raises(RecallLimit):
        q.recall(admin_ctx.uow().__class__(admin_ctx.db, clock=clock), ticket_id=t.id, window_no=10)
    with pytest.raises(Invalid) as err:
        settings.update_settings(admin_ctx.uow(), values={"queue_recall_max_calls": 0})
    assert err.value.field == "queue_recall_max_calls"


def _transfer_setup(ctx, svc, clock):
    """Three waiting C tickets and one A ticket held at window 1."""
    held = issue(ctx, svc, "A")
    clock.advance(seconds=1)
    cs = []
    for _ in range(3):
        clock.advance(seconds=1)
        cs.append(issue(ctx, svc, "C").number)
    q.call_next(ctx.uow(), window_no=1)
    clock.advance(minutes=1)
    return held, cs


@pytest.mark.parametrize("position,expected", [
    ("front", ["A001", "C001", "C002", "C003"]),
    ("end", ["C001", "C002", "C003", "A001"]),
    ("original", ["A001", "C001", "C002", "C003"]),
])
def test_transfer_to_another_service_at_front_end_or_original_order(ctx, svc, clock, position, expected):
    held, cs = _transfer_setup(ctx, svc, clock)
    if position == "original":
        # a ticket issued before A001 was called... and a priority ticket still goes first
        issue(ctx, svc, "C", priority=True)
        expected = ["C004", *expected]
    result = q.transfer(ctx.uow(), ticket_id=held.id, service_id=svc["C"], position=position, window_no=1)
    assert (result.ticket.status, result.ticket.transferred, result.position) == ("waiting", True, position)
    assert q.window_status(ctx.uow(), window_no=1).ticket is None
    assert [serve(ctx, 3) for _ in expected] == expected
    assert serve(ctx, 3) is None


def test_transfer_to_a_service_with_no_open_window_is_allowed_and_reported(admin_ctx, ctx, svc, clock):
    held, _ = _transfer_setup(ctx, svc, clock)
    result = q.transfer(ctx.uow(), ticket_id=held.id, service_id=svc["J"], window_no=1)
    assert result.open_windows == 0  # window 15 (J) has nobody signed in
    counsellor = clerk(admin_ctx, "xinli", 15)
    q.sign_in_window(counsellor.uow())
    q.call_next(ctx.uow(), window_no=1)  # nothing else for A: returns None
    t2 = issue(ctx, svc, "A")
    q.call_next(ctx.uow(), window_no=1)
    assert q.transfer(ctx.uow(), ticket_id=t2.id, service_id=svc["J"], window_no=1).open_windows == 1
    q.set_paused(counsellor.uow(), paused=True)
    t3 = issue(ctx, svc, "A")
    q.call_next(ctx.uow(), window_no=1)
    assert q.transfer(ctx.uow(), ticket_id=t3.id, service_id=svc["J"], window_no=1).open_windows == 0


def test_transfer_to_a_window_is_called_only_there(ctx, svc, clock):
    held, _ = _transfer_setup(ctx, svc, clock)
    result = q.transfer(ctx.uow(), ticket_id=held.id, to_window_no=7, position="front", window_no=1)
    assert result.ticket.target_window_no == 7
    assert serve(ctx, 8) is None  # window 8 also serves D, but the ticket was sent to window 7
    assert serve(ctx, 3) == "C001"
    assert serve(ctx, 7) == held.number
    with pytest.raises(Invalid) as err:
        t = issue(ctx, svc, "A")
        q.call_next(ctx.uow(), window_no=1)
        q.transfer(ctx.uow(), ticket_id=t.id, to_window_no=1, window_no=1)
    assert err.value.reason == "same_window"


def test_paused_window_calls_nobody_until_resumed(ctx, svc):
    issue(ctx, svc, "K")
    assert q.set_paused(ctx.uow(), paused=True, window_no=16).state == "paused"
    with pytest.raises(WindowPaused) as err:
        q.call_next(ctx.uow(), window_no=16)
    assert err.value.window_no == 16
    q.set_paused(ctx.uow(), paused=False, window_no=16)
    assert serve(ctx, 16) == "K001"
    assert [k for k, _, w in events(ctx) if w == 16][:2] == ["paused", "resumed"]


def test_unassigned_clerk_and_window_without_services_cannot_call(admin_ctx, ctx, svc):
    issue(ctx, svc, "A")
    nowhere = clerk(admin_ctx, "nowhere", None)
    with pytest.raises(NoWindow):
        q.call_next(nowhere.uow())
    center.save_window(admin_ctx.uow(), id=None, number=18, name="临时窗口", service_ids=[])
    with pytest.raises(WindowNotServing) as err:
        q.call_next(ctx.uow(), window_no=18)
    assert err.value.window_no == 18


def test_a_clerk_calls_at_their_own_window_only(admin_ctx, ctx, svc):
    issue(ctx, svc, "C")
    wang = clerk(admin_ctx, "wang", 3, role="mediator")
    status = q.sign_in_window(wang.uow())
    assert (status.number, status.state, status.clerk_name) == (3, "idle", "员工wang")
    called = q.call_next(wang.uow())
    assert called.window_no == 3
    with pytest.raises(PermissionDenied):
        q.call_next(wang.uow(), window_no=4)
    director = clerk(admin_ctx, "boss", None, role="director")
    with pytest.raises(PermissionDenied):
        q.call_next(director.uow(), window_no=3)
    live = q.live_queue(director.uow())
    w3 = next(w for w in live.windows if w.number == 3)
    assert (w3.state, w3.clerk_name, w3.ticket.number) == ("serving", "员工wang", "C001")


def test_finishing_a_ticket_another_window_holds_is_refused_and_changes_nothing(ctx, svc):
    t = issue(ctx, svc, "C")
    q.call_next(ctx.uow(), window_no=3)
    with pytest.raises(TicketHeldElsewhere) as err:
        q.finish_service(ctx.uow(), ticket_id=t.id, record="x", window_no=4)
    assert err.value.window_no == 3
    with pytest.raises(TicketHeldElsewhere):
        q.recall(ctx.uow(), ticket_id=t.id, window_no=4)
    status = q.window_status(ctx.uow(), window_no=3)
    assert (status.ticket.number, status.ticket.status, status.ticket.record) == ("C001", "called", "")


def test_calling_while_holding_a_ticket_is_refused(ctx, svc):
    issue(ctx, svc, "D")
    issue(ctx, svc, "D")
    q.call_next(ctx.uow(), window_no=7)
    with pytest.raises(WindowBusy) as err:
        q.call_next(ctx.uow(), window_no=7)
    assert err.value.number == "D001"


def test_service_record_start_and_finish_times(ctx, svc, clock):
    t = issue(ctx, svc, "A")
    clock.advance(minutes=4)
    q.call_next(ctx.uow(), window_no=1)
    clock.advance(seconds=40)
    assert q.start_service(ctx.uow(), ticket_id=t.id, window_no=1).status == "serving"
    clock.advance(minutes=6)
    with pytest.raises(Invalid) as err:
        q.finish_service(ctx.uow(), ticket_id=t.id, record="很" * 501, window_no=1)
    assert (err.value.field, err.value.maximum) == ("record", 500)
    done = q.finish_service(ctx.uow(), ticket_id=t.id, record="咨询低保政策，已告知所需材料", case_kind="petition",
                            case_id=12, window_no=1)
    assert done.status == "finished"
    assert done.first_called_at - done.issued_at == dt.timedelta(minutes=4)
    assert done.finished_at - done.started_at == dt.timedelta(minutes=6)
    assert (done.record, done.case_kind, done.case_id) == ("咨询低保政策，已告知所需材料", "petition", 12)
    with pytest.raises(WrongTicketState):
        q.finish_service(ctx.uow(), ticket_id=t.id, window_no=1)


def test_outside_opening_hours_issuing_is_refused_unless_allowed(admin_ctx, ctx, svc, clock):
    clock.at = dt.datetime(2026, 11, 20, 8, 10)
    with pytest.raises(OutsideOpeningHours) as err:
        issue(ctx, svc, "A")
    assert (err.value.opens_at, err.value.workday) == (dt.time(8, 30), True)
    clock.at = dt.datetime(2026, 11, 21, 10, 0)  # Saturday
    with pytest.raises(OutsideOpeningHours) as err:
        issue(ctx, svc, "A")
    assert err.value.workday is False
    clock.at = dt.datetime(2026, 10, 10, 10, 0)  # a Saturday that is a make-up working day (调休)
    assert issue(ctx, svc, "A").number == "A001"
    clock.at = dt.datetime(2026, 11, 20, 17, 30)
    with pytest.raises(OutsideOpeningHours):
        issue(ctx, svc, "A")
    settings.update_settings(admin_ctx.uow(), values={"queue_issue_outside_hours": True})
    assert issue(ctx, svc, "A").number == "A001"


def test_bad_rating_opens_a_follow_up_due_in_working_days(admin_ctx, ctx, svc, clock):
    clock.at = dt.datetime(2026, 9, 30, 15, 0)  # the day before the National Day holiday
    t = issue(ctx, svc, "G")
    q.call_next(ctx.uow(), window_no=11)
    q.finish_service(ctx.uow(), ticket_id=t.id, record="医保报销咨询", window_no=11)
    with pytest.raises(Invalid):
        q.rate_service(ctx.uow(), ticket_id=t.id, rating="meh", window_no=11)
    with pytest.raises(TicketHeldElsewhere):
        q.rate_service(ctx.uow(), ticket_id=t.id, rating="satisfied", window_no=12)
    result = q.rate_service(ctx.uow(), ticket_id=t.id, rating="very_dissatisfied", window_no=11)
    # Oct 1-7 off, Oct 10 (Saturday) a make-up working day: 8, 9, 10, 12, 13
    assert result.follow_up_due == dt.date(2026, 10, 13)
    with pytest.raises(AlreadyRated):
        q.rate_service(ctx.uow(), ticket_id=t.id, rating="satisfied", window_no=11)
    supervisor = clerk(admin_ctx, "lin", None, role="supervisor")
    [open_] = q.list_follow_ups(supervisor.uow(), open_only=True)
    assert (open_.number, open_.rating, open_.record, open_.overdue) == (t.number, "very_dissatisfied",
                                                                         "医保报销咨询", False)
    wang = clerk(admin_ctx, "wang", 11)
    with pytest.raises(PermissionDenied):
        q.answer_follow_up(wang.uow(), follow_up_id=open_.id, answer="已回访")
    with pytest.raises(Invalid):
        q.answer_follow_up(supervisor.uow(), follow_up_id=open_.id, answer="  ")
    clock.at = dt.datetime(2026, 10, 14, 9, 0)
    assert q.list_follow_ups(supervisor.uow())[0].overdue is True
    done = q.answer_follow_up(supervisor.uow(), follow_up_id=open_.id, answer="电话回访，已解释报销比例")
    assert (done.status, done.overdue) == ("answered", False)
    assert q.count_follow_ups(supervisor.uow(), open_only=True) == 0


def test_good_rating_opens_no_follow_up_and_follow_up_days_are_configurable(admin_ctx, ctx, svc):
    settings.update_settings(admin_ctx.uow(), values={"queue_follow_up_working_days": 2})
    good, bad = issue(ctx, svc, "A"), issue(ctx, svc, "A")
    for t, rating in ((good, "basically_satisfied"), (bad, "dissatisfied")):
        q.call_next(ctx.uow(), window_no=1)
        q.finish_service(ctx.uow(), ticket_id=t.id, window_no=1)
        result = q.rate_service(ctx.uow(), ticket_id=t.id, rating=rating, window_no=1)
    assert result.follow_up_due == dt.date(2026, 11, 24)  # Friday + 2 working days
    assert q.count_follow_ups(admin_ctx.uow()) == 1


def test_appointment_booking_and_check_in_rules(ctx, svc, clock):
    today = clock.now().date()
    with pytest.raises(Invalid) as err:
        q.book_appointment(ctx.uow(), service_id=svc["B"], day=today, slot=dt.time(9, 0), visitor_name="李四")
    assert err.value.reason == "past"
    with pytest.raises(Invalid) as err:
        q.book_appointment(ctx.uow(), service_id=svc["B"], day=dt.date(2026, 11, 21), slot=dt.time(9, 0),
                           visitor_name="李四")
    assert err.value.reason == "day_off"
    with pytest.raises(Invalid) as err:
        q.book_appointment(ctx.uow(), service_id=svc["B"], day=today, slot=dt.time(18, 0), visitor_name="李四")
    assert err.value.reason == "outside_hours"
    with pytest.raises(Invalid):
        q.book_appointment(ctx.uow(), service_id=svc["B"], day=today, slot=dt.time(11, 0), visitor_name="李四",
                           phone="13x")
    tomorrow = q.book_appointment(ctx.uow(), service_id=svc["B"], day=dt.date(2026, 11, 23), slot=dt.time(9, 0),
                                  visitor_name="王五", phone="13912345678")
    assert tomorrow.phone_masked == "139****5678"
    booked = q.book_appointment(ctx.uow(), service_id=svc["B"], day=today, slot=dt.time(11, 0),
                                visitor_name="李四")
    assert len(booked.code) == 6 and booked.code.isdigit()
    with pytest.raises(AppointmentUnknown):
        q.check_in_appointment(ctx.uow(), code=tomorrow.code if tomorrow.code != booked.code else "x")
    issued = q.check_in_appointment(ctx.uow(), code=booked.code)
    assert issued.ticket.number == "B001"
    with pytest.raises(AppointmentUsed) as used:
        q.check_in_appointment(ctx.uow(), code=booked.code)
    assert used.value.number == "B001"
    assert [a.status for a in q.list_appointments(ctx.uow(), day=today)] == ["checked_in"]
    assert q.cancel_appointment(ctx.uow(), appointment_id=tomorrow.id).status == "cancelled"
    with pytest.raises(AppointmentUnknown):
        clock.at = dt.datetime(2026, 11, 23, 9, 0)
        q.check_in_appointment(ctx.uow(), code=tomorrow.code)


def test_live_queue_waiting_longest_wait_and_window_states(admin_ctx, ctx, svc, clock):
    issue(ctx, svc, "A")
    clock.advance(minutes=10)
    issue(ctx, svc, "A")
    issue(ctx, svc, "C")
    clock.advance(minutes=35)
    zhang = clerk(admin_ctx, "zhang", 3, role="mediator")
    q.sign_in_window(zhang.uow())
    li = clerk(admin_ctx, "li", 4, role="mediator")
    q.sign_in_window(li.uow())
    q.set_paused(li.uow(), paused=True)
    live = q.live_queue(admin_ctx.uow())
    a = next(s for s in live.services if s.letter == "A")
    c = next(s for s in live.services if s.letter == "C")
    assert (a.waiting, a.longest_wait_seconds, a.open_windows) == (2, 45 * 60, 0)
    assert (c.waiting, c.longest_wait_seconds, c.open_windows) == (1, 35 * 60, 1)
    assert live.alert_minutes == 30
    states = {w.number: w.state for w in live.windows}
    assert (states[3], states[4], states[1]) == ("idle", "paused", "closed")
    q.call_next(zhang.uow())
    q.sign_out_window(li.uow())
    live = q.live_queue(admin_ctx.uow())
    states = {w.number: (w.state, w.clerk_name) for w in live.windows}
    assert states[3] == ("serving", "员工zhang")
    assert states[4] == ("paused", "")


def test_event_log_rebuilds_the_hall_board_like_one_that_watched_all_day(ctx, svc, clock):
    live = ql.HallBoard(recent_size=8)
    announced = []
    for letter in "AACDG":
        issue(ctx, svc, letter)
        clock.advance(seconds=20)
    for w in (1, 3, 7, 11):
        q.call_next(ctx.uow(), window_no=w)
        clock.advance(seconds=40)
    held = q.window_status(ctx.uow(), window_no=1).ticket
    q.recall(ctx.uow(), ticket_id=held.id, window_no=1)
    q.set_paused(ctx.uow(), paused=True, window_no=7)
    p = ql.poll(ctx.uow(), after_id=0)
    for e in p.events:
        announced += live.apply(e)
    assert [(c.number, c.window_no, c.call) for c in announced] == [
        ("A001", 1, 1), ("C001", 3, 1), ("D001", 7, 1), ("G001", 11, 1), ("A001", 1, 2)]
    assert p.waiting == {svc["A"]: 1}
    rebuilt = ql.HallBoard()
    rebuilt.rebuild(ql.hall_snapshot(ctx.uow()))
    assert rebuilt.current == live.current
    assert list(rebuilt.recent) == list(live.recent)
    assert rebuilt.paused == live.paused == {7}
    assert rebuilt.last_id == live.last_id == p.last_id
    assert ql.poll(ctx.uow(), after_id=p.last_id).events == ()
    # tomorrow the display starts empty
    clock.advance(days=3)
    fresh = ql.HallBoard()
    fresh.rebuild(ql.hall_snapshot(ctx.uow()))
    assert fresh.current == {} and list(fresh.recent) == []


def test_public_screens_only_ever_see_masked_names(ctx, svc, clock):
    booked = q.book_appointment(ctx.uow(), service_id=svc["F"], day=clock.now().date(), slot=dt.time(11, 0),
                                visitor_name="欧阳娜娜")
    q.check_in_appointment(ctx.uow(), code=booked.code)
    q.call_next(ctx.uow(), window_no=10)
    with ctx.uow() as uow:
        details = [e.detail for e in uow.session.scalars(select(QueueEvent))]
    assert "欧阳娜娜" not in repr(details)
    board = ql.HallBoard()
    board.rebuild(ql.hall_snapshot(ctx.uow()))
    assert board.current[10].name == "欧***"
