"""Every document rendered from its DTO and read back (pdftotext, pdffonts, pypdf): required fields present,
fonts embedded, rare characters intact, masking where the law asks for it, deterministic bytes, and typed
errors before anything is drawn."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from datetime import date, datetime, time

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from desktop.documents import layout, specimens
from desktop.documents.acceptance_notice import AcceptanceNotice, render_acceptance_notice
from desktop.documents.common import Party, mask_id, mask_phone
from desktop.documents.dispute_registration import render_dispute_registration
from desktop.documents.errors import InvalidData, MissingData
from desktop.documents.follow_up_record import render_follow_up_record
from desktop.documents.fonts import FontSet
from desktop.documents.layout import BODY, Kit, Section, render_document
from desktop.documents.mediation_agreement import AgreementTerm, render_mediation_agreement
from desktop.documents.mediation_record import Utterance, render_mediation_record
from desktop.documents.non_acceptance_notice import render_non_acceptance_notice
from desktop.documents.petition_receipt import render_petition_receipt
from desktop.documents.reply_opinion import render_reply_opinion, review_notice
from desktop.documents.room_schedule import ScheduledSession, render_room_schedule
from desktop.documents.ticket import TicketSlip, render_ticket
from desktop.documents.typography import CANNOT_END, CANNOT_START

POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdffonts) not installed")


# --- reading PDFs back -----------------------------------------------------------------------------------
def pdf_pages(data: bytes) -> list[str]:
    """The text of every page (pdftotext, reading order)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)
    pages = out.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_text(data: bytes) -> str:
    return "\n".join(pdf_pages(data))


def without_footers(pages: list[str]) -> str:
    """The pages joined without their «第 X 页 共 Y 页» lines (which sit between a page's last line and the
    next page's first)."""
    return "".join(re.sub(r"第 ?\d+ ?页 ?共 ?\d+ ?页", "", p) for p in pages)


def has_page_number(page: str, number: int, total: int) -> bool:
    return f"第{number}页共{total}页" in squeeze(page)


def squeeze(text: str) -> str:
    """Text without line breaks or spaces, to find a sentence that wrapped."""
    return re.sub(r"\s+", "", text)


def pdf_fonts(data: bytes) -> list[dict]:
    out = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True).stdout.decode()
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type... emb sub uni object ID: the last five columns are fixed
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def assert_fonts_embedded(data: bytes) -> list[dict]:
    rows = pdf_fonts(data)
    assert rows, "no fonts at all"
    for r in rows:
        assert (r["emb"], r["sub"], r["uni"]) == ("yes", "yes", "yes"), r
    return rows


@pytest.fixture(scope="module")
def fonts():
    return FontSet(prefer_system=False)


def with_rare(rows) -> bool:
    return any("HanaMin" in r["name"] for r in rows)


# --- the ticket ------------------------------------------------------------------------------------------
@needs_poppler
def test_ticket(fonts):
    slip = TicketSlip(center_name="虎山镇一站式综合服务中心", number="A012", service_name="综合受理", waiting_ahead=5,
                      issued_at=datetime(2026, 11, 20, 10, 3, 15), priority=True, appointment=True)
    data = render_ticket(slip, fonts=fonts)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(80 * mm, abs=0.01)
    assert 60 * mm < float(box.height) < 140 * mm  # fitted to the content, not a whole page
    text = pdf_text(data)
    for needle in ("虎山镇一站式综合服务中心", "A012", "综合受理", "您前面还有 5 人等候", "2026年11月20日 10:03:15",
                   "绿色通道", "预约", "不记载任何个人信息"):
        assert needle in text, needle
    assert_fonts_embedded(data)
    assert render_ticket(slip, fonts=fonts) == data  # same slip, same bytes


@needs_poppler
def test_ticket_with_nobody_waiting_and_a_long_number(fonts):
    slip = TicketSlip("中心", "B1234567890", "信访接待", 0, datetime(2026, 11, 20, 8, 30))
    data = render_ticket(slip, fonts=fonts)
    text = pdf_text(data)
    assert "您前面没有人等候" in text and "B1234567890" in text and "绿色通道" not in text
    assert page_count(data) == 1


