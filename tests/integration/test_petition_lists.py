"""Lists, filters, clock colours and Chinese substring search on both databases."""

import datetime as dt

import pytest

from desktop.services import petitions as pt
from desktop.services.admin import center
from desktop.services.people import PersonInput
from desktop.services.petitions import lists as pl
from tests.integration.test_petition_helpers import advance, make_staff, register

F = pl.PetitionFilter


@pytest.fixture
def staff(admin_ctx):
    return make_staff(admin_ctx)


def _ids(rows):
    return [r.id for r in rows]


def test_the_lists_and_their_clock(staff, clock):
    a = register(staff.clerk, staff, people=[PersonInput(name="甲", village="虎丘村")], content="道路破损无人修")
    clock.advance(days=1)
    b = register(staff.clerk2, staff, people=[PersonInput(name="乙", village="新庄村")], content="低保申请未批",
                 source="letter")
    c = register(staff.clerk, staff, people=[PersonInput(name="丙", village="虎丘村")], content="工地噪声扰民",
                 source="hotline")
    advance(staff, b.id, "met")  # officer becomes handler of b
    pt.assign_petition(staff.clerk.uow(), case_id=c.id, version=None, department_id=staff.dept_b)
    assert _ids(pl.list_petitions(staff.clerk.uow(), view="all")) == [c.id, b.id, a.id]
    assert _ids(pl.list_petitions(staff.clerk.uow(), view="mine")) == [a.id]
    assert _ids(pl.list_petitions(staff.officer.uow(), view="mine")) == [b.id]
    assert _ids(pl.list_petitions(staff.officer.uow(), view="department")) == [b.id]
    assert _ids(pl.list_petitions(staff.officer_b.uow(), view="department")) == [c.id]
    assert pl.list_petitions(staff.director.uow(), view="department") == []  # no department

    # a: accept notice due 7 Dec; b, c: conclusion due 20 Jan 2027
    clock.at = dt.datetime(2026, 12, 3, 9, 0)
    soon = pl.list_petitions(staff.director.uow(), view="due_soon")
    assert [(r.id, r.clock, r.days_left) for r in soon] == [(a.id, "soon", 4)]
    clock.at = dt.datetime(2026, 12, 7, 9, 0)
    assert [(r.id, r.clock) for r in pl.list_petitions(staff.director.uow(), view="due_soon")] == [(a.id, "today")]
    clock.at = dt.datetime(2026, 12, 8, 9, 0)
    overdue = pl.list_petitions(staff.director.uow(), view="overdue")
    assert [(r.id, r.clock, r.days_left, r.due_kind) for r in overdue] == [(a.id, "overdue", -1, "accept")]
    assert pl.count_petitions(staff.director.uow(), view="overdue") == 1
    load = pl.department_load(staff.director.uow())
    assert [(d.department, d.overdue, d.oldest_due_on) for d in load] == [("", 1, dt.date(2026, 12, 7))]
    row = next(r for r in pl.list_petitions(staff.director.uow()) if r.id == b.id)
    assert (row.clock, row.department, row.handler, row.status) == ("ok", center.list_departments(
        staff.director.uow())[0].name, "赵强", "met")


def test_filters(staff, clock):
    leaves = [c for c in center.list_categories(staff.clerk.uow()) if c.parent_id is not None]
    first, other_domain = leaves[0], next(c for c in leaves if c.parent_id != leaves[0].parent_id)
    a = register(staff.clerk, staff, people=[PersonInput(name="甲", village="虎丘村")], category=first.id)
    clock.advance(days=2)
    b = register(staff.clerk, staff, people=[PersonInput(name="乙", village="新庄村")], category=other_domain.id,
                 source="online")
    pt.assign_petition(staff.clerk.uow(), case_id=b.id, version=None, department_id=staff.dept_b)

    def ids(**kw):
        return _ids(pl.list_petitions(staff.clerk.uow(), filters=F(**kw)))

    assert ids(status="registered") == [a.id]
    assert ids(status="assigned") == [b.id]
    assert ids(category_id=first.id) == [a.id]
    assert ids(category_id=first.parent_id) == [a.id]  # a domain includes its categories
    assert ids(source="online") == [b.id]
    assert ids(department_id=staff.dept_b) == [b.id]
    assert ids(unassigned=True) == [a.id]
    assert ids(village="新庄村") == [b.id]
    assert ids(received_from=dt.date(2026, 11, 21)) == [b.id]
    assert ids(received_to=dt.date(2026, 11, 20)) == [a.id]
    assert ids(received_from=dt.date(2026, 11, 20), received_to=dt.date(2026, 11, 22)) == [b.id, a.id]
    assert ids(status="assigned", village="虎丘村") == []


