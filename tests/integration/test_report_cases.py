"""Petition, mediation, hot-spot and case-flow figures against numbers worked out by hand, on both databases.

November 2026, reported on Friday 20 November at 10:00 (D = 11-20); the cases (test_report_builders.
cases_november):

    petition  received  kind     status        department  accepted  due (conclude)  replied  closed
    P1        11-02     petition concluded     派出所       11-03     2027-01-02      11-10
    P2        09-01     petition handling      司法所       09-02     11-01 (19 d late)
    P3        11-05     petition registered    -           (accept due 11-19: 1 d late)
    P4        11-12     review   assigned      派出所       11-12     12-12
    P5        10-01     petition concluded     劳动保障所    10-02     11-16           11-18 (late)
    P6        11-15     petition not_accepted  -                                              11-16
    P7        11-18     recheck  registered    -                     12-18
    P8        10-20     petition closed        民政办       10-21     12-21           10-30    11-03 (satisfied)
    P9        08-01     closed before November: not read at all

    dispute  registered  type      state         closed  village
    D1       11-03       邻里       agreed        11-10   虎丘村   2 terms: performed, partly → partly; 司法确认 11-12 → 11-19
    D2       11-05       邻里       failed        11-12   新塘社区
    D3       10-20       婚姻家庭    agreed        11-06   新塘社区 v2 in force, 1 term performed → performed
    D4       11-15       合同       in mediation          枫桥村
    D5       10-01       劳动争议    registered (due 11-01: 19 d late) 枫桥村
    D6       11-18       邻里       agreed        11-19   虎丘村   oral, nothing checked → not checked
"""

import datetime as dt

import pytest

from desktop.services import reports
from tests.integration.test_report_builders import Build, cases_november
from tests.integration.test_report_queue import fig, pd_missing, recs, row

NOV = dt.date(2026, 11, 20)


@pytest.fixture
def cases(ctx):
    return cases_november(Build(ctx))


def month(ctx, key):
    return fig(ctx, key, kind="month", day=NOV)


def month_recs(ctx, key, row_=None, column=None):
    return recs(ctx, key, row_, column, kind="month", day=NOV)


def test_petition_summary_by_hand(ctx, cases):
    s = month(ctx, "petitions.summary").iloc[0]
    assert (s.received, s.reviews, s.rechecks) == (5, 1, 1)  # P1 P3 P4 P6 P7
    assert (s.accepted, s.not_accepted) == (2, 1)  # P1 P4 / P6
    assert (s.concluded, s.on_time) == (2, 1)  # P1 on time, P5 two days late
    assert s.on_time_rate == pytest.approx(0.5)
    assert (s.open, s.overdue) == (4, 2)  # P2 P3 P4 P7 open; P2 (办结) and P3 (告知) overdue
    assert (s.extensions, s.repeats, s.supervisions, s.withdrawn) == (1, 2, 1, 0)
    assert s.followed_up == 1 and s.satisfaction_rate == pytest.approx(1.0)  # P8


def test_petition_records_match_the_counts(ctx, cases):
    def numbers(column):
        return sorted(month_recs(ctx, "petitions.summary", column=column).frame["case_no"])

    received = month_recs(ctx, "petitions.summary", column="received").frame
    assert len(received) == 5
    assert set(received["kind"]) == {"信访", "复查", "复核"}
    assert len(numbers("overdue")) == 2
    assert len(month_recs(ctx, "petitions.summary", column="repeats")) == 2
    ext = month_recs(ctx, "petitions.summary", column="extensions").frame
    assert list(ext["days"]) == [10] and list(ext["status"]) == ["批准"]
    # petitioners are masked in every list a report shows
    assert "李*、王*" in set(month_recs(ctx, "petitions.summary", column="open").frame["petitioners"])


