"""Agreements on both databases: 第二十九条 completeness, oral agreements, frozen final versions and
corrections, copies, judicial-confirmation window and reminders, performance checks, follow-up visits."""

import datetime as dt

import pytest

from desktop.services import mediation
from desktop.services import mediation as agreements
from desktop.services.errors import Invalid, NotFound, PermissionDenied
from desktop.services.mediation import AgreementIncomplete, AgreementUnsigned, TermInput, WrongState
from tests.conftest import sign_in
from tests.mediation_support import PASSWORD, applicant, organisation, register, respondent, setup_mediation

TODAY = dt.date(2026, 11, 20)


def parties():
    return [applicant("李明", n=1), respondent("赵强", n=3)]


@pytest.fixture
def s(ctx):
    return setup_mediation(ctx)


@pytest.fixture
def mediator(ctx, s):
    return sign_in(ctx, "mediator01", PASSWORD)


def _complete(mediator, draft, **kw):
    values = dict(form="written", facts="双方因院墙位置发生争执。", matters="院墙是否越界。",
                  responsibilities="被申请人砌墙越界二十厘米，负主要责任。",
                  terms=[TermInput("赵强拆除越界部分院墙", "赵强", "自行拆除", TODAY + dt.timedelta(days=10)),
                         TermInput("赵强赔偿李明损失800元", "赵强", "现金当面支付", TODAY + dt.timedelta(days=5))])
    values.update(kw)
    return agreements.save_agreement(mediator.uow(), agreement_id=draft.id, version=draft.version, **values)


def test_an_incomplete_agreement_is_refused_naming_every_missing_item(ctx, s, mediator):
    d = register(ctx, s, parties())
    draft = agreements.draft_agreement(mediator.uow(), dispute_id=d.id)
    assert (draft.version_no, draft.state, draft.facts, draft.copies) == (1, "draft", d.facts, 3)
    saved = agreements.save_agreement(mediator.uow(), agreement_id=draft.id, version=draft.version, form="written",
                                      facts=d.facts, matters="", responsibilities="",
                                      terms=[TermInput("赵强拆除越界院墙", "赵强", "自行拆除", TODAY),
                                             TermInput("赵强赔偿800元", "赵强", "", None)])
    assert saved.missing == ("matters", "responsibilities", "term_method:2", "term_deadline:2")
    with pytest.raises(AgreementIncomplete) as err:
        agreements.finalise_agreement(mediator.uow(), agreement_id=saved.id, version=saved.version)
    assert err.value.missing == saved.missing
    assert mediation.get_dispute(ctx.uow(), dispute_id=d.id).state == "registered"
    assert agreements.get_agreement(ctx.uow(), agreement_id=saved.id).state == "draft"
    saved = _complete(mediator, saved, terms=[])
    with pytest.raises(AgreementIncomplete) as err:
        agreements.finalise_agreement(mediator.uow(), agreement_id=saved.id, version=saved.version)
    assert err.value.missing == ("terms",)


ALL_SIGNED = ("party:1", "party:2", "mediator", "seal")


def _sign(mediator, a, signatures=ALL_SIGNED, on=TODAY):
    return agreements.record_signing(mediator.uow(), agreement_id=a.id, signed_on=on, signatures=signatures)


