"""Petition casework on both databases: the six steps as a state machine with roles and deadlines, the side
paths (不予受理, objection, withdrawal, 复查/复核), repeat detection, attachments and optimistic locking."""

import datetime as dt

import pytest

from desktop.services import audit
from desktop.services import petitions as pt
from desktop.services.admin import center
from desktop.services.admin.settings import update_settings
from desktop.services.errors import Conflict, Duplicate, Invalid, PermissionDenied
from desktop.services.people import InvalidIdNumber, InvalidPhone, PersonInput
from desktop.services.petitions import (
    DeadlinePassed,
    FinalDecision,
    NotResponsible,
    PossibleRepeat,
    TransitionNotAllowed,
)
from tests.integration.test_petition_helpers import advance, make_staff, petitioner, real_ticket, register


@pytest.fixture
def staff(admin_ctx):
    return make_staff(admin_ctx)


def test_six_steps_record_who_when_what_and_set_each_deadline(staff, clock):
    ticket_id = real_ticket(staff.clerk)
    case = register(staff.clerk, staff, ticket_id=ticket_id)
    assert case.case_no == "（2026）虎信字第001号"
    assert case.status == "registered"
    assert case.accept_due_on == dt.date(2026, 12, 7)  # 20 Nov + 15 days = Sat 5 Dec -> Mon 7 Dec
    view = pt.get_case(staff.clerk.uow(), case_id=case.id)
    assert view.ticket_id == ticket_id and view.handler == "王芳" and view.due_kind == "accept"
    assert set(view.actions) >= {"assign", "refuse", "withdraw"} and "conclude" not in view.actions

    clock.advance(days=3)  # Monday 23 Nov
    pt.assign_petition(staff.clerk.uow(), case_id=case.id, version=view.version, department_id=staff.dept)
    view = pt.get_case(staff.officer.uow(), case_id=case.id)
    assert (view.status, view.accepted_on) == ("assigned", dt.date(2026, 11, 23))
    assert view.objection_due_on == dt.date(2026, 11, 30)  # 5 working days
    assert view.conclude_due_on == dt.date(2027, 1, 22)  # 60 days
    assert (view.due_on, view.due_kind) == (view.conclude_due_on, "conclude")
    assert view.actions[:2] == ("object", "meet")

    clock.advance(days=1)
    advance(staff, case.id, "handling")
    pt.record_handling(staff.officer.uow(), case_id=case.id, version=pt.get_case(staff.officer.uow(), case_id=case.id).version,
                       note="第二次约谈")
    clock.advance(days=10)
    advance_to_conclusion = pt.get_case(staff.officer.uow(), case_id=case.id)
    pt.conclude_petition(staff.officer.uow(), case_id=case.id, version=advance_to_conclusion.version,
                         facts="噪音属实", basis="《噪声污染防治法》第六十条", issuing_body="镇综治办",
                         decisions=[pt.Decision("要求工厂夜间停工", "支持")])
    view = pt.get_case(staff.clerk.uow(), case_id=case.id)
    assert view.replied_on == dt.date(2026, 12, 4)
    assert view.remedy_due_on == dt.date(2027, 1, 4)  # 30 days -> Sun 3 Jan 2027 -> Mon 4 Jan
    assert (view.due_kind, view.due_on) == ("follow_up", dt.date(2026, 12, 21))  # 15 days -> Sat 19 -> Mon 21
    assert view.reply.decisions == (pt.Decision("要求工厂夜间停工", "支持"),)

    pt.record_follow_up(staff.clerk.uow(), case_id=case.id, version=view.version, satisfaction="very_satisfied",
                        method="visit", note="回访满意")
    view = pt.get_case(staff.clerk.uow(), case_id=case.id)
    assert (view.status, view.closed_on, view.due_on, view.dissatisfied) == ("closed", dt.date(2026, 12, 4), None,
                                                                              False)
    steps = [(s.action, s.actor_name, s.from_status, s.to_status) for s in view.steps]
    assert steps == [
        ("register", "王芳", "", "registered"),
        ("assign", "王芳", "registered", "assigned"),
        ("meet", "赵强", "assigned", "met"),
        ("handle", "赵强", "met", "handling"),
        ("handle", "赵强", "handling", "handling"),
        ("conclude", "赵强", "handling", "concluded"),
        ("follow_up", "王芳", "concluded", "closed"),
    ]
    assert view.steps[1].at == dt.datetime(2026, 11, 23, 10, 0)
    assert view.steps[5].detail["on_time"] is True
    entries = audit.list_audit(staff.director.uow(), where=audit.AuditFilter(entity="petition"))
    assert {e.action for e in entries} >= {"petition.register", "petition.assign", "petition.conclude",
                                           "petition.follow_up"}


