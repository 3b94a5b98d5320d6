"""The case file (卷宗): archive order, 目录 page numbers that match the real pages, attachments appended or listed
as not attached, SHA-256, and deterministic bytes."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import subprocess

import pytest
from pypdf import PdfReader, PdfWriter

from desktop.documents import specimens
from desktop.documents.case_file import ENCRYPTED, NO_PAGES, NOT_PDF, Attachment, render_case_file
from desktop.documents.errors import InvalidData, MissingData
from desktop.documents.fonts import FontSet
from desktop.documents.mediation_agreement import AgreementTerm
from tests.unit.test_documents import assert_fonts_embedded, needs_poppler, pdf_pages, squeeze


@pytest.fixture(scope="module")
def fonts():
    return FontSet(prefer_system=False)


def volume_number(page_text: str) -> str | None:
    """The running 页号 printed at the top right: the first line of the page's text."""
    first = next((ln.strip() for ln in page_text.splitlines() if ln.strip()), "")
    return first if first.isdigit() else None


def pdf_bytes(pages: int, label: str, rotate: int = 0) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        page = writer.add_blank_page(width=595, height=842)
        if rotate:
            page.rotate(rotate)
    buf = io.BytesIO()
    writer.add_metadata({"/Title": label})
    writer.write(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def long_case(fonts):
    base = specimens.case_file(record_pages=20)
    encrypted = PdfWriter()
    encrypted.add_blank_page(width=595, height=842)
    encrypted.encrypt("secret")
    buf = io.BytesIO()
    encrypted.write(buf)
    case = dataclasses.replace(base, attachments=(
        *base.attachments,  # a valid one-page PDF and a JPEG
        Attachment("调解现场平面图", pdf_bytes(2, "plan", rotate=90), "平面图.pdf", "吴静"),
        Attachment("加密的证据", buf.getvalue(), "evidence.pdf"),
        Attachment("损坏的文件", b"%PDF-1.7\n1 0 obj <<", "broken.pdf"),
        Attachment("空文件", b"", "empty.pdf"),
    ))
    return case, render_case_file(case, fonts=fonts)


@needs_poppler
def test_contents_page_numbers_match_the_real_pages(long_case):
    case, result = long_case
    pages = pdf_pages(result.data)
    assert len(pages) == result.pages == len(PdfReader(io.BytesIO(result.data)).pages)
    assert "人民调解案卷" in pages[0] and "卷内目录" in pages[1]
    assert volume_number(pages[0]) is None and volume_number(pages[1]) is None  # cover and 目录 unnumbered
    numbered = pages[2:]
    for i, page in enumerate(numbered, start=1):  # the running 页号 on every later page, attachments included
        assert volume_number(page) == str(i), (i, page[:60])
    record_rows = [r for r in result.toc if r.title.startswith("人民调解笔录")]
    assert record_rows and record_rows[0].last_page - record_rows[0].first_page + 1 >= 18
    contents = squeeze(pages[1])
    for row in result.toc:
        if row.first_page is None:
            continue
        printed = str(row.first_page) if row.first_page == row.last_page else f"{row.first_page}-{row.last_page}"
        assert printed in contents
        first = numbered[row.first_page - 1]
        if not row.title.startswith(("院墙维修报价单", "调解现场平面图")):
            assert squeeze(row.title)[:6] in squeeze(first), row  # the document starts on that page
            if row.last_page < len(numbered):
                assert squeeze(row.title)[:6] not in squeeze(numbered[row.last_page])  # and ends on its last one
    titles = [r.title for r in result.toc]
    assert titles[:6] == ["矛盾纠纷受理登记表", "人民调解笔录（第一次）", "人民调解协议书", "人民调解回访记录", "事项路线图",
                          "附件清单"]
    assert "本卷共" + str(len(numbered)) + "页" in squeeze(pages[0])


@needs_poppler
def test_attachments_are_appended_or_listed_as_not_attached(long_case):
    case, result = long_case
    reasons = {n.title: n.reason for n in result.not_attached}
    assert reasons == {"现场照片（院墙裂缝）": NOT_PDF, "加密的证据": ENCRYPTED, "损坏的文件": NOT_PDF, "空文件": NOT_PDF}
    rows = {r.title: r for r in result.toc}
    assert rows["现场照片（院墙裂缝）"].first_page is None and "不是有效的PDF文件" in rows["现场照片（院墙裂缝）"].note
    assert "文件已加密" in rows["加密的证据"].note
    pages = pdf_pages(result.data)
    quote = rows["院墙维修报价单"]
    assert quote.first_page == quote.last_page
    assert "院墙维修报价单" in pages[1 + quote.first_page] and "王金根" in pages[1 + quote.first_page]
    plan = rows["调解现场平面图"]
    assert plan.last_page - plan.first_page == 1 and plan.last_page == len(pages) - 2  # appended last
    listing = squeeze("".join(p for p in pages if "附件清单" in p))
    assert "未附入：不是有效的PDF文件" in listing and "未附入：文件已加密，无法读取" in listing
    reader = PdfReader(io.BytesIO(result.data))
    for n in range(plan.first_page, plan.last_page + 1):  # rotated pages are stamped upright
        page = reader.pages[1 + n]
        assert page.get("/Rotate", 0) == 0
        assert str(n) in page.extract_text()


def test_attachment_with_no_pages_is_not_attached(fonts):
    empty = PdfWriter()
    buf = io.BytesIO()
    empty.write(buf)
    case = dataclasses.replace(specimens.case_file(), attachments=(Attachment("空白PDF", buf.getvalue()),))
    result = render_case_file(case, fonts=fonts)
    assert [n.reason for n in result.not_attached] == [NO_PAGES]


def test_sha256_and_deterministic_bytes(long_case, fonts):
    case, result = long_case
    assert result.sha256 == hashlib.sha256(result.data).hexdigest()
    again = render_case_file(case, fonts=fonts)
    assert again.data == result.data and again.sha256 == result.sha256
    info = PdfReader(io.BytesIO(result.data)).metadata
    assert info["/CreationDate"] == "D:20261218000000"  # the compilation date, not the clock


@needs_poppler
def test_fonts_embedded_and_rare_names_survive(long_case):
    case, result = long_case
    rows = assert_fonts_embedded(result.data)
    assert any("HanaMin" in r["name"] for r in rows)
    text = "".join(pdf_pages(result.data))
    assert "陈𠮷林" in text and "李䶮" in text


@needs_poppler
def test_case_file_without_attachments_needs_no_rewrite(fonts):
    case = dataclasses.replace(specimens.case_file(), attachments=())
    result = render_case_file(case, fonts=fonts)
    assert result.not_attached == ()
    pages = pdf_pages(result.data)
    assert "本案无附件" in squeeze(pages[-1])
    assert result.toc[-1].title == "附件清单" and result.toc[-1].last_page == len(pages) - 2


def test_missing_data_inside_a_document_names_its_path(fonts):
    base = specimens.case_file()
    agreement = dataclasses.replace(base.documents[2], terms=(AgreementTerm("赔偿", "转账", ""),))
    bad = dataclasses.replace(base, handler="", documents=(base.documents[0], base.documents[1], agreement))
    with pytest.raises(MissingData) as e:
        render_case_file(bad, fonts=fonts)
    assert e.value.missing == ["handler", "documents[2].terms[0].due"]
    with pytest.raises(InvalidData) as e:
        render_case_file(dataclasses.replace(base, documents=("not a document",)), fonts=fonts)
    assert e.value.field == "documents[0]"


def _render_page(data: bytes, page: int, tmp_path, name: str):
    from PIL import Image

    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-cropbox", "-png", "-r", "30", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(tmp_path / name)], check=True)
    return Image.open(tmp_path / f"{name}.png").convert("L")


@needs_poppler
@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_attached_pages_look_as_they_do_on_their_own(fonts, tmp_path, rotate):
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=landscape(A4), invariant=1, initialFontName=fonts.primary("song"))
    canv.setFont(fonts.primary("hei"), 28)
    canv.drawString(80, 480, "现场平面图 PLAN")
    canv.rect(40, 40, 760, 515, fill=0)
    canv.rect(60, 60, 200, 120, fill=1)
    canv.showPage()
    canv.save()
    writer = PdfWriter()
    page = writer.add_page(PdfReader(io.BytesIO(buf.getvalue())).pages[0])
    if rotate:
        page.rotate(rotate)
    page.cropbox.lower_left = (20, 20)  # a visible box that does not start at the origin
    original = io.BytesIO()
    writer.write(original)
    case = dataclasses.replace(specimens.case_file(), attachments=(Attachment("平面图", original.getvalue()),))
    result = render_case_file(case, fonts=fonts)
    mine = _render_page(result.data, result.pages, tmp_path, "mine")
    theirs = _render_page(original.getvalue(), 1, tmp_path, "theirs")
    assert mine.size == theirs.size
    w, h = mine.size
    differing = 0
    for y in range(h):
        for x in range(w):
            if x > w * 0.75 and y < h * 0.12:
                continue  # the 页号 stamped at the top right
            if abs(mine.getpixel((x, y)) - theirs.getpixel((x, y))) > 60:
                differing += 1
    assert differing < 0.01 * w * h


@needs_poppler
def test_attachment_with_content_array_and_shared_resources(fonts):
    from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject

    source = specimens.attachment_pdf("第一页", ["共用字体的两页材料"], fonts)
    writer = PdfWriter()
    for page in list(PdfReader(io.BytesIO(source)).pages) * 2:  # the second page shares the first one's resources
        writer.add_page(page)
    extra = DecodedStreamObject()
    extra.set_data(b"0 0 1 rg 100 100 50 50 re f")
    first = writer.pages[0]
    first[NameObject("/Contents")] = ArrayObject([first.raw_get("/Contents"), writer._add_object(extra)])
    buf = io.BytesIO()
    writer.write(buf)
    case = dataclasses.replace(specimens.case_file(), attachments=(Attachment("两页材料", buf.getvalue()),))
    result = render_case_file(case, fonts=fonts)
    assert result.not_attached == ()
    pages = pdf_pages(result.data)
    assert len(pages) == result.pages
    assert "共用字体的两页材料" in pages[-2] and "共用字体的两页材料" in pages[-1]