def test_an_unsigned_written_agreement_is_refused_and_the_case_stays_open(ctx, s, mediator):
    """The floor: finalising an unsigned draft closed the case as agreed while the agreement said 尚未签订."""
    d = register(ctx, s, parties())
    draft = _complete(mediator, agreements.draft_agreement(mediator.uow(), dispute_id=d.id))
    with pytest.raises(AgreementUnsigned) as err:
        agreements.finalise_agreement(mediator.uow(), agreement_id=draft.id, version=draft.version)
    assert err.value.missing == ALL_SIGNED and err.value.party_names == ("李明", "赵强")
    assert mediation.get_dispute(ctx.uow(), dispute_id=d.id).state == "registered"
    assert agreements.get_agreement(ctx.uow(), agreement_id=draft.id).state == "draft"
    # every party, the mediator and the seal: a missing signature is named
    with pytest.raises(AgreementUnsigned) as err:
        _sign(mediator, draft, ("party:1", "mediator", "seal"))
    assert err.value.missing == ("party:2",)
    signed = _sign(mediator, draft)
    assert (signed.state, signed.signed_on) == ("draft", TODAY)
    final = agreements.finalise_agreement(mediator.uow(), agreement_id=signed.id, version=signed.version)
    assert (final.state, final.signed_on) == ("final", TODAY)
    assert mediation.get_dispute(ctx.uow(), dispute_id=d.id).state == "agreed"
    assert [r.case_no for r in agreements.judicial_reminders(mediator.uow())] == [d.case_no]  # in effect


def test_changing_a_signed_draft_clears_its_signing(ctx, s, mediator):
    d = register(ctx, s, parties())
    draft = _sign(mediator, _complete(mediator, agreements.draft_agreement(mediator.uow(), dispute_id=d.id)))
    same = _complete(mediator, draft)  # saved again unchanged: still signed
    assert same.signed_on == TODAY
    changed = _complete(mediator, same, responsibilities="双方各负一半责任。")
    assert changed.signed_on is None
    with pytest.raises(AgreementUnsigned):
        agreements.finalise_agreement(mediator.uow(), agreement_id=changed.id, version=changed.version)
    with pytest.raises(AgreementIncomplete):  # an incomplete draft cannot be signed
        _sign(mediator, _complete(mediator, changed, terms=[]))


def test_closing_by_agreement_cancels_the_remaining_sessions_the_mediator_chose(ctx, s, mediator, clock):
    """The floor: the afternoon session stayed booked after the case was closed in the morning."""
    from desktop.services import mediation as scheduling
    from tests.mediation_support import MONDAY, at

    d = register(ctx, s, parties())
    morning = scheduling.book_room(ctx.uow(), dispute_id=d.id, room_id=s.rooms["人民调解室一"],
                                   start=at(MONDAY, "09:00"), end=at(MONDAY, "10:00"))
    afternoon = scheduling.book_room(ctx.uow(), dispute_id=d.id, room_id=s.rooms["人民调解室一"],
                                     start=at(MONDAY, "16:00"), end=at(MONDAY, "16:45"))
    later = scheduling.book_room(ctx.uow(), dispute_id=d.id, room_id=s.rooms["听证室"],
                                 start=at(MONDAY + dt.timedelta(days=1), "09:00"),
                                 end=at(MONDAY + dt.timedelta(days=1), "10:00"))
    clock.at = at(MONDAY, "09:30")  # during the morning session, which is not offered
    assert [b.id for b in mediation.remaining_sessions(mediator.uow(), dispute_id=d.id)] == [afternoon.id, later.id]
    draft = _sign(mediator, _complete(mediator, agreements.draft_agreement(mediator.uow(), dispute_id=d.id)),
                  on=MONDAY)
    with pytest.raises(NotFound):  # only remaining sessions of this case
        agreements.finalise_agreement(mediator.uow(), agreement_id=draft.id, version=draft.version,
                                      cancel_booking_ids=[morning.id], cancel_reason="已达成协议")
    agreements.finalise_agreement(mediator.uow(), agreement_id=draft.id, version=draft.version,
                                  cancel_booking_ids=[afternoon.id, later.id], cancel_reason="已达成协议，案件结案")
    states = {b.id: (b.state, b.cancel_reason) for b in mediation.get_dispute(ctx.uow(), dispute_id=d.id).bookings}
    assert states == {morning.id: ("confirmed", ""), afternoon.id: ("cancelled", "已达成协议，案件结案"),
                      later.id: ("cancelled", "已达成协议，案件结案")}
    assert mediation.remaining_sessions(mediator.uow(), dispute_id=d.id) == []
    # the room is free again at 16:00
    other = register(ctx, s, [applicant("钱进"), respondent("孙立")], mediators=("mediator02",))
    scheduling.book_room(ctx.uow(), dispute_id=other.id, room_id=s.rooms["人民调解室一"],
                         start=at(MONDAY, "16:00"), end=at(MONDAY, "16:45"))