def test_ticket_refuses_bad_slips(fonts):
    with pytest.raises(MissingData) as e:
        render_ticket(TicketSlip("", "A001", " ", 0, datetime(2026, 11, 20, 9, 0)), fonts=fonts)
    assert e.value.missing == ["center_name", "service_name"]
    with pytest.raises(InvalidData) as e:
        render_ticket(TicketSlip("中心", "A001", "综合受理", -1, datetime(2026, 11, 20, 9, 0)), fonts=fonts)
    assert (e.value.field, e.value.reason) == ("waiting_ahead", "negative")


# --- petitions -------------------------------------------------------------------------------------------
@needs_poppler
def test_petition_receipt_masks_personal_information(fonts):
    r = specimens.petition_receipt()
    data = render_petition_receipt(r, fonts=fonts)
    text = pdf_text(data)
    assert mask_id(r.petitioner.id_number) in text and r.petitioner.id_number not in squeeze(text)
    assert mask_phone(r.petitioner.phone) in text and r.petitioner.phone not in squeeze(text)
    assert mask_id(r.petitioner.id_number) == r.petitioner.id_number[:4] + "*" * 10 + r.petitioner.id_number[-4:]
    for needle in (r.registration_no, r.query_code, r.office, "王秀英等12人", "15日内", "走访", r.clerk):
        assert needle in squeeze(text), needle
    assert page_count(data) == 1
    assert_fonts_embedded(data)


@needs_poppler
@pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbar-tools (zbarimg) not installed")
def test_receipt_qr_code_scans_to_the_query_url(fonts, tmp_path):
    r = dataclasses.replace(specimens.petition_receipt(), matter_code="")  # a case without a matter
    (tmp_path / "r.pdf").write_bytes(render_petition_receipt(r, fonts=fonts))
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(tmp_path / "r.pdf"), str(tmp_path / "r")],
                   check=True)
    out = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "r.png")], capture_output=True, text=True)
    assert out.stdout.strip() == r.query_url


def test_qr_code_matches_reportlabs_encoder():
    from reportlab.graphics.barcode.qr import QrCodeWidget

    payload = "https://example.gov.cn/q?c=HX7K29QD"
    qr = layout.qr_code(payload, 30 * mm)
    widget = QrCodeWidget(payload, barLevel="M")
    widget.qr.make()
    assert qr.modules == [[bool(m) for m in row] for row in widget.qr.modules]
    assert qr.wrap(500, 500) == (pytest.approx(30 * mm), pytest.approx(30 * mm))


@needs_poppler
def test_acceptance_and_non_acceptance_notices(fonts):
    n = specimens.acceptance_notice()
    text = squeeze(pdf_text(render_acceptance_notice(n, fonts=fonts)))
    for needle in ("信访事项受理告知书", n.document_no, "王秀英等12人：", "2026年11月24日决定予以受理", n.handling_body,
                   "2027年1月23日前办结", n.office, "60日内办结"):
        assert needle in text, needle
    m = specimens.non_acceptance_notice()
    data = render_non_acceptance_notice(m, fonts=fonts)
    text = squeeze(pdf_text(data))
    for needle in ("信访事项不予受理告知书", m.document_no, "刘德明：", "本机关决定不予受理", "提起上诉或者申请再审",
                   "2026年11月25日"):
        assert needle in text, needle
    assert_fonts_embedded(data)


def test_acceptance_notice_dates_must_follow_each_other(fonts):
    n = dataclasses.replace(specimens.acceptance_notice(), conclude_by=date(2026, 11, 1))
    with pytest.raises(InvalidData) as e:
        render_acceptance_notice(n, fonts=fonts)
    assert e.value.field == "conclude_by"


@needs_poppler
def test_reply_opinion_always_carries_the_review_notice(fonts):
    r = specimens.reply_opinion()
    data = render_reply_opinion(r, fonts=fonts)
    text = squeeze(pdf_text(data))
    assert squeeze("如对本答复意见不服，可以自收到本意见书之日起30日内向苏州市虎山区人民政府请求复查。") in text
    assert review_notice("某县人民政府") == "如对本答复意见不服，可以自收到本意见书之日起30日内向某县人民政府请求复查。"
    for d in r.decisions:
        assert squeeze(d.request) in text and squeeze(d.decision) in text
    for needle in (r.document_no, r.office, "2026年12月10日", "查明的事实", "处理依据", "处理意见"):
        assert needle in text, needle
    assert r.petitioners[0].id_number not in text  # a reply does not need the ID number


