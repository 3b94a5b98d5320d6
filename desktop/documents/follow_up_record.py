"""回访记录: the follow-up visit after a mediation (履行情况 of the agreement) or a petition (step 访: whether the
result was carried out and how satisfied the petitioner is). Phone numbers print masked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from reportlab.platypus.flowables import Flowable

from desktop.documents.common import Check, cn_datetime, mask_phone
from desktop.documents.errors import InvalidData
from desktop.documents.fonts import FontSet, default_fonts
from desktop.documents.layout import GBT9704, Kit, Section, render_document
from desktop.documents.typography import Span

DOCUMENT = "follow_up_record"
MEDIATION = "mediation"
PETITION = "petition"
TITLES = {MEDIATION: "人民调解回访记录", PETITION: "信访事项回访记录"}
# 国办发〔2019〕51号 five levels
SATISFACTION_LEVELS = ("非常满意", "满意", "基本满意", "不满意", "非常不满意")


@dataclass(frozen=True)
class FollowUpRecord:
    """Fields: ``organisation`` (who visits: the committee or the petition office); ``case_number``;
    ``case_kind`` ("mediation" or "petition"); ``subject`` (案由 / 信访事项); ``visited_at``; ``method`` (电话回访,
    上门回访, 来访当面回访); ``visitor`` (回访人); ``interviewee`` and ``interviewee_role`` (申请人/被申请人/信访人);
    ``interviewee_phone`` (printed masked); ``performance`` (协议履行情况 / 处理意见落实情况; required for a
    mediation); ``satisfaction`` (one of :data:`SATISFACTION_LEVELS`); ``content`` (回访情况及当事人意见);
    ``action`` (存在问题及处理意见, may be None)."""

    organisation: str
    case_number: str
    case_kind: str
    subject: str
    visited_at: datetime
    method: str
    visitor: str
    interviewee: str
    interviewee_role: str
    satisfaction: str
    content: str
    performance: str | None = None
    action: str | None = None
    interviewee_phone: str | None = None


def validate(r: FollowUpRecord) -> None:
    check = Check(DOCUMENT)
    check.require(r, "organisation", "case_number", "case_kind", "subject", "visited_at", "method", "visitor",
                  "interviewee", "interviewee_role", "satisfaction", "content")
    if r.case_kind == MEDIATION:
        check.require(r, "performance")
    check.done()
    if r.case_kind not in TITLES:
        raise InvalidData(field="case_kind", reason="unknown", document=DOCUMENT)
    if r.satisfaction not in SATISFACTION_LEVELS:
        raise InvalidData(field="satisfaction", reason="unknown", document=DOCUMENT)


def title_of(r: FollowUpRecord) -> str:
    return TITLES.get(r.case_kind, "回访记录")


def toc_entry(r: FollowUpRecord):
    return title_of(r), r.case_number, r.organisation, r.visited_at


def story(r: FollowUpRecord, kit: Kit) -> list[Flowable]:
    w = GBT9704.frame_width
    widths = [30 * mm, 48 * mm, 28 * mm, w - 106 * mm]
    c, lab = kit.cell, kit.label
    boxes: list[Span] = []
    for level in SATISFACTION_LEVELS:
        boxes.append(Span(("☑" if level == r.satisfaction else "□") + level + "　"))
    perf_label = "协议履行情况" if r.case_kind == MEDIATION else "处理意见落实情况"
    rows = [
        [lab("回访时间"), c(cn_datetime(r.visited_at)), lab("回访方式"), c(r.method)],
        [lab("案由" if r.case_kind == MEDIATION else "信访事项"), c(r.subject), None, None],
        [lab("回访人"), c(r.visitor), None, None],
        [lab("被回访人"), c(f"{r.interviewee}（{r.interviewee_role}）"), lab("联系电话"),
         c(mask_phone(r.interviewee_phone) or "—")],
        [lab(perf_label), c(r.performance or "—"), None, None],
        [lab("满意度评价"), c(boxes), None, None],
        [lab("回访情况及当事人意见"), c(r.content), None, None],
        [lab("存在问题及处理意见"), c(r.action or "无"), None, None],
    ]
    spans = [((1, i), (3, i)) for i in (1, 2, 4, 5, 6, 7)]
    return [
        kit.title(title_of(r)),
        kit.number_line(f"{r.organisation}　　编号：{r.case_number}"),
        kit.grid(rows, widths, spans=spans),
        Spacer(0, 6 * mm),
        kit.signatures(["回访人（签名）：", "被回访人（签名）："]),
    ]


def render_follow_up_record(r: FollowUpRecord, *, fonts: FontSet | None = None) -> bytes:
    validate(r)
    fonts = fonts or default_fonts()
    return render_document(story(r, Kit(fonts)), title=title_of(r), created_at=r.visited_at, fonts=fonts,
                           section=Section(DOCUMENT), subject=r.case_number, author=r.organisation)