def test_a_complete_agreement_is_frozen_with_the_parties_and_copies(ctx, s, mediator):
    d = register(ctx, s, [applicant("李明", n=1), respondent("赵强", n=3), organisation("虎丘村村民委员会")])
    draft = _complete(mediator, agreements.draft_agreement(mediator.uow(), dispute_id=d.id), other_terms="本协议一式四份。")
    draft = _sign(mediator, draft, ("party:1", "party:2", "party:3", "mediator", "seal"))
    final = agreements.finalise_agreement(mediator.uow(), agreement_id=draft.id, version=draft.version)
    assert (final.state, final.copies, final.signed_on, final.finalised_by_name) == ("final", 4, TODAY, "张国华")
    assert [(p.side, p.name, p.gender) for p in final.parties] == [
        ("applicant", "李明", "M"), ("respondent", "赵强", "M"), ("respondent", "虎丘村村民委员会", None)]
    assert final.parties[0].id_number_masked.startswith("3205") and "*" in final.parties[0].id_number_masked
    assert [(t.seq, t.obligor, t.due_on) for t in final.terms] == [
        (1, "赵强", TODAY + dt.timedelta(days=10)), (2, "赵强", TODAY + dt.timedelta(days=5))]
    detail = mediation.get_dispute(ctx.uow(), dispute_id=d.id)
    assert (detail.state, detail.closed_on, detail.clock) == ("agreed", TODAY, "none")
    assert mediation.list_disputes(ctx.uow())[0].agreement_form == "written"
    with pytest.raises(WrongState):
        _complete(mediator, final, facts="改过的事实")
    # a later rename of a party does not change the frozen agreement
    with ctx.uow() as uow:
        from desktop.models import Person

        uow.session.get(Person, d.parties[0].person_id).name = "李明明"
        uow.commit()
    assert agreements.get_agreement(ctx.uow(), agreement_id=final.id).parties[0].name == "李明"


def test_a_correction_is_a_new_version_and_the_old_one_is_kept(ctx, s, mediator):
    d = register(ctx, s, parties())
    v1 = _complete(mediator, agreements.draft_agreement(mediator.uow(), dispute_id=d.id))
    v1 = agreements.finalise_agreement(mediator.uow(), agreement_id=v1.id, version=v1.version, signed_on=TODAY)
    agreements.record_performance(mediator.uow(), term_id=v1.terms[1].id, status="performed", on_date=TODAY)
    v2 = agreements.draft_agreement(mediator.uow(), dispute_id=d.id)
    assert (v2.version_no, v2.state, v2.facts, len(v2.terms)) == (2, "draft", v1.facts, 2)
    assert agreements.draft_agreement(mediator.uow(), dispute_id=d.id).id == v2.id  # one draft at a time
    terms = [TermInput("赵强拆除越界部分院墙", "赵强", "自行拆除", TODAY + dt.timedelta(days=20)),
             TermInput("赵强赔偿李明损失800元", "赵强", "现金当面支付", TODAY + dt.timedelta(days=5))]
    v2 = _complete(mediator, v2, terms=terms)
    with pytest.raises(Invalid) as err:
        agreements.finalise_agreement(mediator.uow(), agreement_id=v2.id, version=v2.version)
    assert err.value.field == "correction_reason"
    v2 = _complete(mediator, v2, terms=terms, correction_reason="拆除期限经双方同意延长")
    v2 = agreements.finalise_agreement(mediator.uow(), agreement_id=v2.id, version=v2.version, signed_on=TODAY)
    versions = agreements.list_agreements(ctx.uow(), dispute_id=d.id)
    assert [(a.version_no, a.state) for a in versions] == [(2, "final"), (1, "superseded")]
    assert versions[1].terms[0].due_on == TODAY + dt.timedelta(days=10)  # the old text is unchanged
    # the unchanged term keeps its performance check; the changed one starts afresh
    assert [t.performance for t in versions[0].terms] == [None, "performed"]
    assert mediation.get_dispute(ctx.uow(), dispute_id=d.id).state == "agreed"