def test_steps_out_of_order_are_refused_and_not_offered(staff):
    case = register(staff.clerk, staff)
    v = pt.get_case(staff.clerk.uow(), case_id=case.id).version
    with pytest.raises(TransitionNotAllowed) as err:
        pt.conclude_petition(staff.officer.uow(), case_id=case.id, version=v, facts="f", basis="b",
                             issuing_body="x", decisions=[pt.Decision("r", "d")])
    assert (err.value.action, err.value.status) == ("conclude", "registered")
    with pytest.raises(TransitionNotAllowed):
        pt.record_meeting(staff.officer.uow(), case_id=case.id, version=v, met_on=dt.date(2026, 11, 20), note="n")
    advance(staff, case.id, "met")
    with pytest.raises(TransitionNotAllowed):
        pt.record_follow_up(staff.clerk.uow(), case_id=case.id, version=None, satisfaction="satisfied")
    with pytest.raises(TransitionNotAllowed):
        pt.assign_petition(staff.clerk.uow(), case_id=case.id, version=None, department_id=staff.dept)
    view = pt.get_case(staff.officer.uow(), case_id=case.id)
    assert view.status == "met"
    assert "handle" in view.actions
    assert not {"assign", "meet", "conclude", "follow_up", "refuse"} & set(view.actions)


def test_roles_are_checked_for_each_step(staff):
    with pytest.raises(PermissionDenied):
        register(staff.mediator, staff)
    case = register(staff.clerk, staff)
    advance(staff, case.id, "assigned")
    # another department may not act on the case
    with pytest.raises(NotResponsible) as err:
        pt.record_meeting(staff.officer_b.uow(), case_id=case.id, version=None, met_on=dt.date(2026, 11, 20),
                          note="见面")
    assert err.value.case_no == case.case_no
    with pytest.raises(PermissionDenied):
        pt.add_supervision(staff.clerk.uow(), case_id=case.id, note="抓紧", due_on=dt.date(2026, 11, 25))
    ext = pt.request_extension(staff.officer.uow(), case_id=case.id, days=10, reason="需现场勘验")
    with pytest.raises(PermissionDenied):
        pt.decide_extension(staff.supervisor.uow(), extension_id=ext.id, approve=True)
    assert "decide_extension" not in pt.get_case(staff.supervisor.uow(), case_id=case.id).actions
    assert "decide_extension" in pt.get_case(staff.director.uow(), case_id=case.id).actions


def test_not_accepted_closes_the_case_with_a_reason(staff):
    case = register(staff.clerk, staff)
    with pytest.raises(Invalid) as err:
        pt.refuse_petition(staff.clerk.uow(), case_id=case.id, version=case.version, reason="  ")
    assert (err.value.field, err.value.reason) == ("reason", "empty")
    pt.refuse_petition(staff.clerk.uow(), case_id=case.id, version=case.version, reason="已进入诉讼程序",
                       basis="《信访工作条例》第二十九条", advice="请向人民法院反映")
    view = pt.get_case(staff.clerk.uow(), case_id=case.id)
    assert (view.status, view.due_on, view.closed_on) == ("not_accepted", None, dt.date(2026, 11, 20))
    assert [(d.document, d.number, d.issued_on) for d in view.documents] == [
        ("receipt", case.case_no, dt.date(2026, 11, 20)),
        ("rejection_notice", "虎信不受〔2026〕1号", dt.date(2026, 11, 20))]
    assert view.actions == ("attach",)


