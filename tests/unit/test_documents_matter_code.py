"""The matter code on paper (一案一码): the receipt, 受理告知书, 调解协议书, case-file cover and a ticket of a visit
with a matter print the code as text (pdftotext) and as a QR code that zbar decodes to exactly the code; a
document without a matter prints no code and no extra QR; the case file prints the matter's route map; the
ESC/POS ticket sends the printer's QR command with the code."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from desktop.documents import specimens
from desktop.documents.acceptance_notice import render_acceptance_notice
from desktop.documents.case_file import render_case_file
from desktop.documents.fonts import FontSet
from desktop.documents.mediation_agreement import copy_marks, render_mediation_agreement
from desktop.documents.petition_receipt import render_petition_receipt
from desktop.documents.route_map import RouteStep, days_text, overdue
from desktop.documents.ticket import render_ticket
from desktop.documents.ticket_escpos import ENCODING, qr_payload, render_ticket_escpos
from tests.unit.test_documents import needs_poppler, pdf_pages, squeeze

needs_zbar = pytest.mark.skipif(not shutil.which("zbarimg") or not shutil.which("pdftoppm"),
                                reason="zbar-tools (zbarimg) or poppler-utils (pdftoppm) not installed")
GS = b"\x1d"


@pytest.fixture(scope="module")
def fonts():
    return FontSet(prefer_system=False)


def qr_codes(data: bytes, page: int, folder: Path) -> list[str]:
    """What a scanner reads off ``page`` (1-based) printed at 150 dpi: every QR code's text."""
    pdf, png = folder / f"p{page}.pdf", folder / f"p{page}"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(png)], check=True)
    out = subprocess.run(["zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", f"{png}.png"],
                         capture_output=True, text=True)
    return [line for line in out.stdout.splitlines() if line.strip()]


@needs_poppler
@needs_zbar
@pytest.mark.parametrize("document", ["receipt", "acceptance_notice", "ticket"])
def test_the_code_prints_as_text_and_as_a_qr_code_holding_just_the_code(document, fonts, tmp_path):
    code = specimens.PETITION_MATTER_CODE
    data = {"receipt": lambda: render_petition_receipt(specimens.petition_receipt(), fonts=fonts),
            "acceptance_notice": lambda: render_acceptance_notice(specimens.acceptance_notice(), fonts=fonts),
            "ticket": lambda: render_ticket(dataclasses.replace(specimens.ticket(), matter_code=code), fonts=fonts),
            }[document]()
    text = squeeze(pdf_pages(data)[0])
    assert "事项编码" in text and code in text
    assert qr_codes(data, 1, tmp_path) == [code]  # the page's only QR code: the receipt's query QR gives way


@needs_poppler
@needs_zbar
def test_every_copy_of_the_agreement_carries_the_code(fonts, tmp_path):
    a = specimens.mediation_agreement()
    data = render_mediation_agreement(a, fonts=fonts)
    pages = pdf_pages(data)
    firsts = [i for i, p in enumerate(pages, start=1) if "人民调解协议书" in squeeze(p)]
    assert len(firsts) == len(copy_marks(a)) == 3
    for page in firsts:
        assert specimens.MATTER_CODE in squeeze(pages[page - 1])
        assert qr_codes(data, page, tmp_path) == [specimens.MATTER_CODE]
    assert specimens.MATTER_CODE not in squeeze(pages[firsts[0]])  # the mark is on each copy's first page only


@needs_poppler
@needs_zbar
def test_without_a_matter_nothing_is_added(fonts, tmp_path):
    receipt = dataclasses.replace(specimens.petition_receipt(), matter_code="")
    data = render_petition_receipt(receipt, fonts=fonts)
    assert "事项编码" not in squeeze(pdf_pages(data)[0])
    assert qr_codes(data, 1, tmp_path) == [receipt.query_url]  # the receipt's own QR code as before
    for data in (render_acceptance_notice(dataclasses.replace(specimens.acceptance_notice(), matter_code=""),
                                          fonts=fonts),
                 render_mediation_agreement(dataclasses.replace(specimens.mediation_agreement(), matter_code=""),
                                            fonts=fonts),
                 render_ticket(specimens.ticket(), fonts=fonts)):
        assert "事项编码" not in squeeze(pdf_pages(data)[0])
        assert qr_codes(data, 1, tmp_path) == []