def test_an_oral_agreement_is_recorded_with_its_content(ctx, s, mediator):
    d = register(ctx, s, parties())
    draft = agreements.draft_agreement(mediator.uow(), dispute_id=d.id, form="oral")
    draft = agreements.save_agreement(mediator.uow(), agreement_id=draft.id, version=draft.version, form="oral",
                                      facts="", matters="", responsibilities="", terms=[])
    assert draft.missing == ("oral_content",)
    with pytest.raises(AgreementIncomplete):
        agreements.finalise_agreement(mediator.uow(), agreement_id=draft.id, version=draft.version)
    draft = agreements.save_agreement(mediator.uow(), agreement_id=draft.id, version=draft.version, form="oral",
                                      facts="", matters="", responsibilities="", terms=[],
                                      oral_content="双方同意各退一步，院墙维持现状，互不追究。")
    final = agreements.finalise_agreement(mediator.uow(), agreement_id=draft.id, version=draft.version)
    assert (final.form, final.state, final.signed_on) == ("oral", "final", TODAY)  # effective when agreed
    assert mediation.list_disputes(ctx.uow())[0].agreement_form == "oral"
    assert agreements.judicial_reminders(mediator.uow()) == []  # only written agreements go to the court


def test_a_term_without_deadline_blocks_even_an_oral_agreement(ctx, s, mediator):
    d = register(ctx, s, parties())
    draft = agreements.draft_agreement(mediator.uow(), dispute_id=d.id, form="oral")
    draft = agreements.save_agreement(mediator.uow(), agreement_id=draft.id, version=draft.version, form="oral",
                                      facts="", matters="", responsibilities="", oral_content="赵强赔偿800元。",
                                      terms=[TermInput("赵强赔偿800元", "赵强", "", None)])
    with pytest.raises(AgreementIncomplete) as err:
        agreements.finalise_agreement(mediator.uow(), agreement_id=draft.id, version=draft.version)
    assert err.value.missing == ("term_deadline:1",)


def test_only_a_role_that_edits_agreements_may(ctx, s):
    d = register(ctx, s, parties())
    clerk = sign_in(ctx, "clerk01", PASSWORD)
    with pytest.raises(PermissionDenied) as err:
        agreements.draft_agreement(clerk.uow(), dispute_id=d.id)
    assert err.value.permission == "edit_agreements"


def test_judicial_confirmation_window_and_reminders(ctx, s, mediator, clock):
    d = register(ctx, s, parties())
    a = _complete(mediator, agreements.draft_agreement(mediator.uow(), dispute_id=d.id))
    assert agreements.judicial_reminders(mediator.uow()) == []  # a draft is not in effect
    with pytest.raises(WrongState):
        agreements.record_judicial(mediator.uow(), dispute_id=d.id, status="reminded", on_date=TODAY)
    a = _sign(mediator, a)
    agreements.finalise_agreement(mediator.uow(), agreement_id=a.id, version=a.version)
    (r,) = agreements.judicial_reminders(mediator.uow())
    assert (r.case_no, r.signed_on, r.last_day, r.days_left, r.status) == (
        d.case_no, TODAY, TODAY + dt.timedelta(days=30), 30, None)
    clock.advance(days=25)
    agreements.record_judicial(mediator.uow(), dispute_id=d.id, status="reminded", on_date=clock.now().date(),
                               note="电话告知双方可申请司法确认")
    (r,) = agreements.judicial_reminders(mediator.uow())
    assert (r.status, r.reminded_on, r.days_left) == ("reminded", TODAY + dt.timedelta(days=25), 5)
    clock.advance(days=6)  # day 31: the window has closed
    with pytest.raises(Invalid) as err:
        agreements.record_judicial(mediator.uow(), dispute_id=d.id, status="applied", on_date=clock.now().date(),
                                   court="虎丘人民法庭")
    assert (err.value.reason, err.value.last_day) == ("window_closed", TODAY + dt.timedelta(days=30))
    assert agreements.judicial_reminders(mediator.uow()) == []
    applied = agreements.record_judicial(mediator.uow(), dispute_id=d.id, status="applied",
                                         on_date=TODAY + dt.timedelta(days=29), court="虎丘人民法庭")
    assert (applied.status, applied.court) == ("applied", "虎丘人民法庭")
    with pytest.raises(WrongState):
        agreements.record_judicial(mediator.uow(), dispute_id=d.id, status="declined", on_date=clock.now().date())
    done = agreements.record_judicial(mediator.uow(), dispute_id=d.id, status="confirmed", on_date=clock.now().date())
    assert (done.status, done.applied_on, done.decided_on) == ("confirmed", TODAY + dt.timedelta(days=29),
                                                               clock.now().date())
    after = agreements.after_agreement(ctx.uow(), dispute_id=d.id)
    assert after.judicial.status == "confirmed" and after.judicial_last_day == TODAY + dt.timedelta(days=30)