def test_objection_within_five_working_days_returns_the_case_for_reassignment(staff, clock):
    case = register(staff.clerk, staff)
    advance(staff, case.id, "assigned")  # Friday 20 Nov: objection until Friday 27 Nov
    due = pt.get_case(staff.officer.uow(), case_id=case.id).conclude_due_on
    clock.advance(days=7)
    with pytest.raises(NotResponsible):
        pt.object_to_assignment(staff.officer_b.uow(), case_id=case.id, version=None, reason="不属本单位")
    pt.object_to_assignment(staff.officer.uow(), case_id=case.id, version=None, reason="属自然资源所职责")
    view = pt.get_case(staff.clerk.uow(), case_id=case.id)
    assert (view.status, view.department_id, view.conclude_due_on) == ("objected", None, due)
    assert view.actions[0] == "assign"
    pt.assign_petition(staff.clerk.uow(), case_id=case.id, version=view.version, department_id=staff.dept_b)
    view = pt.get_case(staff.officer_b.uow(), case_id=case.id)
    assert (view.status, view.department_id, view.conclude_due_on) == ("assigned", staff.dept_b, due)
    assert view.objection_due_on == dt.date(2026, 12, 4)
    clock.advance(days=8)  # Saturday 5 Dec: too late to object
    with pytest.raises(DeadlinePassed) as err:
        pt.object_to_assignment(staff.officer_b.uow(), case_id=case.id, version=None, reason="不属本单位")
    assert (err.value.what, err.value.due_on) == ("objection", dt.date(2026, 12, 4))
    assert "object" not in pt.get_case(staff.officer_b.uow(), case_id=case.id).actions


def test_withdrawal_stops_the_clock(staff):
    case = register(staff.clerk, staff)
    advance(staff, case.id, "met")
    pt.withdraw_petition(staff.clerk.uow(), case_id=case.id, version=None, reason="当事人自行和解")
    view = pt.get_case(staff.clerk.uow(), case_id=case.id)
    assert (view.status, view.due_on) == ("withdrawn", None)
    with pytest.raises(TransitionNotAllowed):
        pt.record_handling(staff.officer.uow(), case_id=case.id, version=None, note="继续")


def test_review_and_recheck_are_linked_cases_and_after_recheck_the_matter_is_final(staff, clock):
    case = register(staff.clerk, staff)
    advance(staff, case.id, "concluded")
    with pytest.raises(Invalid):
        pt.request_review(staff.clerk.uow(), case_id=case.id, reason=" ")
    review = pt.request_review(staff.clerk.uow(), case_id=case.id, reason="对答复不服，申请复查")
    assert (review.kind, review.case_no, review.due_on) == ("review", "（2026）虎信字第002号", dt.date(2026, 12, 21))
    with pytest.raises(Duplicate):
        pt.request_review(staff.clerk.uow(), case_id=case.id, reason="再次申请")
    view = pt.get_case(staff.clerk.uow(), case_id=review.id)
    assert view.parent.case_no == case.case_no and [p.name for p in view.people] == ["张三"]
    assert pt.get_case(staff.clerk.uow(), case_id=case.id).children[0].case_no == review.case_no
    advance(staff, review.id, "concluded")
    recheck = pt.request_review(staff.clerk.uow(), case_id=review.id, reason="对复查意见不服，申请复核")
    assert recheck.kind == "recheck"
    pt.assign_petition(staff.clerk.uow(), case_id=recheck.id, version=None, department_id=staff.dept)
    before = pt.get_case(staff.clerk.uow(), case_id=recheck.id).conclude_due_on
    pt.record_hearing(staff.officer.uow(), case_id=recheck.id, version=None, start=dt.date(2026, 11, 24),
                      end=dt.date(2026, 11, 26), note="听证")
    after = pt.get_case(staff.clerk.uow(), case_id=recheck.id)
    assert after.hearing_days == 3 and after.conclude_due_on >= before + dt.timedelta(days=3)
    advance(staff, recheck.id, "concluded")
    view = pt.get_case(staff.clerk.uow(), case_id=recheck.id)
    assert view.final and view.remedy_due_on is None and "request_review" not in view.actions
    with pytest.raises(FinalDecision):
        pt.request_review(staff.clerk.uow(), case_id=recheck.id, reason="还要复核")
    # the same matter again: refused as a new case, recorded as a repeat visit on the settled case
    with pytest.raises(FinalDecision) as err:
        register(staff.clerk, staff, content="村东头工厂夜间噪音扰民，反映多次未解决", new_case_reason="又来反映")
    assert err.value.case_no in (case.case_no, review.case_no, recheck.case_no)
    visit = pt.record_repeat_visit(staff.clerk.uow(), case_id=case.id, note="再次来访")
    assert visit.final and visit.repeat_count == 1
    # a different matter of the same person is accepted
    other = register(staff.clerk, staff, content="申请低保被拒，要求说明理由", category=staff.category_b,
                     new_case_reason="另一事项：低保")
    assert other.status == "registered"


