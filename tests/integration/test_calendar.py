"""The statutory clock across the new year, on both databases: which years are official, the provisional
deadlines of a petition accepted on Monday 2027-01-25, the State Council's notice (a made-up 2027 fixture with
the Spring Festival 5–11 February) recomputing every open deadline in the same transaction, hand edits of a
day and of a range, and the hall on days off."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.services import mediation
from desktop.services import petitions as pt
from desktop.services import queue as q
from desktop.services.admin import calendar, center, settings
from desktop.services.errors import PermissionDenied
from desktop.services.petitions import lists as pl
from desktop.services.queue import HallClosed, OutsideOpeningHours
from tests.integration.test_petition_helpers import advance, make_staff, petitioner, register
from tests.mediation_support import applicant, respondent

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "calendar"
NOTICE_2027 = (FIXTURES / "notice_2027_FICTIONAL_test_only.txt").read_text(encoding="utf-8")
D = dt.date


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 30))


@pytest.fixture
def staff(admin_ctx):
    return make_staff(admin_ctx)


def status(ctx) -> dict[int, calendar.YearCoverage]:
    return {c.year: c for c in calendar.calendar_status(ctx.uow())}


def test_a_new_center_has_the_package_years_official_and_next_year_provisional(admin_ctx, clock):
    clock.at = dt.datetime(2026, 12, 4, 10, 0)
    years = status(admin_ctx)
    assert sorted(years) == [2025, 2026, 2027]
    assert years[2026].official and years[2026].source == "package"
    assert years[2026].source_detail.startswith("chinesecalendar ")
    assert not years[2027].official and not years[2027].package_knows
    warning = calendar.calendar_warning(admin_ctx.uow())
    assert (warning.year, warning.begun, warning.package_knows) == (2027, False, False)
    clock.at = dt.datetime(2026, 10, 31, 10, 0)  # before the warning day (1 November)
    assert calendar.calendar_warning(admin_ctx.uow()) is None
    settings.update_settings(admin_ctx.uow(), values={"calendar_warn_month": 10, "calendar_warn_day": 15})
    assert calendar.calendar_warning(admin_ctx.uow()).year == 2027
    clock.at = dt.datetime(2027, 1, 4, 10, 0)
    assert calendar.calendar_warning(admin_ctx.uow()).begun


def test_the_case_accepted_on_2027_01_25_is_provisional_until_the_notice_moves_its_deadlines(
        admin_ctx, staff, clock):
    # a concluded case: its follow-up falls in the Spring Festival, but nothing concluded changes
    clock.at = at(D(2027, 1, 18))
    done = register(staff.clerk, staff, people=[petitioner("周敏", seq=140)])
    advance(staff, done.id, "handling")
    clock.at = at(D(2027, 1, 25))
    advance(staff, done.id, "concluded")
    concluded = pt.get_case(staff.clerk.uow(), case_id=done.id)
    # registered and accepted on Monday 2027-01-25
    case = register(staff.clerk, staff)
    pt.assign_petition(staff.clerk.uow(), case_id=case.id, version=None, department_id=staff.dept)
    waiting = register(staff.clerk, staff, people=[petitioner("李四", seq=125)])  # not yet accepted
    # a working-day rule across the Spring Festival: assigned on Wednesday 2027-02-03
    clock.at = at(D(2027, 2, 3))
    late = register(staff.clerk, staff, people=[petitioner("王五", seq=131)])
    pt.assign_petition(staff.clerk.uow(), case_id=late.id, version=None, department_id=staff.dept)

    before = pt.get_case(staff.clerk.uow(), case_id=case.id)
    assert (before.objection_due_on, before.conclude_due_on) == (D(2027, 2, 1), D(2027, 3, 26))
    assert set(before.provisional) == {"objection_due_on", "conclude_due_on", "due_on"}
    assert pt.get_case(staff.clerk.uow(), case_id=waiting.id).accept_due_on == D(2027, 2, 9)  # 15 days: Tue 9 Feb
    assert pt.get_case(staff.clerk.uow(), case_id=late.id).objection_due_on == D(2027, 2, 10)  # weekends only
    assert pt.get_case(staff.clerk.uow(), case_id=done.id).provisional == ()  # concluded: it will not move
    rows = {r.case_no: r for r in pl.list_petitions(staff.director.uow(), view="all")}
    assert rows[case.case_no].provisional and rows[waiting.case_no].provisional
    assert not rows[done.case_no].provisional
    with admin_ctx.uow() as uow:
        assert calendar.count_provisional_deadlines(uow) == 3

    preview = calendar.preview_notice(admin_ctx.uow(), text=NOTICE_2027)
    assert preview.year == 2027 and not preview.coverage.official
    assert {(c.case_no, c.rule) for c in preview.deadline_changes} == {
        (case.case_no, "objection"), (waiting.case_no, "accept_notice"), (late.case_no, "objection"),
        (late.case_no, "conclude")}
    assert pt.get_case(staff.clerk.uow(), case_id=waiting.id).accept_due_on == D(2027, 2, 9)  # the preview saves nothing

    result = calendar.import_notice(admin_ctx.uow(), text=NOTICE_2027)
    assert result.years_official == (2027,)
    moved = {(c.case_no, c.rule): (c.old_date, c.new_date) for c in result.deadline_changes}
    assert moved == {
        (case.case_no, "objection"): (D(2027, 2, 1), D(2027, 1, 31)),  # Sunday 31 January is a make-up day
        (waiting.case_no, "accept_notice"): (D(2027, 2, 9), D(2027, 2, 12)),  # 9 February is a day off
        (late.case_no, "objection"): (D(2027, 2, 10), D(2027, 2, 17)),  # 4, 12, 15, 16, 17 February
        (late.case_no, "conclude"): (D(2027, 4, 5), D(2027, 4, 6)),  # 60 days: Sunday 4 April; 5 April 清明
    }
    after = pt.get_case(staff.clerk.uow(), case_id=case.id)
    assert (after.objection_due_on, after.conclude_due_on, after.provisional) == (D(2027, 1, 31), D(2027, 3, 26), ())
    assert after.steps[-1].action == "recompute"
    assert after.steps[-1].detail == {"rule": "objection", "old": "2027-02-01", "new": "2027-01-31",
                                      "cause": "notice"}
    w = pt.get_case(staff.clerk.uow(), case_id=waiting.id)
    assert (w.accept_due_on, w.due_on, w.due_kind) == (D(2027, 2, 12), D(2027, 2, 12), "accept")
    c = pt.get_case(staff.clerk.uow(), case_id=done.id)
    assert (c.follow_up_due_on, c.remedy_due_on, c.due_on) == (concluded.follow_up_due_on, concluded.remedy_due_on,
                                                               concluded.due_on)
    # the director's list
    listed = calendar.list_deadline_changes(staff.director.uow())
    assert {(x.case_no, x.rule, x.old_date, x.new_date) for x in listed} == {(k[0], k[1], *v) for k, v in moved.items()}
    assert {x.cause for x in listed} == {"notice"} and listed[0].actor_name == "系统管理员"
    with pytest.raises(PermissionDenied):
        calendar.list_deadline_changes(staff.clerk.uow())
    years = status(admin_ctx)
    assert years[2027].official and years[2027].source == "notice"
    assert years[2027].source_detail == "国务院办公厅关于2027年部分节假日安排的通知"
    assert years[2027].imported_by == "系统管理员" and years[2027].imported_at == at(D(2027, 2, 3))
    with admin_ctx.uow() as uow:
        assert calendar.count_provisional_deadlines(uow) == 0
        cal = calendar.load_calendar(uow)
    assert not cal.is_workday(D(2027, 2, 8)) and cal.is_workday(D(2027, 2, 20))
    # importing the same notice again changes nothing
    again = calendar.import_notice(admin_ctx.uow(), text=NOTICE_2027)
    assert (again.days_changed, again.deadline_changes) == (0, ())


def test_the_notice_its_days_and_the_deadlines_are_one_transaction(admin_ctx, staff, clock, monkeypatch):
    clock.at = at(D(2027, 1, 25))
    case = register(staff.clerk, staff)
    pt.assign_petition(staff.clerk.uow(), case_id=case.id, version=None, department_id=staff.dept)
    original = calendar.recompute_open_deadlines

    def fail_after_writing(uow, **kw):
        changes = original(uow, **kw)
        assert changes  # the petition was changed in this transaction
        raise RuntimeError("power cut")

    monkeypatch.setattr(calendar, "recompute_open_deadlines", fail_after_writing)
    with pytest.raises(RuntimeError):
        calendar.import_notice(admin_ctx.uow(), text=NOTICE_2027)
    monkeypatch.undo()
    assert not status(admin_ctx)[2027].official
    assert pt.get_case(staff.clerk.uow(), case_id=case.id).objection_due_on == D(2027, 2, 1)
    assert calendar.list_deadline_changes(admin_ctx.uow()) == []
    assert [r for r in calendar.month_days(admin_ctx.uow(), year=2027, month=2) if r.note] == []


def test_unreadable_text_saves_nothing(admin_ctx):
    broken = NOTICE_2027.replace("至11日（农历正月初五、周四）", "至11日（农历正月初五、周五）")
    with pytest.raises(calendar.NoticeNotUnderstood) as err:
        calendar.import_notice(admin_ctx.uow(), text=broken)
    assert (err.value.reason, err.value.line_no) == ("weekday", 7)
    assert not status(admin_ctx)[2027].official


def test_hand_edits_of_a_day_and_of_a_range_recompute_open_deadlines(admin_ctx, staff, clock):
    clock.at = at(D(2027, 1, 25))
    case = register(staff.clerk, staff)
    pt.assign_petition(staff.clerk.uow(), case_id=case.id, version=None, department_id=staff.dept)
    closed = register(staff.clerk, staff, people=[petitioner("赵六", seq=150)])
    pt.withdraw_petition(staff.clerk.uow(), case_id=closed.id, version=None, reason="已自行协商解决")
    result = calendar.set_days(admin_ctx.uow(), first=D(2027, 2, 5), last=D(2027, 2, 11), is_workday=False,
                               note="春节")
    assert [c.day for c in result.days] == [D(2027, 2, d) for d in (5, 8, 9, 10, 11)]  # weekends are off anyway
    assert result.deadline_changes == ()  # nothing open is counted over those days yet
    result = calendar.set_day(admin_ctx.uow(), day=D(2027, 1, 29), is_workday=False, note="地方调整")
    [change] = result.deadline_changes
    assert (change.rule, change.old_date, change.new_date, change.cause) == ("objection", D(2027, 2, 1),
                                                                             D(2027, 2, 2), "day")
    result = calendar.set_days(admin_ctx.uow(), first=D(2027, 1, 30), last=D(2027, 1, 31), is_workday=True,
                               note="调休上班（春节）")
    assert [(c.old_date, c.new_date) for c in result.deadline_changes] == [(D(2027, 2, 2), D(2027, 1, 31))]
    assert pt.get_case(staff.clerk.uow(), case_id=closed.id).accept_due_on == D(2027, 2, 9)  # withdrawn: unchanged
    assert not status(admin_ctx)[2027].official  # hand edits do not make the year official ...
    with pytest.raises(calendar.CalendarRangeInvalid):
        calendar.set_days(admin_ctx.uow(), first=D(2027, 2, 11), last=D(2027, 2, 5), is_workday=False)
    with pytest.raises(calendar.CalendarRangeInvalid):
        calendar.set_days(admin_ctx.uow(), first=D(2027, 1, 1), last=D(2027, 6, 1), is_workday=False)
    with pytest.raises(calendar.YearWithoutHolidays):
        calendar.confirm_year(admin_ctx.uow(), year=2028)
    calendar.confirm_year(admin_ctx.uow(), year=2027, note="据国务院办公厅通知手工录入")  # ... confirming does
    assert status(admin_ctx)[2027].source == "hand"
    with pytest.raises(PermissionDenied):
        calendar.set_day(staff.director.uow(), day=D(2027, 3, 1), is_workday=False)


def test_a_dispute_in_mediation_follows_the_calendar(ctx, admin_ctx, clock):
    clock.at = at(D(2027, 1, 8))
    types = {t.name: t.id for t in center.list_dispute_types(ctx.uow())}
    dispute = mediation.register_dispute(ctx.uow(), type_id=types["邻里"], source="application",
                                         title="宅基地边界纠纷", facts="双方因宅基地边界发生争执。",
                                         matters="边界墙的位置。", parties=[applicant("李明"), respondent("赵强")])
    assert dispute.due_on == D(2027, 2, 8)  # one month: Monday 8 February
    result = calendar.import_notice(admin_ctx.uow(), text=NOTICE_2027)
    assert [(c.case_kind, c.case_no, c.rule, c.new_date) for c in result.deadline_changes] == [
        ("dispute", dispute.case_no, "mediation_term", D(2027, 2, 12))]


def test_the_hall_is_closed_on_days_off_and_open_on_make_up_days(admin_ctx, ctx, clock):
    services = {s.letter: s.id for s in center.list_services(ctx.uow())}
    clock.at = dt.datetime(2026, 2, 16, 10, 0)  # Monday of the Spring Festival
    with pytest.raises(HallClosed) as err:
        q.issue_ticket(ctx.uow(), service_id=services["A"])
    assert (err.value.kind, err.value.note, err.value.next_open) == ("holiday", "春节", D(2026, 2, 24))
    assert isinstance(err.value, OutsideOpeningHours) and err.value.workday is False
    clock.at = dt.datetime(2026, 2, 15, 10, 0)  # the Sunday that starts it
    hall = calendar.hall_day(ctx.uow())
    assert (hall.kind, hall.note, hall.is_open) == ("holiday", "春节", False)
    clock.at = dt.datetime(2026, 3, 7, 10, 0)  # an ordinary Saturday
    assert calendar.hall_day(ctx.uow()).kind == "weekend"
    clock.at = dt.datetime(2026, 2, 14, 8, 40)  # a make-up Saturday: the hours of a weekday, numbers from 001
    assert q.issue_ticket(ctx.uow(), service_id=services["A"]).ticket.number == "A001"
    clock.at = dt.datetime(2026, 2, 14, 17, 40)
    with pytest.raises(OutsideOpeningHours) as err:
        q.issue_ticket(ctx.uow(), service_id=services["A"])
    assert not isinstance(err.value, HallClosed) and err.value.workday is True
    settings.update_settings(admin_ctx.uow(), values={"hall_open_on_days_off": True})  # a staffed holiday
    clock.at = dt.datetime(2026, 2, 16, 10, 0)
    assert q.issue_ticket(ctx.uow(), service_id=services["A"]).ticket.number == "A001"
    assert calendar.hall_day(ctx.uow()).staffed


def test_the_daily_brief_compares_with_the_make_up_day_and_counts_provisional_deadlines(
        admin_ctx, staff, clock, tmp_path):
    import pandas as pd
    from sqlalchemy import text

    from desktop.reports import data, periods

    with admin_ctx.db.engine.connect() as conn:  # the working day before Tuesday 24 February 2026
        assert data.previous_period(conn, periods.day(D(2026, 2, 24))).start == D(2026, 2, 14)
        assert conn.execute(text("SELECT count(*) FROM calendar_year")).scalar() == 2
    clock.at = at(D(2027, 1, 25))
    register(staff.clerk, staff)
    from desktop.services import reports

    clock.at = at(D(2027, 1, 25), 18)
    result = reports.generate_report(staff.director.uow(read_only=True), kind="daily", day=D(2027, 1, 25),
                                     fmt="xlsx", out=str(tmp_path))
    sheet = pd.read_excel(result.path, sheet_name="临时日历期限提示", header=None)
    cells = [str(v) for v in sheet.to_numpy().ravel() if pd.notna(v)]
    assert "2027年" in cells and "1" in cells


def test_an_older_database_learns_which_years_the_setup_seeded(tmp_path):
    """Migration 0009 on a database seeded before coverage existed: the years whose every official day is
    stored become official from the package; a year with days missing stays provisional."""
    import sqlite3

    from alembic import command

    from desktop import migrations
    from desktop.db import Database

    path = tmp_path / "old.db"
    db = Database(f"sqlite:///{path}")
    with db.engine.begin() as conn:
        command.upgrade(migrations._config(conn), "0008_scale_indexes")
        rows = [r for r in calendar.official_exceptions() if r.day.year in (2025, 2026)
                and r.day != D(2025, 10, 8)]  # one 2025 holiday missing
        conn.exec_driver_sql("INSERT INTO calendar_day (day, is_workday, note) VALUES (?, ?, ?)",
                             [(r.day.isoformat(), r.is_workday, r.note) for r in rows])
    migrations.upgrade(db)
    db.dispose()
    with sqlite3.connect(path) as upgraded:
        assert upgraded.execute("SELECT year, status, source, source_detail FROM calendar_year").fetchall() == [
            (2026, "official", "package", "chinesecalendar 1.11.0")]


def test_a_newer_package_that_knows_next_year_makes_it_official_and_moves_deadlines(
        admin_ctx, staff, clock, monkeypatch):
    from desktop.services.admin.calendar_notice import parse_notice

    clock.at = at(D(2027, 1, 25))
    waiting = register(staff.clerk, staff)  # the acceptance notice is due on Tuesday 9 February
    newer = [calendar.DayRule(r.day, r.is_workday, r.note) for r in parse_notice(NOTICE_2027).exceptions()]
    known = calendar.official_exceptions()
    monkeypatch.setattr(calendar, "official_exceptions", lambda: known + newer)
    monkeypatch.setattr(calendar, "package_years", lambda: frozenset({r.day.year for r in known + newer}))
    warning = calendar.calendar_warning(admin_ctx.uow())
    assert (warning.year, warning.begun, warning.package_knows) == (2027, True, True)
    result = calendar.import_official(admin_ctx.uow(), since_year=2026)
    assert result.years_official == (2027,) and result.days_changed == len(newer)
    assert [(c.case_no, c.rule, c.new_date, c.cause) for c in result.deadline_changes] == [
        (waiting.case_no, "accept_notice", D(2027, 2, 12), "package")]
    assert status(admin_ctx)[2027].source == "package"
    assert calendar.calendar_warning(admin_ctx.uow()) is None
