"""The statutory clock on both databases, with the seeded 2026 calendar (Spring Festival 15–23 February,
make-up working days 14 and 28 February), configurable rules, an editable calendar and extensions."""

import datetime as dt

import pytest

from desktop.services import petitions as pt
from desktop.services.admin import calendar
from desktop.services.admin.settings import update_settings
from desktop.services.errors import Invalid, PermissionDenied
from desktop.services.people import PersonInput
from desktop.services.petitions import DeadlinePassed, ExtensionUsed, TransitionNotAllowed
from tests.integration.test_petition_helpers import make_staff, register

D = dt.date


@pytest.fixture
def staff(admin_ctx, clock):
    clock.at = dt.datetime(2026, 2, 5, 9, 30)  # Thursday before the Spring Festival
    return make_staff(admin_ctx)


def test_deadlines_across_the_spring_festival(staff, clock):
    case = register(staff.clerk, staff)
    assert case.accept_due_on == D(2026, 2, 24)  # 15 days = Fri 20 Feb, a holiday -> Tue 24 Feb
    clock.at = dt.datetime(2026, 2, 11, 9, 0)
    pt.assign_petition(staff.clerk.uow(), case_id=case.id, version=None, department_id=staff.dept)
    view = pt.get_case(staff.clerk.uow(), case_id=case.id)
    assert view.objection_due_on == D(2026, 2, 25)  # Thu 12, Fri 13, Sat 14 (make-up), Tue 24, Wed 25
    assert view.conclude_due_on == D(2026, 4, 13)  # 60 days = Sun 12 Apr -> Mon 13 Apr
    other = register(staff.clerk, staff, people=[PersonInput(name="李四")])
    pt.assign_petition(staff.clerk.uow(), case_id=other.id, version=None, department_id=staff.dept)
    clock.at = dt.datetime(2026, 2, 25, 16, 0)  # the last day of the objection period
    pt.object_to_assignment(staff.officer.uow(), case_id=case.id, version=None, reason="属派出所职责")
    clock.at = dt.datetime(2026, 2, 26, 9, 0)
    with pytest.raises(DeadlinePassed):
        pt.object_to_assignment(staff.officer.uow(), case_id=other.id, version=None, reason="属派出所职责")


def test_rules_are_settings_and_the_calendar_is_editable(staff, admin_ctx):
    update_settings(admin_ctx.uow(), values={"petition_accept_notice_working_days": True})
    assert register(staff.clerk, staff).accept_due_on == D(2026, 3, 4)  # 15 working days incl. both Saturdays
    update_settings(admin_ctx.uow(), values={"petition_accept_notice_working_days": False,
                                      "petition_accept_notice_days": 10})
    assert register(staff.clerk, staff, people=[PersonInput(name="李四")]).accept_due_on == D(2026, 2, 24)
    update_settings(admin_ctx.uow(), values={"petition_accept_notice_days": 15})
    calendar.set_day(admin_ctx.uow(), day=D(2026, 2, 24), is_workday=False, note="地方调整")
    assert register(staff.clerk, staff, people=[PersonInput(name="王五")]).accept_due_on == D(2026, 2, 25)
    with pytest.raises(Invalid) as err:
        update_settings(admin_ctx.uow(), values={"petition_extension_max_days": 31})
    assert err.value.maximum == 30


def test_extension_needs_a_reason_the_directors_approval_and_at_most_thirty_days(staff, clock):
    case = register(staff.clerk, staff)
    pt.assign_petition(staff.clerk.uow(), case_id=case.id, version=None, department_id=staff.dept)
    due = pt.get_case(staff.clerk.uow(), case_id=case.id).conclude_due_on
    assert due == D(2026, 4, 7)  # 60 days = Mon 6 Apr, a 清明 holiday -> Tue 7 Apr
    with pytest.raises(Invalid) as err:
        pt.request_extension(staff.officer.uow(), case_id=case.id, days=31, reason="案情复杂")
    assert (err.value.field, err.value.reason, err.value.maximum) == ("days", "range", 30)
    with pytest.raises(Invalid) as err:
        pt.request_extension(staff.officer.uow(), case_id=case.id, days=10, reason=" ")
    assert err.value.field == "reason"
    ext = pt.request_extension(staff.officer.uow(), case_id=case.id, days=30, reason="需委托鉴定")
    assert pt.get_case(staff.clerk.uow(), case_id=case.id).conclude_due_on == due  # not without approval
    with pytest.raises(ExtensionUsed):
        pt.request_extension(staff.officer.uow(), case_id=case.id, days=5, reason="再延")
    with pytest.raises(PermissionDenied):
        pt.decide_extension(staff.clerk.uow(), extension_id=ext.id, approve=True)
    assert [e.id for e in pt.pending_extensions(staff.director.uow())] == [ext.id]
    decided = pt.decide_extension(staff.director.uow(), extension_id=ext.id, approve=True, note="同意")
    assert (decided.status, decided.decided_by_name) == ("approved", "陈立新")
    view = pt.get_case(staff.clerk.uow(), case_id=case.id)
    assert (view.conclude_due_on, view.due_on, view.extended_days) == (D(2026, 5, 7), D(2026, 5, 7), 30)
    assert view.steps[-1].detail == {"days": 30, "approved": True, "conclude_due_on": "2026-05-07"}
    with pytest.raises(TransitionNotAllowed):
        pt.decide_extension(staff.director.uow(), extension_id=ext.id, approve=False, note="撤销")
    with pytest.raises(ExtensionUsed):
        pt.request_extension(staff.officer.uow(), case_id=case.id, days=5, reason="再延")
    assert pt.pending_extensions(staff.director.uow()) == []


def test_a_refused_extension_needs_a_reason_and_leaves_the_deadline(staff):
    case = register(staff.clerk, staff)
    pt.assign_petition(staff.clerk.uow(), case_id=case.id, version=None, department_id=staff.dept)
    due = pt.get_case(staff.clerk.uow(), case_id=case.id).conclude_due_on
    ext = pt.request_extension(staff.officer.uow(), case_id=case.id, days=15, reason="当事人外出")
    with pytest.raises(Invalid):
        pt.decide_extension(staff.director.uow(), extension_id=ext.id, approve=False)
    pt.decide_extension(staff.director.uow(), extension_id=ext.id, approve=False, note="理由不充分")
    assert pt.get_case(staff.clerk.uow(), case_id=case.id).conclude_due_on == due
    again = pt.request_extension(staff.officer.uow(), case_id=case.id, days=15, reason="需委托鉴定")
    assert again.status == "pending"  # a refused request does not use up the one extension