def test_overdue_list_and_departments_by_hand(ctx, cases):
    o = month(ctx, "petitions.overdue")
    assert list(o["department"]) == ["司法所", "中心（待受理）"]  # department order, then the center's own
    assert list(o["stage"]) == ["办结", "告知受理"]
    assert list(o["days_overdue"]) == [19, 1]
    assert list(o["due_on"]) == [dt.date(2026, 11, 1), dt.date(2026, 11, 19)]
    assert list(o["supervisions"]) == [2, 0]
    assert list(o["petitioners"]) == ["李*、王*", "赵*"]
    by = month(ctx, "petitions.overdue_by_department")
    assert list(by["department"]) == ["司法所", "中心（待受理）"] and list(by["overdue"]) == [1, 1]
    assert row(by, "department", "司法所").max_days == 19
    d = month(ctx, "petitions.by_department")
    police = row(d, "department", "派出所")
    assert (police.accepted, police.concluded, police.on_time, police.open, police.overdue) == (2, 1, 1, 1, 0)
    assert police.on_time_rate == pytest.approx(1.0)
    justice = row(d, "department", "司法所")
    assert (justice.accepted, justice.concluded, justice.open, justice.overdue) == (0, 0, 1, 1)
    assert pd_missing(justice.on_time_rate)  # nothing concluded: no rate
    labour = row(d, "department", "劳动保障所")
    assert (labour.concluded, labour.on_time) == (1, 0) and labour.on_time_rate == 0.0
    unassigned = row(d, "department", "（未交办）")
    assert (unassigned.open, unassigned.overdue) == (2, 1)  # P3 P7 / P3
    assert len(month_recs(ctx, "petitions.by_department", "司法所", "overdue")) == 1


def test_overdue_is_reproducible_for_a_past_day(ctx, cases):
    # At the end of 31 October: P2 was not overdue yet (due 11-01), P5 (due 11-16) neither; P3 did not exist.
    o = fig(ctx, "petitions.overdue", kind="month", day=dt.date(2026, 10, 1))
    assert o.empty
    s = fig(ctx, "petitions.summary", kind="month", day=dt.date(2026, 10, 1)).iloc[0]
    # received P5 P8; accepted P5 P8; concluded P8 (10-30); open at 10-31: P2 P5 (P9 ended in September)
    assert (s.received, s.accepted, s.concluded, s.open, s.overdue) == (2, 2, 1, 2, 0)


def test_mediation_by_hand(ctx, cases):
    s = month(ctx, "mediation.summary").iloc[0]
    assert (s.received, s.concluded, s.success, s.failed, s.terminated, s.referred) == (4, 4, 3, 1, 0, 0)
    assert s.success_rate == pytest.approx(0.75)
    assert (s.open, s.overdue) == (2, 1)  # D4 D5 / D5
    assert (s.agreements, s.performed, s.partly) == (3, 1, 1)
    assert s.performance_rate == pytest.approx(0.333)
    assert (s.judicial_applied, s.judicial_confirmed, s.judicial_rejected) == (1, 1, 0)
    assert s.sessions == 3
    perf = month_recs(ctx, "mediation.summary", column="agreements").frame
    assert sorted(perf["performance"]) == sorted(["部分履行", "已履行", "未核查"])
    t = month(ctx, "mediation.by_type")
    neighbours = row(t, "type", "邻里")
    assert (neighbours.received, neighbours.previous, neighbours.concluded, neighbours.success) == (3, 0, 3, 2)
    assert neighbours.success_rate == pytest.approx(0.667)
    family = row(t, "type", "婚姻家庭")
    assert (family.received, family.previous, family.concluded, family.success) == (0, 1, 1, 1)
    assert pd_missing(row(t, "type", "合同").success_rate)  # received, nothing concluded
    assert row(t, "type", "劳动争议").previous == 1


def test_room_utilisation_by_hand(ctx, cases):
    r = month(ctx, "mediation.rooms")
    one = row(r, "room", "人民调解室一")
    # 15 working days from 2 to 20 November × 9 opening hours (08:30–17:30) = 135 hours
    assert (one.sessions, one.hours, one.booked, one.available) == (2, 3.5, 1, 135.0)
    assert one.utilisation == pytest.approx(0.026)  # 3.5 / 135
    police = row(r, "room", "警民联调室")
    assert (police.sessions, police.hours) == (1, 1.0)
    two = row(r, "room", "人民调解室二")
    assert (two.sessions, two.booked) == (0, 0)  # a cancelled booking is no use
    assert len(month_recs(ctx, "mediation.rooms", "人民调解室一", "sessions")) == 2