def test_performance_checks_due_terms_and_follow_up(ctx, s, mediator, clock):
    d = register(ctx, s, parties())
    a = _complete(mediator, agreements.draft_agreement(mediator.uow(), dispute_id=d.id))
    a = agreements.finalise_agreement(mediator.uow(), agreement_id=a.id, version=a.version, signed_on=TODAY)
    with pytest.raises(Invalid):
        agreements.record_performance(mediator.uow(), term_id=a.terms[0].id, status="performed",
                                      on_date=TODAY + dt.timedelta(days=1))
    with pytest.raises(Invalid):
        agreements.record_performance(mediator.uow(), term_id=a.terms[0].id, status="done", on_date=TODAY)
    clock.advance(days=6)
    with ctx.uow() as uow:
        due = agreements.due_terms(uow, today=clock.now().date(), within_days=5)
    assert [(i.detail["seq"], i.days_left) for i in due] == [(2, -1), (1, 4)]
    agreements.record_performance(mediator.uow(), term_id=a.terms[1].id, status="partly", on_date=TODAY + dt.timedelta(days=5),
                                  note="先付400元")
    checked = agreements.record_performance(mediator.uow(), term_id=a.terms[1].id, status="performed",
                                            on_date=TODAY + dt.timedelta(days=6), note="余款付清")
    assert [c.status for c in checked.checks] == ["performed", "partly"]
    with ctx.uow() as uow:
        due = agreements.due_terms(uow, today=clock.now().date(), within_days=5)
        assert [i.detail["seq"] for i in due] == [1]
        assert agreements.follow_ups_due(uow, today=clock.now().date()) == []
    clock.advance(days=11)  # 7 days after the last term's deadline: the visit is due
    with ctx.uow() as uow:
        (item,) = agreements.follow_ups_due(uow, today=clock.now().date())
    assert (item.case_no, item.due_on) == (d.case_no, TODAY + dt.timedelta(days=17))
    with pytest.raises(Invalid) as err:
        agreements.record_follow_up(mediator.uow(), dispute_id=d.id, visited_on=clock.now().date(), method="visit",
                                    visitor="张国华", performance="", satisfaction="satisfied")
    assert err.value.field == "performance"
    visit = agreements.record_follow_up(mediator.uow(), dispute_id=d.id, visited_on=clock.now().date(),
                                        method="visit", visitor="张国华", visited_party="李明",
                                        performance="院墙已拆除，赔偿已付清。", satisfaction="very_satisfied")
    assert visit.satisfaction == "very_satisfied"
    with ctx.uow() as uow:
        assert agreements.follow_ups_due(uow, today=clock.now().date()) == []
    assert [v.id for v in agreements.after_agreement(ctx.uow(), dispute_id=d.id).follow_ups] == [visit.id]


