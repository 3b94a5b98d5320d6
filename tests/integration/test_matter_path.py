"""一案一码 along a visitor's whole path, on both databases: the ticket, the first window, the handover to
window 3 and its acknowledgement, the dispute registered from the same ticket, the session, the signed
agreement and its 司法确认 window, and the case file: one code throughout, and the route map in order."""

from __future__ import annotations

import datetime as dt

from desktop.db import Actor
from desktop.services import case_files as cf
from desktop.services import matters, mediation, queue
from desktop.services.admin import center
from desktop.services.mediation import TermInput
from desktop.services.people import PersonInput
from tests.integration.test_petition_helpers import make_staff
from tests.mediation_support import applicant, respondent

MONDAY = dt.date(2026, 11, 23)


def _window3_clerk(admin_ctx, staff):
    """A clerk signed in at window 3 (诉调对接 / 人民调解 desk in this test)."""
    me = staff.clerk.actor
    return admin_ctx.as_user(Actor(user_id=me.user_id, username=me.username, role=me.role, window_no=3,
                                   department_id=None, full_name=me.full_name))


def _agreement(staff, dispute_id: int):
    draft = mediation.draft_agreement(staff.mediator.uow(), dispute_id=dispute_id)
    draft = mediation.save_agreement(
        staff.mediator.uow(), agreement_id=draft.id, version=draft.version, form="written",
        facts="双方因院墙位置发生争执。", matters="院墙是否越界。", responsibilities="被申请人砌墙越界，负主要责任。",
        terms=[TermInput("赵强拆除越界部分院墙", "赵强", "自行拆除", MONDAY + dt.timedelta(days=10))])
    return mediation.finalise_agreement(staff.mediator.uow(), agreement_id=draft.id, version=draft.version,
                                        signed_on=MONDAY)


def test_one_code_from_the_ticket_to_the_case_file(admin_ctx, clock):
    staff = make_staff(admin_ctx)
    window1 = next(w for w in center.list_windows(admin_ctx.uow()) if w.number == 1)
    service = next(s for s in center.list_services(admin_ctx.uow()) if s.id in window1.service_ids)
    issued = queue.issue_ticket(admin_ctx.uow(), service_id=service.id)
    clock.advance(minutes=5)
    queue.sign_in_window(staff.clerk2.uow(), window_no=1)
    called = queue.call_next(staff.clerk2.uow(), window_no=1)
    assert called.ticket.id == issued.ticket.id
    ticket_id = called.ticket.id

    matter_id, code = matters.register_window_matter(
        staff.clerk2.uow(), service="法律咨询", summary="与邻居因院墙位置发生争执，咨询如何解决",
        person=PersonInput(name="李明", id_number=None, phone="13812340001", village="虎丘村", address="虎丘村1组"),
        ticket_id=ticket_id)
    clock.advance(minutes=10)
    sent = matters.hand_over(staff.clerk2.uow(), matter_id=matter_id, to_kind="window", to_ref=3,
                             reason="属邻里纠纷，转人民调解窗口")
    assert sent.code == code and sent.acknowledged_at is None
    clock.advance(minutes=7)
    window3 = _window3_clerk(admin_ctx, staff)
    assert [h.id for h in matters.pending_handovers(window3.uow(), side="incoming")] == [sent.id]
    taken = matters.acknowledge(window3.uow(), handover_id=sent.id)
    assert taken.acknowledged_at is not None and taken.code == code

    clock.advance(minutes=15)
    types = {t.name: t.id for t in center.list_dispute_types(admin_ctx.uow())}
    mediator_id = next(m.id for m in mediation.list_mediators(admin_ctx.uow()) if m.name == "张国华")
    d = mediation.register_dispute(
        window3.uow(), type_id=types["邻里"], source="application", title="邻里院墙纠纷",
        facts="双方因院墙位置发生争执。", matters="院墙是否越界。", mediator_ids=[mediator_id], ticket_id=ticket_id,
        parties=[applicant("李明", n=1), respondent("赵强", n=3)])
    assert matters.matter_of_case(window3.uow(), dispute_id=d.id).code == code

    rooms = {r.name: r.id for r in center.list_rooms(admin_ctx.uow())}
    start = dt.datetime.combine(MONDAY, dt.time(9, 0))
    mediation.book_room(window3.uow(), dispute_id=d.id, room_id=rooms["人民调解室一"], start=start,
                        end=start + dt.timedelta(hours=1))
    clock.advance(days=3, hours=1)  # Monday 11:30, after the session
    _agreement(staff, d.id)
    reminder = next(r for r in mediation.judicial_reminders(staff.mediator.uow()) if r.dispute_id == d.id)
    assert reminder.last_day == MONDAY + dt.timedelta(days=30)
    clock.advance(days=1)
    mediation.record_judicial(staff.mediator.uow(), dispute_id=d.id, status="reminded", on_date=MONDAY)
    version = cf.finalise_case_file(staff.supervisor.uow(), case_kind="dispute", case_id=d.id)
    assert version.case_no == d.case_no

    m = matters.get_matter(staff.director.uow(), code=code)
    assert m.id == matter_id and m.code == code and m.kind == "dispute"
    assert [c.case_no for c in m.cases] == [d.case_no]
    assert [(s.route, s.name) for s in m.steps] == [
        ("window", "窗口受理（法律咨询）"), ("window", "转交3号窗口"), ("mediation", "人民调解"),
        ("judicial", "司法确认")]
    entered = [s.entered_at for s in m.steps]
    assert entered == sorted(entered) and len(set(entered)) == len(entered)
    assert all(s.left_at == nxt.entered_at for s, nxt in zip(m.steps, m.steps[1:], strict=False))
    assert m.steps[-1].left_at is None and m.steps[-1].due_on == reminder.last_day
    assert m.steps[1].reason == "属邻里纠纷，转人民调解窗口" and m.steps[1].handler == "3号窗口"
    assert m.owner_place == "3号窗口" and m.handovers[0].acknowledged_at is not None
    assert m.ticket_number == issued.ticket.number
    assert matters.matter_of_case(window3.uow(), dispute_id=d.id).steps == m.steps
