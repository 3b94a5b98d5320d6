"""人民调解协议书 after 《人民调解法》第二十九条. It states

1. the parties' basic information (ID numbers in full: the agreement legally identifies them),
2. the main facts, the disputed matters and each party's responsibility,
3. the agreed terms, each with how and by when it is performed,

and carries a signature block (签名、盖章或者按指印) for every party, the mediators' signatures and the committee's
seal. One copy is printed per party plus one for the committee; every page of a copy is marked with whose copy it
is (「申请人张三存」, 「调解委员会存」) and the text says 「本协议书一式三份，当事人各执一份，人民调解委员会留存一份」.

An agreement that lacks a required item is refused (:class:`MissingData`) before anything is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.platypus import KeepTogether, PageBreak
from reportlab.platypus.flowables import Flowable

from desktop.documents.common import ORGANISATION, Check, Party, cn_date, cn_number
from desktop.documents.errors import InvalidData
from desktop.documents.fonts import HEI, FontSet, default_fonts
from desktop.documents.layout import (
    BODY,
    BODY_FLUSH,
    HEADING,
    Kit,
    PdfMeta,
    Section,
    SectionStart,
    as_datetime,
    build_pdf,
)
from desktop.documents.matter_code import code_mark
from desktop.documents.typography import Span

DOCUMENT = "mediation_agreement"
TITLE = "人民调解协议书"
COMMITTEE_COPY = "调解委员会存"

PERSON_FIELDS = ("name", "gender", "id_number", "address")
ORGANISATION_FIELDS = ("name", "address", "representative")


@dataclass(frozen=True)
class AgreementTerm:
    """One agreed term: ``content`` (what is agreed), ``method`` (履行方式: how, e.g. 「银行转账至申请人账户」),
    ``due`` (履行期限: a date, printed 「2026年12月31日前」, or words such as 「本协议签订之日当场履行」)."""

    content: str
    method: str
    due: date | str


@dataclass(frozen=True)
class MediationAgreement:
    """Fields: ``committee`` (人民调解委员会, signs and seals); ``case_number``; ``parties`` (at least two; persons
    need name, gender, id_number and address, organisations name, address and representative); ``facts``
    (纠纷主要事实), ``disputed_matters`` (争议事项) and ``responsibilities`` (各方责任), each as paragraphs
    separated by line breaks; ``terms`` (at least one); ``mediators`` (at least one); ``signed_on``; optional
    ``dispute_type``, ``place`` (where it was signed) and ``matter_code`` (HS-2026-000123, printed with its QR
    code in the top margin of every copy's first page; "" for a dispute without a matter)."""

    committee: str
    case_number: str
    parties: tuple[Party, ...]
    facts: str
    disputed_matters: str
    responsibilities: str
    terms: tuple[AgreementTerm, ...]
    mediators: tuple[str, ...]
    signed_on: date
    dispute_type: str | None = None
    place: str | None = None
    matter_code: str = ""


def validate(a: MediationAgreement) -> None:
    check = Check(DOCUMENT)
    check.require(a, "committee", "case_number", "parties", "facts", "disputed_matters", "responsibilities",
                  "terms", "mediators", "signed_on")
    for i, p in enumerate(a.parties or ()):
        check.require_party(p, f"parties[{i}].", person=PERSON_FIELDS, organisation=ORGANISATION_FIELDS)
    for i, t in enumerate(a.terms or ()):
        check.require(t, "content", "method", "due", prefix=f"terms[{i}].")
    check.done()
    if len(a.parties) < 2:
        raise InvalidData(field="parties", reason="too_few", document=DOCUMENT)


def copy_marks(a: MediationAgreement) -> list[str]:
    """Whose copy each printed copy is, in print order: every party, then the committee."""
    return [f"{p.side_label}{p.name}存" for p in a.parties] + [COMMITTEE_COPY]


def copies_sentence(a: MediationAgreement) -> str:
    return (f"本协议书一式{cn_number(len(a.parties) + 1)}份，当事人各执一份，人民调解委员会留存一份。")


def toc_entry(a: MediationAgreement):
    return TITLE, a.case_number, a.committee, a.signed_on


def _birth_from_id(id_number: str | None) -> date | None:
    if not id_number or len(id_number) != 18 or not id_number[6:14].isdigit():
        return None
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def party_sentence(p: Party) -> str:
    """The party's basic information as one sentence, ID number in full."""
    if p.kind == ORGANISATION:
        bits = [p.name, f"住所地{p.address}"]
        if p.credit_code:
            bits.append(f"统一社会信用代码{p.credit_code}")
        bits.append(f"法定代表人（主要负责人）{p.representative}")
    else:
        bits = [p.name, p.gender or ""]
        if p.ethnicity:
            bits.append(p.ethnicity)
        born = p.birth_date or _birth_from_id(p.id_number)
        if born:
            bits.append(f"{cn_date(born)}出生")
        bits.append(f"公民身份号码{p.id_number}")
        if p.occupation:
            bits.append(p.occupation)
        bits.append(f"住{p.address}")
    if p.phone:
        bits.append(f"联系电话{p.phone}")
    s = "，".join(b for b in bits if b) + "。"
    if p.agent:
        s += f"委托代理人：{p.agent}。"
    return s


def _due(value: date | str) -> str:
    return f"{cn_date(value)}前" if isinstance(value, date) else str(value).strip().rstrip("。")


def story(a: MediationAgreement, kit: Kit) -> list[Flowable]:
    out: list[Flowable] = [*code_mark(a.matter_code, kit.fonts), kit.title(TITLE),
                           kit.number_line(f"编号：{a.case_number}")]
    out.append(kit.p("一、当事人基本情况", HEADING))
    for p in a.parties:
        out.append(kit.p([Span(f"{p.side_label}：", role=HEI), Span(party_sentence(p))], BODY))
    out.append(kit.p("二、纠纷主要事实、争议事项及各方责任", HEADING))
    for label, text in (("（一）纠纷主要事实", a.facts), ("（二）争议事项", a.disputed_matters),
                        ("（三）各方责任", a.responsibilities)):
        paragraphs = [t.strip() for t in text.splitlines() if t.strip()]
        out.append(kit.p([Span(f"{label}：", role=HEI), Span(paragraphs[0])], BODY))
        out += [kit.p(t, BODY) for t in paragraphs[1:]]
    out.append(kit.p("三、协议内容及履行方式、期限", HEADING))
    out.append(kit.p(f"经{a.committee}调解，当事人自愿达成如下协议：", BODY))
    for i, t in enumerate(a.terms, start=1):
        content = t.content.strip()
        if content[-1] not in "。！？；":
            content += "。"
        out.append(kit.p([Span(f"{i}．{content}"), Span("履行方式：", role=HEI), Span(t.method.strip().rstrip("。") + "；"),
                          Span("履行期限：", role=HEI), Span(_due(t.due) + "。")], BODY))
    out.append(kit.p("四、其他事项", HEADING))
    out.append(kit.p("本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。"
                     "经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行。"
                     f"{a.committee}对协议的履行情况进行监督。", BODY))
    out.append(kit.p("当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认。", BODY))
    labels = [f"{p.side_label}{p.name}（签名、盖章或按指印）：" for p in a.parties]
    labels += [f"人民调解员{m}（签名）：" for m in a.mediators]
    closing = [kit.p(copies_sentence(a), BODY)]
    if a.place:
        closing.append(kit.p(f"签订地点：{a.place}", BODY))
    out.append(KeepTogether([
        *closing,
        kit.signatures(labels, dated=False),
        kit.p(f"{a.committee}（盖章）", BODY_FLUSH.derive(align="right", right_indent=32, space_before=24)),
        kit.p(cn_date(a.signed_on), BODY_FLUSH.derive(align="right", right_indent=32)),
    ]))
    return out


def copy_story(a: MediationAgreement, kit: Kit, mark: str, key: str, *, volume: bool = False) -> list[Flowable]:
    """One copy as a section of its own, every page marked with ``mark``."""
    return [SectionStart(Section(key, header_right=mark, volume=volume)), *story(a, kit)]


def render_mediation_agreement(a: MediationAgreement, *, fonts: FontSet | None = None) -> bytes:
    """Every copy (parties + 1) in one PDF, each starting on a new page and numbered on its own."""
    validate(a)
    fonts = fonts or default_fonts()
    kit = Kit(fonts)
    flow: list[Flowable] = []
    for i, mark in enumerate(copy_marks(a)):
        if i:
            flow.append(PageBreak())
        flow += copy_story(a, kit, mark, f"copy{i}")
    data, _ = build_pdf(flow, PdfMeta(TITLE, as_datetime(a.signed_on), a.committee, a.case_number), fonts)
    return data