def test_hot_spots_by_hand(ctx, cases):
    v = month(ctx, "hotspots.by_village")
    assert list(v["village"]) == ["虎丘村", "新塘社区", "枫桥村", "（未填写）"]
    assert list(v["petitions"]) == [3, 1, 0, 1]
    assert list(v["disputes"]) == [2, 1, 1, 0]
    assert list(v["total"]) == [5, 2, 1, 1]
    assert list(v["previous"]) == [1, 1, 2, 0]  # October: P8 / D3 / P5 D5
    assert list(v["change"]) == [4, 1, -1, 1]
    assert len(month_recs(ctx, "hotspots.by_village", "虎丘村", "total")) == 5
    assert len(month_recs(ctx, "hotspots.by_village", "枫桥村", "previous")) == 2
    g = month(ctx, "hotspots.by_grid")
    assert list(g["grid"])[:3] == ["第一网格", "第二网格", "（未填写）"]
    assert list(g["petitions"])[:3] == [3, 1, 1]
    assert row(g, "grid", "第三网格").previous == 1
    c = month(ctx, "hotspots.top_categories")
    assert list(c["category"]) == ["治安问题", "违章建筑", "噪音扰民"]
    assert list(c["count"]) == [3, 1, 1] and list(c["rank"]) == [1, 2, 2]
    assert list(c["previous"]) == [1, 1, 0] and list(c["domain"]) == ["综治维稳", "城市管理", "城市管理"]
    assert row(c, "category", "治安问题").previous_rank == 1
    assert pd_missing(row(c, "category", "噪音扰民").previous_rank)


def test_case_flow_by_hand(ctx, cases):
    f = month(ctx, "cases.flow")
    assert len(f) == 20  # 1 to 20 November
    assert int(f["petitions_received"].sum()) == 5 and int(f["petitions_concluded"].sum()) == 2
    assert int(f["disputes_received"].sum()) == 4 and int(f["disputes_concluded"].sum()) == 4
    assert row(f, "bucket", "2026-11-18").petitions_concluded == 1
    assert row(f, "bucket", "2026-11-10").disputes_concluded == 1
    assert len(month_recs(ctx, "cases.flow", "2026-11-05", None)) == 2  # P3 received, D2 received


def test_the_previous_period_and_a_year_boundary(ctx, cases):
    b = Build(ctx)
    b.petition(dt.datetime(2026, 12, 31, 16), village="虎丘村")
    b.petition(dt.datetime(2027, 1, 2, 9), village="虎丘村")
    ctx.clock.at = dt.datetime(2027, 1, 3, 12)
    # the week from Monday 28 December 2026 to Sunday 3 January 2027 holds both
    s = fig(ctx, "petitions.summary", kind="week", day=dt.date(2027, 1, 1)).iloc[0]
    assert s.received == 2
    info = reports.figure_frame(ctx.uow(), key="petitions.summary", kind="week", day=dt.date(2027, 1, 1)).period
    assert (info.start, info.end) == (dt.date(2026, 12, 28), dt.date(2027, 1, 3))
    assert (info.previous_start, info.previous_end) == (dt.date(2026, 12, 21), dt.date(2026, 12, 27))
    jan = fig(ctx, "summary.compare", kind="month", day=dt.date(2027, 1, 1))
    received = row(jan, "key", "petitions.summary:received")
    # January 2027 is running: it compares with the same span of December 2026 (1 to 3 December, 12:00)
    assert (received.current, received.previous) == (1, 0)
    info = reports.figure_frame(ctx.uow(), key="summary.compare", kind="month", day=dt.date(2027, 1, 1)).period
    assert info.previous_as_of == dt.datetime(2026, 12, 3, 12)
    dec = fig(ctx, "summary.compare", kind="month", day=dt.date(2026, 12, 1))
    received = row(dec, "key", "petitions.summary:received")
    assert (received.current, received.previous) == (1, 5)  # December has ended: against all of November
