"""The window matter at the clerk's side (#17): register from the light form (linked to the visit), hand over to
a window, a department or a mediator, acknowledged by the receiver only, late handovers, the warning about the
same person's similar open matters of any kind, and a person's history (一人一档). Both engines."""

from __future__ import annotations

import pytest

from desktop.services import matters, mediation
from desktop.services.errors import Invalid
from tests.integration.test_petition_helpers import make_staff, petitioner, real_ticket, register

NOISE = "村东头工厂夜间噪音扰民，多次反映未解决"


@pytest.fixture
def staff(admin_ctx):
    return make_staff(admin_ctx)


def _window_matter(ctx, summary=NOISE, **more):
    return matters.register_window_matter(ctx.uow(), service=more.pop("service", "法律咨询"), summary=summary,
                                          person=more.pop("person", petitioner()), **more)


def test_register_links_the_visit_and_done_closes_at_once(admin_ctx, staff):
    ticket = real_ticket(admin_ctx)
    matter_id, code = _window_matter(staff.clerk, ticket_id=ticket, outcome="当场解答")
    m = matters.get_matter(staff.clerk.uow(), code=code)
    assert (m.id, m.kind, m.state, m.owner_place, m.outcome) == (matter_id, "window", "open", "2号窗口", "当场解答")
    assert m.ticket_number is not None and m.person_name == "张三"
    _, done = _window_matter(staff.clerk, summary="咨询低保申请材料", done=True)
    assert matters.get_matter(staff.clerk.uow(), code=done).state == "closed"


def test_handover_acknowledged_by_the_receiving_window_only(staff):
    matter_id, code = _window_matter(staff.clerk)
    h = matters.hand_over(staff.clerk.uow(), matter_id=matter_id, to_kind="window", to_ref=1, reason="需社保窗口办理")
    assert (h.to_place, h.from_place, h.late) == ("1号窗口", "2号窗口", False)
    assert [x.code for x in matters.pending_handovers(staff.clerk2.uow(), side="incoming")] == [code]
    assert [x.code for x in matters.pending_handovers(staff.clerk.uow(), side="outgoing")] == [code]
    assert matters.pending_handovers(staff.clerk.uow(), side="incoming") == []
    for other in (staff.clerk, staff.officer, staff.mediator):
        with pytest.raises(Invalid) as refused:
            matters.acknowledge(other.uow(), handover_id=h.id)
        assert refused.value.facts["reason"] == "not_receiver"
    with pytest.raises(Invalid):  # one handover pending at a time
        matters.hand_over(staff.clerk.uow(), matter_id=matter_id, to_kind="window", to_ref=3, reason="再转")
    done = matters.acknowledge(staff.clerk2.uow(), handover_id=h.id)
    assert done.acknowledged_at is not None
    m = matters.get_matter(staff.clerk.uow(), code=code)
    assert m.owner_place == "1号窗口" and m.steps[-1].name == "转交1号窗口" and m.steps[-1].reason == "需社保窗口办理"
    assert matters.pending_handovers(staff.clerk2.uow(), side="incoming") == []


def test_handover_to_a_department_and_to_a_mediator(staff):
    first, _ = _window_matter(staff.clerk)
    second, _ = _window_matter(staff.clerk, summary="邻里宅基地边界纠纷，要求调解")
    to_dept = matters.hand_over(staff.clerk.uow(), matter_id=first, to_kind="department", to_ref=staff.dept,
                                reason="属部门职责")
    with pytest.raises(Invalid):
        matters.acknowledge(staff.officer_b.uow(), handover_id=to_dept.id)  # another department
    matters.acknowledge(staff.officer.uow(), handover_id=to_dept.id)
    roster = mediation.list_mediators(staff.mediator.uow())
    zhang = next(m for m in roster if m.name == "张国华")
    to_med = matters.hand_over(staff.clerk.uow(), matter_id=second, to_kind="mediator", to_ref=zhang.id,
                               reason="转人民调解")
    assert to_med.to_place == "调解员张国华"
    assert [x.id for x in matters.pending_handovers(staff.mediator.uow(), side="incoming")] == [to_med.id]
    with pytest.raises(Invalid):
        matters.acknowledge(staff.clerk2.uow(), handover_id=to_med.id)
    matters.acknowledge(staff.mediator.uow(), handover_id=to_med.id)


def test_late_handover_is_flagged_and_counted(staff, clock):
    matter_id, code = _window_matter(staff.clerk)
    matters.hand_over(staff.clerk.uow(), matter_id=matter_id, to_kind="window", to_ref=1, reason="转社保")
    assert matters.count_late_handovers(staff.director.uow()) == 0
    clock.advance(hours=5)  # the alert time is 4 hours by default
    incoming = matters.pending_handovers(staff.clerk2.uow(), side="incoming")
    assert [(x.code, x.late) for x in incoming] == [(code, True)]
    assert matters.count_late_handovers(staff.director.uow()) == 1
    matters.acknowledge(staff.clerk2.uow(), handover_id=incoming[0].id)
    assert matters.count_late_handovers(staff.director.uow()) == 0


def test_similar_open_matters_across_modules(staff):
    case = register(staff.clerk, staff)  # a petition of 张三: its matter is open
    petition_code = matters.matter_of_case(staff.clerk.uow(), petition_id=case.id).code
    person_id = matters.get_matter(staff.clerk.uow(), code=petition_code).person_id
    found = matters.similar_open_matters(staff.clerk.uow(), person_id=person_id, summary="工厂夜间噪音扰民，要求处理")
    assert [f.code for f in found] == [petition_code]
    assert found[0].reason.startswith(f"同一人有未办结事项 {petition_code}（信访，相似度 ")
    assert found[0].reason.endswith("%）")
    # the typed person (same ID number) is found without a look-up
    typed = matters.similar_open_matters(staff.clerk.uow(), person_id=None, summary=NOISE, person=petitioner())
    assert [f.code for f in typed] == [petition_code] and typed[0].similarity == 100
    # unlike content, another person, a closed matter: nothing
    assert matters.similar_open_matters(staff.clerk.uow(), person_id=person_id, summary="办理新生儿医保参保") == []
    other = petitioner("李四", seq=456, phone="13900001111")
    assert matters.similar_open_matters(staff.clerk.uow(), person_id=None, summary=NOISE, person=other) == []
    _, window_code = _window_matter(staff.clerk, summary="工厂夜间噪音扰民，要求处理", done=True)
    codes = [f.code for f in matters.similar_open_matters(staff.clerk.uow(), person_id=person_id, summary=NOISE)]
    assert window_code not in codes


def test_person_history_lists_every_matter(admin_ctx, staff):
    case = register(staff.clerk, staff)
    ticket = real_ticket(admin_ctx)
    _, window_code = _window_matter(staff.clerk, summary="咨询低保申请材料", done=True, ticket_id=ticket)
    petition = matters.matter_of_case(staff.clerk.uow(), petition_id=case.id)
    rows = matters.person_matters(staff.clerk.uow(), person_id=petition.person_id)
    assert {r.code for r in rows} == {window_code, petition.code}
    assert next(r for r in rows if r.code == petition.code).cases == case.case_no
    m = matters.get_matter(staff.clerk.uow(), code=window_code)  # the visit it came with, as staff know it
    assert next(r for r in rows if r.code == window_code).visit == f"{m.ticket_day:%Y-%m-%d} {m.ticket_number}"
