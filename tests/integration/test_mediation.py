"""Disputes on both databases: registration (case numbers, deadline, parties and mediators, from a queue
ticket), bad input that stores nothing, the state flow, session records, lists and search, the today view."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from desktop.models import Dispute, Person
from desktop.services import audit, case_numbers, mediation, queue
from desktop.services import mediation as scheduling
from desktop.services.admin import center
from desktop.services.errors import Invalid, NotFound, PermissionDenied
from desktop.services.mediation import DisputeFilter, PartyInput, WrongState
from desktop.services.people import PersonInput
from tests.conftest import sign_in
from tests.mediation_support import (
    MONDAY,
    PASSWORD,
    applicant,
    at,
    organisation,
    register,
    respondent,
    setup_mediation,
)


@pytest.fixture
def s(ctx):
    return setup_mediation(ctx)


def _count(ctx, model=Dispute) -> int:
    with ctx.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model))


def test_registration_gives_a_case_number_a_deadline_and_stores_parties_and_mediators(ctx, s):
    d = register(ctx, s, [applicant("李明", n=1, phone="13812345678", village="虎丘村"),
                          organisation("虎丘建筑工程有限公司", org_legal_rep="吴总", rep_name="周律师",
                                       rep_kind="agent", rep_phone="13700001234")],
                 mediators=("mediator01", "王德顺"), type_name="合同")
    assert d.case_no == "（2026）虎调字第001号"
    assert (d.state, d.type_name, d.source, d.village) == ("registered", "合同", "application", "虎丘村")
    # one month from Friday 2026-11-20 is Sunday 2026-12-20: the period ends on the next working day
    assert d.due_on == dt.date(2026, 12, 21) and d.clock == "ok" and d.days_left == 31
    li, org = d.parties
    assert (li.side, li.kind, li.name, li.gender, li.id_number_masked, li.phone_masked) == (
        "applicant", "person", "李明", "M", "3205**********0017", "138****5678")
    assert (org.side, org.kind, org.name, org.org_legal_rep, org.rep_name, org.rep_kind, org.rep_phone_masked) == (
        "respondent", "organisation", "虎丘建筑工程有限公司", "吴总", "周律师", "agent", "137****1234")
    assert [m.name for m in d.mediators] == ["张国华", "王德顺"]
    second = register(ctx, s)
    assert second.case_no == "（2026）虎调字第002号"
    rows = audit.list_audit(sign_in(ctx, "admin", "Hall2026pw").uow(), where=audit.AuditFilter(entity="dispute"))
    assert [(r.action, r.operation) for r in rows] == [("dispute.register", "insert")] * 2


def test_fewer_than_two_parties_or_one_side_missing_is_refused_and_stores_nothing(ctx, s):
    with pytest.raises(Invalid) as err:
        register(ctx, s, [applicant("李明")])
    assert (err.value.field, err.value.reason, err.value.minimum) == ("parties", "too_few", 2)
    with pytest.raises(Invalid) as err:
        register(ctx, s, [applicant("李明"), applicant("赵强")])
    assert (err.value.reason, err.value.side) == ("side_missing", "respondent")
    with pytest.raises(Invalid) as err:  # the same person twice
        register(ctx, s, [applicant("李明", n=1), respondent("李明", n=1)])
    assert err.value.reason == "duplicate_party"
    with pytest.raises(Invalid) as err:  # a bad ID number points at its row
        register(ctx, s, [applicant("李明"), PartyInput(side="respondent", person=PersonInput(
            name="赵强", id_number="320505198001010010"))])
    assert err.value.field == "parties[1].id_number"
    assert _count(ctx) == 0 and _count(ctx, Person) == 0
    # no case number was used up by the refusals
    assert case_numbers.last_case_number(ctx.uow(), kind="调", year=2026) == 0
    assert register(ctx, s).case_no == "（2026）虎调字第001号"


def test_required_texts_type_and_referral_source(ctx, s):
    for kw, field in [({"title": " "}, "title"), ({"facts": ""}, "facts"), ({"matters": "\n"}, "matters")]:
        with pytest.raises(Invalid) as err:
            register(ctx, s, **kw)
        assert (err.value.field, err.value.reason) == (field, "empty")
    with pytest.raises(Invalid) as err:
        register(ctx, s, source="referral")
    assert err.value.field == "referred_by"
    d = register(ctx, s, source="referral", referred_by="虎丘派出所")
    assert (d.source, d.referred_by) == ("referral", "虎丘派出所")
    with pytest.raises(NotFound):
        mediation.register_dispute(ctx.uow(), type_id=999, source="proactive", title="x", facts="x", matters="x",
                                   parties=[applicant("李明"), respondent("赵强")])


def test_registration_from_a_queue_ticket_links_the_ticket(ctx, s):
    services = {sv.letter: sv.id for sv in center.list_services(ctx.uow())}
    ticket = queue.issue_ticket(ctx.uow(), service_id=services["C"]).ticket
    d = register(ctx, s, ticket_id=ticket.id)
    assert d.ticket_id == ticket.id
    from desktop.models import Ticket

    with ctx.uow() as uow:
        t = uow.session.get(Ticket, ticket.id)
        assert (t.case_kind, t.case_id) == ("mediation", d.id)


def test_update_keeps_parties_by_id_and_refuses_a_stale_form(ctx, s):
    from desktop.services.errors import Conflict

    d = register(ctx, s, [applicant("李明", n=1), respondent("赵强", n=2)])
    li, zhao = d.parties
    updated = mediation.update_dispute(
        ctx.uow(), dispute_id=d.id, version=d.version, type_id=d.type_id, source="proactive", title="院墙边界纠纷",
        facts=d.facts, matters=d.matters, mediator_ids=[s.mediators["mediator02"]],
        parties=[PartyInput(side="applicant", person=applicant("李明").person, party_id=li.id, rep_name="李小明",
                            rep_kind="agent"),
                 PartyInput(side="respondent", person=respondent("赵强").person, party_id=zhao.id),
                 respondent("赵刚", n=3)])
    assert [p.id for p in updated.parties[:2]] == [li.id, zhao.id]
    assert [p.name for p in updated.parties] == ["李明", "赵强", "赵刚"]
    assert (updated.parties[0].rep_name, updated.title, updated.source) == ("李小明", "院墙边界纠纷", "proactive")
    assert [m.name for m in updated.mediators] == ["郭秀英"]
    with pytest.raises(Conflict):
        mediation.update_dispute(ctx.uow(), dispute_id=d.id, version=d.version, type_id=d.type_id,
                                 source="proactive", title="x", facts="x", matters="x", mediator_ids=[],
                                 parties=[applicant("李明", n=1), respondent("赵强", n=2)])


def test_state_flow_booking_session_and_closing(ctx, s, clock):
    d = register(ctx, s)
    b = scheduling.book_room(ctx.uow(), dispute_id=d.id, room_id=s.rooms["人民调解室一"], start=at(MONDAY, "09:00"),
                             end=at(MONDAY, "10:00"))
    assert mediation.get_dispute(ctx.uow(), dispute_id=d.id).state == "scheduled"
    with pytest.raises(Invalid) as err:  # a session that has not happened yet cannot be recorded
        mediation.record_session(ctx.uow(), dispute_id=d.id, booking_id=b.id, started_at=at(MONDAY, "09:00"),
                                 ended_at=at(MONDAY, "10:00"), attendees="李明、赵强", recorder="张国华",
                                 content="双方陈述。")
    assert err.value.reason == "in_future"
    clock.at = at(MONDAY, "10:05")
    session = mediation.record_session(ctx.uow(), dispute_id=d.id, booking_id=b.id, started_at=at(MONDAY, "09:05"),
                                       ended_at=at(MONDAY, "10:00"), attendees="李明、赵强", recorder="张国华",
                                       content="申请人陈述：……\n被申请人陈述：……")
    assert (session.place, session.mediator_names) == ("人民调解室一", "张国华")
    detail = mediation.get_dispute(ctx.uow(), dispute_id=d.id)
    assert detail.state == "in_mediation" and detail.bookings[0].state == "held" and detail.bookings[0].has_record
    with pytest.raises(WrongState):  # one record per booking
        mediation.record_session(ctx.uow(), dispute_id=d.id, booking_id=b.id, started_at=at(MONDAY, "09:05"),
                                 ended_at=at(MONDAY, "10:00"), attendees="x", recorder="x", content="x")
    # closing is refused while a session is still booked
    nxt = scheduling.book_room(ctx.uow(), dispute_id=d.id, room_id=s.rooms["人民调解室一"], start=at(MONDAY, "14:00"),
                               end=at(MONDAY, "15:00"))
    with pytest.raises(WrongState) as err:
        mediation.close_dispute(ctx.uow(), dispute_id=d.id, outcome="failed", note="双方分歧大")
    assert (err.value.state, err.value.count) == ("has_bookings", 1)
    assert [b.id for b in mediation.remaining_sessions(ctx.uow(), dispute_id=d.id)] == [nxt.id]
    with pytest.raises(Invalid) as err:
        mediation.close_dispute(ctx.uow(), dispute_id=d.id, outcome="referred", note="引导诉讼", referred_to="court")
    assert err.value.field == "referred_body"
    # the remaining session is cancelled with the closing, in one step
    closed = mediation.close_dispute(ctx.uow(), dispute_id=d.id, outcome="referred", note="引导当事人诉讼",
                                     referred_to="court", referred_body="虎丘人民法庭", cancel_booking_ids=[nxt.id],
                                     cancel_reason="调解不成，不再安排")
    assert [(b.state, b.cancel_reason) for b in closed.bookings if b.id == nxt.id] == [
        ("cancelled", "调解不成，不再安排")]
    assert (closed.state, closed.referred_to, closed.referred_body, closed.closed_on, closed.clock) == (
        "referred", "court", "虎丘人民法庭", MONDAY, "none")
    with pytest.raises(WrongState):
        scheduling.book_room(ctx.uow(), dispute_id=d.id, room_id=s.rooms["人民调解室一"], start=at(MONDAY, "15:00"),
                             end=at(MONDAY, "16:00"))


def test_on_site_session_without_booking_needs_a_place(ctx, s, clock):
    d = register(ctx, s)
    with pytest.raises(Invalid) as err:
        mediation.record_session(ctx.uow(), dispute_id=d.id, started_at=at(dt.date(2026, 11, 20), "08:40"),
                                 ended_at=at(dt.date(2026, 11, 20), "09:30"), attendees="李明、赵强",
                                 recorder="张国华", content="现场查看边界。")
    assert err.value.field == "place"
    rec = mediation.record_session(ctx.uow(), dispute_id=d.id, started_at=at(dt.date(2026, 11, 20), "08:40"),
                                   ended_at=at(dt.date(2026, 11, 20), "09:30"), attendees="李明、赵强",
                                   recorder="张国华", content="现场查看边界。", place="虎丘村三组现场")
    assert rec.booking_id is None and mediation.get_dispute(ctx.uow(), dispute_id=d.id).state == "in_mediation"
    fixed = mediation.update_session(ctx.uow(), session_id=rec.id, started_at=rec.started_at, ended_at=rec.ended_at,
                                     place=rec.place, mediator_names="张国华、王德顺", attendees=rec.attendees,
                                     recorder=rec.recorder, content="现场查看边界，测量院墙。")
    assert fixed.content == "现场查看边界，测量院墙。" and fixed.mediator_names == "张国华、王德顺"


def test_list_search_paging_and_clock(ctx, s, clock):
    register(ctx, s, [applicant("欧阳娜娜"), respondent("赵强")], title="噪音扰民纠纷")
    for i in range(5):
        register(ctx, s, [applicant(f"钱{i}"), respondent(f"孙{i}")], title=f"借款纠纷{i}", type_name="合同")
    assert mediation.count_disputes(ctx.uow()) == 6
    assert [r.title for r in mediation.list_disputes(ctx.uow(), where=DisputeFilter(text="阳娜"))] == ["噪音扰民纠纷"]
    assert mediation.count_disputes(ctx.uow(), where=DisputeFilter(text="借款")) == 5
    assert mediation.count_disputes(ctx.uow(), where=DisputeFilter(text="虎调字第003")) == 1
    assert mediation.count_disputes(ctx.uow(), where=DisputeFilter(text="100%")) == 0
    page1 = mediation.list_disputes(ctx.uow(), offset=0, limit=4)
    page2 = mediation.list_disputes(ctx.uow(), offset=4, limit=4)
    assert [r.case_no[-4:] for r in page1 + page2] == [f"{n:03d}号" for n in range(6, 0, -1)]
    asc = mediation.list_disputes(ctx.uow(), sort_key="registered_at", descending=False, limit=1)
    assert asc[0].title == "噪音扰民纠纷"
    types = {r.type_name for r in mediation.list_disputes(ctx.uow(), where=DisputeFilter(type_id=s.types["合同"]))}
    assert types == {"合同"}
    clock.at = dt.datetime(2026, 12, 17, 9, 0)  # four days before the deadline
    rows = mediation.list_disputes(ctx.uow())
    assert {(r.clock, r.days_left) for r in rows} == {("soon", 4)}
    assert mediation.count_disputes(ctx.uow(), where=DisputeFilter(clock="soon")) == 6
    clock.at = dt.datetime(2026, 12, 22, 9, 0)
    assert {r.clock for r in mediation.list_disputes(ctx.uow())} == {"overdue"}
    assert mediation.count_disputes(ctx.uow(), where=DisputeFilter(clock="late")) == 6
    assert mediation.count_disputes(ctx.uow(), where=DisputeFilter(mediator_id=s.mediators["mediator02"])) == 0


def test_rename_of_a_person_reaches_the_dispute(ctx, s):
    d = register(ctx, s, [applicant("李明", n=1), respondent("赵强", n=2)])
    with ctx.uow() as uow:
        person = uow.session.get(Person, d.parties[0].person_id)
        person.name = "李明明"
        uow.session.flush()
        mediation.refresh_party_names(uow, person.id)
        uow.commit()
    assert mediation.get_dispute(ctx.uow(), dispute_id=d.id).parties[0].name == "李明明"
    assert mediation.count_disputes(ctx.uow(), where=DisputeFilter(text="李明明")) == 1


def test_staff_mediators_are_enrolled_and_volunteers_need_a_name(ctx, s):
    roster = mediation.list_mediators(ctx.uow())
    assert {(m.name, m.kind) for m in roster} == {("张国华", "staff"), ("郭秀英", "staff"), ("王德顺", "volunteer")}
    with pytest.raises(Invalid):
        mediation.save_mediator(ctx.uow(), kind="volunteer", name=" ")
    clerk = sign_in(ctx, "clerk01", PASSWORD)
    assert mediation.save_mediator(clerk.uow(), kind="volunteer", name="钟老师", organisation="虎丘社区").organisation \
        == "虎丘社区"
    admin = sign_in(ctx, "admin", "Hall2026pw")
    with pytest.raises(PermissionDenied):
        mediation.save_mediator(admin.uow(), kind="volunteer", name="某某")


def test_mediator_today_shows_sessions_and_reminders(ctx, s, clock):
    from desktop.services import mediation as agreements

    mine = register(ctx, s, title="宅基地纠纷")
    soon = register(ctx, s, [applicant("钱进", n=5), respondent("孙立", n=7)], title="借款纠纷")
    register(ctx, s, [applicant("冯一"), respondent("陈二")], mediators=("mediator02",), title="别人的纠纷")
    scheduling.book_room(ctx.uow(), dispute_id=mine.id, room_id=s.rooms["人民调解室一"], start=at(MONDAY, "09:00"),
                         end=at(MONDAY, "10:00"))
    scheduling.book_room(ctx.uow(), dispute_id=soon.id, room_id=s.rooms["人民调解室二"], start=at(MONDAY, "14:00"),
                         end=at(MONDAY, "15:00"))
    # an agreement whose term is due on Wednesday
    draft = agreements.draft_agreement(ctx.uow(), dispute_id=soon.id)
    draft = agreements.save_agreement(ctx.uow(), agreement_id=draft.id, version=draft.version, form="written",
                                      facts="借款五千元未还。", matters="还款。", responsibilities="孙立应还款。",
                                      terms=[agreements.TermInput("孙立归还借款五千元", "孙立", "现金",
                                                                  MONDAY + dt.timedelta(days=2))])
    agreements.finalise_agreement(ctx.uow(), agreement_id=draft.id, version=draft.version, signed_on=MONDAY - dt.timedelta(days=3))
    clock.at = at(MONDAY, "08:00")
    me = sign_in(ctx, "mediator01", PASSWORD)
    today = mediation.mediator_today(me.uow())
    assert today.mediator.name == "张国华" and today.day == MONDAY
    assert [(b.case_no, b.start.time()) for b in today.sessions] == [(mine.case_no, dt.time(9, 0)),
                                                                     (soon.case_no, dt.time(14, 0))]
    kinds = {(r.kind, r.case_no) for r in today.reminders}
    assert ("term_due", soon.case_no) in kinds
    assert ("judicial", soon.case_no) not in kinds  # 27 days left: not yet in the 10-day reminder
    assert today.open_disputes == 1
    other = mediation.mediator_today(me.uow(), mediator_id=s.mediators["mediator02"])
    assert [b.case_no for b in other.sessions] == [] and other.mediator.name == "郭秀英"
    clock.at = dt.datetime(2026, 12, 17, 8, 0)
    today = mediation.mediator_today(me.uow())
    assert ("deadline", mine.case_no) in {(r.kind, r.case_no) for r in today.reminders}
    assert ("judicial", soon.case_no) in {(r.kind, r.case_no) for r in today.reminders}


def test_registration_form_data(ctx, s):
    d = register(ctx, s, [applicant("李明", n=1), respondent("赵强", n=2)], mediators=("mediator01", "王德顺"))
    form = mediation.registration_form(ctx.uow(), dispute_id=d.id)
    assert (form.case_no, form.center_name, form.type_name, form.mediator_names) == (
        d.case_no, "虎丘镇一站式综合服务中心", "邻里", ("张国华", "王德顺"))
    assert [p.name for p in form.parties] == ["李明", "赵强"]


FEMALE_GIVEN = {"秀英", "桂兰", "海燕", "丽娟", "春梅", "玉珍", "红霞", "淑芬", "雪梅", "凤英", "美玲", "翠花", "婷婷",
                "慧敏", "晓燕", "桂芳"}


def test_demo_parties_have_names_that_suit_the_sex_of_their_id_numbers():
    """The floor: demo parties such as 王秀英 carried a man's ID number (GB 11643: an odd 17th digit is a man)."""
    import random

    from desktop.demo.mediation import _Demo
    from desktop.services.people import validate_id_number

    demo = _Demo(None, random.Random(7))
    for _ in range(300):
        p = demo.person("applicant").person
        info = validate_id_number(p.id_number, today=dt.date(2026, 11, 20))
        assert info.gender == ("M" if int(p.id_number[16]) % 2 else "F")
        assert (p.name[1:] in FEMALE_GIVEN) == (info.gender == "F"), (p.name, p.id_number)
