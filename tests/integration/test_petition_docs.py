"""The data behind the petition documents: receipt, 受理告知书, 不予受理告知书 and 答复意见书 (with the notice
of the next review), on both databases."""

import datetime as dt

import pytest

from desktop.services import petitions as pt
from desktop.services.admin.settings import update_settings
from desktop.services.petitions import documents as docs
from tests.integration.test_petition_helpers import advance, make_staff, petitioner, register


@pytest.fixture
def staff(admin_ctx):
    return make_staff(admin_ctx)


def test_receipt_has_the_query_code_masked_numbers_and_the_acceptance_deadline(staff):
    case = register(staff.clerk, staff, people=[petitioner("张三"), petitioner("李四", seq=456, phone="0512-65551234")],
                    attachments=[pt.AttachmentInput("信件.jpg", b"jpeg bytes")])
    r = docs.receipt_data(staff.clerk.uow(), case_id=case.id)
    assert (r.case_no, r.query_code, r.received_at) == (case.case_no, case.query_code, case.received_at)
    assert r.center.name == "虎丘镇一站式综合服务中心"
    assert [(p.name, p.id_number_masked, p.phone_masked) for p in r.petitioners] == [
        ("张三", "3205**********1239", "138****5678"), ("李四", "3205**********4560", "0512-****1234")]
    assert (r.domain, r.attachments, r.registered_by) == ("综治维稳", ("信件.jpg",), "王芳")
    assert (r.notice_days, r.accept_due_on) == (15, dt.date(2026, 12, 7))
    with pytest.raises(docs.DocumentNotAvailable) as err:
        docs.acceptance_notice_data(staff.clerk.uow(), case_id=case.id)
    assert err.value.document == "acceptance_notice"
    with pytest.raises(docs.DocumentNotAvailable):
        docs.reply_data(staff.clerk.uow(), case_id=case.id)


def test_acceptance_notice_names_the_department_and_the_deadline(staff, clock):
    case = register(staff.clerk, staff)
    clock.advance(days=3)
    advance(staff, case.id, "assigned")
    n = docs.acceptance_notice_data(staff.clerk.uow(), case_id=case.id)
    view = pt.get_case(staff.clerk.uow(), case_id=case.id)
    assert (n.accepted_on, n.received_on, n.department) == (dt.date(2026, 11, 23), dt.date(2026, 11, 20),
                                                           view.department)
    assert (n.conclude_due_on, n.conclude_days, n.issuing_body) == (dt.date(2027, 1, 22), 60,
                                                                   "虎丘镇一站式综合服务中心")
    assert n.document_no == "虎信受告〔2026〕1号"


def test_rejection_notice_carries_reason_basis_and_advice(staff):
    case = register(staff.clerk, staff)
    pt.refuse_petition(staff.clerk.uow(), case_id=case.id, version=None, reason="已经人民法院受理",
                       basis="《信访工作条例》第三十一条", advice="请向虎丘区人民法院了解进展")
    n = docs.rejection_notice_data(staff.clerk.uow(), case_id=case.id)
    assert (n.reason, n.basis, n.advice, n.issued_on) == ("已经人民法院受理", "《信访工作条例》第三十一条",
                                                          "请向虎丘区人民法院了解进展", dt.date(2026, 11, 20))
    assert [p.name for p in n.petitioners] == ["张三"]
    assert n.document_no == "虎信不受〔2026〕1号"


def test_reply_always_tells_how_long_the_next_review_may_be_requested(staff, admin_ctx):
    update_settings(admin_ctx.uow(), values={"petition_review_body": "虎丘区人民政府", "petition_recheck_body": "苏州市人民政府"})
    case = register(staff.clerk, staff)
    advance(staff, case.id, "concluded")
    r = docs.reply_data(staff.clerk.uow(), case_id=case.id)
    assert (r.kind, r.next_remedy, r.remedy_days, r.remedy_due_on) == ("petition", "review", 30,
                                                                        dt.date(2026, 12, 21))
    assert (r.document_no, r.remedy_body, r.accepted_on) == ("虎信答〔2026〕1号", "虎丘区人民政府",
                                                             dt.date(2026, 11, 20))
    assert (r.facts, r.basis, r.issuing_body, r.issued_on) == ("经核查，噪音属实", "《环境噪声污染防治法》",
                                                               "镇综治办", dt.date(2026, 11, 20))
    assert r.decisions == (pt.Decision("要求工厂夜间停工", "支持，已责令整改"),)
    review = pt.request_review(staff.clerk.uow(), case_id=case.id, reason="不服答复")
    advance(staff, review.id, "concluded")
    r = docs.reply_data(staff.clerk.uow(), case_id=review.id)
    assert (r.kind, r.reviewed_case_no, r.next_remedy, r.remedy_days) == ("review", case.case_no, "recheck", 30)
    assert (r.document_no, r.remedy_body) == ("虎信复查〔2026〕2号", "苏州市人民政府")
    recheck = pt.request_review(staff.clerk.uow(), case_id=review.id, reason="不服复查意见")
    advance(staff, recheck.id, "concluded")
    r = docs.reply_data(staff.clerk.uow(), case_id=recheck.id)
    assert (r.kind, r.next_remedy, r.remedy_body, r.remedy_days, r.remedy_due_on) == ("recheck", None, "", None,
                                                                                       None)