@needs_poppler
@needs_zbar
def test_case_file_cover_carries_the_code_and_the_volume_prints_the_route_map(fonts, tmp_path):
    c = specimens.petition_case_file()
    result = render_case_file(c, fonts=fonts)
    pages = pdf_pages(result.data)
    cover = squeeze(pages[0])
    assert "事项编码" in cover and c.matter_code in cover
    assert qr_codes(result.data, 1, tmp_path) == [c.matter_code]
    row = next(r for r in result.toc if r.title == "事项路线图")
    assert row.doc_no == c.matter_code and row.first_page == row.last_page
    titles = [r.title for r in result.toc]
    assert titles.index("事项路线图") == titles.index("附件清单") - 1  # after the documents, before the list
    route = squeeze(pages[1 + row.first_page])  # cover and 目录 come before the volume's page 1
    assert route.startswith(str(row.first_page)) and "事项路线图" in route and c.matter_code in route
    for step in c.route:
        assert squeeze(step.name) in route and squeeze(step.handler) in route and squeeze(step.reason) in route
    for needle in ("2026.11.20", "09:48", "15:30", "不足1天", "4.2天", "22天", "2027.01.23"):
        assert needle in route, needle
    assert "超期" not in route


@needs_poppler
def test_a_case_without_a_matter_has_no_route_map_and_no_code(fonts):
    c = specimens.case_file()
    documents = tuple(dataclasses.replace(d, matter_code="") if hasattr(d, "matter_code") else d for d in c.documents)
    c = dataclasses.replace(c, matter_code="", route=(), documents=documents)
    result = render_case_file(c, fonts=fonts)
    assert "事项路线图" not in [r.title for r in result.toc]
    text = squeeze("".join(pdf_pages(result.data)))
    assert "事项编码" not in text and "事项路线图" not in text


@needs_poppler
def test_an_open_step_runs_to_the_compiling_date_and_a_late_one_says_so(fonts):
    late = RouteStep("人民调解", "调解受理", "虎山镇人民调解委员会", datetime(2026, 11, 16, 10, 0), None, 32.1,
                     date(2026, 12, 16), "双方同意调解")
    c = dataclasses.replace(specimens.case_file(), route=(late,))
    assert overdue(late, c.compiled_on) and not overdue(late, date(2026, 12, 16))
    result = render_case_file(c, fonts=fonts)
    row = next(r for r in result.toc if r.title == "事项路线图")
    route = squeeze(pdf_pages(result.data)[1 + row.first_page])
    assert "办理中" in route and "32天" in route and "（超期）" in route and "2026年12月18日" in route


def test_days_text():
    assert [days_text(d) for d in (0.02, 1.0, 2.46, 9.96, 10.4, 29.6)] == [
        "不足1天", "1天", "2.5天", "10天", "10天", "30天"]


def test_escpos_ticket_of_a_visit_with_a_matter_sends_the_code_as_its_qr_code():
    slip = dataclasses.replace(specimens.ticket(), matter_code=specimens.MATTER_CODE)
    data = render_ticket_escpos(slip)
    code = specimens.MATTER_CODE.encode()
    store = GS + b"(k" + (len(code) + 3).to_bytes(2, "little") + b"1P0" + code  # GS ( k: store the symbol data
    assert store in data and GS + b"(k\x03\x001Q0" in data  # and print it
    assert f"事项编码 {specimens.MATTER_CODE}".encode(ENCODING) in data
    assert qr_payload(slip).encode() not in data  # one QR code on the slip: the matter's
    plain = render_ticket_escpos(specimens.ticket())  # a kiosk ticket: no matter, the ticket's QR code as before
    assert "事项编码".encode(ENCODING) not in plain and qr_payload(specimens.ticket()).encode() in plain
