"""What the petition documents print, as frozen DTOs (the PDF modules in desktop.documents lay them out):

- ``receipt_data``            the receipt handed over at registration, with the query code
- ``acceptance_notice_data``  受理告知书
- ``rejection_notice_data``   不予受理告知书
- ``reply_data``              答复意见书 (复查意见书 / 复核意见书 for a review case), with the notice of the
                              next review that may be requested, where, and its time limit (none after 复核)

Notices and replies carry a document number made from the case number's year and sequence
(（2026）虎信字第034号 -> 虎信受告〔2026〕34号; desktop.services.petitions.reading._document_number).

ID numbers and phones are masked here as on screen. A document that does not apply to the case in its
present state raises DocumentNotAvailable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.documents.acceptance_notice import AcceptanceNotice, render_acceptance_notice
from desktop.documents.common import Party, join_clauses
from desktop.documents.follow_up_record import PETITION as FOLLOW_PETITION
from desktop.documents.follow_up_record import FollowUpRecord
from desktop.documents.non_acceptance_notice import NonAcceptanceNotice, render_non_acceptance_notice
from desktop.documents.petition_receipt import PetitionReceipt, render_petition_receipt
from desktop.documents.reply_opinion import REVIEW_DAYS, ReplyOpinion, RequestDecision, render_reply_opinion
from desktop.models import (
    Center,
    Department,
    Matter,
    Person,
    Petition,
    PetitionAttachment,
    PetitionCategory,
    PetitionParty,
    PetitionReply,
    PetitionStep,
    User,
)
from desktop.services.admin.settings import get_setting
from desktop.services.deadlines import rule
from desktop.services.errors import NotFound, ServiceError
from desktop.services.people import mask_id, mask_phone
from desktop.services.petitions.access import _case, require_case_access
from desktop.services.petitions.dto import Decision
from desktop.services.petitions.flow import NOT_ACCEPTED, PETITION, RECHECK, REVIEW
from desktop.services.petitions.reading import _document_number


class DocumentNotAvailable(ServiceError):
    """The document does not apply to the case as it stands. facts: document, case_no, status."""


@dataclass(frozen=True)
class DocPerson:
    name: str
    gender: str | None
    birth_date: dt.date | None
    id_number_masked: str
    phone_masked: str
    address: str
    village: str
    organisation: str


@dataclass(frozen=True)
class CenterHeading:
    name: str
    address: str
    phone: str


@dataclass(frozen=True)
class ReceiptData:
    center: CenterHeading
    case_no: str
    query_code: str
    kind: str
    received_at: dt.datetime
    source: str
    petitioners: tuple[DocPerson, ...]
    domain: str
    category: str
    content: str
    requests: str
    attachments: tuple[str, ...]
    registered_by: str
    notice_days: int  # the configured period to tell the petitioner whether it is accepted
    accept_due_on: dt.date | None  # by when the petitioner is told in writing whether it is accepted
    conclude_due_on: dt.date | None  # review cases: by when the opinion is due
    matter_code: str = ""  # the case's matter (一案一码; "" for a case stored before it had one)


@dataclass(frozen=True)
class AcceptanceNoticeData:
    center: CenterHeading
    document_no: str
    case_no: str
    petitioners: tuple[DocPerson, ...]
    received_on: dt.date
    accepted_on: dt.date
    content: str
    requests: str
    department: str  # the body responsible for handling it
    conclude_due_on: dt.date
    conclude_days: int  # the statutory period, as configured
    issuing_body: str
    issued_on: dt.date
    matter_code: str = ""


@dataclass(frozen=True)
class RejectionNoticeData:
    center: CenterHeading
    document_no: str
    case_no: str
    petitioners: tuple[DocPerson, ...]
    received_on: dt.date
    content: str
    reason: str
    basis: str
    advice: str  # where the petitioner may turn instead
    issuing_body: str
    issued_on: dt.date


@dataclass(frozen=True)
class ReplyData:
    center: CenterHeading
    kind: str  # petition (答复意见书) / review (复查意见书) / recheck (复核意见书)
    document_no: str
    case_no: str
    reviewed_case_no: str  # the case a review answers ("" for a petition)
    petitioners: tuple[DocPerson, ...]
    received_on: dt.date
    accepted_on: dt.date | None
    content: str
    requests: str
    facts: str
    basis: str
    decisions: tuple[Decision, ...]
    issuing_body: str
    issued_on: dt.date
    next_remedy: str | None  # "review" (复查), "recheck" (复核), or None: final
    remedy_body: str  # where to request it (settings petition_review_body / petition_recheck_body)
    remedy_days: int | None  # the period to request it, counted from receipt of this reply
    remedy_due_on: dt.date | None


def _number_of(uow: UnitOfWork, p: Petition, document: str) -> str:
    """Inside an open unit of work: the number of ``document`` of case ``p`` (虎信受告〔2026〕34号)."""
    abbr = uow.session.scalar(select(Center.case_abbr).limit(1)) or ""
    return _document_number(abbr, document, p.case_year, p.case_seq)


def _heading(uow) -> CenterHeading:
    c = uow.session.scalar(select(Center).limit(1))
    return CenterHeading(c.name, c.address, c.phone) if c else CenterHeading("", "", "")


def _people(uow: UnitOfWork, p: Petition) -> tuple[DocPerson, ...]:
    rows = uow.session.scalars(select(Person).join(PetitionParty, PetitionParty.person_id == Person.id)
                               .where(PetitionParty.petition_id == p.id).order_by(PetitionParty.position))
    return tuple(DocPerson(x.name, x.gender, x.birth_date, mask_id(x.id_number), mask_phone(x.phone), x.address,
                           x.village, x.organisation) for x in rows)


def matter_code(uow: UnitOfWork, p: Petition) -> str:
    """The code of the case's matter, "" for a case without one."""
    return (uow.session.scalar(select(Matter.code).where(Matter.id == p.matter_id)) or "") if p.matter_id else ""