def test_reply_without_review_body_is_refused(fonts):
    r = dataclasses.replace(specimens.reply_opinion(), review_body="", decisions=())
    with pytest.raises(MissingData) as e:
        render_reply_opinion(r, fonts=fonts)
    assert e.value.missing == ["decisions", "review_body"]


# --- mediation -------------------------------------------------------------------------------------------
@needs_poppler
def test_registration_form_prints_ids_in_full_and_rare_names(fonts):
    r = specimens.dispute_registration()
    data = render_dispute_registration(r, fonts=fonts)
    text = squeeze(pdf_text(data))
    for p in r.parties:
        assert p.id_number in text and p.name in text and p.address in text
    assert "陈𠮷林" in text and "李䶮" in text
    for needle in (r.case_number, r.committee, "纠纷简要情况", "邻里纠纷", "刘明华、吴静"):
        assert needle in text, needle
    assert with_rare(assert_fonts_embedded(data))


@needs_poppler
def test_long_registration_summary_flows_onto_more_pages(fonts):
    summary = "".join(f"第{i}段：申请人称双方因宅基地边界、排水和通行问题多次发生争执，村委会曾组织协商。" for i in range(1, 90))
    r = dataclasses.replace(specimens.dispute_registration(), summary=summary)
    data = render_dispute_registration(r, fonts=fonts)
    pages = pdf_pages(data)
    assert len(pages) >= 3
    text = squeeze(without_footers(pages))
    assert squeeze(summary) in text  # nothing lost across the page breaks
    for i, page in enumerate(pages, start=1):
        assert has_page_number(page, i, len(pages))


@needs_poppler
def test_long_record_flows_across_many_pages(fonts):
    record = specimens.long_mediation_record(20)
    data = render_mediation_record(record, fonts=fonts)
    pages = pdf_pages(data)
    assert len(pages) >= 18
    for i, page in enumerate(pages, start=1):
        assert "当事人（签名）：" in page  # each page of a record is signed
        assert has_page_number(page, i, len(pages))
    text = squeeze(without_footers(pages).replace("当事人（签名）：", ""))
    pos = 0
    for e in record.entries:  # every turn, in order
        found = text.find(squeeze(e.text), pos)
        assert found >= 0, e.text[:20]
        pos = found
    assert "记录人吴静（签名）：" in text


def test_record_needs_its_turns(fonts):
    r = dataclasses.replace(specimens.mediation_record(), entries=(Utterance("调解员", ""),), mediators=())
    with pytest.raises(MissingData) as e:
        render_mediation_record(r, fonts=fonts)
    assert e.value.missing == ["mediators", "entries[0].text"]


@needs_poppler
def test_agreement_copies_are_marked_and_numbered_each(fonts):
    a = specimens.mediation_agreement()
    data = render_mediation_agreement(a, fonts=fonts)
    pages = pdf_pages(data)
    marks = ["申请人陈𠮷林存", "被申请人李䶮存", "调解委员会存"]
    per_copy = len(pages) // 3
    assert per_copy * 3 == len(pages)
    for k, mark in enumerate(marks):
        copy = pages[k * per_copy:(k + 1) * per_copy]
        for i, page in enumerate(copy, start=1):
            assert mark in page and has_page_number(page, i, per_copy)
            assert not any(m in page for m in marks if m != mark)
        text = squeeze(without_footers(copy).replace(mark, ""))
        assert "本协议书一式三份，当事人各执一份，人民调解委员会留存一份。" in text
        for p in a.parties:  # 第二十九条 (一): basic information, ID in full
            assert p.id_number in text and p.address in text
            assert f"{p.side_label}{p.name}（签名、盖章或按指印）：" in text
        for needle in ("纠纷主要事实", "争议事项", "各方责任", squeeze(a.facts[:30]), squeeze(a.responsibilities[:30])):
            assert needle in text, needle
        for i, t in enumerate(a.terms, start=1):  # 第二十九条 (三): terms with how and by when
            assert f"{i}．" in text and squeeze(t.method) in text
        assert "履行期限：2026年11月30日前" in text
        assert "人民调解员刘明华（签名）：" in text and "虎山镇人民调解委员会（盖章）" in text
        assert "三十日内共同向人民法院申请司法确认" in text


