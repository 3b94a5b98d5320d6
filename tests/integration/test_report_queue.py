"""Queue and satisfaction figures against numbers worked out by hand, on both databases.

The day (test_report_builders.queue_day), Thursday 2026-11-19, minutes:

    ticket  issued  first call  wait  service  status    window  rating
    A001    08:40   08:45         5   10       finished  1       非常满意
    A002    09:05   09:15        10   15       finished  1       满意
    A003    09:10   09:30        20   -        no-show   2
    B001    09:20   09:50        30   20       finished  2       不满意   (follow-up answered 16:00)
    B002    09:40   -             -   -        waiting   -
    A004    10:00   10:02         2   5        finished  1       非常不满意 (follow-up open, due 11-26)  priority
    A005    14:30   14:31         1   10       finished  2       (appointment; transferred 14:33 from window 1)

Waits of the 6 called: 1 2 5 10 20 30 → mean 68/6 = 11.3; p90 by nearest rank: ⌈0.9·6⌉ = 6th = 30
(linear interpolation would say 25). Service times 10 15 20 5 10 → mean 12.0.
"""

import datetime as dt

import pytest

from desktop.services import reports
from desktop.services.errors import PermissionDenied
from tests.conftest import sign_in
from tests.integration.test_report_builders import Build, queue_day

DAY = dt.date(2026, 11, 19)


def fig(ctx, key, kind="day", day=DAY, end=None):
    return reports.figure_frame(ctx.uow(), key=key, kind=kind, day=day, end=end).frame


def row(df, key, value):
    match = df[df[key] == value]
    assert len(match) == 1, f"{key}={value!r}: {len(match)} rows"
    return match.iloc[0]


def recs(ctx, key, row_=None, column=None, kind="day", day=DAY):
    return reports.figure_records(ctx.uow(), key=key, kind=kind, day=day, row=row_, column=column)


@pytest.fixture
def day(ctx):
    return queue_day(Build(ctx))


def test_queue_summary_by_hand(ctx, day):
    s = fig(ctx, "queue.summary").iloc[0]
    assert (s.visitors, s.served, s.no_shows, s.unfinished, s.called) == (7, 5, 1, 1, 6)
    assert s.no_show_rate == pytest.approx(0.143)  # 1 / 7
    assert s.wait_avg_min == pytest.approx(11.3)
    assert s.wait_p90_min == pytest.approx(30.0)
    assert s.service_avg_min == pytest.approx(12.0)
    assert (s.appointments, s.priority, s.transfers) == (1, 1, 1)
    assert s.peak_hour == "09:00–10:00"


def test_every_count_lists_exactly_its_records(ctx, day):
    assert len(recs(ctx, "queue.summary", column="visitors")) == 7
    assert list(recs(ctx, "queue.summary", column="no_shows").frame["number"]) == ["A003"]
    assert list(recs(ctx, "queue.summary", column="unfinished").frame["number"]) == ["B002"]
    waits = recs(ctx, "queue.summary", column="wait_p90_min").frame
    assert sorted(waits["wait_min"]) == [1.0, 2.0, 5.0, 10.0, 20.0, 30.0]
    transfers = recs(ctx, "queue.summary", column="transfers")
    assert list(transfers.frame["number"]) == ["A005"] and list(transfers.frame["to"]) == ["2号窗口"]
    peak = recs(ctx, "queue.summary", column="peak_hour").frame
    assert sorted(peak["number"]) == ["A002", "A003", "B001", "B002"]


def test_queue_by_window_by_hand(ctx, day):
    w = fig(ctx, "queue.by_window")
    assert len(w) == 17  # every active window, also those without visitors
    one, two = row(w, "window_no", 1), row(w, "window_no", 2)
    assert (one.handled, one.served, one.no_shows) == (3, 3, 0)
    assert one.wait_avg_min == pytest.approx(5.7)  # (5 + 10 + 2) / 3
    assert one.wait_p90_min == pytest.approx(10.0)  # 3rd of 3
    assert one.service_avg_min == pytest.approx(10.0)  # (10 + 15 + 5) / 3
    assert (two.handled, two.served, two.no_shows) == (3, 2, 1)
    assert two.wait_avg_min == pytest.approx(17.0)  # (20 + 30 + 1) / 3
    assert two.service_avg_min == pytest.approx(15.0)  # (20 + 10) / 2
    three = row(w, "window_no", 3)
    assert three.handled == 0 and pd_missing(three.wait_avg_min) and pd_missing(three.service_avg_min)
    assert sorted(recs(ctx, "queue.by_window", 2, "served").frame["number"]) == ["A005", "B001"]