def test_follow_up_only_for_an_agreed_dispute(ctx, s, mediator):
    d = register(ctx, s, parties())
    with pytest.raises(WrongState):
        agreements.record_follow_up(mediator.uow(), dispute_id=d.id, visited_on=TODAY, method="phone",
                                    visitor="张国华", performance="尚未调解", satisfaction="satisfied")


def test_the_parties_basic_information_is_required(ctx, s, mediator):
    d = register(ctx, s, [applicant("李明", address=""), respondent("赵强", n=3),
                          organisation("虎丘物业管理有限公司", org_legal_rep="")])
    draft = _complete(mediator, agreements.draft_agreement(mediator.uow(), dispute_id=d.id))
    assert draft.missing == ("party_id_number:1", "party_address:1", "party_representative:3")
    with pytest.raises(AgreementIncomplete) as err:
        agreements.finalise_agreement(mediator.uow(), agreement_id=draft.id, version=draft.version)
    assert err.value.missing == draft.missing


def test_documents_of_a_case_render_and_full_id_numbers_are_an_audited_reveal(ctx, s, mediator, clock):
    import io

    from pypdf import PdfReader

    from desktop.services import audit
    from desktop.services import mediation as mediation_documents
    from desktop.services import mediation as scheduling
    from tests.mediation_support import MONDAY, at

    d = register(ctx, s, [applicant("李明", n=1, phone="13812345678"), respondent("赵强", n=3),
                          organisation("虎丘物业管理有限公司", rep_name="周律师", rep_kind="agent")])
    b = scheduling.book_room(ctx.uow(), dispute_id=d.id, room_id=s.rooms["人民调解室一"], start=at(MONDAY, "09:00"),
                             end=at(MONDAY, "10:00"), public=False)
    door = PdfReader(io.BytesIO(mediation_documents.room_schedule_pdf(ctx.uow(), room_id=s.rooms["人民调解室一"],
                                                                         day=MONDAY)))
    text = "".join(p.extract_text() for p in door.pages)
    assert "人民调解室一" in text and "李明" not in text and d.case_no in text
    clock.at = at(MONDAY, "10:30")
    rec = mediation.record_session(mediator.uow(), dispute_id=d.id, booking_id=b.id, started_at=at(MONDAY, "09:00"),
                                   ended_at=at(MONDAY, "10:00"), attendees="李明、赵强、周律师、村主任王建国",
                                   recorder="郭秀英", content="调解员：请申请人陈述。\n申请人李明：院墙越界。\n补充：有照片。")
    assert [(u.speaker, u.text) for u in mediation_documents.utterances("前言\n调解员：好\n继续")] == [
        ("记录", "前言"), ("调解员", "好\n继续")]
    record = PdfReader(io.BytesIO(mediation_documents.session_record_pdf(mediator.uow(), session_id=rec.id)))
    assert "人民调解笔录" in "".join(p.extract_text() for p in record.pages)
    a = _complete(mediator, agreements.draft_agreement(mediator.uow(), dispute_id=d.id))
    a = agreements.finalise_agreement(mediator.uow(), agreement_id=a.id, version=a.version, signed_on=MONDAY)
    pdf = PdfReader(io.BytesIO(mediation_documents.agreement_pdf(mediator.uow(), agreement_id=a.id)))
    text = "".join(p.extract_text() for p in pdf.pages)
    from tests.mediation_support import id_number

    assert "人民调解协议书" in text and id_number(1) in text and "一式四份" in text
    registration = mediation_documents.registration_pdf(mediator.uow(), dispute_id=d.id)
    assert registration.startswith(b"%PDF")
    clerk = sign_in(ctx, "clerk01", PASSWORD)  # may handle disputes but not see full ID numbers
    with pytest.raises(PermissionDenied):
        mediation_documents.agreement_pdf(clerk.uow(), agreement_id=a.id)
    events = [r.action for r in audit.list_audit(sign_in(ctx, "admin", "Hall2026pw").uow(), where=audit.AuditFilter())
              if r.operation == "event"]
    assert "agreement.print" in events and "dispute.print_registration" in events