def _department(uow: UnitOfWork, department_id: int | None) -> str:
    if department_id is None:
        return ""
    return uow.session.scalar(select(Department.name).where(Department.id == department_id)) or ""


def receipt_data(uow: UnitOfWork, *, case_id: int) -> ReceiptData:
    with uow:
        require_case_access(uow)
        return receipt_of(uow, _case(uow, case_id))


def receipt_of(uow: UnitOfWork, p: Petition) -> ReceiptData:
    """Inside an open unit of work: the receipt of case ``p``."""
    category = uow.session.get(PetitionCategory, p.category_id)
    domain = uow.session.get(PetitionCategory, category.parent_id) if category.parent_id else None
    files = tuple(uow.session.scalars(select(PetitionAttachment.file_name)
                                      .where(PetitionAttachment.petition_id == p.id)
                                      .order_by(PetitionAttachment.id)))
    registered_by = uow.session.scalar(select(User.full_name).where(User.id == p.registered_by_id)) \
        if p.registered_by_id else ""
    return ReceiptData(_heading(uow), p.case_no, p.query_code, p.kind, p.received_at, p.source,
                       _people(uow, p), domain.name if domain else "", category.name, p.content, p.requests,
                       files, registered_by or "", rule(uow, "accept_notice").days, p.accept_due_on,
                       p.conclude_due_on if p.kind != PETITION else None, matter_code(uow, p))


def acceptance_notice_data(uow: UnitOfWork, *, case_id: int) -> AcceptanceNoticeData:
    with uow:
        require_case_access(uow)
        return acceptance_notice_of(uow, _case(uow, case_id))


def acceptance_notice_of(uow: UnitOfWork, p: Petition) -> AcceptanceNoticeData:
    """Inside an open unit of work: the 受理告知书 of case ``p`` (DocumentNotAvailable before acceptance)."""
    if p.kind != PETITION or p.accepted_on is None:
        raise DocumentNotAvailable(document="acceptance_notice", case_no=p.case_no, status=p.status)
    heading = _heading(uow)
    return AcceptanceNoticeData(heading, _number_of(uow, p, "acceptance_notice"), p.case_no,
                                _people(uow, p), p.received_at.date(), p.accepted_on, p.content, p.requests,
                                _accepting_department(uow, p), p.conclude_due_on, rule(uow, "conclude").days,
                                heading.name, p.accepted_on, matter_code(uow, p))


def _accepting_department(uow: UnitOfWork, p: Petition) -> str:
    """The department of the first assignment (the case may since have been objected to)."""
    detail = uow.session.scalar(select(PetitionStep.detail).where(
        PetitionStep.petition_id == p.id, PetitionStep.action == "assign").order_by(PetitionStep.id).limit(1))
    return (detail or {}).get("department") or _department(uow, p.department_id)


def rejection_notice_data(uow: UnitOfWork, *, case_id: int) -> RejectionNoticeData:
    with uow:
        require_case_access(uow)
        return rejection_notice_of(uow, _case(uow, case_id))


