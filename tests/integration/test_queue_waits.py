"""What the kiosk shows on each service, on both databases: who waits, whether anyone serves it now, and the
expected wait computed from the recent service times and the open windows; and the kiosk's refusal to issue a
ticket nobody would call."""

import datetime as dt

import pytest

from desktop.services import queue as q
from desktop.services import queue as ql
from desktop.services.admin import accounts, center
from desktop.services.queue import ServiceUnavailable
from tests.conftest import sign_in


@pytest.fixture
def svc(ctx):
    return {s.letter: s.id for s in center.list_services(ctx.uow())}


def clerk(admin_ctx, username, window_no):
    accounts.add_user(admin_ctx.uow(), username=username, full_name=f"员工{username}", role="clerk",
                      password="pass1234", window_no=window_no)
    return sign_in(admin_ctx, username, "pass1234")


def kiosk(ctx):
    return ql.as_screen(ctx, "kiosk")


def test_expected_wait_counts_free_windows_then_shares_the_rest_among_the_open_ones():
    def wait(ahead, open_windows, free_windows, service_seconds=600):
        return ql.expected_wait(ahead=ahead, open_windows=open_windows, free_windows=free_windows,
                                service_seconds=service_seconds)

    assert wait(0, 1, 1) == 0  # a free window calls at once
    assert wait(1, 2, 2) == 0
    assert wait(0, 1, 0) == 300  # the one window is half-way through its visitor
    assert wait(3, 2, 0) == 1050  # three ahead and the visitor's own turn, shared by two windows
    assert wait(2, 2, 1) == 450
    assert wait(4, 0, 0) is None  # nobody calls it now
    assert wait(4, 1, 0, None) is None  # no service time known


def test_services_nobody_serves_are_unavailable_and_the_kiosk_refuses_them(ctx, admin_ctx, svc, clock):
    waits = ql.service_waits(ctx.uow())
    assert {w.state for w in waits.values()} == {"no_staff"}  # the center is set up; nobody signed in yet
    assert not any(w.available for w in waits.values())
    with pytest.raises(ServiceUnavailable) as refused:
        ql.issue_at_kiosk(kiosk(ctx).uow(), service_id=svc["J"])
    assert refused.value.facts == {"service_id": svc["J"], "letter": "J", "name": "心理疏导", "reason": "no_staff"}

    zhang = clerk(admin_ctx, "zhang", 15)  # 心理疏导
    q.sign_in_window(zhang.uow())
    assert ql.service_waits(ctx.uow())[svc["J"]].state == "open"
    assert ql.issue_at_kiosk(kiosk(ctx).uow(), service_id=svc["J"]).ticket.number == "J001"
    q.set_paused(zhang.uow(), paused=True)
    paused = ql.service_waits(ctx.uow())[svc["J"]]
    assert (paused.state, paused.available, paused.open_windows, paused.expected_seconds) == ("paused", True, 0, None)
    q.sign_out_window(zhang.uow())
    assert ql.service_waits(ctx.uow())[svc["J"]].state == "no_staff"

    booked = q.book_appointment(ctx.uow(), service_id=svc["J"], day=clock.now().date(), slot=dt.time(11, 0),
                                visitor_name="李四")
    with pytest.raises(ServiceUnavailable):
        ql.check_in_at_kiosk(kiosk(ctx).uow(), code=booked.code)

    extra = center.save_service(admin_ctx.uow(), id=None, letter="M", name="公证预约")  # no window serves it
    assert ql.service_waits(ctx.uow())[extra.id].state == "no_window"
    with pytest.raises(ServiceUnavailable) as refused:
        ql.issue_at_kiosk(kiosk(ctx).uow(), service_id=extra.id)
    assert refused.value.facts["reason"] == "no_window"


def test_expected_wait_comes_from_recent_service_times_and_open_windows(ctx, admin_ctx, svc, clock):
    wang = clerk(admin_ctx, "wang", 7)  # 法律服务 (D) is served by windows 7 and 8
    q.sign_in_window(wang.uow())
    d = svc["D"]
    for _ in range(3):  # three visitors of 10, 12 and 14 minutes
        ql.issue_at_kiosk(kiosk(ctx).uow(), service_id=d)
    for minutes in (10, 12, 14):
        called = q.call_next(wang.uow())
        q.start_service(wang.uow(), ticket_id=called.ticket.id)
        clock.advance(minutes=minutes)
        q.finish_service(wang.uow(), ticket_id=called.ticket.id)
    for _ in range(4):
        ql.issue_at_kiosk(kiosk(ctx).uow(), service_id=d)
    w = ql.service_waits(ctx.uow())[d]
    assert (w.waiting, w.windows, w.staffed, w.open_windows, w.free_windows) == (4, 2, 1, 1, 1)
    assert w.service_seconds == 12 * 60  # the median of the recent visitors
    assert w.expected_seconds == 12 * 60 * 3.5  # the free window takes one, then three and a half service times

    li = clerk(admin_ctx, "li", 8)  # a second window opens: the wait halves
    q.sign_in_window(li.uow())
    q.call_next(wang.uow())
    w = ql.service_waits(ctx.uow())[d]
    assert (w.waiting, w.open_windows, w.free_windows) == (3, 2, 1)
    assert w.expected_seconds == 12 * 60 * 2.5 / 2
    # a service without enough history of its own takes the median of all services
    assert ql.service_waits(ctx.uow())[svc["A"]].service_seconds == 12 * 60
    issued = ql.issue_at_kiosk(kiosk(ctx).uow(), service_id=d)
    assert issued.waiting_ahead == 3


def test_outside_opening_hours_the_kiosk_says_so_before_anything_about_the_windows(ctx, svc, clock):
    from desktop.services.queue import OutsideOpeningHours

    clock.at = dt.datetime(2026, 11, 20, 18, 5)  # nobody signed in either: the hall is closed, that comes first
    with pytest.raises(OutsideOpeningHours) as refused:
        ql.issue_at_kiosk(kiosk(ctx).uow(), service_id=svc["A"])
    assert not isinstance(refused.value, ServiceUnavailable)