def pd_missing(v) -> bool:
    import pandas as pd

    return v is None or pd.isna(v)


def test_queue_by_service_and_hour_by_hand(ctx, day):
    s = fig(ctx, "queue.by_service")
    a, b = row(s, "letter", "A"), row(s, "letter", "B")
    assert (a.visitors, a.served, a.no_shows) == (5, 4, 1)
    assert a.no_show_rate == pytest.approx(0.2)
    assert a.wait_avg_min == pytest.approx(7.6)  # (5 + 10 + 20 + 2 + 1) / 5
    assert a.wait_p90_min == pytest.approx(20.0)  # ⌈4.5⌉ = 5th of 1 2 5 10 20
    assert a.service_avg_min == pytest.approx(10.0)  # (10 + 15 + 5 + 10) / 4
    assert (b.visitors, b.served, b.unfinished) == (2, 1, 1)
    assert b.no_show_rate == 0.0 and b.wait_p90_min == pytest.approx(30.0)
    c = row(s, "letter", "C")
    assert c.visitors == 0 and pd_missing(c.no_show_rate)  # no visitors: no rate, not 0 % and not a crash
    h = fig(ctx, "queue.by_hour")
    assert list(h["hour"])[:2] == ["08:00–09:00", "09:00–10:00"] and list(h["hour"])[-1] == "17:00–18:00"
    nine = row(h, "hour", "09:00–10:00")
    assert (nine.visitors, nine.served, nine.peak) == (4, 2, "高峰")
    assert nine.share == pytest.approx(0.571)  # 4 / 7
    assert nine.wait_avg_min == pytest.approx(20.0) and nine.wait_p90_min == pytest.approx(30.0)
    assert row(h, "hour", "14:00–15:00").visitors == 1
    assert row(h, "hour", "12:00–13:00").visitors == 0
    assert sorted(recs(ctx, "queue.by_hour", "09:00–10:00", "visitors").frame["number"]) == [
        "A002", "A003", "B001", "B002"]


def test_satisfaction_by_hand(ctx, day):
    s = fig(ctx, "satisfaction.summary").iloc[0]
    assert (s.rated, s.good, s.bad) == (4, 2, 2)
    assert s.satisfaction_rate == pytest.approx(0.5)  # (非常满意 + 满意) / ratings = 2 / 4
    assert s.rated_share == pytest.approx(0.8)  # 4 ratings / 5 served
    assert (s.very_satisfied, s.satisfied, s.basically_satisfied, s.dissatisfied, s.very_dissatisfied) == (
        1, 1, 0, 1, 1)
    assert (s.follow_up_open, s.follow_up_overdue, s.follow_up_answered) == (1, 0, 1)
    bad = fig(ctx, "satisfaction.bad")
    assert list(bad["number"]) == ["B001", "A004"]
    assert list(bad["follow_up"]) == ["已回访", "待回访"]
    levels = fig(ctx, "satisfaction.by_level")
    assert list(levels["count"]) == [1, 1, 0, 1, 1]
    assert row(levels, "level", "satisfied").share == pytest.approx(0.25)
    w = fig(ctx, "satisfaction.by_window")
    one = row(w, "window_no", 1)
    assert (one.rated, one.good, one.bad) == (3, 2, 1)
    assert one.satisfaction_rate == pytest.approx(0.667)
    assert pd_missing(row(w, "window_no", 5).satisfaction_rate)


def test_follow_up_status_stands_at_the_end_of_the_period(ctx, day):
    # The November report made on 1 December: A004's follow-up was due 11-26 and is still open: overdue.
    ctx.clock.at = dt.datetime(2026, 12, 1, 9)
    s = fig(ctx, "satisfaction.summary", kind="month").iloc[0]
    assert (s.follow_up_open, s.follow_up_overdue, s.follow_up_answered) == (1, 1, 1)
    # The same day's figures stand at the end of 19 November: not overdue yet.
    s = fig(ctx, "satisfaction.summary").iloc[0]
    assert (s.follow_up_open, s.follow_up_overdue) == (1, 0)
    # The B001 follow-up was answered at 16:00: a report of that day at 12:00 still shows it open.
    ctx.clock.at = dt.datetime(2026, 11, 19, 12)
    s = fig(ctx, "satisfaction.summary").iloc[0]
    assert (s.follow_up_open, s.follow_up_answered) == (2, 0)
    assert fig(ctx, "queue.summary").iloc[0].visitors == 6  # A005 was issued at 14:30, after "now"