def rejection_notice_of(uow: UnitOfWork, p: Petition) -> RejectionNoticeData:
    """Inside an open unit of work: the 不予受理告知书 of case ``p`` (only a case not accepted has one)."""
    step = uow.session.scalar(select(PetitionStep).where(
        PetitionStep.petition_id == p.id, PetitionStep.action == "refuse").order_by(PetitionStep.id.desc()))
    if p.status != NOT_ACCEPTED or step is None:
        raise DocumentNotAvailable(document="rejection_notice", case_no=p.case_no, status=p.status)
    detail = step.detail or {}
    heading = _heading(uow)
    return RejectionNoticeData(heading, _number_of(uow, p, "rejection_notice"), p.case_no,
                               _people(uow, p), p.received_at.date(), p.content, detail.get("reason", step.note),
                               detail.get("basis", ""), detail.get("advice", ""), heading.name, step.at.date())


def reply_data(uow: UnitOfWork, *, case_id: int) -> ReplyData:
    with uow:
        require_case_access(uow)
        return reply_of(uow, _case(uow, case_id))


def reply_of(uow: UnitOfWork, p: Petition) -> ReplyData:
    """Inside an open unit of work: the written reply of case ``p`` (only once it is concluded)."""
    reply = uow.session.get(PetitionReply, p.id)
    if reply is None:
        raise DocumentNotAvailable(document="reply", case_no=p.case_no, status=p.status)
    reviewed = uow.session.scalar(select(Petition.case_no).where(Petition.id == p.parent_id)) \
        if p.parent_id else ""
    remedy = {PETITION: REVIEW, REVIEW: RECHECK}.get(p.kind)
    days = rule(uow, "review_request" if remedy == REVIEW else "recheck_request").days if remedy else None
    body = get_setting(uow, "petition_review_body" if remedy == REVIEW else "petition_recheck_body") \
        if remedy else ""
    return ReplyData(_heading(uow), p.kind, _number_of(uow, p, p.kind), p.case_no, reviewed or "",
                     _people(uow, p), p.received_at.date(), p.accepted_on, p.content, p.requests, reply.facts,
                     reply.basis, tuple(Decision(d["request"], d["decision"]) for d in reply.decisions),
                     reply.issuing_body, reply.issued_on, remedy, body, days,
                     p.remedy_due_on if remedy else None)


# --- the PDFs ---------------------------------------------------------------------------------------------
# The documents are Chinese forms whatever the interface language: the words they print for stored codes.
SOURCE_WORDS = {"visit": "走访", "letter": "来信", "phone": "来电", "hotline": "12345", "grid": "网格上报",
                "online": "网上"}
SATISFACTION_WORDS = {"very_satisfied": "非常满意", "satisfied": "满意", "basically_satisfied": "基本满意",
                      "dissatisfied": "不满意", "very_dissatisfied": "非常不满意"}
METHOD_WORDS = {"phone": "电话回访", "visit": "上门回访", "letter": "信函回访", "online": "网上回访"}
GENDER_WORDS = {"M": "男", "F": "女"}
DOCUMENTS = ("receipt", "acceptance_notice", "rejection_notice", "reply")


def _party(x: DocPerson) -> Party:
    """A petitioner as the documents take it; the numbers stay masked (documents print what they are given)."""
    return Party(name=x.name, gender=GENDER_WORDS.get(x.gender or ""), birth_date=x.birth_date,
                 id_number=x.id_number_masked or None, phone=x.phone_masked or None,
                 address=x.address or None, occupation=x.organisation or None)


def _names(people: tuple[DocPerson, ...]) -> str:
    if not people:
        return ""
    return people[0].name if len(people) == 1 else f"{people[0].name}等{len(people)}人"


def receipt_document(r: ReceiptData) -> PetitionReceipt:
    return PetitionReceipt(
        office=r.center.name, registration_no=r.case_no, query_code=r.query_code, received_at=r.received_at,
        petitioner=_party(r.petitioners[0]) if r.petitioners else None, source=SOURCE_WORDS.get(r.source, r.source),
        category=f"{r.domain}／{r.category}" if r.domain else r.category,
        summary=join_clauses((r.content, r.requests)), clerk=r.registered_by,
        notice_days=r.notice_days, co_petitioners=max(0, len(r.petitioners) - 1),
        contact_phone=r.center.phone or None, matter_code=r.matter_code)


