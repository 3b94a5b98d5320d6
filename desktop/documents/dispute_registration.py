"""矛盾纠纷受理登记表: the registration form of a dispute brought to the people's mediation committee.

It is one of the documents that legally identify the parties, so ID numbers print in full (《人民调解法》第二十七条:
registration, work records and agreement go into the case file)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from reportlab.platypus.flowables import Flowable

from desktop.documents.common import ORGANISATION, Check, Party, cn_date
from desktop.documents.errors import InvalidData
from desktop.documents.fonts import FontSet, default_fonts
from desktop.documents.layout import CELL, GBT9704, Kit, Section, render_document

DOCUMENT = "dispute_registration"
TITLE = "矛盾纠纷受理登记表"

PERSON_FIELDS = ("name", "gender", "id_number", "address")
ORGANISATION_FIELDS = ("name", "address", "representative")


@dataclass(frozen=True)
class DisputeRegistration:
    """Fields: ``committee`` (the mediation committee, e.g. 虎山镇人民调解委员会); ``case_number``
    (（2026）虎调字第012号); ``registered_on``; ``source`` (申请调解/主动调解/接受委托移送) and ``referred_by`` (the
    referring body when moved over); ``dispute_type`` (邻里, 婚姻家庭…); ``place`` (纠纷发生地, village or community);
    ``parties`` (at least two: persons need name, gender, id_number, address; organisations name, address,
    representative); ``summary`` (纠纷简要情况); ``requests`` (当事人申请事项); ``registrar`` (登记人);
    ``mediators`` (assigned, may be empty at registration); ``acceptance`` (受理意见, e.g. 「符合受理条件，同意受理。」)."""

    committee: str
    case_number: str
    registered_on: date
    source: str
    dispute_type: str
    parties: tuple[Party, ...]
    summary: str
    requests: str
    registrar: str
    mediators: tuple[str, ...] = ()
    referred_by: str | None = None
    place: str | None = None
    acceptance: str | None = None


def validate(r: DisputeRegistration) -> None:
    check = Check(DOCUMENT)
    check.require(r, "committee", "case_number", "registered_on", "source", "dispute_type", "parties", "summary",
                  "requests", "registrar")
    for i, p in enumerate(r.parties or ()):
        check.require_party(p, f"parties[{i}].", person=PERSON_FIELDS, organisation=ORGANISATION_FIELDS)
    check.done()
    if len(r.parties) < 2:
        raise InvalidData(field="parties", reason="too_few", document=DOCUMENT)


def toc_entry(r: DisputeRegistration):
    return TITLE, r.case_number, r.committee, r.registered_on


def _party_rows(kit: Kit, p: Party, label: str, row0: int) -> tuple[list[list], list]:
    c, lab = kit.cell, kit.label
    if p.kind == ORGANISATION:
        rows = [
            [lab(label), lab("名称"), c(p.name), lab("法定代表人"), c(p.representative or "")],
            [None, lab("信用代码"), c(p.credit_code or "—"), lab("联系电话"), c(p.phone or "—")],
            [None, lab("住所"), c(p.address or ""), None, None],
        ]
    else:
        bits = [p.gender or ""]
        if p.ethnicity:
            bits.append(p.ethnicity)
        if p.birth_date:
            bits.append(f"{cn_date(p.birth_date)}生")
        rows = [
            [lab(label), lab("姓名"), c(p.name), lab("基本情况"), c("，".join(b for b in bits if b))],
            [None, lab("身份证号码"), c(p.id_number or ""), lab("联系电话"), c(p.phone or "—")],
            [None, lab("住址"), c(p.address or ""), None, None],
        ]
    spans = [((0, row0), (0, row0 + 2)), ((2, row0 + 2), (4, row0 + 2))]
    if p.agent:
        rows[2][2] = c(f"{p.address or ''}（委托代理人：{p.agent}）")
    return rows, spans


def story(r: DisputeRegistration, kit: Kit) -> list[Flowable]:
    w = GBT9704.frame_width
    widths = [20 * mm, 24 * mm, 47 * mm, 25 * mm, w - 116 * mm]
    c, lab = kit.cell, kit.label
    source = r.source + (f"（{r.referred_by}）" if r.referred_by else "")
    rows: list[list] = [
        [lab("纠纷类型"), None, c(r.dispute_type), lab("登记日期"), c(cn_date(r.registered_on))],
        [lab("案件来源"), None, c(source), lab("发生地"), c(r.place or "—")],
    ]
    spans: list = [((0, 0), (1, 0)), ((0, 1), (1, 1))]
    counts: dict[str, int] = {}
    for p in r.parties:
        counts[p.side_label] = counts.get(p.side_label, 0) + 1
    seen: dict[str, int] = {}
    for p in r.parties:
        seen[p.side_label] = seen.get(p.side_label, 0) + 1
        label = p.side_label + (f"（{seen[p.side_label]}）" if counts[p.side_label] > 1 else "")
        prow, pspans = _party_rows(kit, p, label, len(rows))
        rows += prow
        spans += pspans
    for label, text in (("纠纷简要情况", r.summary), ("当事人申请事项", r.requests),
                        ("受理意见", r.acceptance or ""), ("指派调解员", "、".join(r.mediators))):
        rows.append([lab(label), None, c(text, CELL.derive(align="justify")), None, None])
        spans += [((0, len(rows) - 1), (1, len(rows) - 1)), ((2, len(rows) - 1), (4, len(rows) - 1))]
    rows.append([lab("登记人"), None, c(r.registrar), lab("申请人签名"), c("\n\n")])
    spans.append(((0, len(rows) - 1), (1, len(rows) - 1)))
    return [
        kit.title(TITLE),
        kit.number_line(f"{r.committee}　　编号：{r.case_number}"),
        kit.grid(rows, widths, spans=spans),
        Spacer(0, 3 * mm),
        kit.p("注：本表由人民调解委员会填写，当事人核对无误后签名。当事人身份信息仅用于本纠纷调解，依法予以保密。",
              CELL),
    ]


def render_dispute_registration(r: DisputeRegistration, *, fonts: FontSet | None = None) -> bytes:
    validate(r)
    fonts = fonts or default_fonts()
    return render_document(story(r, Kit(fonts)), title=TITLE, created_at=r.registered_on, fonts=fonts,
                           section=Section(DOCUMENT), subject=r.case_number, author=r.committee)