def test_an_empty_day_has_zero_counts_and_no_rates(ctx, day):
    s = fig(ctx, "queue.summary", day=dt.date(2026, 11, 18)).iloc[0]
    assert (s.visitors, s.served, s.no_shows) == (0, 0, 0)
    assert pd_missing(s.no_show_rate) and pd_missing(s.wait_avg_min) and pd_missing(s.wait_p90_min)
    assert pd_missing(s.service_avg_min) and pd_missing(s.peak_hour)
    t = fig(ctx, "satisfaction.summary", day=dt.date(2026, 11, 18)).iloc[0]
    assert t.rated == 0 and pd_missing(t.satisfaction_rate) and pd_missing(t.rated_share)


def test_week_and_daily_rows_and_the_comparison(ctx, day):
    daily = fig(ctx, "queue.daily", kind="week")
    assert [d.isoformat() for d in daily["day"]] == ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19",
                                                      "2026-11-20"]  # the week stops at today (Friday 10:00)
    assert list(daily["visitors"]) == [0, 0, 0, 7, 0]
    c = fig(ctx, "summary.compare")
    visitors = row(c, "key", "queue.summary:visitors")
    assert (visitors.current, visitors.previous, visitors.change, visitors.kind) == (7, 0, 7, "int")
    wait = row(c, "key", "queue.summary:wait_p90_min")
    assert wait.current == pytest.approx(30.0) and wait.previous is None and wait.change is None
    rate = row(c, "key", "satisfaction.summary:satisfaction_rate")
    assert rate.current == pytest.approx(0.5) and rate.kind == "rate"
    assert len(recs(ctx, "summary.compare", "queue.summary:served", "current")) == 5
    assert len(recs(ctx, "summary.compare", "queue.summary:served", "previous")) == 0
    # today (Friday 10:00) compares with Thursday until 10:00: A004 came at 10:00 sharp, A005 in the afternoon
    today = fig(ctx, "summary.compare", day=dt.date(2026, 11, 20))
    visitors = row(today, "key", "queue.summary:visitors")
    assert (visitors.current, visitors.previous) == (0, 5)
    assert len(recs(ctx, "summary.compare", "queue.summary:visitors", "previous", day=dt.date(2026, 11, 20))) == 5


def test_reports_need_the_permission(ctx, admin_ctx, day):
    from desktop.services.admin import accounts

    accounts.add_user(admin_ctx.uow(), username="clerk1", full_name="王芳", role="clerk", password="pass1234",
                      window_no=1)
    clerk = sign_in(ctx, "clerk1", "pass1234")
    with pytest.raises(PermissionDenied):
        reports.figure_frame(clerk.uow(), key="queue.summary", kind="day", day=DAY)
    with pytest.raises(PermissionDenied):
        reports.dashboard(clerk.uow(), kind="day", day=DAY)
    accounts.add_user(admin_ctx.uow(), username="boss", full_name="陈立新", role="director", password="pass1234")
    director = sign_in(ctx, "boss", "pass1234")
    assert reports.dashboard(director.uow(), kind="day", day=DAY).kpis.frame is not None


def test_a_day_compares_with_the_previous_working_day(ctx):
    # Monday 2026-11-23 against Friday 11-20; Thursday 2026-10-08, after the National Day holiday
    # (1–7 October), against Wednesday 30 September; Saturday 10 October (a make-up working day) against 9 October
    ctx.clock.at = dt.datetime(2026, 11, 23, 12)
    info = reports.figure_frame(ctx.uow(), key="queue.summary", kind="day", day=dt.date(2026, 11, 23)).period
    assert info.previous_start == dt.date(2026, 11, 20)
    info = reports.figure_frame(ctx.uow(), key="queue.summary", kind="day", day=dt.date(2026, 10, 8)).period
    assert info.previous_start == dt.date(2026, 9, 30)
    info = reports.figure_frame(ctx.uow(), key="queue.summary", kind="day", day=dt.date(2026, 10, 12)).period
    assert info.previous_start == dt.date(2026, 10, 10)
    week = reports.figure_frame(ctx.uow(), key="queue.summary", kind="week", day=dt.date(2026, 11, 23)).period
    assert week.previous_start == dt.date(2026, 11, 16)