def acceptance_document(n: AcceptanceNoticeData) -> AcceptanceNotice:
    return AcceptanceNotice(
        office=n.issuing_body, document_no=n.document_no, petitioner_name=_names(n.petitioners),
        received_on=n.received_on, summary=n.content, accepted_on=n.accepted_on, handling_body=n.department,
        conclude_by=n.conclude_due_on, issued_on=n.issued_on, registration_no=n.case_no,
        contact=n.center.phone or None, matter_code=n.matter_code)


def rejection_document(n: RejectionNoticeData) -> NonAcceptanceNotice:
    reason = n.reason.strip()
    if n.basis.strip():
        reason = f"{reason.rstrip('。')}。依据：{n.basis.strip()}"
    return NonAcceptanceNotice(
        office=n.issuing_body, document_no=n.document_no, petitioner_name=_names(n.petitioners),
        received_on=n.received_on, summary=n.content, reason=reason, issued_on=n.issued_on,
        channel=n.advice.strip() or None, registration_no=n.case_no, contact=n.center.phone or None)


def reply_document(r: ReplyData) -> ReplyOpinion:
    return ReplyOpinion(
        office=r.issuing_body, document_no=r.document_no, petitioners=tuple(_party(x) for x in r.petitioners),
        received_on=r.received_on, accepted_on=r.accepted_on or r.received_on, summary=r.content, facts=r.facts,
        basis=r.basis, decisions=tuple(RequestDecision(d.request, d.decision) for d in r.decisions),
        review_body=r.remedy_body or r.issuing_body, issued_on=r.issued_on, registration_no=r.case_no,
        kind=r.kind, remedy_days=r.remedy_days or REVIEW_DAYS)


def follow_up_document(uow: UnitOfWork, p: Petition) -> FollowUpRecord | None:
    """Inside an open unit of work: the 信访事项回访记录 of the case's follow-up step (None: not visited)."""
    step = uow.session.scalar(select(PetitionStep).where(
        PetitionStep.petition_id == p.id, PetitionStep.action == "follow_up").order_by(PetitionStep.id.desc()))
    if step is None:
        return None
    detail = step.detail or {}
    people = _people(uow, p)
    return FollowUpRecord(
        organisation=_heading(uow).name, case_number=p.case_no, case_kind=FOLLOW_PETITION,
        subject=_subject(p.content), visited_at=step.at, method=METHOD_WORDS.get(detail.get("method"), "回访"),
        visitor=step.actor_name, interviewee=people[0].name if people else "",
        interviewee_role="信访人", satisfaction=SATISFACTION_WORDS.get(detail.get("satisfaction") or
                                                                    p.satisfaction or "", ""),
        content=step.note or "信访人对处理结果表示" + SATISFACTION_WORDS.get(p.satisfaction or "", "") + "。",
        interviewee_phone=people[0].phone_masked or None if people else None)


def case_file_cover(uow: UnitOfWork, p: Petition) -> tuple[str, str, tuple[str, ...]]:
    """For the case file's cover (desktop.services.case_files): the center's name, the case's subject in 30
    characters and the petitioners' names."""
    return _heading(uow).name, _subject(p.content, 30), tuple(x.name for x in _people(uow, p))


def _subject(content: str, limit: int = 40) -> str:
    line = " ".join(content.split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


def _document_of(uow: UnitOfWork, p: Petition, document: str):
    """Inside an open unit of work: the desktop.documents DTO of ``document`` (one of DOCUMENTS) of ``p``."""
    if document == "receipt":
        return receipt_document(receipt_of(uow, p))
    if document == "acceptance_notice":
        return acceptance_document(acceptance_notice_of(uow, p))
    if document == "rejection_notice":
        return rejection_document(rejection_notice_of(uow, p))
    if document == "reply":
        return reply_document(reply_of(uow, p))
    raise NotFound(entity="petition_document", key=document)


RENDER = {PetitionReceipt: render_petition_receipt, AcceptanceNotice: render_acceptance_notice,
          NonAcceptanceNotice: render_non_acceptance_notice, ReplyOpinion: render_reply_opinion}


def document_pdf(uow: UnitOfWork, *, case_id: int, document: str) -> bytes:
    """The PDF of one petition document (receipt, acceptance_notice, rejection_notice, reply). Raises
    DocumentNotAvailable when it does not apply to the case as it stands, and desktop.documents.MissingData
    naming every missing item when the case lacks data the document needs."""
    with uow:
        require_case_access(uow)
        doc = _document_of(uow, _case(uow, case_id), document)
    return RENDER[type(doc)](doc)
