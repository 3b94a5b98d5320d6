"""调解笔录: the record of one mediation session, written as who said what. It flows across as many pages as it
needs; every page carries a 「当事人签名：」 line at the bottom (each page of a record is signed) and its page
number, and the record ends with the signatures of the parties, the mediators and the recorder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.platypus import KeepTogether
from reportlab.platypus.flowables import Flowable

from desktop.documents.common import Check, Party, cn_number, cn_time_range
from desktop.documents.errors import InvalidData
from desktop.documents.fonts import HEI, FontSet, default_fonts
from desktop.documents.layout import BODY, BODY_FLUSH, Kit, Section, render_document
from desktop.documents.typography import Span

DOCUMENT = "mediation_record"
TITLE = "人民调解笔录"
FOOTER = "当事人（签名）："


@dataclass(frozen=True)
class Utterance:
    """One turn: ``speaker`` as it should print (调解员李明, 申请人张三, 被申请人李四); ``text`` may hold several
    paragraphs separated by line breaks."""

    speaker: str
    text: str


@dataclass(frozen=True)
class MediationRecord:
    """Fields: ``committee``; ``case_number``; ``session_no`` (第几次调解); ``started_at``/``ended_at``; ``place``
    (the room); ``mediators`` (at least one) and ``recorder``; ``parties`` present (name and side are printed, no
    ID numbers); ``others_present`` (e.g. 「青石村村委会主任王建国」); ``entries`` (the turns, at least one);
    ``result`` (调解结果, e.g. 「双方达成调解协议」, or None while the session did not conclude)."""

    committee: str
    case_number: str
    started_at: datetime
    place: str
    mediators: tuple[str, ...]
    recorder: str
    parties: tuple[Party, ...]
    entries: tuple[Utterance, ...]
    ended_at: datetime | None = None
    session_no: int = 1
    others_present: tuple[str, ...] = ()
    result: str | None = None


def validate(r: MediationRecord) -> None:
    check = Check(DOCUMENT)
    check.require(r, "committee", "case_number", "started_at", "place", "mediators", "recorder", "parties",
                  "entries")
    for i, p in enumerate(r.parties or ()):
        check.require(p, "name", prefix=f"parties[{i}].")
    for i, e in enumerate(r.entries or ()):
        check.require(e, "speaker", "text", prefix=f"entries[{i}].")
    check.done()
    if r.ended_at is not None and r.ended_at < r.started_at:
        raise InvalidData(field="ended_at", reason="order", document=DOCUMENT)


def toc_entry(r: MediationRecord):
    return f"{TITLE}（第{cn_number(r.session_no)}次）", r.case_number, r.committee, r.started_at


def _party_text(p: Party) -> str:
    s = f"{p.side_label}{p.name}"
    if p.kind == "organisation" and p.representative:
        s += f"（法定代表人{p.representative}）"
    if p.agent:
        s += f"（委托代理人{p.agent}）"
    return s


def story(r: MediationRecord, kit: Kit) -> list[Flowable]:
    head = [
        ("案件编号", r.case_number),
        ("调解次数", f"第{cn_number(r.session_no)}次"),
        ("时　　间", cn_time_range(r.started_at, r.ended_at)),
        ("地　　点", r.place),
        ("调 解 员", "、".join(r.mediators)),
        ("记 录 人", r.recorder),
        ("当 事 人", "；".join(_party_text(p) for p in r.parties)),
    ]
    if r.others_present:
        head.append(("在场人员", "、".join(r.others_present)))
    out: list[Flowable] = [kit.title(TITLE)]
    hang = BODY_FLUSH.derive(left_indent=0)
    out += [kit.p([Span(f"{k}：", role=HEI), Span(v)], hang) for k, v in head]
    for e in r.entries:
        paragraphs = [t.strip() for t in e.text.splitlines() if t.strip()]
        out.append(kit.p([Span(f"{e.speaker}：", role=HEI), Span(paragraphs[0])], BODY))
        out += [kit.p(t, BODY) for t in paragraphs[1:]]
    if r.result:
        out.append(kit.p([Span("调解结果：", role=HEI), Span(r.result)], BODY))
    labels = [f"{p.side_label}{p.name}（签名）：" for p in r.parties]
    labels += [f"人民调解员{m}（签名）：" for m in r.mediators] + [f"记录人{r.recorder}（签名）："]
    out.append(KeepTogether([
        kit.p("以上笔录已经当事人阅读（或者已向当事人宣读），确认与所述一致。", BODY),
        kit.signatures(labels, dated=False),
    ]))
    return out


def render_mediation_record(r: MediationRecord, *, fonts: FontSet | None = None) -> bytes:
    validate(r)
    fonts = fonts or default_fonts()
    return render_document(story(r, Kit(fonts)), title=TITLE, created_at=r.started_at, fonts=fonts,
                           section=Section(DOCUMENT, footer_left=FOOTER), subject=r.case_number, author=r.committee)
