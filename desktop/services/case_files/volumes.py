"""Building a case file: the volume's documents, gathered from the petition or the dispute, with the code and
route map of the case's matter (一案一码), rendered as one PDF; and the preview of it."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.documents.case_file import MEDIATION, Attachment, CaseFile, render_case_file
from desktop.documents.case_file import PETITION as PETITION_VOLUME
from desktop.documents.errors import DocumentError, InvalidData, MissingData
from desktop.documents.route_map import RouteStep
from desktop.models import (
    Agreement,
    Dispute,
    FollowUpVisit,
    Matter,
    MediationSession,
    Petition,
    PetitionAttachment,
    PetitionCategory,
    PetitionStep,
    User,
)
from desktop.models.case_files import PETITION
from desktop.models.mediation import FINAL, WRITTEN
from desktop.services import mediation as md
from desktop.services import petitions as pd
from desktop.services.admin.settings import get_setting
from desktop.services.case_file_errors import CaseFileIncomplete, CaseNotClosed
from desktop.services.case_files.access import case_row, is_closed, require_kind, reveal, status_of
from desktop.services.matters import detail as matter_detail
from desktop.services.mediation import mediators_of as _mediators_of

# The route map prints the routes in words (desktop.services.matters.ROUTES)
ROUTE_WORDS = {"window": "窗口办理", "petition": "信访", "review": "复查", "recheck": "复核", "mediation": "人民调解",
               "judicial": "司法确认", "arbitration": "仲裁", "court": "诉讼"}


def _user_name(uow: UnitOfWork, user_id: int | None) -> str:
    if user_id is None:
        return ""
    return uow.session.scalar(select(User.full_name).where(User.id == user_id)) or ""


def _petition_volume(uow: UnitOfWork, p: Petition, compiled_on: dt.date, compiled_by: str) -> CaseFile:
    documents = [pd.receipt_document(pd.receipt_of(uow, p))]
    if p.kind == "petition" and p.accepted_on is not None:
        documents.append(pd.acceptance_document(pd.acceptance_notice_of(uow, p)))
    if p.status == "not_accepted":
        documents.append(pd.rejection_document(pd.rejection_notice_of(uow, p)))
    try:
        documents.append(pd.reply_document(pd.reply_of(uow, p)))
    except pd.DocumentNotAvailable:
        pass  # not accepted or withdrawn before a reply
    visit = pd.follow_up_document(uow, p)
    if visit is not None:
        documents.append(visit)
    last_step = uow.session.scalar(select(PetitionStep.actor_name).where(
        PetitionStep.petition_id == p.id, PetitionStep.to_status == p.status).order_by(PetitionStep.id.desc()))
    handler = _user_name(uow, p.handler_id) or (last_step or "")
    category = uow.session.get(PetitionCategory, p.category_id)
    files = uow.session.scalars(select(PetitionAttachment).where(PetitionAttachment.petition_id == p.id)
                                .order_by(PetitionAttachment.id)).all()
    attachments = tuple(Attachment(a.file_name, a.data, a.file_name, None, a.uploaded_at.date()) for a in files)
    office, subject, parties = pd.case_file_cover(uow, p)
    return CaseFile(
        kind=PETITION_VOLUME, office=office, case_number=p.case_no,
        cause=f"{category.name if category else ''}：{subject}", parties=parties,
        received_on=p.received_at.date(), closed_on=p.closed_on, handler=handler,
        retention=str(get_setting(uow, "case_file_retention_petition") or ""), documents=tuple(documents),
        compiled_on=compiled_on, compiled_by=compiled_by, attachments=attachments)


def _dispute_volume(uow: UnitOfWork, d: Dispute, compiled_on: dt.date, compiled_by: str) -> CaseFile:
    documents: list = [md.registration_document(uow, d)]
    for s in uow.session.scalars(select(MediationSession).where(MediationSession.dispute_id == d.id)
                                 .order_by(MediationSession.started_at, MediationSession.id)):
        documents.append(md.record_document(uow, s))
    agreement = uow.session.scalar(select(Agreement).where(
        Agreement.dispute_id == d.id, Agreement.state == FINAL, Agreement.form == WRITTEN)
        .order_by(Agreement.version_no.desc()).limit(1))
    if agreement is not None:
        documents.append(md.agreement_document(uow, agreement))
    for v in uow.session.scalars(select(FollowUpVisit).where(FollowUpVisit.dispute_id == d.id)
                                 .order_by(FollowUpVisit.visited_on, FollowUpVisit.id)):
        documents.append(md.follow_up_document(uow, v))
    mediators = _mediators_of(uow, d)
    return CaseFile(
        kind=MEDIATION, office=md.committee_name(uow), case_number=d.case_no,
        cause=d.title,
        parties=tuple(p.name for p in sorted(d.parties, key=lambda p: p.seq)),
        received_on=d.registered_at.date(), closed_on=d.closed_on, handler=mediators[0].name if mediators else "",
        retention=str(get_setting(uow, "case_file_retention_dispute") or ""), documents=tuple(documents),
        compiled_on=compiled_on, compiled_by=compiled_by)


def matter_route(uow: UnitOfWork, row) -> tuple[str, tuple[RouteStep, ...]]:
    """Inside an open unit of work: the code and route map of a petition's or dispute's matter ("" and () for a
    case stored before it had one); a current step's time runs to now."""
    m = uow.session.get(Matter, row.matter_id) if row.matter_id else None
    if m is None:
        return "", ()
    info, now = matter_detail(uow, m), uow.now()
    return info.code, tuple(RouteStep(ROUTE_WORDS.get(s.route, s.route), s.name, s.handler, s.entered_at, s.left_at,
                                      s.days(now), s.due_on, s.reason) for s in info.steps)


def build(uow: UnitOfWork, kind: str, row):
    """Inside an open unit of work: the rendered case file of a closed case, or a typed error."""
    if not is_closed(kind, row):
        raise CaseNotClosed(case_kind=kind, case_no=row.case_no, status=status_of(kind, row))
    compiled_on = uow.now().date()
    compiled_by = uow.actor.full_name or uow.actor.username or ""
    try:
        volume = (_petition_volume if kind == PETITION else _dispute_volume)(uow, row, compiled_on, compiled_by)
        code, route = matter_route(uow, row)
        return render_case_file(dataclasses.replace(volume, matter_code=code, route=route))
    except MissingData as exc:
        raise CaseFileIncomplete(case_kind=kind, case_no=row.case_no, missing=list(exc.missing)) from exc
    except InvalidData as exc:
        raise CaseFileIncomplete(case_kind=kind, case_no=row.case_no,
                                 missing=[f"{exc.field}:{exc.reason}"]) from exc
    except DocumentError as exc:  # any other document refusal, with its facts
        raise CaseFileIncomplete(case_kind=kind, case_no=row.case_no, missing=[type(exc).__name__]) from exc


def preview_case_file(uow: UnitOfWork, *, case_kind: str, case_id: int) -> bytes:
    """The case file as it would be finalised now, not stored (for a look before finalising)."""
    with uow:
        require_kind(uow, case_kind)
        row = case_row(uow, case_kind, case_id)
        pdf = build(uow, case_kind, row)
        reveal(uow, case_kind, case_id, "case_file.preview")
        uow.commit()
        return pdf.data
