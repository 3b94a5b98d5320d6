"""信访事项登记回执: what the petitioner takes home when a matter is registered (step 接).

It proves the registration, gives the query code and says when the petitioner will be told in writing whether
the matter is accepted. The QR code in the side column holds the matter code (一案一码, what a kiosk's scanner
reads) when the case has a matter, else the query code (or ``query_url``) as before: one QR on the receipt. Personal information is masked: the receipt may be lost, so
the ID number and the phone number print as ``3201**********1234`` and ``138****5678``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from desktop.documents.common import Check, Party, cn_date, cn_datetime, mask_id, mask_phone
from desktop.documents.errors import InvalidData
from desktop.documents.fonts import HEI, FontSet, default_fonts
from desktop.documents.layout import (
    BODY,
    CELL_LABEL,
    GBT9704,
    NOTE,
    Kit,
    Section,
    qr_code,
    render_document,
)
from desktop.documents.matter_code import code_block
from desktop.documents.typography import Para, Span

DOCUMENT = "petition_receipt"
TITLE = "信访事项登记回执"


@dataclass(frozen=True)
class PetitionReceipt:
    """Fields:

    - ``office``: the registering body, printed as issuer (e.g. 虎山镇一站式综合服务中心);
    - ``registration_no``: the case number (（2026）虎信字第034号); ``query_code``: what the petitioner quotes to
      ask about progress; ``query_url``: what the QR code opens (None: the QR code holds the query code itself);
    - ``received_at``: registration time; ``source``: 走访/来信/来电/12345/网格上报/网上; ``category``: the matter's
      category (二级 as 「民生保障／劳动保障」); ``summary``: the petitioner's requests in brief;
    - ``petitioner``: name, id_number and phone (given in full; printed masked); ``co_petitioners``: how many
      other people signed or came with the petitioner (联名/多人);
    - ``matter_code``: the matter's code (HS-2026-000123; "" for a case without a matter);
    - ``clerk``: who registered it; ``notice_days``: within how many days the petitioner is told in writing
      whether the matter is accepted (the statutory 15); ``contact_phone``: the office's number for questions.
    """

    office: str
    registration_no: str
    query_code: str
    received_at: datetime
    petitioner: Party
    source: str
    category: str
    summary: str
    clerk: str
    notice_days: int = 15
    query_url: str | None = None
    co_petitioners: int = 0
    contact_phone: str | None = None
    matter_code: str = ""


def validate(r: PetitionReceipt) -> None:
    check = Check(DOCUMENT)
    check.require(r, "office", "registration_no", "query_code", "received_at", "petitioner", "source", "category",
                  "summary", "clerk", "notice_days")
    if r.petitioner is not None:
        check.require(r.petitioner, "name", prefix="petitioner.")
    check.done()
    if r.notice_days <= 0:
        raise InvalidData(field="notice_days", reason="negative", document=DOCUMENT)
    if r.co_petitioners < 0:
        raise InvalidData(field="co_petitioners", reason="negative", document=DOCUMENT)


def toc_entry(r: PetitionReceipt) -> tuple[str, str, str, datetime]:
    """(title, number, issuer, date) for a 卷内目录."""
    return TITLE, r.registration_no, r.office, r.received_at


def story(r: PetitionReceipt, kit: Kit) -> list[Flowable]:
    w = GBT9704.frame_width
    p = r.petitioner
    name = p.name + (f"等{r.co_petitioners + 1}人" if r.co_petitioners else "")
    c = kit.cell
    rows = [
        [kit.label("信访人"), c(name), kit.label("联系电话"), c(mask_phone(p.phone) or "—")],
        [kit.label("身份证号码"), c(mask_id(p.id_number) or "—"), kit.label("信访形式"), c(r.source)],
        [kit.label("登记时间"), c(cn_datetime(r.received_at)), kit.label("事项类别"), c(r.category)],
        [kit.label("诉求摘要"), c(r.summary), None, None],
        [kit.label("登记人"), c(r.clerk), kit.label("查询码"), c(r.query_code)],
    ]
    table = kit.grid(rows, [26 * mm, 56 * mm, 26 * mm, w - 108 * mm], spans=[((1, 3), (3, 3))])
    notice = (f"您反映的事项已于{cn_date(r.received_at)}登记。本机关将自登记之日起{r.notice_days}日内"
              "书面告知您是否受理；不属于本机关职权范围的，将告知您向有权处理的机关提出。")
    qr_size = 34 * mm
    if r.matter_code.strip():
        query = [Span("您可在本中心自助查询机扫描右侧二维码（事项编码 "), Span(r.matter_code.strip(), role=HEI),
                 Span("），或凭查询码 "), Span(r.query_code, role=HEI), Span(" 到本中心窗口查询办理进度")]
        qr_block = code_block(r.matter_code, kit.fonts, qr_size, align="RIGHT")
    else:
        query = [Span("您可凭查询码 "), Span(r.query_code, role=HEI), Span(" 扫描右侧二维码或到本中心窗口查询办理进度")]
        code_style = CELL_LABEL.derive(size=11, leading=15)
        qr_block = [qr_code(r.query_url or r.query_code, qr_size),
                    Para(f"查询码 {r.query_code}", code_style, kit.fonts)]
    if r.contact_phone:
        query.append(Span(f"，也可拨打 {r.contact_phone} 咨询"))
    query.append(Span("。"))
    side = Table([[[kit.p(notice, BODY), kit.p(query, BODY)], qr_block]],
                 colWidths=[w - qr_size - 6 * mm, qr_size + 6 * mm],
                 style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                   ("FONTNAME", (0, 0), (-1, -1), kit.fonts.primary(HEI))]))
    return [
        kit.title(TITLE),
        kit.number_line(f"编号：{r.registration_no}"),
        table,
        Spacer(0, 5 * mm),
        side,
        kit.p("本回执是信访事项已经登记的凭证，不是受理决定。请妥善保管。", NOTE.derive(space_before=4 * mm)),
        kit.sign_off(r.office, r.received_at),
    ]


def render_petition_receipt(r: PetitionReceipt, *, fonts: FontSet | None = None) -> bytes:
    validate(r)
    fonts = fonts or default_fonts()
    return render_document(story(r, Kit(fonts)), title=TITLE, created_at=r.received_at, fonts=fonts,
                           section=Section(DOCUMENT), subject=r.registration_no, author=r.office)