def test_review_must_be_requested_within_thirty_days_of_the_reply(staff, clock):
    case = register(staff.clerk, staff)
    advance(staff, case.id, "closed")
    due = pt.get_case(staff.clerk.uow(), case_id=case.id).remedy_due_on
    clock.at = dt.datetime.combine(due + dt.timedelta(days=1), dt.time(9))
    with pytest.raises(DeadlinePassed) as err:
        pt.request_review(staff.clerk.uow(), case_id=case.id, reason="申请复查")
    assert err.value.due_on == due


def test_repeat_petition_is_detected_by_id_phone_and_name_with_village(staff):
    first = register(staff.clerk, staff)
    # same ID number, different phone
    with pytest.raises(PossibleRepeat) as err:
        register(staff.clerk, staff, people=[petitioner(phone="13900000000")], content="别的事情")
    assert err.value.cases == (first.case_no,)
    # the same phone, no ID number, another name
    found = pt.find_repeats(staff.clerk.uow(), petitioners=[PersonInput(name="张三丰", phone="138-1234-5678")])
    assert [(c.case_no, c.reasons, c.in_progress) for c in found] == [(first.case_no, ("phone",), True)]
    # name + village without any number
    found = pt.find_repeats(staff.clerk.uow(), petitioners=[PersonInput(name="张三", village="虎丘村")])
    assert found[0].reasons == ("name_village",)
    # similar content from someone else
    found = pt.find_repeats(staff.clerk.uow(), petitioners=[PersonInput(name="李四", village="新庄村")],
                            content="工厂夜间噪音扰民，多次反映都没有解决")
    assert [(c.case_no, c.reasons) for c in found] == [(first.case_no, ("content",))]
    assert found[0].similarity >= 40
    # the clerk records a repeat visit instead of a new case ...
    visit = pt.record_repeat_visit(staff.clerk.uow(), case_id=first.id, source="phone", note="电话催办",
                                   ticket_id=12)
    assert (visit.repeat_count, visit.final) == (1, False)
    view = pt.get_case(staff.clerk.uow(), case_id=first.id)
    assert view.repeat_count == 1 and view.steps[-1].action == "repeat_visit"
    assert view.steps[-1].detail == {"source": "phone", "ticket_id": 12, "final": False}
    # ... or gives a reason for a new case
    second = register(staff.clerk, staff, people=[petitioner(phone="13900000000")], content="宅基地界址纠纷",
                      new_case_reason="不同事项：宅基地纠纷")
    assert pt.get_case(staff.clerk.uow(), case_id=second.id).new_case_reason == "不同事项：宅基地纠纷"


def test_bad_registration_input_is_refused_and_nothing_is_stored(staff):
    from desktop.services.petitions import count_petitions

    with pytest.raises(Invalid) as err:
        register(staff.clerk, staff, content="   ")
    assert (err.value.field, err.value.reason) == ("content", "empty")
    with pytest.raises(InvalidIdNumber) as err:
        register(staff.clerk, staff, people=[petitioner(), PersonInput(name="李四", id_number="32050519800101123X")])
    assert (err.value.field, err.value.reason) == ("petitioners[1].id_number", "checksum")
    with pytest.raises(InvalidPhone) as err:
        register(staff.clerk, staff, people=[petitioner(phone="12345678901")])
    assert err.value.field == "petitioners[0].phone"
    with pytest.raises(Invalid) as err:
        register(staff.clerk, staff, source="telegram")
    assert err.value.field == "source"
    parent = next(c for c in center.list_categories(staff.clerk.uow()) if c.parent_id is None)
    with pytest.raises(Invalid) as err:
        register(staff.clerk, staff, category=parent.id)
    assert err.value.reason == "level_two"
    with pytest.raises(Invalid) as err:
        pt.register_petition(staff.clerk.uow(), source="visit", petitioners=[], category_id=staff.category,
                             content="内容")
    assert err.value.field == "petitioners"
    assert count_petitions(staff.clerk.uow()) == 0
    from desktop.services.people import find_people
    assert find_people(staff.clerk.uow(), text="张三") == []