@needs_poppler
def test_agreement_with_three_parties_prints_four_copies(fonts):
    base = specimens.mediation_agreement()
    a = dataclasses.replace(base, parties=(*base.parties, specimens.COMPANY_PARTY))
    pages = pdf_pages(render_mediation_agreement(a, fonts=fonts))
    text = squeeze("".join(pages))
    assert "本协议书一式四份" in text
    assert "被申请人苏州虎山建设工程有限公司存" in text
    assert "法定代表人（主要负责人）赵建国" in text and "91320583MA1XYZ8K2Q" in text


def test_agreement_lacking_required_items_is_refused_before_drawing(fonts, monkeypatch):
    drawn = []
    monkeypatch.setattr("desktop.documents.mediation_agreement.build_pdf", lambda *a, **k: drawn.append(1))
    base = specimens.mediation_agreement()
    bad = dataclasses.replace(
        base, responsibilities="  ",
        parties=(base.parties[0], dataclasses.replace(base.parties[1], id_number=None, address="")),
        terms=(AgreementTerm("赔偿五千元。", "", date(2026, 12, 1)), AgreementTerm("道歉。", "当面", "")))
    with pytest.raises(MissingData) as e:
        render_mediation_agreement(bad, fonts=fonts)
    assert e.value.missing == ["responsibilities", "parties[1].id_number", "parties[1].address", "terms[0].method",
                               "terms[1].due"]
    assert e.value.document == "mediation_agreement"
    assert drawn == []
    with pytest.raises(InvalidData):
        render_mediation_agreement(dataclasses.replace(base, parties=base.parties[:1]), fonts=fonts)


@needs_poppler
def test_follow_up_record(fonts):
    r = specimens.follow_up_record()
    data = render_follow_up_record(r, fonts=fonts)
    text = squeeze(pdf_text(data))
    for needle in ("人民调解回访记录", r.case_number, "上门回访", "陈𠮷林（申请人）", "协议已全部履行", "☑满意",
                   mask_phone(r.interviewee_phone)):
        assert needle in text, needle
    assert r.interviewee_phone not in text
    with pytest.raises(MissingData) as e:
        render_follow_up_record(dataclasses.replace(r, performance=None), fonts=fonts)
    assert e.value.missing == ["performance"]
    with pytest.raises(InvalidData):
        render_follow_up_record(dataclasses.replace(r, satisfaction="很好"), fonts=fonts)