def test_search_finds_chinese_substrings_of_number_names_and_content(staff):
    a = register(staff.clerk, staff, people=[PersonInput(name="欧阳娜娜", village="虎丘村")],
                 content="反映虎丘路菜市场占道经营，影响通行")
    b = register(staff.clerk, staff, people=[PersonInput(name="王芳", village="新庄村"),
                                             PersonInput(name="王芳芳", village="新庄村")],
                 content="小区电梯长期故障无人维修", requests="要求物业限期修复")
    c = register(staff.clerk, staff, people=[PersonInput(name="李王芳", village="新庄村")],
                 content="拖欠工资三个月，要求支付")

    def found(text):
        return _ids(pl.list_petitions(staff.clerk.uow(), filters=F(text=text)))

    assert found("占道经营") == [a.id]
    assert found("菜市场") == [a.id]
    assert found("阳娜娜") == [a.id]                 # inside a name
    assert found("限期修") == [b.id]                 # in the requests
    assert found("虎信字第002") == [b.id]            # in the case number
    assert found("002号") == [b.id]
    assert found("王芳") == [b.id]                   # two characters: names that start with it
    assert found("李王") == [c.id]
    assert found("王芳 电梯") == [b.id]              # a short name and a word
    assert found("电梯 无人维修") == [b.id]
    assert found("电梯 工资") == []
    assert found("不存在的") == []
    assert found("%_%") == []                        # LIKE wildcards are literal
    assert found('"故障') == []
    # the index follows edits
    pt.update_petition(staff.clerk.uow(), case_id=a.id, version=None, source="visit", category_id=staff.category,
                       content="反映路灯不亮", requests="")
    assert found("占道经营") == [] and found("路灯不亮") == [a.id]


def test_pages_do_not_overlap_and_sorting_is_in_sql(staff, clock):
    created = []
    for i in range(7):
        clock.advance(minutes=5)
        created.append(register(staff.clerk, staff, people=[PersonInput(name=f"来访人{i}")]).id)
    pages = [_ids(pl.list_petitions(staff.clerk.uow(), offset=o, limit=3)) for o in (0, 3, 6)]
    assert pages == [created[::-1][0:3], created[::-1][3:6], created[::-1][6:]]
    asc = _ids(pl.list_petitions(staff.clerk.uow(), sort_key="received", limit=3))
    assert asc == created[:3]
    by_due = pl.list_petitions(staff.clerk.uow(), sort_key="due", descending=True, limit=2)
    assert by_due[0].due_on >= by_due[1].due_on
    assert pl.count_petitions(staff.clerk.uow()) == 7


def test_director_lists_dissatisfied_and_supervised_cases_and_query_codes(staff):
    a = register(staff.clerk, staff, people=[PersonInput(name="甲")])
    b = register(staff.clerk, staff, people=[PersonInput(name="乙")])
    advance(staff, a.id, "concluded")
    pt.record_follow_up(staff.clerk.uow(), case_id=a.id, version=None, satisfaction="very_dissatisfied",
                        note="认为处理不公")
    pt.add_supervision(staff.director.uow(), case_id=b.id, note="尽快转办", due_on=dt.date(2026, 11, 23))
    assert [(r.id, r.satisfaction) for r in pl.list_petitions(staff.director.uow(), view="dissatisfied")] == [
        (a.id, "very_dissatisfied")]
    supervised = pl.list_petitions(staff.director.uow(), view="supervised")
    assert [(r.id, r.supervised) for r in supervised] == [(b.id, True)]
    assert pl.find_by_query_code(staff.clerk.uow(), query_code=b.query_code.lower()).id == b.id
    assert pl.find_by_query_code(staff.clerk.uow(), query_code="NOPE2345") is None