def test_attachments_keep_their_sha256_and_respect_the_size_limit(staff, admin_ctx):
    import hashlib

    photo = b"\x89PNG" + bytes(range(256)) * 40
    case = register(staff.clerk, staff, attachments=[pt.AttachmentInput("现场照片.png", photo, "image/png")])
    view = pt.get_case(staff.clerk.uow(), case_id=case.id)
    (a,) = view.attachments
    assert (a.file_name, a.size, a.sha256) == ("现场照片.png", len(photo), hashlib.sha256(photo).hexdigest())
    assert pt.attachment_content(staff.clerk.uow(), attachment_id=a.id).data == photo
    with pytest.raises(Duplicate):
        pt.add_attachment(staff.clerk.uow(), case_id=case.id, attachment=pt.AttachmentInput("again.png", photo))
    with pytest.raises(Invalid) as err:
        pt.add_attachment(staff.clerk.uow(), case_id=case.id, attachment=pt.AttachmentInput("empty.txt", b""))
    assert (err.value.reason, err.value.file) == ("empty_file", "empty.txt")
    update_settings(admin_ctx.uow(), values={"petition_attachment_max_mb": 1})
    with pytest.raises(Invalid) as err:
        pt.add_attachment(staff.clerk.uow(), case_id=case.id,
                          attachment=pt.AttachmentInput("big.pdf", b"x" * (1024 * 1024 + 1)))
    assert (err.value.reason, err.value.maximum) == ("too_large", 1)
    pt.add_attachment(staff.clerk.uow(), case_id=case.id, attachment=pt.AttachmentInput(
        "C:\\scans\\letter.pdf", b"%PDF-1.4 letter", "application/pdf"))
    assert [x.file_name for x in pt.get_case(staff.clerk.uow(), case_id=case.id).attachments] == ["现场照片.png",
                                                                                          "letter.pdf"]


def test_second_save_of_the_same_case_is_refused_and_the_first_is_kept(staff):
    case = register(staff.clerk, staff)
    seen = pt.get_case(staff.clerk.uow(), case_id=case.id).version
    pt.update_petition(staff.clerk.uow(), case_id=case.id, version=seen, source="visit", category_id=staff.category,
                       content="噪音扰民（王芳补充：每晚十点后）", requests="停工")
    with pytest.raises(Conflict) as err:
        pt.update_petition(staff.clerk2.uow(), case_id=case.id, version=seen, source="letter",
                           category_id=staff.category, content="李娜的修改", requests="")
    assert err.value.key == case.case_no
    with pytest.raises(Conflict):
        pt.assign_petition(staff.clerk2.uow(), case_id=case.id, version=seen, department_id=staff.dept)
    view = pt.get_case(staff.clerk.uow(), case_id=case.id)
    assert (view.content, view.source, view.status) == ("噪音扰民（王芳补充：每晚十点后）", "visit", "registered")
    assert view.steps[-1].detail == {"changed": ["content", "requests"]}


def test_concurrent_writers_on_postgresql_lose_nothing(staff, db_url):
    """Two sessions read the same version; the second write is refused at flush (SQLite cannot get here:
    its writers hold the write lock from their first read, and the version check above covers it)."""
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite serialises writers from their first statement")
    from desktop.models import Petition

    case = register(staff.clerk, staff)
    first, second = staff.clerk.uow(), staff.clerk2.uow()
    with first, second:
        a = first.session.get(Petition, case.id)
        b = second.session.get(Petition, case.id)
        assert a.version == b.version
        a.content = "第一位的修改"
        first.commit()
        b.content = "第二位的修改"
        with pytest.raises(Conflict):
            pt._commit(second, b)
    assert pt.get_case(staff.clerk.uow(), case_id=case.id).content == "第一位的修改"


def test_supervision_notes_and_answers(staff, clock):
    case = register(staff.clerk, staff)
    advance(staff, case.id, "assigned")
    with pytest.raises(Invalid) as err:
        pt.add_supervision(staff.director.uow(), case_id=case.id, note="抓紧办理", due_on=dt.date(2026, 11, 19))
    assert err.value.reason == "past"
    note = pt.add_supervision(staff.director.uow(), case_id=case.id, note="请于周三前上报进展",
                              due_on=dt.date(2026, 11, 25))
    assert (note.department, note.created_by_name, note.overdue) == (pt.get_case(
        staff.clerk.uow(), case_id=case.id).department, "陈立新", False)
    clock.advance(days=6)
    assert pt.get_case(staff.director.uow(), case_id=case.id).supervisions[0].overdue
    with pytest.raises(NotResponsible):
        pt.answer_supervision(staff.officer_b.uow(), supervision_id=note.id, answer="x")
    answered = pt.answer_supervision(staff.officer.uow(), supervision_id=note.id, answer="已约谈企业，限期整改")
    assert answered.answered_by_name == "赵强" and not answered.overdue
    with pytest.raises(TransitionNotAllowed):
        pt.answer_supervision(staff.officer.uow(), supervision_id=note.id, answer="again")
