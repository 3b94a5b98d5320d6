"""The case file (卷宗) of a closed petition or mediation case, as one PDF in archive order:

1. 封面 (cover): case number, cause, parties, dates received and closed, handler, retention period, page count;
   the matter code (一案一码) as a line and as a QR code in the top margin, when the case has a matter;
2. 卷内目录: every document and attachment with its 页号 (the page numbers the volume prints at the top right);
3. the documents in the order given (registration, records of each step, agreement or reply, follow-up record);
4. 事项路线图 (desktop.documents.route_map), when the case has a matter: the steps of its route;
5. 附件清单: the attached files, then the attached PDFs themselves, their pages numbered on with the volume.

Each document keeps its own «第 X 页 共 Y 页»; the volume's running 页号 starts on the first document page (cover
and 目录 are not numbered, as in archive practice). The 目录's page numbers are filled in when the PDF is saved,
from the pages the layout actually produced, so they always match. An attachment that is not a readable PDF
is listed as not attached, with the reason, and the file is still built.

Returns the bytes and their SHA-256; storing the file and never regenerating it is the caller's business.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer
from reportlab.platypus.flowables import Flowable

from desktop.documents import (
    acceptance_notice,
    dispute_registration,
    follow_up_record,
    mediation_agreement,
    mediation_record,
    non_acceptance_notice,
    petition_receipt,
    reply_opinion,
    route_map,
)
from desktop.documents.common import Check, cn_date, short_date
from desktop.documents.errors import InvalidData, MissingData
from desktop.documents.fonts import FontSet, default_fonts
from desktop.documents.layout import (
    CELL,
    CELL_LABEL,
    GBT9704,
    SIHAO,
    WUHAO,
    DeferredText,
    DocCanvas,
    Kit,
    PageLog,
    PdfMeta,
    Section,
    SectionStart,
    as_datetime,
    build_pdf,
)
from desktop.documents.matter_code import code_mark
from desktop.documents.pdf_import import Importer, check_page, draw_page
from desktop.documents.typography import ParaStyle, Span

DOCUMENT = "case_file"
MEDIATION = "mediation"
PETITION = "petition"
COVER_TITLES = {MEDIATION: "人民调解案卷", PETITION: "信访事项案卷"}

# Why an attachment was left out (printed in the 目录 and the 附件清单).
NOT_PDF = "not_pdf"
ENCRYPTED = "encrypted"
NO_PAGES = "no_pages"
REASONS = {NOT_PDF: "不是有效的PDF文件", ENCRYPTED: "文件已加密，无法读取", NO_PAGES: "文件没有页面"}


@dataclass(frozen=True)
class _Kind:
    validate: Callable
    story: Callable[[object, Kit], list[Flowable]]
    toc: Callable
    footer_left: str | None = None
    header_right: str | None = None


KINDS: dict[type, _Kind] = {
    dispute_registration.DisputeRegistration: _Kind(dispute_registration.validate, dispute_registration.story,
                                                    dispute_registration.toc_entry),
    mediation_record.MediationRecord: _Kind(mediation_record.validate, mediation_record.story,
                                            mediation_record.toc_entry, footer_left=mediation_record.FOOTER),
    # the volume keeps the committee's copy
    mediation_agreement.MediationAgreement: _Kind(mediation_agreement.validate, mediation_agreement.story,
                                                  mediation_agreement.toc_entry,
                                                  header_right=mediation_agreement.COMMITTEE_COPY),
    follow_up_record.FollowUpRecord: _Kind(follow_up_record.validate, follow_up_record.story,
                                           follow_up_record.toc_entry),
    petition_receipt.PetitionReceipt: _Kind(petition_receipt.validate, petition_receipt.story,
                                            petition_receipt.toc_entry),
    acceptance_notice.AcceptanceNotice: _Kind(acceptance_notice.validate, acceptance_notice.story,
                                              acceptance_notice.toc_entry),
    non_acceptance_notice.NonAcceptanceNotice: _Kind(non_acceptance_notice.validate, non_acceptance_notice.story,
                                                     non_acceptance_notice.toc_entry),
    reply_opinion.ReplyOpinion: _Kind(reply_opinion.validate, reply_opinion.story, reply_opinion.toc_entry),
}

CaseDocument = (dispute_registration.DisputeRegistration | mediation_record.MediationRecord
                | mediation_agreement.MediationAgreement | follow_up_record.FollowUpRecord
                | petition_receipt.PetitionReceipt | acceptance_notice.AcceptanceNotice
                | non_acceptance_notice.NonAcceptanceNotice | reply_opinion.ReplyOpinion)


@dataclass(frozen=True)
class Attachment:
    """A file filed with the case: ``title`` (材料名称, e.g. 「工资欠条（复印件）」), ``data`` (the file's bytes as
    stored; a PDF is appended, anything else is listed as not attached), ``filename``, ``provided_by`` (提供人)
    and ``dated`` (the material's date)."""

    title: str
    data: bytes
    filename: str | None = None
    provided_by: str | None = None
    dated: date | None = None


@dataclass(frozen=True)
class CaseFile:
    """Fields: ``kind`` ("mediation" or "petition"); ``office`` (立卷单位); ``case_number``; ``cause`` (案由);
    ``parties`` (names as printed on the cover); ``received_on``/``closed_on``; ``handler`` (承办人);
    ``retention`` (保管期限: 永久, 30年, 10年 …); ``documents`` (the DTOs of the documents, in archive order);
    ``attachments``; ``compiled_on`` (立卷日期, also the PDF's creation date) and ``compiled_by`` (立卷人);
    ``matter_code`` and ``route`` (the matter's code and route steps; "" and () for a case without a matter)."""

    kind: str
    office: str
    case_number: str
    cause: str
    parties: tuple[str, ...]
    received_on: date
    closed_on: date
    handler: str
    retention: str
    documents: tuple[CaseDocument, ...]
    compiled_on: date
    compiled_by: str
    attachments: tuple[Attachment, ...] = ()
    matter_code: str = ""
    route: tuple[route_map.RouteStep, ...] = ()


@dataclass(frozen=True)
class TocRow:
    """A line of the 卷内目录 as printed: ``first_page``/``last_page`` are 页号 (None: not attached)."""

    number: int
    title: str
    doc_no: str
    issuer: str
    dated: date | None
    first_page: int | None
    last_page: int | None
    note: str = ""


@dataclass(frozen=True)
class NotAttached:
    title: str
    filename: str | None
    reason: str  # NOT_PDF, ENCRYPTED or NO_PAGES
    detail: str


@dataclass(frozen=True)
class CaseFilePdf:
    data: bytes
    sha256: str
    pages: int  # pages in the file (cover and 目录 included)
    toc: tuple[TocRow, ...]
    not_attached: tuple[NotAttached, ...]


def validate(c: CaseFile) -> None:
    """Checks the case file and every document in it; one MissingData names everything missing, with document
    fields as ``documents[2].terms[0].due``."""
    check = Check(DOCUMENT)
    check.require(c, "kind", "office", "case_number", "cause", "parties", "received_on", "closed_on", "handler",
                  "retention", "documents", "compiled_on", "compiled_by")
    for i, a in enumerate(c.attachments):
        check.require(a, "title", prefix=f"attachments[{i}].")
    for i, doc in enumerate(c.documents or ()):
        kind = KINDS.get(type(doc))
        if kind is None:
            raise InvalidData(field=f"documents[{i}]", reason="unknown", document=DOCUMENT)
        try:
            kind.validate(doc)
        except MissingData as exc:
            check.missing += [f"documents[{i}].{m}" for m in exc.missing]
        except InvalidData as exc:
            raise InvalidData(field=f"documents[{i}].{exc.field}", reason=exc.reason, document=DOCUMENT) from exc
    check.done()
    if c.kind not in COVER_TITLES:
        raise InvalidData(field="kind", reason="unknown", document=DOCUMENT)
    if c.closed_on < c.received_on:
        raise InvalidData(field="closed_on", reason="order", document=DOCUMENT)


# --- attachments ------------------------------------------------------------------------------------------
@dataclass
class _Inspected:
    attachment: Attachment
    reader: PdfReader | None
    pages: int
    reason: str | None = None
    detail: str = ""


def _inspect(a: Attachment) -> _Inspected:
    if b"%PDF-" not in a.data[:1024]:  # PDF readers accept the header within the first 1024 bytes
        return _Inspected(a, None, 0, NOT_PDF, "no %PDF- header")
    try:
        reader = PdfReader(io.BytesIO(a.data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    return _Inspected(a, None, 0, ENCRYPTED, "password required")
            except (PyPdfError, NotImplementedError, ValueError) as exc:
                return _Inspected(a, None, 0, ENCRYPTED, str(exc))
        pages = len(reader.pages)
        for page in reader.pages:  # read every page now, so that a broken one fails here, not half-way
            check_page(page)
        if pages == 0:
            return _Inspected(a, None, 0, NO_PAGES, "")
        return _Inspected(a, reader, pages)
    except Exception as exc:  # pypdf raises many kinds (PdfReadError, ValueError, KeyError…) on broken input
        return _Inspected(a, None, 0, NOT_PDF, f"{type(exc).__name__}: {exc}"[:200])


# --- the volume -------------------------------------------------------------------------------------------
TOC_STYLE = CELL.derive(size=WUHAO, leading=WUHAO * 1.5, align="left")
TOC_CENTER = TOC_STYLE.derive(align="center")
TOC_HEAD = CELL_LABEL.derive(size=WUHAO, leading=WUHAO * 1.5)
COVER_TITLE = ParaStyle(role="title", size=36, leading=52, align="center")
COVER_OFFICE = ParaStyle(role="hei", size=SIHAO + 4, leading=30, align="center")
PAGE_NUMBER = ParaStyle(role="song", size=SIHAO, leading=SIHAO * 1.2)


def _dated(value) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


class _Volume:
    """Builds the story and resolves page numbers when the PDF is saved."""

    def __init__(self, c: CaseFile, kit: Kit, inspected: list[_Inspected]):
        self.c = c
        self.kit = kit
        self.inspected = inspected
        self.entries: list[tuple[str, str, str, str, date | None, str]] = []  # key, title, no, issuer, date, note
        self.route_map = bool(c.matter_code.strip() and c.route)

    # page numbers --------------------------------------------------------------------------------------------
    def page_range(self, key: str, log: PageLog) -> tuple[int | None, int | None]:
        if key.startswith("att"):
            j = int(key[3:])
            ins = self.inspected[j]
            if ins.reader is None:
                return None, None
            start = len(log.volume_pages()) + 1 + sum(x.pages for x in self.inspected[:j] if x.reader is not None)
            return start, start + ins.pages - 1
        pages = [log.volume_number(p) for p in log.pages_of(key)]
        pages = [p for p in pages if p is not None]
        return (min(pages), max(pages)) if pages else (None, None)

    def total_pages(self, log: PageLog) -> int:
        return len(log.volume_pages()) + sum(x.pages for x in self.inspected if x.reader is not None)

    def resolve(self, key: str, log: PageLog) -> str:
        if key == "total":
            return f"本卷共 {self.total_pages(log)} 页"
        first, last = self.page_range(key, log)
        if first is None:
            return "—"
        return str(first) if first == last else f"{first}-{last}"

    def append_attachments(self, canv: DocCanvas, log: PageLog) -> None:
        """Draws the attached PDFs' pages after the laid-out ones, each with its 页号 at the top right."""
        number = len(log.volume_pages()) + 1
        style = PAGE_NUMBER.derive(align="right")
        for j, ins in enumerate(self.inspected):
            if ins.reader is None:
                continue
            importer = Importer(canv._doc, f"att{j}")
            for k, page in enumerate(ins.reader.pages):
                imported = importer.page(page, k)
                canv.setPageSize((imported.width, imported.height))
                draw_page(canv, imported)
                canv.text(str(number), style, 0, imported.height - 12 * mm, imported.width - 14 * mm)
                canv.finish_page()
                number += 1

    # story ---------------------------------------------------------------------------------------------------
    def story(self) -> list[Flowable]:
        c, kit = self.c, self.kit
        for i, doc in enumerate(c.documents):
            title, no, issuer, dated = KINDS[type(doc)].toc(doc)
            self.entries.append((f"doc{i}", title, no or "", issuer or "", _dated(dated), ""))
        if self.route_map:
            self.entries.append(("route", route_map.TITLE, c.matter_code, c.office, _dated(c.compiled_on), ""))
        self.entries.append(("list", "附件清单", "", c.office, _dated(c.compiled_on), ""))
        for j, ins in enumerate(self.inspected):
            note = "" if ins.reader is not None else f"未附入：{REASONS[ins.reason]}"
            self.entries.append((f"att{j}", ins.attachment.title, "", ins.attachment.provided_by or "",
                                 ins.attachment.dated, note))
        out: list[Flowable] = [SectionStart(Section("cover", page_numbers=False)), *self.cover(), PageBreak(),
                               SectionStart(Section("toc", page_numbers=False)), *self.toc()]
        for i, doc in enumerate(c.documents):
            kind = KINDS[type(doc)]
            out += [PageBreak(), SectionStart(Section(f"doc{i}", footer_left=kind.footer_left,
                                                      header_right=kind.header_right, volume=True))]
            out += kind.story(doc, kit)
        out += route_map.volume_section("route", c.matter_code, c.route, c.compiled_on, kit) if self.route_map else []
        out += [PageBreak(), SectionStart(Section("list", volume=True)), *self.attachment_list()]
        return out

    def cover(self) -> list[Flowable]:
        c, kit = self.c, self.kit
        w = GBT9704.frame_width
        big = CELL.derive(size=SIHAO, leading=SIHAO * 1.6, align="left")
        big_label = CELL_LABEL.derive(size=SIHAO, leading=SIHAO * 1.6)
        code = [("事项编码", c.matter_code.strip())] if c.matter_code.strip() else []
        values = [
            ("案　　号", c.case_number), *code, ("案　　由", c.cause), ("当 事 人", "、".join(c.parties)),
            ("受理日期", cn_date(c.received_on)), ("结案日期", cn_date(c.closed_on)), ("承 办 人", c.handler),
            ("立 卷 人", f"{c.compiled_by}（{cn_date(c.compiled_on)}）"), ("保管期限", c.retention),
        ]
        rows: list[list] = [[kit.cell(k, big_label), kit.cell(v, big)] for k, v in values]
        rows.append([kit.cell("卷内页数", big_label), DeferredText("total", big)])
        return [
            *code_mark(c.matter_code, kit.fonts),
            Spacer(0, 18 * mm),
            kit.p(c.office, COVER_OFFICE),
            Spacer(0, 10 * mm),
            kit.p(COVER_TITLES[c.kind], COVER_TITLE),
            Spacer(0, 18 * mm),
            kit.grid(rows, [34 * mm, w - 34 * mm]),
        ]

    def toc(self) -> list[Flowable]:
        kit = self.kit
        w = GBT9704.frame_width
        head = [kit.cell(t, TOC_HEAD) for t in ("序号", "题　名", "文号（编号）", "责任者", "日期", "页号")]
        rows: list[list] = [head]
        for n, (key, title, no, issuer, dated, note) in enumerate(self.entries, start=1):
            name = [Span(title)] + ([Span(f"（{note}）", role="hei")] if note else [])
            rows.append([kit.cell(str(n), TOC_CENTER), kit.cell(name, TOC_STYLE), kit.cell(no, TOC_STYLE),
                         kit.cell(issuer, TOC_STYLE), kit.cell(short_date(dated), TOC_CENTER),
                         DeferredText(key, TOC_CENTER)])
        return [kit.title("卷内目录"), kit.grid(rows, [11 * mm, 49 * mm, 32 * mm, 26 * mm, 23 * mm, w - 141 * mm],
                                                header_rows=1)]

    def attachment_list(self) -> list[Flowable]:
        kit = self.kit
        w = GBT9704.frame_width
        out: list[Flowable] = [kit.title("附件清单")]
        if not self.inspected:
            out.append(kit.p("本案无附件。"))
            return out
        head = [kit.cell(t, TOC_HEAD) for t in ("序号", "材料名称", "提供人", "日期", "页数", "页号", "备注")]
        rows: list[list] = [head]
        for j, ins in enumerate(self.inspected):
            a = ins.attachment
            note = "" if ins.reader is not None else f"未附入：{REASONS[ins.reason]}"
            title = a.title + (f"\n{a.filename}" if a.filename else "")
            rows.append([kit.cell(str(j + 1), TOC_CENTER), kit.cell(title, TOC_STYLE),
                         kit.cell(a.provided_by or "", TOC_STYLE), kit.cell(short_date(a.dated), TOC_CENTER),
                         kit.cell(str(ins.pages) if ins.reader is not None else "—", TOC_CENTER),
                         DeferredText(f"att{j}", TOC_CENTER), kit.cell(note, TOC_STYLE)])
        out.append(kit.grid(rows, [11 * mm, 45 * mm, 24 * mm, 23 * mm, 12 * mm, 16 * mm, w - 131 * mm],
                            header_rows=1))
        return out


def render_case_file(c: CaseFile, *, fonts: FontSet | None = None) -> CaseFilePdf:
    validate(c)
    fonts = fonts or default_fonts()
    inspected = [_inspect(a) for a in c.attachments]
    volume = _Volume(c, Kit(fonts), inspected)
    log = PageLog(resolve=volume.resolve, appendix=volume.append_attachments)
    meta = PdfMeta(f"{COVER_TITLES[c.kind]} {c.case_number}", as_datetime(c.compiled_on), c.office, c.cause)
    data, log = build_pdf(volume.story(), meta, fonts, pagelog=log)
    toc = []
    for n, (key, title, no, issuer, dated, note) in enumerate(volume.entries, start=1):
        first, last = volume.page_range(key, log)
        toc.append(TocRow(n, title, no, issuer, dated, first, last, note))
    not_attached = tuple(NotAttached(x.attachment.title, x.attachment.filename, x.reason, x.detail)
                         for x in inspected if x.reader is None)
    pages = len(log.page_section) + sum(x.pages for x in inspected if x.reader is not None)
    return CaseFilePdf(data, hashlib.sha256(data).hexdigest(), pages, tuple(toc), not_attached)
