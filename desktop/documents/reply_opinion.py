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
PETITION = "petition"
REVIEW = "review"  # 复查意见书: the next remedy is 复核
RECHECK = "recheck"  # 复核意见书: final, the same facts and reasons are not accepted again
TITLES = {PETITION: TITLE, REVIEW: "信访事项复查意见书", RECHECK: "信访事项复核意见书"}


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
    kind: str = PETITION  # petition (答复意见书) / review (复查意见书) / recheck (复核意见书)
    remedy_days: int = REVIEW_DAYS  # the period to request the next review, as configured


def validate(r: ReplyOpinion) -> None:
    check = Check(DOCUMENT)
    check.require(r, "office", "document_no", "petitioners", "received_on", "accepted_on", "summary", "facts",
                  "basis", "decisions", "issued_on")
    if r.kind != RECHECK:
        check.require(r, "review_body")
    for i, p in enumerate(r.petitioners or ()):
        check.require(p, "name", prefix=f"petitioners[{i}].")
    for i, d in enumerate(r.decisions or ()):
        check.require(d, "request", "decision", prefix=f"decisions[{i}].")
    check.done()
    if r.kind not in TITLES:
        raise InvalidData(field="kind", reason="unknown", document=DOCUMENT)
    if r.remedy_days <= 0:
        raise InvalidData(field="remedy_days", reason="negative", document=DOCUMENT)
    if r.accepted_on < r.received_on:
        raise InvalidData(field="accepted_on", reason="order", document=DOCUMENT)
    if r.issued_on < r.accepted_on:
        raise InvalidData(field="issued_on", reason="order", document=DOCUMENT)


def review_notice(review_body: str, days: int = REVIEW_DAYS) -> str:
    return f"如对本答复意见不服，可以自收到本意见书之日起{days}日内向{review_body}请求复查。"


def remedy_notice(r: ReplyOpinion) -> str:
    """The closing notice: 复查 after a reply, 复核 after a 复查 opinion, and finality after 复核."""
    if r.kind == REVIEW:
        return f"如对本复查意见不服，可以自收到本意见书之日起{r.remedy_days}日内向{r.review_body}请求复核。"
    if r.kind == RECHECK:
        return "本复核意见为最终意见。信访人以同一事实和理由提出的投诉请求，不再受理。"
    return review_notice(r.review_body, r.remedy_days)


def toc_entry(r: ReplyOpinion):
    return TITLES.get(r.kind, TITLE), r.document_no, r.office, r.issued_on


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
    title = TITLES[r.kind]
    out: list[Flowable] = [kit.title(title), kit.number_line(r.document_no)]
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
    out.append(kit.sign_off(r.office, r.issued_on, keep=[kit.p(remedy_notice(r))]))
    return out


def render_reply_opinion(r: ReplyOpinion, *, fonts: FontSet | None = None) -> bytes:
    validate(r)
    fonts = fonts or default_fonts()
    return render_document(story(r, Kit(fonts)), title=TITLES[r.kind], created_at=r.issued_on, fonts=fonts,
                           section=Section(DOCUMENT), subject=r.document_no, author=r.office)
