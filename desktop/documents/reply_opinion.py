"""信访事项答复意见书 (step 结): the written reply that concludes a petition. It states the facts found, the
basis and a decision on each request, the issuing body and date, and always the notice that 复查 can be
requested within 30 days:

    「如对本答复意见不服，可以自收到本意见书之日起30日内向<复查机关>请求复查。」
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.platypus.flowables import Flowable

from desktop.documents.common import Check, Party, cn_date, cn_number
from desktop.documents.errors import InvalidData
from desktop.documents.fonts import FontSet, default_fonts
from desktop.documents.layout import BODY_FLUSH, HEADING, Kit, Section, render_document

DOCUMENT = "reply_opinion"
TITLE = "信访事项答复意见书"
REVIEW_DAYS = 30


@dataclass(frozen=True)
class RequestDecision:
    """One request of the petitioner (``request``) and the body's decision on it (``decision``, e.g.
    「予以支持。……」 or 「不予支持。理由是……」)."""

    request: str
    decision: str


@dataclass(frozen=True)
class ReplyOpinion:
    """Fields: ``office`` (the answering body, signs), ``document_no``; ``petitioners`` (name and address are
    printed; ID numbers are not needed and never printed); ``received_on`` and ``accepted_on``; ``summary`` (the
    matter in brief); ``facts`` (查明的事实; paragraphs separated by line breaks); ``basis`` (法律、法规、政策依据);
    ``decisions`` (one per request, at least one); ``review_body`` (the 复查 body named in the notice, e.g.
    「某某县人民政府」); ``issued_on``; optional ``registration_no``."""

    office: str
    document_no: str
    petitioners: tuple[Party, ...]
    received_on: date
    accepted_on: date
    summary: str
    facts: str
    basis: str
    decisions: tuple[RequestDecision, ...]
    review_body: str
    issued_on: date
    registration_no: str | None = None


def validate(r: ReplyOpinion) -> None:
    check = Check(DOCUMENT)
    check.require(r, "office", "document_no", "petitioners", "received_on", "accepted_on", "summary", "facts",
                  "basis", "decisions", "review_body", "issued_on")
    for i, p in enumerate(r.petitioners or ()):
        check.require(p, "name", prefix=f"petitioners[{i}].")
    for i, d in enumerate(r.decisions or ()):
        check.require(d, "request", "decision", prefix=f"decisions[{i}].")
    check.done()
    if r.accepted_on < r.received_on:
        raise InvalidData(field="accepted_on", reason="order", document=DOCUMENT)
    if r.issued_on < r.accepted_on:
        raise InvalidData(field="issued_on", reason="order", document=DOCUMENT)


def review_notice(review_body: str) -> str:
    return f"如对本答复意见不服，可以自收到本意见书之日起{REVIEW_DAYS}日内向{review_body}请求复查。"


def toc_entry(r: ReplyOpinion):
    return TITLE, r.document_no, r.office, r.issued_on


def _petitioner_line(p: Party) -> str:
    bits = [p.name]
    if p.gender:
        bits.append(p.gender)
    if p.address:
        bits.append(f"住{p.address}")
    return "，".join(bits) + "。"


def story(r: ReplyOpinion, kit: Kit) -> list[Flowable]:
    names = "、".join(p.name for p in r.petitioners)
    reg = f"（登记编号：{r.registration_no}）" if r.registration_no else ""
    out: list[Flowable] = [kit.title(TITLE), kit.number_line(r.document_no)]
    for p in r.petitioners:
        out.append(kit.labelled("信访人", _petitioner_line(p), BODY_FLUSH))
    out += [
        kit.p(f"{names}于{cn_date(r.received_on)}提出的信访事项{reg}，本机关于{cn_date(r.accepted_on)}依法受理。"
              f"信访人反映：{r.summary}本机关经调查核实，现答复如下："),
        kit.p("一、查明的事实", HEADING),
        *kit.paras(r.facts),
        kit.p("二、处理依据", HEADING),
        *kit.paras(r.basis),
        kit.p("三、处理意见", HEADING),
    ]
    for i, d in enumerate(r.decisions, start=1):
        out.append(kit.p(f"（{cn_number(i)}）关于“{d.request.strip().rstrip('。')}”的请求。{d.decision.strip()}"))
    out.append(kit.sign_off(r.office, r.issued_on, keep=[kit.p(review_notice(r.review_body))]))
    return out


def render_reply_opinion(r: ReplyOpinion, *, fonts: FontSet | None = None) -> bytes:
    validate(r)
    fonts = fonts or default_fonts()
    return render_document(story(r, Kit(fonts)), title=TITLE, created_at=r.issued_on, fonts=fonts,
                           section=Section(DOCUMENT), subject=r.document_no, author=r.office)
