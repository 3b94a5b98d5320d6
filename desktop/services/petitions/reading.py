"""The case view, the actions the signed-in user is offered, handlers and pending extensions.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import load_only

from desktop.db import UnitOfWork
from desktop.models import (
    Center,
    Person,
    Petition,
    PetitionAttachment,
    PetitionCategory,
    PetitionExtension,
    PetitionParty,
    PetitionReply,
    PetitionStep,
    PetitionSupervision,
    Ticket,
    User,
)
from desktop.services.admin.calendar import provisional_marks
from desktop.services.admin.settings import get_setting
from desktop.services.deadlines import clock_state
from desktop.services.people import person_info
from desktop.services.permissions import Permission, can, require
from desktop.services.petitions.access import (
    _case,
    _department_name,
    _may,
    require_case_access,
)
from desktop.services.petitions.attachments import (
    _attachment_info,
)
from desktop.services.petitions.dto import (
    CaseView,
    Decision,
    DocumentRef,
    ExtensionInfo,
    Handler,
    LinkedCase,
    ReplyInfo,
    StepInfo,
)
from desktop.services.petitions.flow import (
    NOT_ACCEPTED,
    PETITION,
    RECHECK,
    REVIEW,
    TRANSITIONS,
)
from desktop.services.petitions.repeats import (
    _settled_by_recheck,
)
from desktop.services.petitions.side_paths import (
    _extension_info,
    _supervision_info,
)

# the middle of a document number, per document (the reply's code depends on the kind of case)
DOCUMENT_CODES = {"acceptance_notice": "信受告", "rejection_notice": "信不受", PETITION: "信答", REVIEW: "信复查",
                  RECHECK: "信复核"}


# ---------------------------------------------------------------- reading

def list_handlers(uow: UnitOfWork, *, department_id: int | None = None) -> list[Handler]:
    """Active staff who may handle cases, of one department (and those without one) when given."""
    with uow:
        require_case_access(uow)
        q = select(User).where(User.active).order_by(User.full_name)
        if department_id is not None:
            q = q.where(or_(User.department_id == department_id, User.department_id.is_(None)))
        return [Handler(u.id, u.full_name, u.department_id) for u in uow.session.scalars(q)
                if can(u.role, Permission.HANDLE_PETITION)]


def _offered_actions(uow: UnitOfWork, p: Petition, *, pending_extension: bool, extension_used: bool, has_review: bool,
                    final: bool) -> tuple[str, ...]:
    """Inside an open unit of work: the actions the actor may take on ``p`` now (what the UI offers)."""
    today = uow.now().date()
    mine = uow.actor.department_id
    own = mine is None or p.department_id in (None, mine) or _may(uow, Permission.SUPERVISE_CASES)
    extra = {
        "object": own and p.objection_due_on is not None and today <= p.objection_due_on,
        "meet": own, "handle": own, "conclude": own,
        "request_extension": own and not extension_used,
        "decide_extension": pending_extension,
        "hearing": p.kind == RECHECK,
        "request_review": p.kind != RECHECK and not has_review and not final
                          and p.remedy_due_on is not None and today <= p.remedy_due_on,
    }
    return tuple(action for action, t in TRANSITIONS.items()
                 if p.status in t.from_statuses and _may(uow, t.permission) and extra.get(action, True))


def _document_number(abbr: str, document: str, year: int, seq: int) -> str:
    """虎信受告〔2026〕34号: office abbreviation, document code, the case number's year and sequence — so each
    case's notice has one number and no counter is needed."""
    return f"{abbr}{DOCUMENT_CODES[document]}〔{year}〕{seq}号"


def _documents(uow, p: Petition, reply: PetitionReply | None) -> tuple[DocumentRef, ...]:
    abbr = uow.session.scalar(select(Center.case_abbr).limit(1)) or ""
    docs = [DocumentRef("receipt", p.case_no, p.received_at.date())]
    if p.accepted_on is not None and p.kind == PETITION:
        docs.append(DocumentRef("acceptance_notice", _document_number(abbr, "acceptance_notice", p.case_year,
                                                                     p.case_seq), p.accepted_on))
    if p.status == NOT_ACCEPTED:
        docs.append(DocumentRef("rejection_notice", _document_number(abbr, "rejection_notice", p.case_year,
                                                                    p.case_seq), p.closed_on))
    if reply is not None:
        docs.append(DocumentRef("reply", _document_number(abbr, p.kind, p.case_year, p.case_seq), reply.issued_on))
    return tuple(docs)


def _linked(p: Petition) -> LinkedCase:
    return LinkedCase(p.id, p.case_no, p.kind, p.status)


