"""一案一码, the route map on both databases: a dispute's 司法确认, its referrals and its closing, and a
petition's reply, closing, refusal, withdrawal and 复查 move the matter in the case action's own transaction."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.services import matters, mediation
from desktop.services import petitions as pt
from desktop.services.admin import center
from desktop.services.mediation import TermInput
from tests.conftest import sign_in
from tests.integration.test_petition_helpers import advance, make_staff, petitioner, register
from tests.mediation_support import PASSWORD, applicant, respondent, setup_mediation
from tests.mediation_support import register as register_dispute

TODAY = dt.date(2026, 11, 20)


def _route(ctx, *, dispute_id=None, petition_id=None):
    return matters.matter_of_case(ctx.uow(), dispute_id=dispute_id, petition_id=petition_id)


def _agree(mediator, dispute_id: int, form: str = "written"):
    draft = mediation.draft_agreement(mediator.uow(), dispute_id=dispute_id, form=form)
    values = dict(form=form, facts="双方因院墙位置发生争执。", matters="院墙是否越界。",
                  responsibilities="被申请人砌墙越界二十厘米，负主要责任。",
                  terms=[TermInput("赵强拆除越界部分院墙", "赵强", "自行拆除", TODAY + dt.timedelta(days=10))])
    if form == "oral":
        values["oral_content"] = "双方口头同意赵强十日内拆除越界院墙。"
    draft = mediation.save_agreement(mediator.uow(), agreement_id=draft.id, version=draft.version, **values)
    return mediation.finalise_agreement(mediator.uow(), agreement_id=draft.id, version=draft.version,
                                        signed_on=TODAY if form == "written" else None)


@pytest.fixture
def s(ctx):
    return setup_mediation(ctx)


@pytest.fixture
def mediator(ctx, s):
    return sign_in(ctx, "mediator01", PASSWORD)


def test_a_written_agreement_puts_the_matter_on_judicial_confirmation_until_the_court_decides(ctx, s, mediator):
    d = register_dispute(ctx, s, [applicant("李明", n=1), respondent("赵强", n=3)])
    _agree(mediator, d.id)
    m = _route(ctx, dispute_id=d.id)
    assert [(x.route, x.name) for x in m.steps] == [("mediation", "人民调解"), ("judicial", "司法确认")]
    judicial = m.steps[-1]
    assert judicial.due_on == TODAY + dt.timedelta(days=30) and judicial.left_at is None
    assert "调解成功" in judicial.reason and m.state == "open"
    mediation.record_judicial(mediator.uow(), dispute_id=d.id, status="reminded", on_date=TODAY)
    assert len(_route(ctx, dispute_id=d.id).steps) == 2  # a reminder is no step
    mediation.record_judicial(mediator.uow(), dispute_id=d.id, status="applied", on_date=TODAY, court="虎丘区人民法院")
    m = _route(ctx, dispute_id=d.id)
    assert (m.steps[-1].route, m.steps[-1].name, m.state) == ("judicial", "法院审查", "open")
    assert "虎丘区人民法院" in m.steps[-1].reason
    mediation.record_judicial(mediator.uow(), dispute_id=d.id, status="confirmed", on_date=TODAY)
    m = _route(ctx, dispute_id=d.id)
    assert m.state == "closed" and "司法确认" in m.outcome and all(x.left_at is not None for x in m.steps)


def test_an_oral_agreement_concludes_the_matter(ctx, s, mediator):
    d = register_dispute(ctx, s, [applicant("李明", n=1), respondent("赵强", n=3)])
    _agree(mediator, d.id, form="oral")
    m = _route(ctx, dispute_id=d.id)
    assert m.state == "closed" and "口头" in m.outcome and len(m.steps) == 1


@pytest.mark.parametrize(("outcome", "to", "body", "route", "words"), [
    ("failed", None, "", None, "调解不成"),
    ("terminated", None, "", None, "终止调解"),
    ("referred", "court", "虎丘区人民法院", "court", "诉调对接"),
    ("referred", "other", "区劳动人事争议仲裁委员会", "arbitration", "仲裁"),
    ("referred", "other", "虎丘派出所", None, "移交虎丘派出所"),
])
def test_a_dispute_closed_without_agreement_concludes_its_matter(ctx, s, outcome, to, body, route, words):
    d = register_dispute(ctx, s, [applicant("李明", n=1), respondent("赵强", n=3)])
    mediation.close_dispute(ctx.uow(), dispute_id=d.id, outcome=outcome, note="双方分歧较大", referred_to=to,
                            referred_body=body)
    m = _route(ctx, dispute_id=d.id)
    assert m.state == "closed" and words in m.outcome and "双方分歧较大" in m.outcome
    assert m.steps[-1].route == (route or "mediation")
    if route:
        assert words in m.steps[-1].reason and m.steps[-1].handler == body


def test_a_dispute_referred_to_petition_stays_open_and_the_petition_continues_its_code(ctx, s):
    d = register_dispute(ctx, s, [applicant("李明", n=1), respondent("赵强", n=3)])
    mediation.close_dispute(ctx.uow(), dispute_id=d.id, outcome="referred", note="涉及村集体决策",
                            referred_to="petition", referred_body="镇信访办")
    m = _route(ctx, dispute_id=d.id)
    assert m.state == "open" and (m.steps[-1].route, m.steps[-1].name) == ("petition", "转信访")
    category = next(c.id for c in center.list_categories(ctx.uow()) if c.parent_id is not None)
    case = pt.register_petition(ctx.uow(), source="visit", petitioners=[petitioner("李明", seq=1)],
                                category_id=category, content="村集体收回宅基地的决定不公", requests="撤销决定",
                                matter_id=m.id)
    again = _route(ctx, petition_id=case.id)
    assert again.code == m.code and again.kind == "petition" and again.state == "open"
    assert [x.route for x in again.steps] == ["mediation", "petition", "petition"]
    assert again.steps[-1].reason == "调解不成，转信访登记"
    v = pt.get_case(ctx.uow(), case_id=case.id).version
    pt.withdraw_petition(ctx.uow(), case_id=case.id, version=v, reason="村里已重新讨论")
    done = _route(ctx, petition_id=case.id)
    assert done.state == "closed" and case.case_no in done.outcome


@pytest.fixture
def staff(admin_ctx):
    return make_staff(admin_ctx)


def test_a_refused_or_withdrawn_petition_closes_its_matter(staff):
    refused = register(staff.clerk, staff)
    v = pt.get_case(staff.clerk.uow(), case_id=refused.id).version
    pt.refuse_petition(staff.clerk.uow(), case_id=refused.id, version=v, reason="不属于信访受理范围")
    m = _route(staff.clerk, petition_id=refused.id)
    assert m.state == "closed" and "不予受理" in m.outcome and "不属于信访受理范围" in m.outcome
    gone = register(staff.clerk, staff, content="道路破损多处，雨天积水严重，请求维修")
    v = pt.get_case(staff.clerk.uow(), case_id=gone.id).version
    pt.withdraw_petition(staff.clerk.uow(), case_id=gone.id, version=v, reason="问题已自行解决")
    m = _route(staff.clerk, petition_id=gone.id)
    assert m.state == "closed" and "撤回" in m.outcome


def test_the_reply_is_a_step_and_a_review_reopens_the_closed_matter(staff):
    case = register(staff.clerk, staff)
    advance(staff, case.id, "concluded")
    m = _route(staff.clerk, petition_id=case.id)
    assert (m.steps[-1].route, m.steps[-1].name, m.state) == ("petition", "信访答复", "open")
    assert m.steps[-1].due_on is not None and "镇综治办" in m.steps[-1].reason
    advance(staff, case.id, "closed")
    m = _route(staff.clerk, petition_id=case.id)
    assert m.state == "closed" and "回访满意" in m.outcome
    review = pt.request_review(staff.clerk.uow(), case_id=case.id, reason="对答复不服，申请复查")
    r = _route(staff.clerk, petition_id=review.id)
    assert r.code == m.code and r.state == "open" and r.closed_at is None
    assert (r.steps[-1].route, r.steps[-1].name) == ("review", "复查")
    assert "对答复不服" in r.steps[-1].reason and r.steps[-1].due_on == review.due_on
    advance(staff, review.id, "closed")
    done = _route(staff.clerk, petition_id=review.id)
    assert done.state == "closed" and review.case_no in done.outcome
    assert [x.name for x in done.steps] == ["信访受理", "信访答复", "复查", "复查答复"]


def test_a_follow_up_visit_concludes_the_matter_once_nothing_is_pending(ctx, s, mediator, clock):
    d = register_dispute(ctx, s, [applicant("李明", n=1), respondent("赵强", n=3)])
    _agree(mediator, d.id)
    visit = dict(dispute_id=d.id, method="phone", visitor="张国华", performance="已拆除越界院墙",
                 satisfaction="satisfied")
    mediation.record_follow_up(mediator.uow(), visited_on=TODAY, **visit)
    assert _route(ctx, dispute_id=d.id).state == "open"  # the parties may still apply to the court
    clock.advance(days=31)
    mediation.record_follow_up(mediator.uow(), visited_on=TODAY + dt.timedelta(days=31), **visit)
    m = _route(ctx, dispute_id=d.id)
    assert m.state == "closed" and "回访" in m.outcome and m.steps[-1].name == "司法确认"
