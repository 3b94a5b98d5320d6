"""The matter code on the papers the services print (一案一码), on both databases: the petition receipt, the
受理告知书, the 调解协议书 and the case file read the code through the case's matter and print it as text and
as a QR code holding just the code; the case file prints the matter's route map; a case stored without a
matter prints as before; a ticket carries the code only once its visit has a matter."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import update

from desktop.documents.ticket import render_ticket
from desktop.documents.ticket_escpos import ENCODING, render_ticket_escpos
from desktop.models import Petition
from desktop.services import case_files as cf
from desktop.services import matters, queue
from desktop.services import mediation as md
from desktop.services.admin import center
from desktop.services.errors import PermissionDenied
from desktop.services.petitions import documents as docs
from tests.conftest import sign_in
from tests.integration.test_agreements import _complete
from tests.integration.test_petition_helpers import advance, make_staff, register
from tests.mediation_support import PASSWORD, applicant, respondent, setup_mediation
from tests.mediation_support import register as register_dispute
from tests.unit.test_documents import needs_poppler, pdf_pages, squeeze
from tests.unit.test_documents_matter_code import needs_zbar, qr_codes


@pytest.fixture
def staff(admin_ctx):
    return make_staff(admin_ctx)


def code_of(staff, case_id: int) -> str:
    matter = matters.matter_of_case(staff.clerk.uow(), petition_id=case_id)
    assert matter is not None and matter.code.startswith("HS-")
    return matter.code


@needs_poppler
@needs_zbar
def test_receipt_and_acceptance_notice_carry_the_matter_code(staff, clock, tmp_path):
    case = register(staff.clerk, staff)
    code = code_of(staff, case.id)
    assert docs.receipt_data(staff.clerk.uow(), case_id=case.id).matter_code == code
    receipt = docs.document_pdf(staff.clerk.uow(), case_id=case.id, document="receipt")
    text = squeeze(pdf_pages(receipt)[0])
    assert code in text and case.query_code in text
    assert qr_codes(receipt, 1, tmp_path) == [code]
    clock.advance(days=2)
    advance(staff, case.id, "assigned")
    assert docs.acceptance_notice_data(staff.clerk.uow(), case_id=case.id).matter_code == code
    notice = docs.document_pdf(staff.clerk.uow(), case_id=case.id, document="acceptance_notice")
    assert code in squeeze(pdf_pages(notice)[0])
    assert qr_codes(notice, 1, tmp_path) == [code]


@needs_poppler
@needs_zbar
def test_case_file_cover_has_the_code_and_the_volume_the_route_map(staff, clock, tmp_path):
    case = register(staff.clerk, staff)
    clock.advance(days=3)
    advance(staff, case.id, "closed")
    code = code_of(staff, case.id)
    steps = matters.matter_of_case(staff.clerk.uow(), petition_id=case.id).steps
    data = cf.preview_case_file(staff.officer.uow(), case_kind="petition", case_id=case.id)
    pages = pdf_pages(data)
    assert "事项编码" in squeeze(pages[0]) and code in squeeze(pages[0])
    assert qr_codes(data, 1, tmp_path) == [code]
    assert "事项路线图" in squeeze(pages[1])  # listed in the 卷内目录
    route = next(squeeze(p) for p in pages[2:] if "事项路线图" in squeeze(p) and "办理环节" in squeeze(p))
    assert code in route and "信访" in route
    for step in steps:
        assert squeeze(step.name) in route, step.name
    assert "route" not in route and "petition" not in route  # routes in words, never their codes


@needs_poppler
@needs_zbar
def test_a_case_stored_without_a_matter_prints_as_before(staff, admin_ctx, clock, tmp_path):
    case = register(staff.clerk, staff)
    advance(staff, case.id, "closed")
    with admin_ctx.uow() as uow:
        uow.session.execute(update(Petition).where(Petition.id == case.id).values(matter_id=None))
        uow.commit()
    assert docs.receipt_data(staff.clerk.uow(), case_id=case.id).matter_code == ""
    receipt = docs.document_pdf(staff.clerk.uow(), case_id=case.id, document="receipt")
    assert "事项编码" not in squeeze(pdf_pages(receipt)[0])
    assert qr_codes(receipt, 1, tmp_path) == [case.query_code]  # the receipt's own QR code
    data = cf.preview_case_file(staff.officer.uow(), case_kind="petition", case_id=case.id)
    text = squeeze("".join(pdf_pages(data)))
    assert "事项编码" not in text and "事项路线图" not in text
    assert qr_codes(data, 1, tmp_path) == []


@needs_poppler
@needs_zbar
def test_every_copy_of_the_agreement_carries_the_disputes_matter_code(ctx, clock, tmp_path):
    s = setup_mediation(ctx)
    d = register_dispute(ctx, s, [applicant("李明", n=1), respondent("赵强", n=3)])
    mediator = sign_in(ctx, "mediator01", PASSWORD)
    code = matters.matter_of_case(mediator.uow(), dispute_id=d.id).code
    draft = _complete(mediator, md.draft_agreement(mediator.uow(), dispute_id=d.id))
    final = md.finalise_agreement(mediator.uow(), agreement_id=draft.id, version=draft.version,
                                  signed_on=clock.now().date())
    printed = md.agreement_print(mediator.uow(), agreement_id=final.id)
    pages = pdf_pages(printed.data)
    firsts = [i for i, p in enumerate(pages, start=1) if "人民调解协议书" in squeeze(p)]
    assert len(firsts) == len(printed.copies) == 3
    for page in firsts:
        assert code in squeeze(pages[page - 1])
        assert qr_codes(printed.data, page, tmp_path) == [code]


@needs_poppler
@needs_zbar
def test_a_ticket_carries_the_code_once_its_visit_has_a_matter(staff, admin_ctx, tmp_path):
    service = next(s for s in center.list_services(admin_ctx.uow()) if s.letter == "B")
    issued = queue.issue_ticket(admin_ctx.uow(), service_id=service.id)
    t = issued.ticket
    assert queue.ticket_matter_code(staff.clerk.uow(), day=t.day, number=t.number) == ""  # the kiosk's ticket
    assert queue.slip_for(issued, "虎丘镇一站式综合服务中心").matter_code == ""
    assert queue.matter_slip(staff.clerk.uow(), ticket=t) is None  # nothing to print again yet
    _, code = matters.register_window_matter(staff.clerk.uow(), service="法律咨询", summary="咨询劳动合同解除",
                                             ticket_id=t.id)
    assert queue.ticket_matter_code(staff.clerk.uow(), day=t.day, number=t.number) == code
    with pytest.raises(PermissionDenied):  # never read by ticket number where codes are not staff's to see
        queue.ticket_matter_code(admin_ctx.uow(), day=t.day, number=t.number)
    slip = queue.slip_for(issued, "虎丘镇一站式综合服务中心", matter_code=code)
    data = render_ticket(slip)
    assert code in squeeze(pdf_pages(data)[0]) and qr_codes(data, 1, tmp_path) == [code]
    assert f"事项编码 {code}".encode(ENCODING) in render_ticket_escpos(slip)
    again = queue.matter_slip(staff.clerk.uow(), ticket=t)  # what Ctrl+Shift+M prints at the window
    assert (again.number, again.matter_code, again.center_name) == (t.number, code, center.get_center(
        admin_ctx.uow()).name)
    assert "前面" not in squeeze(pdf_pages(render_ticket(again))[0])  # the visit is past the queue
    plain = render_ticket(dataclasses.replace(slip, matter_code=""))
    assert qr_codes(plain, 1, tmp_path) == [] and "事项编码" not in squeeze(pdf_pages(plain)[0])