def get_case(uow: UnitOfWork, *, case_id: int) -> CaseView:
    """Everything the case view shows: the case, its clock, people, timeline, attachments, extensions,
    supervision notes, the reply, linked cases, and what the signed-in user may do next."""
    with uow:
        require_case_access(uow)
        s = uow.session
        p = _case(uow, case_id)
        today = uow.now().date()
        category = s.get(PetitionCategory, p.category_id)
        domain = s.get(PetitionCategory, category.parent_id) if category.parent_id else None
        users = {u.id: u.full_name for u in s.execute(select(User.id, User.full_name).where(
            User.id.in_([i for i in (p.registered_by_id, p.handler_id) if i is not None])))}
        people = tuple(person_info(x) for x in s.scalars(
            select(Person).join(PetitionParty, PetitionParty.person_id == Person.id)
            .where(PetitionParty.petition_id == p.id).order_by(PetitionParty.position)))
        steps = tuple(StepInfo(x.id, x.action, x.at, x.actor_name, x.from_status, x.to_status, x.note, x.detail)
                      for x in s.scalars(select(PetitionStep).where(PetitionStep.petition_id == p.id)
                                         .order_by(PetitionStep.id)))
        attachments = tuple(_attachment_info(a) for a in s.scalars(
            select(PetitionAttachment).options(load_only(
                PetitionAttachment.id, PetitionAttachment.file_name, PetitionAttachment.mime_type,
                PetitionAttachment.size, PetitionAttachment.sha256, PetitionAttachment.uploaded_at,
                PetitionAttachment.uploaded_by_name))
            .where(PetitionAttachment.petition_id == p.id).order_by(PetitionAttachment.id)))
        extension_rows = list(s.scalars(select(PetitionExtension).where(PetitionExtension.petition_id == p.id)
                                        .order_by(PetitionExtension.id)))
        supervisions = tuple(_supervision_info(uow, x, today) for x in s.scalars(
            select(PetitionSupervision).where(PetitionSupervision.petition_id == p.id)
            .order_by(PetitionSupervision.id)))
        reply_row = s.get(PetitionReply, p.id)
        reply = None if reply_row is None else ReplyInfo(
            reply_row.facts, reply_row.basis, tuple(Decision(d["request"], d["decision"]) for d in reply_row.decisions),
            reply_row.issuing_body, reply_row.issued_on)
        parent = s.get(Petition, p.parent_id) if p.parent_id else None
        children = tuple(_linked(c) for c in s.scalars(select(Petition).where(Petition.parent_id == p.id)
                                                         .order_by(Petition.id)))
        final = _settled_by_recheck(uow, p)
        actions = _offered_actions(
            uow, p, pending_extension=any(e.status == "pending" for e in extension_rows),
            extension_used=any(e.status in ("pending", "approved") for e in extension_rows),
            has_review=bool(children), final=final)
        clock = clock_state(p.due_on, today, get_setting(uow, "petition_due_soon_days"))
        return CaseView(
            p.id, p.case_no, p.kind, p.status, p.source, p.category_id, category.name,
            domain.name if domain else "", p.content, p.requests, p.received_at, p.query_code,
            users.get(p.registered_by_id, ""), p.ticket_id, p.department_id, _department_name(uow, p.department_id),
            p.handler_id, users.get(p.handler_id, ""), p.accept_due_on, p.accepted_on, p.objection_due_on,
            p.conclude_due_on, p.extended_days, p.hearing_days, p.replied_on, p.remedy_due_on, p.follow_up_due_on,
            p.closed_on, p.due_on, p.due_kind, clock.state, clock.days_left, p.satisfaction, p.dissatisfied,
            p.repeat_count, p.new_case_reason, final, p.version, people, steps, attachments,
            tuple(_extension_info(e, p.case_no) for e in extension_rows), supervisions, reply,
            _linked(parent) if parent else None, children, actions, _documents(uow, p, reply_row),
            provisional=provisional_marks(uow, p.status, {
                "accept_due_on": p.accept_due_on, "objection_due_on": p.objection_due_on,
                "conclude_due_on": p.conclude_due_on, "due_on": p.due_on}),
            ticket_number=s.scalar(select(Ticket.number).where(Ticket.id == p.ticket_id)) or "" if p.ticket_id else "")


def pending_extensions(uow: UnitOfWork) -> list[ExtensionInfo]:
    """Extension requests waiting for the director, oldest first."""
    with uow:
        require(uow, Permission.APPROVE_EXTENSION)
        rows = uow.session.execute(select(PetitionExtension, Petition.case_no)
                                   .join(Petition, Petition.id == PetitionExtension.petition_id)
                                   .where(PetitionExtension.status == "pending").order_by(PetitionExtension.id))
        return [_extension_info(e, case_no) for e, case_no in rows]