@needs_poppler
def test_room_schedule_repeats_its_header_on_every_page(fonts):
    s = specimens.room_schedule()
    data = render_room_schedule(s, fonts=fonts)
    text = squeeze(pdf_text(data))
    for needle in ("人民调解室一", "2026年11月20日", "星期五", "09:00—10:40", "邻里纠纷调解", "（2026）虎调字第015号"):
        assert needle in text, needle
    assert "陈𠮷林" not in text  # a door sign names no party
    many = dataclasses.replace(s, sessions=tuple(
        ScheduledSession(time(8 + i // 6, (i % 6) * 10), time(8 + i // 6, (i % 6) * 10 + 9), f"第{i + 1}场调解", "刘明华")
        for i in range(60)))
    pages = pdf_pages(render_room_schedule(many, fonts=fonts))
    assert len(pages) >= 2
    for page in pages:
        assert "时间" in page and "事项" in page and "主持" in page
    assert all(f"第{i + 1}场调解" in "".join(pages) for i in range(60))
    empty = squeeze(pdf_text(render_room_schedule(dataclasses.replace(s, sessions=()), fonts=fonts)))
    assert "今日暂无安排" in empty
    with pytest.raises(InvalidData):
        render_room_schedule(dataclasses.replace(s, sessions=(ScheduledSession(time(10), time(9), "调解", "刘"),)),
                             fonts=fonts)


# --- typography read back from the PDF ---------------------------------------------------------------------
@needs_poppler
def test_no_line_in_the_pdf_starts_or_ends_with_a_forbidden_mark(fonts):
    # 28 characters fill a body line; each paragraph puts a mark exactly where a plain break would fall.
    paragraphs = []
    for mark in "，。、；：！？）》」』”’":
        paragraphs.append("甲" * 26 + "乙" + mark + "丙" * 10)  # mark would be the 1st char of line 2 (indent 2)
    for mark in "（《「『“‘":
        paragraphs.append("甲" * 25 + mark + "丙" * 10)  # mark would be the 26th, last char of line 1
    kit = Kit(fonts)
    data = render_document([kit.p(t, BODY) for t in paragraphs], title="禁则", created_at=date(2026, 11, 20),
                           fonts=fonts, section=Section("t", page_numbers=False))
    lines = [ln.strip() for ln in pdf_text(data).splitlines() if ln.strip()]
    assert len(lines) == 2 * len(paragraphs)
    for ln in lines:
        assert ln[0] not in CANNOT_START, ln
        assert ln[-1] not in CANNOT_END, ln
    assert squeeze("".join(lines)) == squeeze("".join(paragraphs))


@needs_poppler
def test_body_text_has_28_characters_a_line(fonts):
    kit = Kit(fonts)
    text = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈" * 2
    data = render_document([kit.p(text, BODY.derive(indent_chars=0))], title="t", created_at=date(2026, 11, 20),
                           fonts=fonts, section=Section("t", page_numbers=False))
    lines = [ln for ln in pdf_text(data).splitlines() if ln.strip()]
    assert [len(ln) for ln in lines[:-1]] == [28] * (len(lines) - 1)


# --- output properties -------------------------------------------------------------------------------------
@needs_poppler
@pytest.mark.parametrize("name", ["petition_receipt", "acceptance_notice", "non_acceptance_notice", "reply_opinion",
                                  "dispute_registration", "mediation_record", "mediation_agreement",
                                  "follow_up_record", "room_schedule"])
def test_every_document_is_deterministic_and_embeds_its_fonts(fonts, name):
    import desktop.documents as pkg

    module = __import__(f"{pkg.__name__}.{name}", fromlist=["x"])
    render = getattr(module, f"render_{name}")
    dto = getattr(specimens, name)()
    first = render(dto, fonts=fonts)
    assert first.startswith(b"%PDF-")
    assert render(dto, fonts=fonts) == first
    rows = assert_fonts_embedded(first)
    assert not any(r["name"] in ("Helvetica", "Times-Roman", "Courier") for r in rows)
    info = PdfReader(io.BytesIO(first)).metadata
    assert info.get("/Creator") == "OneStop"
    assert str(info.get("/CreationDate", "")).startswith("D:2026")  # the document's own date, not the clock


def test_creation_date_comes_from_the_content(fonts):
    slip = specimens.ticket()
    data = render_ticket(slip, fonts=fonts)
    assert b"D:20261120094127" in data
    later = render_ticket(dataclasses.replace(slip, issued_at=datetime(2026, 11, 21, 9, 41, 27)), fonts=fonts)
    assert b"D:20261121094127" in later


def test_masking_helpers():
    assert mask_id("11010519491231002X") == "1101**********002X"
    assert mask_id("3201**********1234") == "3201**********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0512-57680012") == "*********0012"
    assert mask_id(None) == "" and mask_phone("") == ""


def test_party_kinds_need_different_items(fonts):
    org = Party(name="某公司", kind="organisation", side="respondent", address="工业园8号")
    base = specimens.mediation_agreement()
    with pytest.raises(MissingData) as e:
        render_mediation_agreement(dataclasses.replace(base, parties=(base.parties[0], org)), fonts=fonts)
    assert e.value.missing == ["parties[1].representative"]


def test_acceptance_notice_dto_is_frozen():
    n = specimens.acceptance_notice()
    assert isinstance(n, AcceptanceNotice)
    with pytest.raises(dataclasses.FrozenInstanceError):
        n.office = "x"  # type: ignore[misc]


def test_documents_render_the_same_from_several_threads(fonts):
    """Documents are rendered in a thread pool: concurrent renders must not disturb each other's fonts."""
    from concurrent.futures import ThreadPoolExecutor

    jobs = [
        (render_mediation_agreement, specimens.mediation_agreement()),
        (render_dispute_registration, specimens.dispute_registration()),
        (render_petition_receipt, specimens.petition_receipt()),
        (render_ticket, specimens.ticket()),
    ] * 3
    expected = [fn(dto, fonts=fonts) for fn, dto in jobs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda job: job[0](job[1], fonts=fonts), jobs))
    assert got == expected
